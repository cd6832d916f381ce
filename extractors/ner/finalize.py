#!/usr/bin/env python3
"""Package a trained spaCy NER pipeline for PaperKG.

    python extractors/ner/finalize.py TRAINED_DIR OUT_DIR --config C.cfg --slice SLICE.spacy
        --scierc-dev DEV.json --tdmsci TRAIN.conll [--stats STATS.json] [--extra KEY=FILE ...]
        [--training-seconds N] [--note TEXT]

Loads TRAINED_DIR (spacy train's model-best: the checkpoint that scored best on the slice of
train kept aside), keeps only tok2vec+ner on the blank "en" tokenizer, clears the build-time
paths from its config, and writes OUT_DIR with meta.json recording: the sha256 of the config
and of every input (--extra), the slice score the checkpoint was chosen on, the recogniser's
own span scores on the unseen sets (SciERC dev and the TDMSci held-out third; reported, never
used to choose), the training data counts and the training time.
"""
import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.training import Example

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import NER_TO_KG, format_scores, scierc_span_scores, tdmsci_span_scores  # noqa: E402

LABEL_MAP = NER_TO_KG
UNSCORED = ("OTHER", "GENERIC")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def rounded(value):
    """Every float in a nested structure rounded to 4 places."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def slice_scores(nlp, path):
    """spaCy's entity P/R/F on the slice of train (missing tokens neither right nor wrong)."""
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in docs]
    scores = nlp.evaluate(examples)
    return {k: scores[k] for k in ("ents_p", "ents_r", "ents_f", "ents_per_type")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trained")
    ap.add_argument("out")
    ap.add_argument("--config", required=True)
    ap.add_argument("--slice", required=True, help="the slice of train the checkpoint was chosen on (DocBin)")
    ap.add_argument("--scierc-dev", required=True)
    ap.add_argument("--tdmsci", required=True, help="TDMSci train.conll: its held-out third is scored")
    ap.add_argument("--stats", help="stats.json of convert.py")
    ap.add_argument("--extra", action="append", default=[], help="KEY=FILE: record sha256 of FILE")
    ap.add_argument("--training-seconds", type=int, default=None)
    ap.add_argument("--note", default="")
    a = ap.parse_args()

    nlp = spacy.load(a.trained)
    for name in list(nlp.pipe_names):
        if name not in ("tok2vec", "ner"):
            nlp.remove_pipe(name)
    # the build-time paths are meaningless in the shipped model
    for key in ("train", "dev", "vectors", "init_tok2vec", "raw_text"):
        if key in nlp.config["paths"]:
            nlp.config["paths"][key] = None
    chosen_on = slice_scores(nlp, a.slice)
    scierc = scierc_span_scores(nlp, a.scierc_dev)
    tdmsci = tdmsci_span_scores(nlp, a.tdmsci)
    print(f"slice of train: ents F1 {chosen_on['ents_f']:.4f}")
    print(format_scores(scierc))
    print(format_scores(tdmsci, "TDMSci held-out"))

    sources = {"config.cfg": sha256(a.config)}
    for kv in a.extra:
        key, path = kv.split("=", 1)
        sources[key] = sha256(path)
    labels = list(nlp.get_pipe("ner").labels)
    meta = dict(nlp.meta)
    meta.update({
        "name": "scierc_ner",
        "version": "2.0.0",
        "description": "PaperKG scientific entity recognizer trained from scratch on SciERC train, SciREX train "
                       "and the TDMSci train sentences outside PaperKG's held-out third; labels "
                       f"{', '.join(labels)} (METHOD, TASK, METRIC, DATASET are entity types; MATERIAL is data "
                       "described rather than named; OTHER and GENERIC are SciERC's auxiliary classes); CNN tok2vec "
                       "(spacy-pretrained on arXiv CS abstracts if noted) + transition-based NER; blank 'en' "
                       "tokenizer; checkpoint chosen on a slice of train. " + a.note,
        "author": "PaperKG",
        "license": "research use: SciERC (no stated licence; cite Luan et al. 2018), SciREX and TDMSci (Apache-2.0)",
        "sources": [
            {"name": "SciERC (Luan et al., EMNLP 2018), DyGIE json", "url": "http://nlp.cs.washington.edu/sciIE/"},
            {"name": "SciREX (Jain et al., ACL 2020)", "url": "https://github.com/allenai/SciREX"},
            {"name": "TDMSci (Hou et al., EACL 2021)", "url": "https://github.com/IBM/science-result-extractor"},
        ],
        "paperkg": {
            "sha256": sources,
            "label_map": {label: LABEL_MAP[label] for label in labels if label in LABEL_MAP},
            "unscored_labels": [label for label in labels if label in UNSCORED],
            "checkpoint_chosen_on": "slice of train (convert.py in_slice), spaCy entity F1 over every label",
            "slice_scores": rounded(chosen_on),
            "unseen_span_scores": {"scierc_dev": rounded(scierc), "tdmsci_held_out": rounded(tdmsci)},
            "training_data": json.loads(Path(a.stats).read_text()) if a.stats else {},
            "training_seconds": a.training_seconds,
        },
    })
    meta.pop("performance", None)  # spaCy's copy of the slice scores, kept above under its name
    nlp.meta.clear()
    nlp.meta.update(meta)
    out = Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    reloaded = spacy.load(out)  # the shipped directory loads on its own
    assert reloaded.pipe_names == ["tok2vec", "ner"], reloaded.pipe_names
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
