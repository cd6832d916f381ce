"""List the third-party result tuples the extractor misses, on the TUNING part only.

Two sources of (dataset, metric, score) tuples whose score is printed in the abstract:

- SOTA? (`data/train/sota_pwc_train.jsonl.gz`): the papers `kg.holdout` does NOT hold out
  (the held-out third is `kg eval`'s figure and must never guide a rule);
- SciREX train (`data/train/scirex/train_docs.jsonl.gz`): the scored 4-ary relations whose score
  is a token of the first section (title and abstract, tokenised text).

Each tuple is scored as `kg eval` scores SOTA? (`kg.evaluate.sota_recall`: value, +metric,
+dataset); a miss is printed at the first level it fails, with the abstract's sentence holding
the score and the predicted results of the same value, so that misses can be read by class
("metric after the value", "dataset after 'on'", ...), never fixed one sentence at a time.

Usage:
    python bench/result_misses.py [--shared DIR] [--fast] [--source sota|scirex|both]
                                  [--level value|metric|dataset] [--summary]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path

from _common import shared_dir

from kg.evaluate import SotaPaper, load_scorers, pipeline_extractor, sota_papers, sota_recall
from kg.core.model import Paper

LEVELS = ("value", "metric", "dataset")


def scirex_papers(path: Path) -> list[SotaPaper]:
    """SciREX train papers as SOTA?-style items: the first section as abstract, the scored
    relations whose score is one of its tokens as tuples (names with spaces again)."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            start, end = doc["sections"][0]
            words = doc["words"][start:end]
            tuples = tuple(
                {"Dataset": r["Material"].replace("_", " "), "Metric": r["Metric"].replace("_", " "),
                 "Task": r["Task"].replace("_", " "), "Score": r["score"]}
                for r in doc["n_ary_relations"] if r.get("score") and r["score"] in words)
            if tuples:
                text = " ".join(words).removeprefix("document : ")
                out.append(SotaPaper(Paper(id=f"scirex:{doc['doc_id']}", title=text[:80], abstract=text), tuples))
    return out


def _sentence_with(text: str, score: str) -> str:
    """The sentence of `text` holding `score` as a number (first one), squeezed to one line."""
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
        if re.search(rf"(?<![\d.]){re.escape(score)}(?![\d])", sentence):
            return " ".join(sentence.split())
    return ""


def misses(score, items: list[SotaPaper], records: list[dict]) -> list[tuple[str, SotaPaper, dict, list[dict]]]:
    """(level missed, paper, tuple, predicted results of the same value) for each missed tuple."""
    by_id = {str(r["paper"]["id"]): r for r in records}
    out = []
    for item in items:
        rec = by_id.get(item.paper.id, {})
        for t in item.tuples:
            found = sota_recall(score, [SotaPaper(item.paper, (t,))], [rec])
            level = next((k for k in LEVELS if not found[k]), None)
            if level is not None:
                value = float(str(t["Score"]).rstrip("%"))
                same = [r for r in rec.get("results") or [] if score.same_value(r.get("value"), value)]
                out.append((level, item, t, same))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared")
    parser.add_argument("--fast", action="store_true", help="the fast (rules only) profile")
    parser.add_argument("--source", choices=("sota", "scirex", "both"), default="both")
    parser.add_argument("--level", choices=LEVELS, help="only misses at this level")
    parser.add_argument("--summary", action="store_true", help="recall lines only")
    args = parser.parse_args(argv)

    shared = shared_dir(args.shared)
    score = load_scorers(shared).score
    extract = pipeline_extractor("fast" if args.fast else "default")
    sources = {"sota": lambda: sota_papers(shared / "data/train/sota_pwc_train.jsonl.gz", held_out=False),
               "scirex": lambda: scirex_papers(shared / "data/train/scirex/train_docs.jsonl.gz")}
    for name in ("sota", "scirex") if args.source == "both" else (args.source,):
        items = sources[name]()
        records = extract([item.paper for item in items], "names")
        figures = sota_recall(score, items, records)
        n = figures["tuples"] or 1
        print(f"# {name} (tuning part): {figures['papers']} papers, {figures['tuples']} tuples: value "
              f"{figures['value'] / n:.3f} | +metric {figures['metric'] / n:.3f} | +dataset {figures['dataset'] / n:.3f}")
        found = misses(score, items, records)
        print("# misses by level:", dict(Counter(level for level, *_ in found)))
        if args.summary:
            continue
        for level, item, t, same in found:
            if args.level and level != args.level:
                continue
            print(f"\n[{level}] {item.paper.id}  gold: {t['Score']} | {t['Metric']} | {t['Dataset']}")
            print("   ", _sentence_with(item.paper.abstract, str(t["Score"]).rstrip("%")))
            for r in same:
                print(f"    got: {r.get('value')} | {r.get('metric')} | {r.get('dataset')} | {r.get('kind')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
