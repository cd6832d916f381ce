#!/usr/bin/env python3
"""Span-level entity scores of a spaCy NER pipeline on SciERC and on the TDMSci held-out third.

    python extractors/ner/evaluate.py [MODEL_DIR] [SCIERC.json] [TDMSCI.conll]
    (defaults: extractors/models/scierc_ner, $SHARED/data/scierc/dev.json and
    $SHARED/data/train/tdmsci/train.conll, SHARED=../shared from the repo root)

These score the recogniser alone (every mention it finds, mapped type); the product's
figures come from `kg extract` and the shared scorers (`kg eval`). For TDMSci only the
sentences `kg.core.holdout.is_held_out` holds out are read, and only Task, Dataset and Metric
count, as in eval/tdmsci.py.

Re-implements the scoring of PaperKG's SciERC evaluation (shared/eval/scierc.py) without
importing it: the abstract text is the document's tokens joined by single spaces; gold
spans become character offsets (end exclusive) into it; SciERC labels are mapped
Method -> Model|Method, Task -> Task, Metric -> Metric, Material -> Dataset;
OtherScientificTerm and Generic are not scored.  Strict = same character boundaries and
(mapped) type; lenient = a predicted span counts if it overlaps any gold span of the same
type (lenient precision numerator over predicted spans, recall over gold, as scierc.py does).
Predicted and gold spans are sets, per document.
"""
import sys
from pathlib import Path

from kg.evaluate.sets import scierc_documents

# SciERC label -> the PaperKG entity types that count as a match (as in scierc.py)
MAP = {"Method": {"Model", "Method"}, "Task": {"Task"}, "Metric": {"Metric"}, "Material": {"Dataset"}}
# NER label of the shipped pipeline -> PaperKG entity type (MATERIAL: data described, not named)
NER_TO_KG = {"METHOD": "Method", "TASK": "Task", "METRIC": "Metric", "DATASET": "Dataset", "MATERIAL": "Dataset"}
TDMSCI_MAP = {"Task": {"Task"}, "Dataset": {"Dataset"}, "Metric": {"Metric"}}


def documents(path):
    """Yield (doc_key, text, gold) with gold = {(start_char, end_char, SciERC label)}.

    The product's reader (`kg.evaluate.sets.scierc_documents`), so both scorers read SciERC one way.
    """
    for doc in scierc_documents(path):
        yield doc.key, doc.text, set(doc.gold)


def _prf(tp, npred, ngold):
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f}


def score_predictions(pairs, mapping=MAP):
    """pairs: iterable of (gold set, pred set of (start, end, kg_type)); `mapping`: gold label ->
    the predicted types that match it. Returns the score dict."""
    per = {label: [0, 0, 0, 0] for label in mapping}  # strict tp, lenient tp, predicted, gold
    for gold, pred in pairs:
        for label, types in mapping.items():
            g = {(s, e) for s, e, lab in gold if lab == label}
            p = {(s, e) for s, e, t in pred if t in types}
            per[label][0] += len(g & p)
            per[label][1] += sum(1 for s, e in p if any(s < ge and gs < e for gs, ge in g))
            per[label][2] += len(p)
            per[label][3] += len(g)
    out = {"per_type": {}}
    for label, (st, le, npred, ngold) in per.items():
        out["per_type"][label] = {"strict": _prf(st, npred, ngold), "lenient": _prf(le, npred, ngold),
                                  "gold": ngold, "predicted": npred}
    tot = [sum(v[i] for v in per.values()) for i in range(4)]
    out["strict"] = _prf(tot[0], tot[2], tot[3])
    out["lenient"] = _prf(tot[1], tot[2], tot[3])
    out["gold"], out["predicted"] = tot[3], tot[2]
    return out


def scierc_span_scores(nlp, path, batch_size=64):
    """Run `nlp` over the SciERC file at `path`; return strict/lenient P/R/F1 per type and overall."""
    docs = list(documents(path))
    pairs = []
    for (key, text, gold), doc in zip(docs, nlp.pipe((t for _, t, _ in docs), batch_size=batch_size)):
        pred = {(e.start_char, e.end_char, NER_TO_KG.get(e.label_, e.label_)) for e in doc.ents}
        pairs.append((gold, pred))
    return score_predictions(pairs)


def tdmsci_span_scores(nlp, path, batch_size=64):
    """Run `nlp` over the held-out TDMSci sentences of the .conll file at `path`; scores as above."""
    from convert import TDMSCI_LABELS, tdmsci_sentences

    from kg.core.holdout import is_held_out

    kg_type = {label: NER_TO_KG[label] for label in TDMSCI_LABELS.values()}
    held = [(text, {(s, e, kg_type[label]) for s, e, label in spans})
            for number, text, spans in tdmsci_sentences(Path(path)) if is_held_out(f"tdmsci:{number}")]
    pairs = []
    for (text, gold), doc in zip(held, nlp.pipe((t for t, _ in held), batch_size=batch_size)):
        pairs.append((gold, {(e.start_char, e.end_char, NER_TO_KG.get(e.label_, e.label_)) for e in doc.ents}))
    return score_predictions(pairs, TDMSCI_MAP)


def format_scores(sc, name="SciERC"):
    lines = []
    for label, v in sc["per_type"].items():
        s, l = v["strict"], v["lenient"]
        lines.append(f"{label:9s} strict F1/P/R ({s['f']:.4f}, {s['p']:.4f}, {s['r']:.4f})  "
                     f"lenient ({l['f']:.4f}, {l['p']:.4f}, {l['r']:.4f})  gold {v['gold']} predicted {v['predicted']}")
    s, l = sc["strict"], sc["lenient"]
    lines.append(f"{name} entities strict F1 {s['f']:.3f} (P {s['p']:.3f} R {s['r']:.3f}) | lenient F1 {l['f']:.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    import os

    import spacy

    here = Path(__file__).resolve().parent
    repo = here.parents[1]
    sys.path[:0] = [str(here), str(repo)]
    shared = Path(os.environ.get("SHARED", "../shared"))
    if not shared.is_absolute():
        shared = repo / shared
    args = sys.argv[1:]
    model = args[0] if args else str(repo / "extractors" / "models" / "scierc_ner")
    scierc = args[1] if len(args) > 1 else str(shared / "data" / "scierc" / "dev.json")
    tdmsci = args[2] if len(args) > 2 else str(shared / "data" / "train" / "tdmsci" / "train.conll")
    nlp = spacy.load(model)
    print(format_scores(scierc_span_scores(nlp, scierc)))
    print(format_scores(tdmsci_span_scores(nlp, tdmsci), "TDMSci held-out"))
