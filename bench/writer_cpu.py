"""The embedded store's writer alone, in CPU seconds of this process, on records made once.

    kg extract in.jsonl --fast -o records.jsonl
    python bench/writer_cpu.py records.jsonl [--store DIR] [--dump sorted.nq] [--profile out.prof]

Each record is turned into what the extraction workers of a build hand the writer (`paper_quads`),
outside the measure; then the writer loads them into a fresh store in the build's chunks, and
`close` settles the statistics (and compacts after 1M quads). CPU seconds count every thread of
the process (the bulk loader's too), so two checkouts compare on the same records however busy
the machine's cores are; the load average is printed beside them. `--dump` writes the store's
sorted N-Quads, to check that a change of the writer leaves the store as it was.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", help="kg extract output (JSON Lines)")
    parser.add_argument("--store", help="store directory, emptied first (default: a temporary one)")
    parser.add_argument("--dump", help="write the store's N-Quads here, sorted")
    parser.add_argument("--profile", help="cProfile the writer's thread into this file")
    args = parser.parse_args()

    from kg.core.graph import graph_rows
    from kg.core.model import Extraction
    from kg.stores.rdf import PAPERS_PER_WRITE, RDFStore

    with open(args.records, encoding="utf-8") as f:
        prepared = [RDFStore.prepare_rows(graph_rows(Extraction.from_dict(json.loads(line)))) for line in f]
    path = args.store or tempfile.mkdtemp(prefix="kg-writer-")
    shutil.rmtree(path, ignore_errors=True)
    store = RDFStore.from_url(path)
    profile = None
    if args.profile:
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    cpu, wall = cpu_seconds(), time.perf_counter()
    quads = 0
    for start in range(0, len(prepared), PAPERS_PER_WRITE):
        quads += store.add_prepared(prepared[start:start + PAPERS_PER_WRITE]).triples
    write_cpu, write_wall = cpu_seconds() - cpu, time.perf_counter() - wall
    store.close()
    close_cpu, close_wall = cpu_seconds() - cpu - write_cpu, time.perf_counter() - wall - write_wall
    if profile is not None:
        profile.disable()
        profile.dump_stats(args.profile)
    print(f"{len(prepared):,} papers, {quads:,} quads sent; writer CPU {write_cpu:.2f} s (wall {write_wall:.2f} s), "
          f"close CPU {close_cpu:.2f} s (wall {close_wall:.2f} s); load average {os.getloadavg()[0]:.2f}")
    if args.dump:
        import pyoxigraph as ox

        native = ox.Store.read_only(path)
        with tempfile.NamedTemporaryFile("wb", suffix=".nq") as raw:
            native.dump(raw, format=ox.RdfFormat.N_QUADS)
            raw.flush()
            subprocess.run(["sort", "-o", args.dump, raw.name], check=True, env={**os.environ, "LC_ALL": "C"})
        with open(args.dump, "rb") as f:
            print(f"{sum(1 for _ in f):,} quads stored, sorted into {args.dump}")
    if not args.store:
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
