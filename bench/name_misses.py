"""Count where entity-name errors come from, on the TUNING part only.

Two sources: the dev gold papers `kg.core.holdout` does NOT hold out (scored as `score.py`
scores names: sets of normalised names per type, Model and Method pooled), and the TDMSci train
sentences outside the held-out third (scored as `tdmsci.py` scores spans: strict boundaries).
Each miss and each false positive is put in one class, so fixes go to the biggest class first:

- type: the name was found under another type (Dataset <-> Model/Method, Metric <-> Task, ...);
- boundary: a name of the same type overlaps it in words but is not the same name;
- missed: nothing of any type overlaps it;
- spurious (false positives only): nothing of the gold overlaps it: a generic phrase or a name
  the annotators did not mark.

Usage: python bench/name_misses.py [--shared DIR] [--fast] [--source dev|tdmsci|both] [--list]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from _common import shared_dir

from kg.core.holdout import is_held_out
from kg.core.model import Paper
from kg.evaluate import load_scorers, pipeline_extractor
from kg.evaluate.sets import read_records
from kg.papers import read_papers

DEV_TYPES = {"dataset": ("Dataset",), "metric": ("Metric",), "model_or_method": ("Model", "Method")}


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", name.lower()) if len(w) > 1}


def classify(score, name: str, own: list[str], other: list[str], aliases: dict) -> str:
    """The class of an unmatched `name`: matched under another type, overlapping one of its
    own type, or nothing near it."""
    if any(score.same_entity(name, o, aliases) for o in other):
        return "type"
    if any(_words(name) & _words(o) for o in own):
        return "boundary"
    return "missed"


def dev_errors(shared: Path, score, extract) -> list[tuple[str, str, str, str, str]]:
    """(category, fn|fp, class, name, paper id) for the tuning papers of the dev gold."""
    gold = [g for g in read_records(shared / "data/gold/arxiv_dev_gold.jsonl") if not is_held_out(str(g.get("id")))]
    ids = {str(g["id"]) for g in gold}
    papers = [p for p in read_papers([shared / "data/gold/arxiv_dev_input.jsonl"]) if p.id in ids]
    recs = {score.norm(r["paper"]["title"]): r for r in extract(papers, "names")}
    out = []
    for g in gold:
        rec = recs.get(score.norm(g["title"]), {})
        aliases = score.defined_acronyms(rec.get("paper", {}).get("abstract"))
        ents = rec.get("entities") or []
        for cat, types in DEV_TYPES.items():
            gnames = g["models"] + g["methods"] if cat == "model_or_method" else g[cat + "s"]
            pnames = [e["name"] for e in ents if e["type"] in types]
            others_p = [e["name"] for e in ents if e["type"] not in types]
            others_g = [n for c in DEV_TYPES if c != cat
                        for n in (g["models"] + g["methods"] if c == "model_or_method" else g[c + "s"])]
            for n in gnames:
                if not any(score.same_entity(n, p, aliases) for p in pnames):
                    out.append((cat, "fn", classify(score, n, pnames, others_p, aliases), n, g["id"]))
            for p in pnames:
                if not any(score.same_entity(p, n, aliases) for n in gnames):
                    kind = classify(score, p, gnames, others_g, aliases)
                    out.append((cat, "fp", "spurious" if kind == "missed" else kind, p, g["id"]))
    return out


def tdmsci_errors(shared: Path, tdmsci, extract) -> list[tuple[str, str, str, str, str]]:
    """(type, fn|fp, class, span text, sentence) for the non-held-out TDMSci train sentences."""
    items = [(n, t, g) for n, t, g in tdmsci.sentences(str(shared / "data/train/tdmsci/train.conll"))
             if not is_held_out(f"tdmsci:{n}")]
    recs = extract([Paper(id=f"tdmsci:{n}", title=f"tdmsci:{n}", abstract=t) for n, t, _ in items], "names")
    out = []
    for (n, text, gold), rec in zip(items, recs):
        pred = {(m["start"], m["end"], e["type"]) for e in rec.get("entities") or []
                for m in e.get("mentions") or [] if e["type"] in ("Task", "Dataset", "Metric")}
        for spans, side, against in ((gold, "fn", pred), (pred, "fp", gold)):
            for s, e, t in spans - against:
                near = [(s2, e2, t2) for s2, e2, t2 in against if s2 < e and s < e2]
                kind = ("boundary" if any(t2 == t for *_, t2 in near) else "type" if near
                        else "missed" if side == "fn" else "spurious")
                out.append((t, side, kind, text[s:e], text))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared")
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("--source", choices=("dev", "tdmsci", "both"), default="both")
    ap.add_argument("--list", action="store_true", help="print every error, not only the counts")
    args = ap.parse_args(argv)
    shared = shared_dir(args.shared)
    scorers = load_scorers(shared)
    extract = pipeline_extractor("fast" if args.fast else "default")
    errors = []
    if args.source in ("dev", "both"):
        errors += [("dev", *e) for e in dev_errors(shared, scorers.score, extract)]
    if args.source in ("tdmsci", "both"):
        errors += [("tdmsci", *e) for e in tdmsci_errors(shared, scorers.tdmsci, extract)]
    for key, n in sorted(Counter(e[:4] for e in errors).items()):
        print(" ".join(key), n)
    if args.list:
        for e in sorted(errors):
            print("\t".join(e))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
