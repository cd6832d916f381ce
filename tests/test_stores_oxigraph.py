"""What only the embedded Oxigraph store does: its statistics (kept current through loads, replacements,
updates and killed processes), its directory, SPARQL. The contract both stores share is test_stores.py."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time

import pytest

import queries
from kg.core.errors import QueryError, StoreError
from kg.core.graph import Edge, GraphRows, Node
from kg.stores import LoadStats, open_store, rdf, scheme_of
from kg.stores.rdf_load import paper_quads
from kg.stores.statistics import MODEL_PAPER_COUNTS

from .test_stores import PARAMS


@pytest.fixture()
def disk_store(tmp_path):
    store = open_store(str(tmp_path / "store"))
    yield store
    store.close()


def test_stores_oxigraph_persist_on_disk(tmp_path, seed_rows):
    path = str(tmp_path / "s")
    store = open_store(path)
    store.add(seed_rows[:3])
    store.close()
    store = open_store(path)
    assert queries.counts(store)["Paper"] == 3
    store.close()


def test_stores_oxigraph_sparql_is_read_only_unless_write():
    store = open_store("memory:")
    with pytest.raises(QueryError, match=r"\[Q005\]"):
        store.sparql("INSERT DATA { <urn:a> <urn:b> 'c' }")
    store.sparql("INSERT DATA { <urn:a> <urn:b> 'c' }", write=True)
    assert store.sparql("SELECT ?o WHERE { <urn:a> <urn:b> ?o }") == [{"o": "c"}]


def test_stores_oxigraph_malformed_sparql_is_a_query_error():
    store = open_store("memory:")
    with pytest.raises(QueryError, match=r"\[Q006\]"):
        store.sparql("SELEKT nothing")


@pytest.mark.parametrize("url, scheme", [("kg-store", "oxigraph"), ("memory:", "memory"), ("oxigraph:/tmp/x", "oxigraph"),
                                         ("bolt://h:7687", "bolt"), ("neo4j+s://h", "neo4j+s")])
def test_stores_oxigraph_scheme_of(url, scheme):
    assert scheme_of(url) == scheme


def test_stores_oxigraph_unknown_scheme():
    with pytest.raises(StoreError, match=r"\[S001\]"):
        open_store("ftp://example")


# --- statistics: what `counts` and `top_*` read must equal what the graph holds -----------------

LIVE_COUNTS = """
SELECT ?name (COUNT(*) AS ?count) WHERE {
  { ?n a ?class . VALUES (?class ?name) { (schema:ScholarlyArticle "Paper") (kg:Model "Model") (kg:Method "Method")
      (kg:Dataset "Dataset") (kg:Metric "Metric") (kg:Task "Task") (kg:Result "Result") (kg:Claim "Claim") } }
  UNION
  { ?s ?rel ?o . VALUES (?rel ?name) { (kg:proposes "PROPOSES") (kg:uses "USES") (kg:evaluatesOn "EVALUATES_ON")
      (kg:addresses "ADDRESSES") (kg:reports "REPORTS") (kg:ofModel "OF_MODEL") (kg:onDataset "ON_DATASET")
      (kg:measures "MEASURES") (kg:outperforms "OUTPERFORMS") (kg:makes "MAKES") (kg:winner "WINNER")
      (kg:loser "LOSER") } }
} GROUP BY ?name"""
LIVE_PAPERS = """
SELECT ?e (COUNT(DISTINCT ?p) AS ?n) WHERE {
  ?p a schema:ScholarlyArticle ; ?rel ?e .
  ?e a ?class . VALUES ?class { kg:Model kg:Method kg:Dataset kg:Metric kg:Task }
} GROUP BY ?e"""

LIVE_MODELS_BY_TASK = """
SELECT ?t ?e (COUNT(DISTINCT ?p) AS ?n) WHERE {
  ?p kg:addresses ?t ; ?rel ?e . VALUES ?rel { kg:uses kg:proposes }
  ?e a ?class . VALUES ?class { kg:Model kg:Method }
} GROUP BY ?t ?e"""


def assert_statistics_are_current(store):
    """The kept statistics equal a recount of the graph."""
    assert queries.counts(store) == {r["name"]: r["count"] for r in store.sparql(LIVE_COUNTS)}
    kept = {r["e"]: r["n"] for r in store.sparql("SELECT ?e ?n WHERE { ?e kg:paperCount ?n }")}
    for label in ("Model", "Method", "Dataset", "Metric", "Task"):  # each count in its label's graph
        assert all(r["e"].startswith(f"https://w3id.org/paperkg/id/{label.lower()}/") for r in store.sparql(
            f"SELECT ?e WHERE {{ GRAPH stats:{label} {{ ?e kg:paperCount ?n }} }}"))
    assert kept == {r["e"]: r["n"] for r in store.sparql(LIVE_PAPERS)}
    kept_by_task = {(r["t"], r["e"]): r["n"] for r in store.sparql(
        "SELECT ?t ?e ?n WHERE { ?t kg:modelPaperCounts ?g . GRAPH ?g { ?e kg:paperCount ?n } }")}
    assert kept_by_task and kept_by_task == {(r["t"], r["e"]): r["n"] for r in store.sparql(LIVE_MODELS_BY_TASK)}
    linked = {r["t"] for r in store.sparql("SELECT ?t WHERE { ?t kg:modelPaperCounts ?g }")}
    assert linked == {t for t, _ in kept_by_task}  # a task links to its counts while it has any
    assert not store.sparql("SELECT ?x WHERE { ?x kg:statsPending ?y }")


def fewer_mentions(part: GraphRows) -> GraphRows:
    """The paper changed: it keeps only its first mention edge, and says so in its hash."""
    paper = part.nodes[0]
    changed = Node(paper.label, paper.key, {**paper.props, "content_hash": "changed"})
    mentions = [e for e in part.edges if e.src == paper.ref and e.dst[0] in {"Model", "Method", "Dataset", "Metric", "Task"}]
    return GraphRows([changed, *part.nodes[1:]], mentions[:1])


def test_stores_oxigraph_statistics_follow_loads_replacements_and_updates(disk_store, seed_rows):
    disk_store.add(seed_rows[:20])
    assert_statistics_are_current(disk_store)
    disk_store.add(seed_rows)  # 15 new papers, 20 unchanged
    assert_statistics_are_current(disk_store)
    top = queries.run(disk_store, "top_datasets")
    assert top and top[0]["papers"] >= top[-1]["papers"] >= 1
    disk_store.add([fewer_mentions(part) for part in seed_rows[:10]])  # entities lose papers
    assert_statistics_are_current(disk_store)
    paper = seed_rows[12].nodes[0]
    disk_store.sparql(f"DELETE WHERE {{ GRAPH ?g {{ <https://w3id.org/paperkg/id/paper/{paper.key}> ?p ?o }} }}",
                      write=True)
    assert_statistics_are_current(disk_store)


def test_stores_oxigraph_statistics_of_a_killed_load_are_redone_on_the_next_open(tmp_path, seed_rows):
    path = str(tmp_path / "s")
    store = open_store(path)
    store._write([paper_quads(r) for r in seed_rows[:10]], LoadStats())  # a batch committed, then the process died
    store.dataset.close()  # gone without `close()`, which would refresh the statistics
    store.native = store.statistics.native = None
    del store
    gc.collect()
    store = open_store(path)
    assert store.statistics.pending()  # the batch's mark is in the store
    assert_statistics_are_current(store)  # the first query refreshed everything
    store.close()


def test_stores_oxigraph_store_without_task_counts_gets_them_on_open(tmp_path, seed_rows):
    """A store built before the per-task model counts existed answers models_on_task after its next open."""
    path = str(tmp_path / "s")
    store = open_store(path)
    store.add(seed_rows)
    expected = queries.run(store, "models_on_task", **PARAMS["models_on_task"])
    for link in list(store.native.quads_for_pattern(None, MODEL_PAPER_COUNTS, None, None)):
        store.native.remove_graph(link.object)
        store.native.remove(link)
    assert not queries.run(store, "models_on_task", **PARAMS["models_on_task"])
    store.close()
    store = open_store(path)
    assert expected and queries.run(store, "models_on_task", **PARAMS["models_on_task"]) == expected
    assert_statistics_are_current(store)
    store.close()


class _Killed(Exception):
    pass


class _DiesWhileWriting:
    """A pyoxigraph store whose process dies (raises) once a refresh starts writing."""

    def __init__(self, native):
        self._native = native

    def __getattr__(self, name):
        return getattr(self._native, name)

    def extend(self, quads):
        raise _Killed

    def load(self, *args, **kwargs):
        raise _Killed

    bulk_load = load


def test_stores_oxigraph_statistics_refresh_killed_midway_is_redone_on_the_next_open(tmp_path, seed_rows):
    path = str(tmp_path / "s")
    store = open_store(path)
    store.add(seed_rows[:10])
    native = store.native
    store.statistics.native = _DiesWhileWriting(native)
    with pytest.raises(_Killed):
        store.statistics.settle()  # old statistics removed, the new ones never written
    store.statistics.native = native
    assert store.statistics.pending()  # the mark is removed last, so it is still there
    store.dataset.close()
    store.native = store.statistics.native = None
    del store, native
    gc.collect()
    store = open_store(path)
    assert_statistics_are_current(store)
    store.close()


def test_stores_oxigraph_a_large_load_is_compacted_at_close_and_reads_the_same(tmp_path, seed_rows, monkeypatch):
    monkeypatch.setattr(rdf, "OPTIMIZE_AFTER_QUADS", 1)  # the seed counts as a large load
    compacted = []
    store = open_store(str(tmp_path / "s"))
    store.add(seed_rows)
    before = (queries.counts(store), queries.run(store, "top_datasets"), len(store))

    class Spy:  # records the call, then compacts for real
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def optimize(self):
            compacted.append(True)
            self.inner.optimize()

    store.native = Spy(store.native)
    store.close()
    gc.collect()
    assert compacted == [True]
    store = open_store(str(tmp_path / "s"))
    assert (queries.counts(store), queries.run(store, "top_datasets"), len(store)) == before
    store.close()


# --- readers while a build writes -----------------------------------------------------------------

# A kg process that writes the store until told to stop: it holds the store (and its lock) the
# whole time, as a long build does, and adds a paper a batch.
WRITER = """
import sys, time
from pathlib import Path
from kg.core.graph import Edge, GraphRows, Node
from kg.stores import open_store
store = open_store(sys.argv[1])
Path(sys.argv[2]).write_text("open")
i = 0
while not Path(sys.argv[3]).exists():
    key = f"w{i}"
    store.add([GraphRows([Node("Paper", key, {"key": key, "id": key, "title": f"Paper {i}", "content_hash": key})])])
    i += 1
    time.sleep(0.05)
