"""Neo4j load rate on the 50k arXiv graph, next to the embedded store loading the same rows.

    python bench/neo4j_load.py [--shared DIR] [--limit N] [--server-options test|load]

Starts the test harness server (tests/neo4j_server, unless NEO4J_URI is set; with the tests'
JVM options, or with `make neo4j`'s for loading: --server-options load), extracts the corpus
once (fast profile), then loads the same graph rows into Neo4j and into a fresh embedded
store, printing nodes/s, relationships/s, the CPU seconds of server and client and the
relationships per CPU second (the machine may be shared: the load average is printed too),
the ratio, the server's start time, and a second (idempotent) load that must write nothing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from _common import Timer, neo4j_server, process_cpu_seconds, shared_dir, write_corpus

import extractors
import queries
from kg.core.graph import graph_rows
from kg.papers import read_papers
from kg.stores import open_store
from kg.stores.neo4j import Neo4jStore


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--server-options", choices=("test", "load"), default="test",
                    help="JVM of the server started here: the tests' (default) or the one for loading")
    args = ap.parse_args()
    shared = shared_dir(args.shared)
    with tempfile.TemporaryDirectory(prefix="kgbench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(shared, corpus, limit=args.limit)
        with Timer() as t_extract:
            nlp = extractors.load_nlp("fast")
            rows = [graph_rows(x) for x in extractors.extract(read_papers([corpus]), nlp=nlp)]
        n_nodes = sum(len(r.nodes) for r in rows)
        n_edges = sum(len(r.edges) for r in rows)
        print(f"extracted {len(rows):,} papers in {t_extract.wall:.1f} s: {n_nodes:,} node rows, {n_edges:,} edge rows")

        with Timer() as t_start:
            uri, user, password, server = neo4j_server(args.server_options)
        if server is not None:
            print(f"Neo4j 5.26 harness started in {t_start.wall:.1f} s, {args.server_options} options")
        try:
            neo = Neo4jStore.from_url(uri, user=user, password=password)
            neo.clear()
            neo.ensure_schema()
            load_before = os.getloadavg()[0]
            server_cpu = process_cpu_seconds(server.pid) if server is not None else float("nan")
            with Timer() as t_neo:
                stats = neo.add(rows)
            server_cpu = (process_cpu_seconds(server.pid) if server is not None else float("nan")) - server_cpu
            load_after = os.getloadavg()[0]
            with Timer() as t_again:
                again = neo.add(rows)
            counts = queries.counts(neo)
            neo.close()
        finally:
            if server is not None:
                server.stop()
        rdf = open_store(str(Path(tmp) / "store"))
        with Timer() as t_rdf:
            rstats = rdf.add(rows)
        rcounts = queries.counts(rdf)
        rdf.close()
        print(f"Neo4j:    {stats.nodes:,} nodes, {stats.edges:,} rels in {t_neo.wall:.1f} s = "
              f"{stats.nodes / t_neo.wall:,.0f} nodes/s, {stats.edges / t_neo.wall:,.0f} rels/s "
              f"(bar >= 10,000: {'PASS' if stats.edges / t_neo.wall >= 10_000 else 'FAIL'}); "
              f"load average {load_before:.1f} -> {load_after:.1f}")
        print(f"          CPU: server {server_cpu:.1f} s, client {t_neo.cpu:.1f} s = "
              f"{stats.edges / (server_cpu + t_neo.cpu):,.0f} rels per CPU second")
        print(f"Oxigraph: {rstats.triples:,} triples in {t_rdf.wall:.1f} s = {rstats.nodes / t_rdf.wall:,.0f} nodes/s, "
              f"{rstats.edges / t_rdf.wall:,.0f} rels/s, {rstats.triples / t_rdf.wall:,.0f} triples/s")
        print(f"Neo4j / Oxigraph load time: {t_neo.wall / t_rdf.wall:.2f}")
        print(f"second load into Neo4j: {again.papers} papers written, {again.unchanged:,} unchanged, {t_again.wall:.1f} s")
        print(f"same counts in both stores: {counts == rcounts}")


if __name__ == "__main__":
    main()
