#!/usr/bin/env python3
"""Convert SciERC (DyGIE json-lines) to a spaCy DocBin.

    python extractors/ner/convert.py IN.json OUT.spacy [--all-labels]

The document text is the SciERC tokens joined by single spaces (exactly the text the
scorer uses).  It is tokenized with the blank "en" tokenizer (``nlp.make_doc``), i.e.
the same tokenization the shipped pipeline sees at inference time.  Because the source
tokens are already space separated, every SciERC token boundary is also a blank-"en"
token boundary (the tokenizer only splits *further*, e.g. on hyphens), so every gold span
aligns exactly (checked; a misaligned span would abort the conversion).  With
``--whitespace-tokens`` the Doc is instead built with ``Doc(vocab, words=tokens, spaces=...)``.

Labels: SciERC Method/Task/Metric/Material -> METHOD/TASK/METRIC/MATERIAL.  By default
OtherScientificTerm and Generic are dropped; ``--all-labels`` keeps them as OTHER/GENERIC.
Overlapping spans: the scored labels are resolved first (longest, then first, wins,
spacy.util.filter_spans), then unscored spans are added only where they do not overlap.
"""
import argparse
import json
import sys

import spacy
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

SCORED = {"Method": "METHOD", "Task": "TASK", "Metric": "METRIC", "Material": "MATERIAL"}
UNSCORED = {"OtherScientificTerm": "OTHER", "Generic": "GENERIC"}


def read_scierc(path):
    """Yield (doc_key, tokens, [(start_tok, end_tok_inclusive, label)])."""
    with open(path, encoding="utf8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            tokens = [t for sent in d["sentences"] for t in sent]
            spans = [(s, e, lab) for sent in d["ner"] for s, e, lab in sent]
            yield d["doc_key"], tokens, spans


def make_doc(nlp, tokens, spans, all_labels=False, whitespace_tokens=False):
    text = " ".join(tokens)
    if whitespace_tokens:
        doc = Doc(nlp.vocab, words=tokens, spaces=[True] * (len(tokens) - 1) + [False])
    else:
        doc = nlp.make_doc(text)
    assert doc.text == text
    starts, pos = [], 0
    for t in tokens:
        starts.append(pos)
        pos += len(t) + 1

    def to_spans(mapping):
        out = []
        for s, e, lab in spans:
            if lab not in mapping:
                continue
            cs, ce = starts[s], starts[e] + len(tokens[e])
            sp = doc.char_span(cs, ce, label=mapping[lab], alignment_mode="strict")
            if sp is None:
                raise ValueError(f"misaligned span {text[cs:ce]!r}")
            out.append(sp)
        return out

    ents = filter_spans(to_spans(SCORED))
    if all_labels:
        taken = set(i for sp in ents for i in range(sp.start, sp.end))
        for sp in filter_spans(to_spans(UNSCORED)):
            if not any(i in taken for i in range(sp.start, sp.end)):
                ents.append(sp)
    doc.ents = sorted(ents, key=lambda sp: sp.start)
    return doc


def convert(in_path, out_path, all_labels=False, whitespace_tokens=False):
    nlp = spacy.blank("en")
    db = DocBin(store_user_data=False)
    n = n_ents = 0
    for key, tokens, spans in read_scierc(in_path):
        doc = make_doc(nlp, tokens, spans, all_labels, whitespace_tokens)
        db.add(doc)
        n += 1
        n_ents += len(doc.ents)
    db.to_disk(out_path)
    print(f"{in_path} -> {out_path}: {n} docs, {n_ents} entities", file=sys.stderr)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--all-labels", action="store_true", help="also train OtherScientificTerm/Generic")
    ap.add_argument("--whitespace-tokens", action="store_true", help="use SciERC tokens instead of the blank-en tokenizer")
    a = ap.parse_args()
    convert(a.input, a.output, a.all_labels, a.whitespace_tokens)
