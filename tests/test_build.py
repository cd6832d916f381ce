"""kg.build run twice, or killed midway: the same graph as one clean build."""

from __future__ import annotations

import gzip
import json
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

import queries
from kg.stores import open_store
from kg.stores.statistics import STATS_GRAPH_IRI

from .conftest import ENV, KG, REPO, SEEDED, TEST_DATA, kg

# --- building twice ------------------------------------------------------------------------------


def test_build_extraction_does_not_depend_on_the_hash_seed(shared_dir, tmp_path):
    wanted = {"2508.12400", "2508.12587"}  # papers whose type votes tie
    with gzip.open(shared_dir / "data" / "arxiv" / "arxiv_cs_abstracts.jsonl.gz", "rt", encoding="utf-8") as f:
        lines = [line for line in f if json.loads(line)["id"] in wanted]
    path = tmp_path / "ties.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    runs = [kg("extract", path, "--fast", env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert len(runs[0].splitlines()) == 2 and runs[0] == runs[1]


def sorted_nt(store, out: Path) -> list[str]:
    kg("export", "--format", "nt", "-o", out, "--store", store)
    return sorted(out.read_text(encoding="utf-8").splitlines())


def test_build_two_builds_give_byte_identical_exports(tmp_path):
    inputs = [TEST_DATA / "listing.txt", TEST_DATA / "arxiv_sample.jsonl", TEST_DATA / "papers.csv"]
    kg("build", *inputs, "--store", tmp_path / "a", "--html", "", "--fast", env=SEEDED)
    kg("build", *inputs, "--store", tmp_path / "b", "--html", "", "--fast", env=SEEDED)
    again = kg("build", *inputs, "--store", tmp_path / "a", "--html", "", "--fast", env=SEEDED)
    assert re.search(r"papers loaded\s*│\s*0\b", again.stdout)
    a, b = sorted_nt(tmp_path / "a", tmp_path / "a.nt"), sorted_nt(tmp_path / "b", tmp_path / "b.nt")
    assert len(a) > 500 and a == b


# --- an embedded build killed midway -------------------------------------------------------------


def _log_size(store: Path) -> int:
    """Bytes in the store's write-ahead logs: they grow by megabytes when a batch commits."""
    return sum(f.stat().st_size for f in store.glob("*.log") if f.is_file()) if store.exists() else 0


def build_killed(inputs: Path, store: Path, *, settle: bool) -> None:
    """Start `kg build` and SIGKILL it once a commit begins (or, with `settle`, has ended)."""
    log = store.parent / f"{store.name}-killed-build.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([*KG, "build", str(inputs), "--store", str(store), "--html", "", "--fast"],
                                stdout=out, stderr=subprocess.STDOUT, env={**ENV, **SEEDED}, cwd=REPO)
    try:
        low, last, still_since = None, -1, 0.0
        deadline = time.monotonic() + 600
        while proc.poll() is None and time.monotonic() < deadline:
            size = _log_size(store)
            low = size if low is None else min(low, size)
            if size > low + 5_000_000:
                if not settle:
                    break
                if size != last:
                    last, still_since = size, time.monotonic()
                elif time.monotonic() - still_since > 0.5:
                    break
            time.sleep(0.02)
        assert proc.poll() is None, f"the build ended before it could be interrupted:\n{log.read_text()[-2000:]}"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()


def graph_sizes(store) -> dict[str, int]:
    """Quads per paper graph (the store's statistics graph left out)."""
    rows = store.sparql("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]: r["n"] for r in rows if not r["g"].startswith(STATS_GRAPH_IRI)}


def check_interrupted(store_path: Path, clean_graphs: dict[str, int]) -> int:
    """The store opens, answers queries, and every paper in it was written whole."""
    store = open_store(str(store_path))
    try:
        papers = queries.counts(store).get("Paper", 0)
        hashed = store.sparql("SELECT (COUNT(?p) AS ?n) WHERE { ?p a schema:ScholarlyArticle ; kg:contentHash ?h }")
        assert hashed == [{"n": papers}]
        graphs = graph_sizes(store)
        assert len(graphs) == papers and all(clean_graphs[g] == n for g, n in graphs.items())
        return papers
    finally:
        store.close()


@pytest.fixture(scope="module")
def arxiv_1200(shared_dir, tmp_path_factory):
    """1,200 real abstracts from the shared arXiv dump, as a JSON Lines file."""
    path = tmp_path_factory.mktemp("arxiv") / "arxiv_1200.jsonl"
    with gzip.open(shared_dir / "data" / "arxiv" / "arxiv_cs_abstracts.jsonl.gz", "rt", encoding="utf-8") as f:
        path.write_text("".join(line for _, line in zip(range(1200), f)), encoding="utf-8")
    return path


@pytest.mark.slow
def test_build_killed_midway_recovers(arxiv_1200, tmp_path):
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    kg("build", arxiv_1200, "--store", clean, "--html", "", "--fast", env=SEEDED)
    clean_store = open_store(str(clean))
    try:
        clean_graphs, clean_counts, clean_len = graph_sizes(clean_store), queries.counts(clean_store), len(clean_store)
    finally:
        clean_store.close()
    assert clean_counts["Paper"] == 1200
    # Killed while a batch is being committed (it is then all there or all gone), then
    # killed again on the re-run, between two batches.
    build_killed(arxiv_1200, killed, settle=False)
    check_interrupted(killed, clean_graphs)
    build_killed(arxiv_1200, killed, settle=True)
    interrupted = check_interrupted(killed, clean_graphs)
    assert 0 < interrupted < 1200
    rerun = kg("build", arxiv_1200, "--store", killed, "--html", "", "--fast", env=SEEDED)
    assert re.search(rf"papers unchanged \(already in store\)\s*│\s*{interrupted:,}\b", rerun.stdout), rerun.stdout
    store = open_store(str(killed))
    try:
        assert queries.counts(store) == clean_counts and len(store) == clean_len
    finally:
        store.close()
    assert sorted_nt(killed, tmp_path / "k.nt") == sorted_nt(clean, tmp_path / "c.nt")
