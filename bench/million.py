"""A million abstracts (or a stated share of them) into both stores, each stage timed in a
process of its own, next to pyoxigraph's own bulk loader on the same triples in the same run.

    python bench/million.py [--shared DIR] [--papers 1000000] [--workers 2] [--neo4j-papers 10000]

The 50,056-abstract arXiv corpus is repeated under fresh ids ("ID~k") up to `--papers`. Stages:
extraction alone (`--fast`, as `kg extract` runs it), the whole `kg build --fast` into a fresh
embedded store, pyoxigraph's bulk loader on the N-Quads of that store, and the first
`--neo4j-papers` papers into the real Neo4j of the tests (or NEO4J_URI), plus `kg export
--format csv` of them, loaded by the `import.sh` it writes with the tests' Neo4j's own neo4j-admin
and served by a server started from that database. Each stage prints papers/s, triples/s or
relationships/s and its peak RSS; with fewer than 1M papers the 1M build time is projected
linearly (bench/build_scale.py shows the cost per paper stays flat from 12k to 200k papers).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, neo4j_server, neo4j_server_module, shared_dir, write_corpus

CORPUS = 50_056
MILLION = 1_000_000


def peak_rss_mb() -> float:
    """Peak resident memory of this process or of any of its finished children (extraction workers), MB."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


# --- stages, each run in a process of its own (`--stage NAME`) --------------------------------------


def stage_extract(corpus: str, workers: int) -> dict:
    from kg.build import extract_records
    from kg.papers import read_papers

    started = time.perf_counter()
    n = sum(1 for _ in extract_records(read_papers([corpus]), profile="fast", workers=workers))
    return {"papers": n, "seconds": time.perf_counter() - started}


def stage_build(corpus: str, store: str, workers: int) -> dict:
    from kg.build import build
    from kg.stores import open_store

    started = time.perf_counter()
    st = open_store(store)
    stats = build([corpus], st, profile="fast", workers=workers)
    closing = time.perf_counter()
    st.close()  # settles the statistics and compacts the store: part of the build
    return {"papers": stats.load.papers, "triples": stats.load.triples, "edges": stats.load.edges,
            "seconds": time.perf_counter() - started, "writer_seconds": stats.load.seconds,
            "close_seconds": time.perf_counter() - closing}


def stage_dump(store: str, path: str) -> dict:
    import pyoxigraph as ox

    native = ox.Store.read_only(store)
    started = time.perf_counter()
    with open(path, "wb") as f:
        native.dump(f, format=ox.RdfFormat.N_QUADS)
    return {"quads": sum(1 for _ in open(path, "rb")), "seconds": time.perf_counter() - started}


def stage_oxigraph_bulk(path: str, store: str) -> dict:
    import pyoxigraph as ox

    started = time.perf_counter()
    native = ox.Store(store)
    native.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
    native.flush()
    return {"quads": len(native), "seconds": time.perf_counter() - started}