store.close()
print(i)
"""


@pytest.mark.slow
def test_stores_oxigraph_read_commands_run_while_a_build_writes(tmp_path):
    from .conftest import ENV, SEED_LISTING, kg, one_line_error

    store = tmp_path / "store"
    kg("build", SEED_LISTING, "--fast", "--store", store, "--html", "")
    before = kg("query", "top_datasets", "--store", store, "--format", "json").stdout
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(store), str(ready), str(stop)], env=ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):
            if ready.exists() or writer.poll() is not None:
                break
            time.sleep(0.1)
        assert ready.exists(), writer.communicate()
        # the statistics of the last finished load: the writer's papers are not settled yet
        assert kg("query", "top_datasets", "--store", store, "--format", "json").stdout == before
        papers = kg("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:ScholarlyArticle }", "--store", store,
                    "--format", "json").stdout
        assert json.loads(papers)[0]["n"] >= 35  # the seed, and what the writer has committed
        kg("export", "--format", "nt", "-o", tmp_path / "g.nt", "--store", store)
        assert (tmp_path / "g.nt").stat().st_size > 0
        second = kg("build", SEED_LISTING, "--fast", "--store", store, "--html", "", check=False)
        assert one_line_error(second).startswith("error: [S005] the store at ") and "in use by another kg process" in second.stderr
        assert writer.poll() is None  # all of it happened while the writer held the store
    finally:
        stop.write_text("stop")
        out, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    assert int(out) > 0


# --- the bulk path: papers new to the store through Oxigraph's bulk loader ----------------------


def all_quads(store) -> list[str]:
    """Every quad of the store, statistics settled, sorted."""
    store.statistics.settle()
    return sorted(str(q) for q in store.native)


def died(store) -> None:
    """The process holding `store` ends without `close()` (which would settle its statistics)."""
    store.dataset.close()
    store.native = store.statistics.native = None
    gc.collect()


@pytest.fixture(scope="module")
def bulk_and_incremental(tmp_path_factory, seed_rows):
    """The seed graph loaded in one bulk batch and, into another store, one paper at a time
    (each batch then below the bulk threshold, so written in a transaction), both analysed."""
    from kg.analyze import analyze_store

    mp = pytest.MonkeyPatch()
    stores = {}
    try:
        for how, threshold, batch in (("bulk", 1, 1000), ("incremental", 10**9, 1)):
            mp.setattr(rdf, "BULK_MIN_PAPERS", threshold)
            store = open_store(str(tmp_path_factory.mktemp(how) / "store"))
            store.add(seed_rows, batch_size=batch)
            analyze_store(store)
            stores[how] = store
        yield stores
    finally:
        mp.undo()
        for store in stores.values():
            store.close()


def test_stores_oxigraph_bulk_load_writes_the_same_quads_as_incremental_loads(bulk_and_incremental):
    bulk, incremental = all_quads(bulk_and_incremental["bulk"]), all_quads(bulk_and_incremental["incremental"])
    assert len(bulk) > 1000 and bulk == incremental


@pytest.mark.parametrize("name", queries.names())
def test_stores_oxigraph_bulk_loaded_store_answers_every_query_as_an_incremental_one(bulk_and_incremental, seed_papers, name):
    params = dict(PARAMS.get(name, {}))
    if name == "paper_provenance":
        params = {"paper": next(p.id for p in seed_papers if p.title.startswith("Efficient Content-Based"))}
    answer = queries.run(bulk_and_incremental["bulk"], name, **params)
    assert answer and answer == queries.run(bulk_and_incremental["incremental"], name, **params)


class _DiesAfterBulkFiles:
    """A pyoxigraph store whose process dies after the bulk loader wrote its files, before the
    transaction with the content hashes."""

    def __init__(self, native) -> None:
        self.native, self.bulk_loaded = native, False

    def __getattr__(self, name):
        return getattr(self.native, name)

    def bulk_load(self, *args, **kwargs) -> None:
        self.native.bulk_load(*args, **kwargs)
        self.bulk_loaded = True

    def load(self, *args, **kwargs) -> None:
        if self.bulk_loaded:
            raise KeyboardInterrupt("killed")
        self.native.load(*args, **kwargs)


def test_stores_oxigraph_bulk_load_killed_midway_leaves_only_whole_papers(tmp_path, seed_rows, monkeypatch):
    monkeypatch.setattr(rdf, "BULK_MIN_PAPERS", 5)
    clean = open_store(str(tmp_path / "clean"))
    clean.add(seed_rows)
    path = str(tmp_path / "killed")
    store = open_store(path)
    store.add(seed_rows[:5])
    native = store.native
    store.native = _DiesAfterBulkFiles(native)
    with pytest.raises(KeyboardInterrupt) as killed:
        store.add(seed_rows[5:20])
    assert store.native.bulk_loaded
    del killed
    graphs = {g.value for g in native.named_graphs() if g.value.endswith("/graph")}
    assert len(graphs) == 20  # the killed batch's graphs are in the store, without their content hashes
    store.native = native
    del native
    died(store)
    store = open_store(path)
    assert queries.counts(store)["Paper"] == 5 and len(store.content_hashes(r.nodes[0].key for r in seed_rows)) == 5
    again = store.add(seed_rows)
    assert again.unchanged == 5 and again.papers == len(seed_rows) - 5
    assert all_quads(store) == all_quads(clean)
    store.close()
    clean.close()


HOSTILE_TEXT = 'a "quoted" \\ back\\slash\nline\r\nbreak\ttab } DROP ALL <http://evil/> ^^xsd:string é 汉'


def test_stores_oxigraph_nquads_text_parses_to_the_quads_of_the_rdf_mapping(seed_rows):
    import pyoxigraph as ox

    from kg.core.rdf import edge_nquads, edge_quads, node_nquads, node_quads

    hostile = Node("Model", "m", {"key": "m", "name": HOSTILE_TEXT, "aliases": [HOSTILE_TEXT, "x"], "confidence": 0.5})
    nodes = [n for r in seed_rows for n in r.nodes] + [hostile]
    edges = [e for r in seed_rows for e in r.edges] + [Edge("USES", ("Paper", "p"), ("Model", "m"), {"sentence": HOSTILE_TEXT})]
    for graph, text_graph in ((ox.NamedNode("urn:g"), "<urn:g>"), (ox.DefaultGraph(), "")):
        text = "".join(line for n in nodes for line in node_nquads(n, text_graph))
        text += "".join(line for e in edges for line in edge_nquads(e, text_graph))
        expected = [*(q for n in nodes for q in node_quads(n, graph)), *(q for e in edges for q in edge_quads(e, graph))]
        assert len(expected) > 1000 and list(ox.parse(text, format=ox.RdfFormat.N_QUADS)) == expected
