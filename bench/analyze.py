"""`kg analyze` on the 50k arXiv store: wall and CPU time, peak RSS, against the bars
(<= 2 minutes, <= 2 GB), and `kg validate` on the first 5,000 abstracts.

    python bench/analyze.py [--shared DIR] [--store bench/out/analyze-50k-store] [--runs 2] [--skip-validate]

The 50k store is built once with `kg build --fast` (about 6 minutes on a quiet machine) and
reused while its directory exists. Each run is a fresh `kg analyze` process, as a user runs it:
opening the store, reading the usage rows, computing, writing the analytics graph (the first run
on a new store writes it, later runs replace it). The machine's load average is printed with
the figures, since other jobs on a shared machine slow every figure down.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, shared_dir, write_corpus

# `kg` in a process that reports its own peak RSS last on stderr (RUSAGE_CHILDREN would give the
# largest of all children so far, the 50k build's included).
KG = [sys.executable, "-c", "import resource, sys\nfrom kg.cli import main\nsys.argv = ['kg', *sys.argv[1:]]\n"
      "try:\n    main()\nfinally:\n"
      "    print(f'rss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)"]
BAR_SECONDS = 120
BAR_RSS_MB = 2048


def timed(args: list[str]) -> dict:
    """Run a kg command; its wall and CPU seconds and its own peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([*KG, *args], capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = proc.stderr.rstrip().splitlines()
    rss_kb = int(lines.pop()[len("rss_kb="):]) if lines and lines[-1].startswith("rss_kb=") else 0
    return {"wall": wall, "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
            "rss_mb": rss_kb / 1024, "code": proc.returncode, "out": proc.stdout, "err": "\n".join(lines)}


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared")
    ap.add_argument("--store", default=str(REPO / "bench" / "out" / "analyze-50k-store"))
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--skip-validate", action="store_true")
    args = ap.parse_args()
    shared = shared_dir(args.shared)
    store = Path(args.store)
    with tempfile.TemporaryDirectory(prefix="kgbench-") as tmp:
        if not store.is_dir():
            corpus = Path(tmp) / "corpus.jsonl"
            write_corpus(shared, corpus)
            print(f"building the 50k store at {store} (load {load()}) ...", flush=True)
            r = timed(["-q", "build", str(corpus), "--fast", "--store", str(store), "--html", ""])
            if r["code"]:
                raise SystemExit(r["err"])
            print(f"  built in {r['wall']:.0f} s", flush=True)
        worst = {"wall": 0.0, "rss_mb": 0.0}
        for run in range(1, args.runs + 1):
            print(f"kg analyze, run {run} (load average before: {load()})", flush=True)
            r = timed(["analyze", "--store", str(store)])
            if r["code"]:
                raise SystemExit(r["err"])
            print(f"  wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s, peak RSS {r['rss_mb']:.0f} MB "
                  f"(load average after: {load()})", flush=True)
            worst = {"wall": max(worst["wall"], r["wall"]), "rss_mb": max(worst["rss_mb"], r["rss_mb"])}
        print(r["out"])
        print(f"kg analyze on 50k papers: worst wall {worst['wall']:.1f} s (bar <= {BAR_SECONDS} s: "
              f"{'PASS' if worst['wall'] <= BAR_SECONDS else 'FAIL'}), peak RSS {worst['rss_mb']:.0f} MB "
              f"(bar <= {BAR_RSS_MB} MB: {'PASS' if worst['rss_mb'] <= BAR_RSS_MB else 'FAIL'})")
        if not args.skip_validate:
            corpus = Path(tmp) / "corpus-5k.jsonl"
            write_corpus(shared, corpus, limit=5000)
            store5k = Path(tmp) / "store-5k"
            timed(["-q", "build", str(corpus), "--fast", "--store", str(store5k), "--html", ""])
            timed(["analyze", "--store", str(store5k)])
            print(f"kg validate on the first 5,000 abstracts (load average before: {load()})", flush=True)
            r = timed(["validate", "--store", str(store5k)])
            print(f"  {r['err'].strip().splitlines()[-1]}\n  wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s, "
                  f"peak RSS {r['rss_mb']:.0f} MB, exit {r['code']}")


if __name__ == "__main__":
    main()