def stage_neo4j(corpus: str, workers: int, csv_dir: str) -> dict:
    from kg.build import extract_records
    from kg.export import write_export
    from kg.core.graph import graph_rows
    from kg.papers import read_papers
    from kg.stores.neo4j import Neo4jStore

    rows = [graph_rows(x) for x in extract_records(read_papers([corpus]), profile="fast", workers=workers)]
    uri, user, password, server = neo4j_server()
    try:
        neo = Neo4jStore.from_url(uri, user=user, password=password)
        neo.clear()
        neo.ensure_schema()
        started = time.perf_counter()
        stats = neo.add(rows)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = neo.add(rows)
        again_seconds = time.perf_counter() - started
        stored = {"stored_nodes": neo.cypher("MATCH (n) RETURN count(n) AS n")[0]["n"],
                  "stored_edges": neo.cypher("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]}
        # As `kg export --format csv` does: the store's rows, where the writer merged what papers
        # share (one OUTPERFORMS between two entities however many papers claim it)
        started = time.perf_counter()
        files = write_export(neo.rows(), "csv", csv_dir)
        csv_seconds = time.perf_counter() - started
        neo.close()
    finally:
        if server is not None:
            server.stop()
    return {"papers": stats.papers, "nodes": stats.nodes, "edges": stats.edges, "seconds": seconds, **stored,
            "again_papers": again.papers, "again_seconds": again_seconds, "csv_seconds": csv_seconds,
            "csv_files": len(files),
            "import": " ".join(line.rstrip(" \\").strip() for line in (Path(csv_dir) / "import.sh").read_text().splitlines()
                               if not line.startswith("#"))}


def stage_neo4j_import(csv_dir: str, home: str) -> dict:
    """The `import.sh` that `kg export --format csv` wrote, run with the real neo4j-admin of the tests'
    Neo4j version into a fresh home; then a server started from that database, and its counts."""
    from neo4j import GraphDatabase

    module = neo4j_server_module()
    tools = Path(home).parent / "bin"
    tools.mkdir(exist_ok=True)
    module.admin_script(tools)
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}", "NEO4J_HOME": home}
    started = time.perf_counter()
    done = subprocess.run(["sh", "import.sh"], cwd=csv_dir, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"import.sh failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    started = time.perf_counter()
    server = module.start(copy_from=home, timeout=900)
    start_seconds = time.perf_counter() - started
    try:
        with GraphDatabase.driver(server.uri, auth=server.auth) as driver:
            nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
            edges = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    finally:
        server.stop()
    return {"seconds": seconds, "start_seconds": start_seconds, "nodes": nodes, "edges": edges}


STAGES = {"extract": stage_extract, "build": stage_build, "dump": stage_dump, "oxigraph_bulk": stage_oxigraph_bulk,
          "neo4j": stage_neo4j, "neo4j_import": stage_neo4j_import}


def run_stage(name: str, *args: object) -> dict:
    """Run a stage in a fresh process under the same nice level; its figures plus its peak RSS."""
    cmd = [sys.executable, __file__, "--stage", name, *map(str, args)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if out.returncode:
        raise SystemExit(f"stage {name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared")
    ap.add_argument("--papers", type=int, default=MILLION)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--neo4j-papers", type=int, default=10_000, help="0 to skip Neo4j")
    ap.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        name, *rest = args.stage
        fn = STAGES[name]
        params = [int(a) if a.isdigit() else a for a in rest]
        result = fn(*params)
        print(json.dumps({**result, "rss_mb": peak_rss_mb()}))
        return
    shared = shared_dir(args.shared)
    print(f"load average {os.getloadavg()[0]:.1f} at the start; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="kgbench-million-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        copies = -(-args.papers // CORPUS)
        n = write_corpus(shared, corpus, copies=copies)
        if n > args.papers:  # cut to the stated share
            with open(corpus, encoding="utf-8") as f, open(corpus.with_suffix(".cut"), "w", encoding="utf-8") as out:
                for _, line in zip(range(args.papers), f):
                    out.write(line)
            corpus.with_suffix(".cut").replace(corpus)
            n = args.papers
        print(f"{n:,} papers ({copies} cop{'y' if copies == 1 else 'ies'} of the corpus under fresh ids), --fast, "
              f"--workers {args.workers}")

        ex = run_stage("extract", corpus, args.workers)
        print(f"extract        {ex['seconds']:8.1f} s  {ex['papers'] / ex['seconds']:8,.0f} papers/s"
              f"{'':>24}  peak RSS {ex['rss_mb']:6.0f} MB")
        bd = run_stage("build", corpus, Path(tmp) / "store", args.workers)
        load = bd["seconds"] - ex["seconds"]
        print(f"build          {bd['seconds']:8.1f} s  {bd['papers'] / bd['seconds']:8,.0f} papers/s  "
              f"{bd['triples'] / bd['seconds']:10,.0f} triples/s  peak RSS {bd['rss_mb']:6.0f} MB  "
              f"(writer busy {bd['writer_seconds']:.1f} s, close {bd['close_seconds']:.1f} s)")
        dump = run_stage("dump", Path(tmp) / "store", Path(tmp) / "store.nq")
        ox = run_stage("oxigraph_bulk", Path(tmp) / "store.nq", Path(tmp) / "bulk")
        ox_rate = ox["quads"] / ox["seconds"]
        print(f"pyoxigraph bulk loader on the store's {ox['quads']:,} quads: {ox['seconds']:.1f} s, "
              f"{ox_rate:,.0f} quads/s, peak RSS {ox['rss_mb']:.0f} MB (dump {dump['seconds']:.1f} s)")
        if load > 0:
            rate = dump["quads"] / load
            print(f"embedded load speed (build - extract = {load:.1f} s): {rate:,.0f} quads/s = "
                  f"{rate / ox_rate:.2f} of the bulk loader (bar >= 0.25, aim 0.5: {'PASS' if rate / ox_rate >= 0.25 else 'FAIL'})")
        else:
            print(f"embedded load speed: the build took no longer than extraction alone ({load:+.1f} s): the load is hidden")
        writer_rate = dump["quads"] / bd["writer_seconds"]
        print(f"writer busy time: {writer_rate:,.0f} quads/s = {writer_rate / ox_rate:.2f} of the bulk loader")
        per_paper = bd["seconds"] / bd["papers"]
        projected = per_paper * MILLION / 60
        print(f"1M build {'projected' if n < MILLION else 'measured'}: {projected:.1f} min (bar <= 45 min: "
              f"{'PASS' if projected <= 45 else 'FAIL'}); peak RSS {bd['rss_mb']:.0f} MB (bar <= 2048 MB: "
              f"{'PASS' if bd['rss_mb'] <= 2048 else 'FAIL'})")
        if args.neo4j_papers:
            share = Path(tmp) / "neo4j.jsonl"
            with open(corpus, encoding="utf-8") as f, open(share, "w", encoding="utf-8") as out:
                for _, line in zip(range(args.neo4j_papers), f):
                    out.write(line)
            neo = run_stage("neo4j", share, args.workers, Path(tmp) / "csv")
            print(f"Neo4j, {neo['papers']:,} papers: {neo['nodes']:,} nodes, {neo['edges']:,} relationships in "
                  f"{neo['seconds']:.1f} s = {neo['papers'] / neo['seconds']:,.0f} papers/s, {neo['edges'] / neo['seconds']:,.0f} "
                  f"relationships/s (bar >= 10,000, aim 30,000: {'PASS' if neo['edges'] / neo['seconds'] >= 10_000 else 'FAIL'}); "
                  f"peak RSS of the client {neo['rss_mb']:.0f} MB")
            print(f"second load into Neo4j: {neo['again_papers']} papers written in {neo['again_seconds']:.1f} s")
            print(f"kg export --format csv of the store: {neo['csv_files']} files in {neo['csv_seconds']:.1f} s; then, server stopped:")
            print(f"  {neo['import']}")
            imp = run_stage("neo4j_import", Path(tmp) / "csv", Path(tmp) / "neo4j-home")
            same = imp["nodes"] == neo["stored_nodes"] and imp["edges"] == neo["stored_edges"]
            print(f"that import.sh, run with the tests' Neo4j's own neo4j-admin: {imp['seconds']:.1f} s = "
                  f"{imp['edges'] / imp['seconds']:,.0f} relationships/s (with its JVM start); a server started from "
                  f"it in {imp['start_seconds']:.1f} s holds {imp['nodes']:,} nodes, {imp['edges']:,} relationships "
                  f"({'the same as' if same else 'NOT the same as'} the Cypher-loaded database's {neo['stored_nodes']:,} and "
                  f"{neo['stored_edges']:,})")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
