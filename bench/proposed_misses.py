"""Count where the "proposed" marks go wrong: SciREX train (a silver check) and the dev gold's
TUNING part.

- SciREX train (`data/train/scirex/train_docs.jsonl.gz`): the first section is the title and
  abstract (or the title, and the abstract is the next section); a paper's 4-ary result relations are its own results, so their Methods are (mostly)
  what it proposes. A Method (with the parts `method_subrelations` gives a combined one) is
  expected when its coref cluster has a mention in the title or abstract; it is found when one
  of our proposed names matches any such mention or the cluster's name, as `eval/score.py`
  matches names (defined short forms count). Precision proxy: the share of our proposed names
  that match some relation Method of the paper. Papers `kg.core.holdout.is_held_out` holds out
  ("scirex:<doc_id>") are reported as one figure and never listed.
- The dev gold (`data/gold/arxiv_dev_*`): `proposes` of the papers `is_held_out` does not hold
  out, scored as `eval/score.py` scores them.

Each missed name is put in one class, so fixes go to the biggest class first:

- not a name: no entity of any type matches it;
- not proposed: an entity matches it but is not marked proposed;
- boundary: no entity matches it, but a proposed one shares a word with it;
and each proposed name that matches nothing is "spurious" (on SciREX: a name the relations
do not hold, often a component or a baseline, so read those as a proxy).

Usage: python bench/proposed_misses.py [--shared DIR] [--fast] [--source scirex|dev|both] [--list]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from _common import shared_dir

from kg.core.holdout import is_held_out
from kg.core.model import Paper
from kg.evaluate import load_scorers, pipeline_extractor
from kg.evaluate.sets import read_records
from kg.papers import read_papers

_NO_SPACE_BEFORE = {",", ".", ";", ":", ")", "]", "%", "?", "!", "'s", "n't", "”", "’", "''"}
_NO_SPACE_AFTER = {"(", "[", "“", "‘", "``"}


class Item(NamedTuple):
    """One paper: what we feed `kg extract` and the names it should mark as proposed (each a
    group of equivalent spellings)."""

    paper: Paper
    expected: list[list[str]]
    held_out: bool


def detokenize(words: list[str]) -> str:
    """SciREX's tokens as plain text: "V - Net" -> "V-Net", "( CNNs )" -> "(CNNs)"."""
    out = ""
    for k, w in enumerate(words):
        glued = k == 0 or w in _NO_SPACE_BEFORE or words[k - 1] in _NO_SPACE_AFTER \
            or w == "-" or words[k - 1] == "-"
        out += ("" if glued else " ") + w
    return out


def scirex_items(path: Path) -> list[Item]:
    """SciREX train papers with the mentions (in title or abstract) of their relation Methods."""
    items = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            words, sections = doc["words"], doc["sections"]
            sec_end = sections[0][1]
            if len(sections) > 1 and words[sections[1][0]:sections[1][0] + 3] == ["section", ":", "Abstract"]:
                sec_end = sections[1][1]  # 48 papers: the title alone, then an "Abstract" section
            sents = [(a, b) for a, b in doc["sentences"] if b <= sec_end]
            (t0, t1), rest = sents[0], sents[1:]
            if words[t0:t0 + 2] == ["document", ":"]:
                t0 += 2
            if rest and words[rest[0][0]:rest[0][0] + 2] == ["section", ":"]:
                rest = rest[1:]
            title = detokenize(words[t0:t1])
            a0 = rest[0][0] if rest else t1
            abstract = detokenize(words[a0:sec_end])
            parts = doc.get("method_subrelations") or {}
            methods = {r["Method"] for r in doc["n_ary_relations"]}
            expected = []
            for cluster in sorted(methods | {p for m in methods for _, p in parts.get(m, [])}):
                names = {detokenize(words[a:b]) for a, b in doc["coref"].get(cluster, []) if b <= sec_end}
                if names:
                    expected.append(sorted(names | {cluster.replace("_", " ").strip()}))
            pid = f"scirex:{doc['doc_id']}"
            items.append(Item(Paper(id=pid, title=title, abstract=abstract), expected, is_held_out(pid)))
    return items


def dev_items(shared: Path) -> list[Item]:
    """The dev gold's tuning papers with their `proposes` names."""
    gold = {str(g["id"]): g for g in read_records(shared / "data/gold/arxiv_dev_gold.jsonl")
            if not is_held_out(str(g.get("id")))}
    return [Item(p, [[n] for n in gold[p.id].get("proposes", [])], False)
            for p in read_papers([shared / "data/gold/arxiv_dev_input.jsonl"]) if p.id in gold]


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", name.lower()) if len(w) > 1}


def errors(score, items: list[Item], records: list[dict]) -> tuple[Counter, list[tuple[str, str, str]]]:
    """Counts (expected, found, predicted, correct) and (class, name, paper id) of each error."""
    counts: Counter = Counter()
    out = []
    for item, rec in zip(items, records):
        aliases = score.defined_acronyms(item.paper.abstract)
        ents = rec.get("entities") or []
        proposed = [e["name"] for e in ents if e.get("proposed")]
        counts["expected"] += len(item.expected)
        counts["predicted"] += len(proposed)
        for group in item.expected:
            def same(name: str, names: list[str] = group) -> bool:
                return any(score.same_entity(name, g, aliases) for g in names)
            if any(map(same, proposed)):
                counts["found"] += 1
                continue
            kind = ("not proposed" if any(same(e["name"]) for e in ents)
                    else "boundary" if any(_words(p) & _words(g) for p in proposed for g in group)
                    else "not a name")
            out.append((kind, " | ".join(group), item.paper.id))
        for p in proposed:
            if any(score.same_entity(p, g, aliases) for group in item.expected for g in group):
                counts["correct"] += 1
            else:
                out.append(("spurious", p, item.paper.id))
    return counts, out


def figures(counts: Counter) -> str:
    r = counts["found"] / (counts["expected"] or 1)
    p = counts["correct"] / (counts["predicted"] or 1)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"recall {r:.3f} ({counts['found']}/{counts['expected']}) | precision proxy {p:.3f} | F1 {f:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared")
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("--source", choices=("scirex", "dev", "both"), default="both")
    ap.add_argument("--list", action="store_true", help="print every tuning-part error, not only the counts")
    args = ap.parse_args(argv)
    shared = shared_dir(args.shared)
    score = load_scorers(shared).score
    extract = pipeline_extractor("fast" if args.fast else "default")
    sources = {"scirex": lambda: scirex_items(shared / "data/train/scirex/train_docs.jsonl.gz"),
               "dev": lambda: dev_items(shared)}
    listed = []
    for name in ("scirex", "dev") if args.source == "both" else (args.source,):
        items = sources[name]()
        records = extract([item.paper for item in items], "names")
        for part in (False, True) if name == "scirex" else (False,):
            chosen = [(i, r) for i, r in zip(items, records) if i.held_out == part]
            counts, errs = errors(score, [i for i, _ in chosen], [r for _, r in chosen])
            label = "held-out" if part else "tuning"
            print(f"# {name} {label} ({len(chosen)} papers): {figures(counts)}")
            if not part:
                print(f"#   errors: {dict(sorted(Counter(k for k, *_ in errs).items()))}")
                listed += [(name, *e) for e in errs]
    if args.list:
        for e in sorted(listed):
            print("\t".join(e))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
