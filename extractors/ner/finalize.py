#!/usr/bin/env python3
"""Package a trained spaCy NER pipeline for PaperKG.

    python extractors/ner/finalize.py TRAINED_DIR OUT_DIR --train T.json --dev D.json --config C.cfg [--pretrain P.jsonl] [--extra KEY=FILE ...]

Loads TRAINED_DIR (spacy train's model-best), keeps only tok2vec+ner on the blank "en"
tokenizer, clears the build-time paths from its config, scores it on the SciERC dev file
(evaluate.scierc_span_scores) and writes OUT_DIR with meta.json recording the sha256 of the
inputs and the dev scores.
"""
import argparse
import hashlib
import shutil
import sys
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import format_scores, scierc_span_scores  # noqa: E402


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def r4(sc):
    out = {"strict": {k: round(v, 4) for k, v in sc["strict"].items()},
           "lenient": {k: round(v, 4) for k, v in sc["lenient"].items()},
           "gold": sc["gold"], "predicted": sc["predicted"], "per_type": {}}
    for lab, v in sc["per_type"].items():
        out["per_type"][lab] = {"strict": {k: round(x, 4) for k, x in v["strict"].items()},
                                "lenient": {k: round(x, 4) for k, x in v["lenient"].items()},
                                "gold": v["gold"], "predicted": v["predicted"]}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trained")
    ap.add_argument("out")
    ap.add_argument("--train", required=True)
    ap.add_argument("--dev", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--pretrain", default=None, help="pretraining text subset (JSONL) if used")
    ap.add_argument("--extra", action="append", default=[], help="KEY=FILE: also record sha256 of FILE")
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
    scores = scierc_span_scores(nlp, a.dev)
    print(format_scores(scores))

    sources = {"train.json": sha256(a.train), "dev.json": sha256(a.dev), "config.cfg": sha256(a.config)}
    if a.pretrain:
        sources["pretrain_subset.jsonl"] = sha256(a.pretrain)
    for kv in a.extra:
        k, f = kv.split("=", 1)
        sources[k] = sha256(f)
    meta = dict(nlp.meta)
    meta.update({
        "name": "scierc_ner",
        "version": "1.0.0",
        "description": "PaperKG scientific entity recognizer trained from scratch on SciERC train (350 abstracts); "
                       f"labels {', '.join(nlp.get_pipe('ner').labels)} (scored: METHOD, TASK, METRIC, MATERIAL; "
                       "OTHER = OtherScientificTerm and GENERIC = Generic, if present, are auxiliary and unscored); "
                       "CNN tok2vec (spacy-pretrained on arXiv CS abstracts if noted) + transition-based NER; "
                       "blank 'en' tokenizer. " + a.note,
        "author": "PaperKG",
        "license": "research use (SciERC has no stated license; cite Luan et al. 2018)",
        "sources": [{"name": "SciERC (Luan et al., EMNLP 2018), DyGIE json", "url": "http://nlp.cs.washington.edu/sciIE/"}],
        "paperkg": {
            "sha256": sources,
            "label_map": {"METHOD": "Method", "TASK": "Task", "METRIC": "Metric", "MATERIAL": "Dataset"},
            "unscored_labels": [lab for lab in nlp.get_pipe("ner").labels if lab not in ("METHOD", "TASK", "METRIC", "MATERIAL")],
            "dev_scierc_span_scores": r4(scores),
        },
    })
    nlp.meta.clear()
    nlp.meta.update(meta)
    out = Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    # reload check
    nlp2 = spacy.load(out)
    assert nlp2.pipe_names == ["tok2vec", "ner"], nlp2.pipe_names
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
