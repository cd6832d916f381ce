"""List the "outperforms" claims the extractor misses or invents, on the TUNING part only.

Two sources:

- dev gold (`data/gold/arxiv_dev_*`; `--source seed`: the seed gold, a tuning set whole): the papers `kg.core.holdout` does NOT hold out. Each gold
  pair is matched as the shared scorer matches it (`score.same_entity`, defined short forms
  included); a missed pair is printed with the sentences naming its loser and the claims
  predicted for the paper, an invented pair with its evidence sentence. The held-out third is
  `kg eval`'s figure and must never guide a rule.
- SOTA? (`data/train/sota_pwc_train.jsonl.gz`, tuning part only): sentences with a comparative
  cue ("outperform", "surpass", "better than", "over ...") and the claims found in each, for
  reading by class (no gold: it shows what general shapes the extractor reads and what it leaves).

Usage:
    python bench/claim_misses.py [--shared DIR] [--fast] [--source dev|seed|sota] [--limit N] [--from-id ID]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re

from _common import shared_dir

from kg.core.holdout import is_held_out
from kg.core.model import Paper
from kg.evaluate import load_scorers, pipeline_extractor
from kg.papers import read_papers

_CUE = re.compile(r"outperform|surpass|exceed|better than|superior|\bbeats?\b|improve\w* (?:over|upon)"
                  r"|(?:gain|improvement|advantage)s? over|compared (?:to|with)|\bvs\.?\s", re.I)


def _sentences(text: str) -> list[str]:
    return [" ".join(s.split()) for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\\])", text)]


def dev_misses(score, records: list[dict], gold: list[dict]) -> tuple[int, int, int]:
    """Print each tuning paper's missed and invented pairs; (tp, fp, fn) over them."""
    by_title = {score.norm(r["paper"]["title"]): r for r in records}
    tp = fp = fn = 0
    for g in gold:
        rec = by_title.get(score.norm(g["title"]), {})
        abstract = (rec.get("paper") or {}).get("abstract", "")
        aliases = score.defined_acronyms(abstract)
        pairs = list(dict.fromkeys((c["subject"], c["object"]) for c in rec.get("claims") or []
                                   if c.get("type") == "outperforms"))
        evidence = {(c["subject"], c["object"]): c.get("text", "") for c in rec.get("claims") or []}
        used, wrong = set(), []
        for s, o in pairs:
            hit = next((i for i, (gs, go) in enumerate(g.get("outperforms", []))
                        if i not in used and score.same_entity(s, gs, aliases) and score.same_entity(o, go, aliases)),
                       None)
            if hit is None:
                wrong.append((s, o))
            else:
                used.add(hit)
        missed = [p for i, p in enumerate(g.get("outperforms", [])) if i not in used]
        tp, fp, fn = tp + len(used), fp + len(wrong), fn + len(missed)
        if not missed and not wrong:
            continue
        print(f"\n== {g['id']}  proposes: {g.get('proposes')}")
        for s, o in missed:
            print(f"  MISSED {s!r} > {o!r}")
            for sent in _sentences(abstract):
                if score.norm(o)[:6] in score.norm(sent) and (_CUE.search(sent) or "over" in sent):
                    print("     |", sent)
        for s, o in wrong:
            print(f"  WRONG  {s!r} > {o!r}\n     | {' '.join(evidence.get((s, o), '').split())}")
        if missed:
            print("  predicted:", pairs)
    return tp, fp, fn


def sota_cues(records: list[dict], limit: int) -> None:
    """Print cue sentences and the claims read in each, `limit` papers at most."""
    for rec in records[:limit]:
        claims = rec.get("claims") or []
        for sent in _sentences(rec["paper"]["abstract"]):
            if not _CUE.search(sent):
                continue
            got = [(c["subject"], c["object"]) for c in claims if " ".join(c.get("text", "").split()) in sent
                   or sent in " ".join(c.get("text", "").split())]
            print(f"\n{rec['paper']['id']}: {sent}\n  -> {got or 'nothing'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared")
    parser.add_argument("--fast", action="store_true", help="the fast (rules only) profile")
    parser.add_argument("--source", choices=("dev", "seed", "sota"), default="dev")
    parser.add_argument("--limit", type=int, default=150, help="SOTA? papers to read")
    parser.add_argument("--from-id", default="", help="SOTA? papers whose id sorts at or after this one")
    args = parser.parse_args(argv)

    shared = shared_dir(args.shared)
    score = load_scorers(shared).score
    extract = pipeline_extractor("fast" if args.fast else "default")
    if args.source in ("dev", "seed"):
        gold_file, inputs = (("data/gold/arxiv_dev_gold.jsonl", "data/gold/arxiv_dev_input.jsonl") if args.source == "dev"
                             else ("data/gold/seed_gold.jsonl", "data/seed/daily_papers.txt"))
        gold = [json.loads(line) for line in open(shared / gold_file, encoding="utf-8")]
        if args.source == "dev":
            gold = [g for g in gold if not is_held_out(str(g.get("id")))]
        wanted = {score.norm(g["title"]) for g in gold}
        papers = [p for p in read_papers([shared / inputs]) if score.norm(p.title) in wanted]
        tp, fp, fn = dev_misses(score, extract(papers, "names"), gold)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        print(f"\n# {args.source} gold (tuning part): {len(gold)} papers, outperforms tp {tp} fp {fp} fn {fn}, F1 {f1:.3f}")
    else:
        papers: list[Paper] = []
        with gzip.open(shared / "data/train/sota_pwc_train.jsonl.gz", "rt", encoding="utf-8") as lines:
            for line in lines:
                rec = json.loads(line)
                if str(rec["id"]) >= args.from_id and not is_held_out(str(rec["id"])) \
                        and _CUE.search(rec.get("abstract") or ""):
                    papers.append(Paper(id=str(rec["id"]), title=rec.get("title") or str(rec["id"]),
                                        abstract=rec["abstract"]))
                if len(papers) >= args.limit:
                    break
        sota_cues(extract(papers, "names"), args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
