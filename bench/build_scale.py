"""Whole builds of the arXiv corpus into the embedded store: time, triples/s, peak RSS,
and the cost curve at 1x, 2x and 4x (each size a fresh store, one `kg build` process).

    python bench/build_scale.py [--shared DIR] [--sizes 0.25,0.5,1,2,4] [--profile fast]

Sizes are multiples of the 50,056-abstract corpus (fractions take its first part,
multiples repeat it under new ids). Linear growth means seconds per 1k papers stays flat.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, shared_dir, write_corpus

CORPUS = 50_056


def build_once(corpus: Path, store: Path, profile: str) -> dict:
    cmd = [sys.executable, "-c",
           "import json, resource, sys, time; from kg.build import build; from kg.stores import open_store;"
           "s = open_store(sys.argv[2]); t = time.perf_counter(); st = build([sys.argv[1]], s, profile=sys.argv[3]);"
           "s.close(); print(json.dumps({'papers': st.report.papers, 'triples': st.load.triples, 'seconds': time.perf_counter() - t,"
           "'load_seconds': st.load.seconds, 'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))",
           str(corpus), str(store), profile]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared")
    ap.add_argument("--sizes", default="0.25,0.5,1,2,4")
    ap.add_argument("--profile", default="fast")
    args = ap.parse_args()
    shared = shared_dir(args.shared)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kgbench-") as tmp:
        for size in (float(s) for s in args.sizes.split(",")):
            corpus = Path(tmp) / f"corpus-{size}.jsonl"
            copies = max(1, int(size)) if size >= 1 else 1
            limit = None if size >= 1 else int(CORPUS * size)
            n = write_corpus(shared, corpus, copies=copies, limit=limit)
            started = time.perf_counter()
            r = build_once(corpus, Path(tmp) / f"store-{size}", args.profile)
            r.update(size=size, records=n, wall=time.perf_counter() - started)
            rows.append(r)
            print(f"{size:>5}x {r['papers']:>8,} papers  {r['seconds']:8.1f} s  "
                  f"{r['seconds'] / r['papers'] * 1000:6.2f} s/1k papers  {r['triples'] / r['load_seconds']:10,.0f} triples/s loaded  "
                  f"{r['triples']:>11,} triples  peak RSS {r['rss_mb']:7.0f} MB", flush=True)
            corpus.unlink()
    base = rows[0]["seconds"] / rows[0]["papers"]
    print("\ncost curve (seconds per paper relative to the smallest size; 1.00 = linear):")
    for r in rows:
        print(f"  {r['size']:>5}x  {r['seconds'] / r['papers'] / base:5.2f}")
    upto = [r for r in rows if r["size"] <= 1]
    worst_rss = max(r["rss_mb"] for r in upto)
    size = max(r["size"] for r in upto)
    print(f"\npeak RSS up to {size}x: {worst_rss:.0f} MB  (bar at 1x <= 2048 MB: {'PASS' if worst_rss <= 2048 else 'FAIL'}"
          f"{'' if size >= 1 else '; 1x not run'})")


if __name__ == "__main__":
    main()
