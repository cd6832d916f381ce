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
from kg.build import build
from kg.core.errors import StoreError
from kg.stores import open_store
from kg.stores.rdf import RDFStore
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


def _store_size(store: Path) -> int:
    """Bytes in the store's files: they grow by megabytes while a batch is written (the write-ahead
    log of a transaction, the files of the bulk loader)."""
    return sum(f.stat().st_size for f in store.glob("*") if f.is_file()) if store.exists() else 0


def _papers_landed(store: Path) -> int:
    """Papers whose content hash, the mark that a paper is whole, is in the store, seen by a
    read-only open beside the running build."""
    import pyoxigraph as ox

    from kg.stores.rdf_load import CONTENT_HASH

    try:
        return sum(1 for _ in ox.Store.read_only(str(store)).quads_for_pattern(None, CONTENT_HASH, None, None))
    except (OSError, RuntimeError):  # not created yet, or a file went in a compaction while opening: ask again
        return 0


def build_killed(inputs: Path, store: Path, *, settle: bool) -> None:
    """Start `kg build` and SIGKILL it while a batch is being written (or, with `settle`, once a
    batch has landed whole, that is between batches or while the next one is written)."""
    log = store.parent / f"{store.name}-killed-build.log"
    before = _papers_landed(store)
    with open(log, "wb") as out:
        # chunks of 1,000 papers, so the build is killed between or during several writes
        proc = subprocess.Popen([*KG, "build", str(inputs), "--store", str(store), "--html", "", "--fast", "--chunk-size", "1000"],
                                stdout=out, stderr=subprocess.STDOUT, env={**ENV, **SEEDED}, cwd=REPO)
    try:
        low = None
        deadline = time.monotonic() + 600
        while proc.poll() is None and time.monotonic() < deadline:
            if settle:
                if _papers_landed(store) > before:
                    break
                time.sleep(0.1)
                continue
            size = _store_size(store)
            low = size if low is None else min(low, size)
            if size > low + 5_000_000:
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
def arxiv_2500(shared_dir, tmp_path_factory):
    """2,500 real abstracts from the shared arXiv dump (three chunks of a build at --chunk-size 1000), as a JSON Lines file."""
    path = tmp_path_factory.mktemp("arxiv") / "arxiv_2500.jsonl"
    with gzip.open(shared_dir / "data" / "arxiv" / "arxiv_cs_abstracts.jsonl.gz", "rt", encoding="utf-8") as f:
        path.write_text("".join(line for _, line in zip(range(2500), f)), encoding="utf-8")
    return path


@pytest.mark.slow
def test_build_killed_midway_recovers(arxiv_2500, tmp_path):
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    kg("build", arxiv_2500, "--store", clean, "--html", "", "--fast", env=SEEDED)
    clean_store = open_store(str(clean))
    try:
        clean_graphs, clean_counts, clean_len = graph_sizes(clean_store), queries.counts(clean_store), len(clean_store)
    finally:
        clean_store.close()
    assert clean_counts["Paper"] == 2500
    # Killed while a batch is being written (its papers are then all there or all gone), then
    # killed again on the re-run, once a batch has landed.
    build_killed(arxiv_2500, killed, settle=False)
    check_interrupted(killed, clean_graphs)
    build_killed(arxiv_2500, killed, settle=True)
    interrupted = check_interrupted(killed, clean_graphs)
    assert 0 < interrupted < 2500
    rerun = kg("build", arxiv_2500, "--store", killed, "--html", "", "--fast", env=SEEDED)
    assert re.search(rf"papers unchanged \(already in store\)\s*│\s*{interrupted:,}\b", rerun.stdout), rerun.stdout
    store = open_store(str(killed))
    try:
        assert queries.counts(store) == clean_counts and len(store) == clean_len
    finally:
        store.close()
    assert sorted_nt(killed, tmp_path / "k.nt") == sorted_nt(clean, tmp_path / "c.nt")


# --- extraction and loading at once -----------------------------------------------------------


def test_build_on_two_workers_gives_the_same_graph_as_on_one(tmp_path):
    inputs = [TEST_DATA / "listing.txt", TEST_DATA / "arxiv_sample.jsonl"]
    one = kg("build", *inputs, "--store", tmp_path / "one", "--html", "", "--fast", env=SEEDED)
    two = kg("build", *inputs, "--store", tmp_path / "two", "--html", "", "--fast", "--workers", "2", env=SEEDED)
    loaded = [re.search(r"papers loaded\s*│\s*([\d,]+)", run.stdout).group(1) for run in (one, two)]
    assert loaded[0] == loaded[1] != "0"
    assert sorted_nt(tmp_path / "one", tmp_path / "one.nt") == sorted_nt(tmp_path / "two", tmp_path / "two.nt")


class _StoreFailingOnSecondChunk(RDFStore):
    """The embedded store, with a disk that fills up after the first chunk of a build."""

    chunks = 0

    def add_prepared(self, papers, **options):
        self.chunks += 1
        if self.chunks == 2:
            raise StoreError("[S004] cannot write to the store: No space left on device")
        return super().add_prepared(papers, **options)


def test_build_stops_with_the_writers_error_and_keeps_what_was_written(tmp_path):
    store = _StoreFailingOnSecondChunk.from_url(str(tmp_path / "s"))
    with pytest.raises(StoreError, match="No space left"):
        build([TEST_DATA / "arxiv_sample.jsonl"], store, profile="fast", chunk_size=3)
    assert store.chunks == 2 and queries.counts(store)["Paper"] == 3
    store.close()


class _StoreCountingChunks(RDFStore):
    """The embedded store, recording how many papers each write of a build hands it."""

    def add_prepared(self, papers, **options):
        papers = list(papers)
        self.sizes.append(len(papers))
        return super().add_prepared(papers, **options)


@pytest.mark.parametrize(("per_write", "chunk_size", "sizes"), [
    (2, None, [2, 2, 1]),  # by default a chunk is what the store writes at once (5 papers read)
    (3, None, [3, 2]),
    (2, 4, [4, 1]),  # a chunk size given wins
])
def test_build_writes_chunks_of_the_stores_size(tmp_path, per_write, chunk_size, sizes):
    store = _StoreCountingChunks.from_url(str(tmp_path / "s"))
    store.papers_per_write, store.sizes = per_write, []
    stats = build([TEST_DATA / "arxiv_sample.jsonl"], store, profile="fast", chunk_size=chunk_size)
    assert store.sizes == sizes and stats.load.papers == sum(sizes)
    store.close()
