"""The store contract, one suite over both stores: the embedded Oxigraph store and the real Neo4j
the test session starts (the `store` fixtures are parametrised over both, rdflib-style).

What every store must do: load and count, skip a reload, replace a changed paper, read back what
it loaded, keep the least spelling of a name, find a focus's neighbourhood, cut top lists at the
25th place by name, and answer every canned query exactly as `tests/data/expected/queries/`
says. Those answers are asked of a frozen seed graph (`tests/data/seed_graph.json`, the seed
listing's graph rows), so a change of the extractors does not move them.

When a change of a query or a store changes an answer on purpose, rewrite the files and review
the diff:

    .venv/bin/python -m pytest tests/test_stores.py --update-expected

(`--update-expected=graph` also rewrites the frozen graph from today's extraction of the seed.)
What only the embedded store does (its statistics, disk, SPARQL) is `test_stores_oxigraph.py`;
only Neo4j (schema, faults) `test_neo4j_store.py`.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
from pathlib import Path

import pytest

import queries
from kg.core.graph import Edge, GraphRows, Node
from kg.stores import open_store

from .conftest import _load_server_module, analysed_memory_store

DATA = Path(__file__).parent / "data"
SEED_GRAPH = DATA / "seed_graph.json"
EXPECTED = DATA / "expected" / "queries"
STORES = ["oxigraph", pytest.param("neo4j", marks=pytest.mark.neo4j)]
# The seed graph is also asked of a Neo4j database that `neo4j-admin database import` wrote from
# `kg export --format csv`: the offline path for a first load of a big corpus.
SEED_STORES = [*STORES, pytest.param("neo4j-import", marks=pytest.mark.neo4j)]

# Parameters of the queries that take some, on the seed graph.
PARAMS = {
    "leaderboard": {"dataset": "Wikitext-103", "metric": "perplexity", "quoted": "yes"},
    "progress": {"dataset": "Wikitext-103", "metric": "perplexity", "quoted": "yes"},
    "improvements": {"metric": "accuracy"},
    "papers_using_dataset": {"dataset": "WikiText-103"},
    "models_on_task": {"task": "language modeling"},
    "outperforms": {"entity": "Routing Transformer"},
    "proposals": {"since": "0000"},
    "related": {"entity": "Transformer"},
    "community_members": {"entity": "Transformer"},
    "paper_provenance": {"paper": "GLACIA"},  # a title's start: the id is looked up in the graph
}


def graph_to_json(rows: list[GraphRows]) -> str:
    """Graph rows as JSON text: one object a paper, nodes and edges as lists."""
    return json.dumps([{"nodes": [[n.label, n.key, n.props] for n in part.nodes],
                        "edges": [[e.type, list(e.src), list(e.dst), e.props] for e in part.edges]}
                       for part in rows], indent=1, ensure_ascii=False) + "\n"


def graph_from_json(text: str) -> list[GraphRows]:
    return [GraphRows([Node(label, key, props) for label, key, props in part["nodes"]],
                      [Edge(rel, tuple(src), tuple(dst), props) for rel, src, dst, props in part["edges"]])
            for part in json.loads(text)]


@pytest.fixture(scope="session")
def seed_graph(request) -> list[GraphRows]:
    if request.config.getoption("--update-expected") == "graph":
        from kg.core.graph import graph_rows

        rows = [graph_rows(x) for x in request.getfixturevalue("seed_extractions")]
        SEED_GRAPH.write_text(graph_to_json(rows), encoding="utf-8")
    return graph_from_json(SEED_GRAPH.read_text(encoding="utf-8"))


def query_params(name: str, graph: list[GraphRows]) -> dict[str, str]:
    params = dict(PARAMS.get(name, {}))
    if name == "paper_provenance":
        params["paper"] = next(part.nodes[0].props["id"] for part in graph
                               if part.nodes[0].props["title"].startswith(params["paper"]))
    return params


def _fresh(kind: str, request, tmp_path):
    if kind == "oxigraph":
        return open_store(str(tmp_path / "store"))
    return request.getfixturevalue("neo4j_store")  # emptied for each test


@pytest.fixture(params=STORES)
def store(request, tmp_path):
    """An empty store of each kind."""
    store = _fresh(request.param, request, tmp_path)
    yield store
    if request.param == "oxigraph":
        store.close()


@pytest.fixture(scope="session")
def oxigraph_seed_store(seed_graph):
    yield from analysed_memory_store(seed_graph)


@pytest.fixture(scope="module")
def neo4j_imported_seed_store(seed_graph, tmp_path_factory):
    """The seed graph exported by `kg export --format csv`, loaded by the `import.sh` it writes with
    the real `neo4j-admin` of the server's version, served by a server started from that database,
    then analysed as `kg analyze` does."""
    from kg.analyze import analyze_store
    from kg.export import write_export
    from kg.stores.neo4j import Neo4jStore

    server_module = _load_server_module()
    folder = tmp_path_factory.mktemp("neo4j-import")
    embedded = open_store("memory:")
    try:
        embedded.add(seed_graph)
        write_export(embedded.rows(), "csv", folder / "csv")
    finally:
        embedded.close()
    server_module.admin_script(folder)
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", "NEO4J_HOME": str(folder / "home")}
    done = subprocess.run(["sh", "import.sh"], cwd=folder / "csv", env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, f"import.sh failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    with server_module.start(copy_from=folder / "home", timeout=600) as server:
        store = Neo4jStore.from_url(server.uri, user=server.user, password=server.password)
        analyze_store(store)
        yield store
        store.close()


@pytest.fixture(params=SEED_STORES)
def seed_store(request, seed_graph):
    """A store of each kind holding the frozen seed graph and its `kg analyze` figures (read only)."""
    if request.param == "oxigraph":
        yield request.getfixturevalue("oxigraph_seed_store")
        return
    if request.param == "neo4j-import":
        yield request.getfixturevalue("neo4j_imported_seed_store")
        return
    from kg.analyze import analyze_store
    from kg.stores.neo4j import Neo4jStore

    server = request.getfixturevalue("neo4j_server")
    store = Neo4jStore.from_url(server["uri"], user=server["user"], password=server["password"])
    # Loaded once and kept between these tests; a test that emptied the database meanwhile makes
    # the next one load it again.
    hashes = store.content_hashes(part.nodes[0].key for part in seed_graph)
    analysed = store.cypher("MATCH (e) WHERE e.centrality IS NOT NULL RETURN count(e) AS n")[0]["n"]
    loaded = {part.nodes[0].key: part.nodes[0].props["content_hash"] for part in seed_graph}
    if hashes != loaded or not analysed or queries.counts(store).get("Paper") != len(seed_graph):
        store.clear()
        store.add(seed_graph)
        analyze_store(store)
    yield store
    store.close()


def _same(a, b) -> bool:
    """Equal, floats to the last bits (Neo4j sums in another order)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return a == b


# --- every canned query's answer on the seed graph ------------------------------------------------


@pytest.mark.parametrize("name", queries.names())
def test_stores_canned_query_answers_the_expected_rows(request, seed_store, seed_graph, name):
    params = query_params(name, seed_graph)
    got = queries.run(seed_store, name, **params)
    path = EXPECTED / f"{name}.json"
    if request.config.getoption("--update-expected") and seed_store.supports_sparql:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"params": params, "rows": got}, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert expected["params"] == params
    assert expected["rows"], f"{name}: the seed graph should give it rows"
    assert len(got) == len(expected["rows"])
    for row, want in zip(got, expected["rows"], strict=True):
        assert _same(row, want), (name, row, want)


def test_stores_every_canned_query_has_an_expected_answer():
    assert sorted(p.stem for p in EXPECTED.glob("*.json")) == queries.names()


# --- load, reload, replace, read back --------------------------------------------------------------


def test_stores_load_counts_match_rows(store, seed_graph):
    stats = store.add(seed_graph)
    counts = queries.counts(store)
    assert stats.papers == counts["Paper"] == len(seed_graph)
    assert counts["Result"] == len({n.ref for r in seed_graph for n in r.nodes if n.label == "Result"})
    assert counts["REPORTS"] == counts["Result"]


def test_stores_reload_adds_nothing(store, seed_graph):
    store.add(seed_graph)
    before, rows = queries.counts(store), store.rows()
    again = store.add(seed_graph)
    assert again.papers == 0 and again.unchanged == len(seed_graph)
    assert queries.counts(store) == before
    assert _facts(store.rows()) == _facts(rows)


def test_stores_changed_paper_replaces_its_facts(store):
    def rows(title, model):
        paper = Node("Paper", "p1", {"key": "p1", "id": "p1", "title": title, "content_hash": title})
        entity = Node("Model", model.lower(), {"key": model.lower(), "name": model})
        return GraphRows([paper, entity], [Edge("USES", paper.ref, entity.ref)])

    store.add([rows("First title", "Alpha")])
    store.add([rows("Second title", "Beta")])
    back = store.rows()
    assert [n.props["title"] for n in back.nodes if n.label == "Paper"] == ["Second title"]
    assert [e.dst for e in back.edges] == [("Model", "beta")]
    assert queries.counts(store)["USES"] == 1


def _facts(rows: GraphRows):
    return ({n.ref: n.props for n in rows.nodes}, {(e.src, e.type, e.dst): e.props for e in rows.edges})


def test_stores_read_back_rows_equal_loaded_rows(seed_store, seed_graph):
    nodes, edges = _facts(seed_store.rows())
    loaded_nodes, loaded_edges = {}, {}
    for part in seed_graph:
        for n in part.nodes:
            loaded_nodes.setdefault(n.ref, n.props)
        for e in part.edges:
            loaded_edges[e.src, e.type, e.dst] = e.props
    assert set(nodes) == set(loaded_nodes) and set(edges) == set(loaded_edges)
    assert all(props["title"] == loaded_nodes[ref]["title"] for ref, props in nodes.items() if ref[0] == "Paper")


@pytest.mark.parametrize("order", [["Wikitext-103", "WikiText-103"], ["WikiText-103", "Wikitext-103"]])
def test_stores_entity_name_is_least_spelling_whatever_the_order(store, order):
    def paper(pid, name):
        return GraphRows([Node("Paper", pid, {"key": pid, "id": pid, "title": pid, "content_hash": pid}),
                          Node("Dataset", "wikitext103", {"key": "wikitext103", "name": name})])

    for i, name in enumerate(order):
        store.add([paper(f"p{i}", name)])
    assert [n.props["name"] for n in store.rows().nodes if n.label == "Dataset"] == ["WikiText-103"]


# --- a focus's neighbourhood -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "focus, key",
    [("WikiText-103", "wikitext103"), ("wikitext 103", "wikitext103"), ("GLACIA", "glacia"),
     ("Routing Transformer", "routingtransformer"), ("mIoU", "miou")],
)
def test_stores_neighbourhood_is_the_two_hop_subgraph_of_rows(seed_store, focus, key):
    import networkx as nx

    from kg.core.graph import to_networkx

    full = seed_store.rows()
    G = to_networkx([full]).to_undirected(as_view=True)
    part = seed_store.neighbourhood(focus, hops=2)
    found = {f"{n.label}:{n.key}": n.props for n in part.nodes}
    reach = set()
    for node in (n for n in G if n.split(":", 1)[1] == key and G.nodes[n]["label"] not in ("Result", "Claim")):
        reach |= set(nx.single_source_shortest_path_length(G, node, cutoff=2))
    assert reach and set(found) == reach
    assert all(found[nid] == {k: v for k, v in G.nodes[nid].items() if k != "label"} for nid in found)
    inside = {(e.src, e.type, e.dst) for e in full.edges
              if f"{e.src[0]}:{e.src[1]}" in found and f"{e.dst[0]}:{e.dst[1]}" in found}
    assert {(e.src, e.type, e.dst) for e in part.edges} == inside


def test_stores_neighbourhood_of_nothing_is_empty(seed_store):
    assert seed_store.neighbourhood("no such thing at all").nodes == []


# --- top lists: ties at the 25th place are cut by name ---------------------------------------------

# query -> (entity label, Paper->entity relationship, parameters, answer row of a name and count)
TOP_LISTS = {
    "top_datasets": ("Dataset", "EVALUATES_ON", {}, lambda name, n: {"name": name, "papers": n}),
    "top_metrics": ("Metric", "USES", {}, lambda name, n: {"name": name, "papers": n}),
    "models_on_task": ("Model", "USES", {"task": "Tiebreaking"},
                       lambda name, n: {"model": name, "type": "Model", "papers": n}),
}


def tied_top_list_rows(label: str, relation: str) -> tuple[list[GraphRows], dict[str, int]]:
    """30 papers on one task and 30 entities: e00..e19 in 30..11 papers, e20..e29 in 5 each,
    so 5 of the 10 tied at the 25th place make the list. Their names run against their keys
    (e20 is "N29"), so a cut by key and a cut by name differ. Returns the rows and each
    name's paper count."""
    task = Node("Task", "tiebreaking", {"key": "tiebreaking", "name": "Tiebreaking"})
    names = {j: f"E{j:02d}" if j < 20 else f"N{49 - j}" for j in range(30)}
    rows, papers = [], {}
    for i in range(30):
        paper = Node("Paper", f"p{i}", {"key": f"p{i}", "id": f"p{i}", "title": f"T{i}", "content_hash": str(i)})
        ents = [Node(label, f"e{j:02d}", {"key": f"e{j:02d}", "name": names[j]})
                for j in range(30) if (j < 20 and j <= i) or (j >= 20 and i < 5)]
        for e in ents:
            papers[e.props["name"]] = papers.get(e.props["name"], 0) + 1
        edges = [Edge(relation, paper.ref, e.ref) for e in ents] + [Edge("ADDRESSES", paper.ref, task.ref)]
        rows.append(GraphRows([paper, task, *ents], edges))
    return rows, papers


def expected_top_list(name: str, papers: dict[str, int]) -> list[dict]:
    """The answer of a top list: most papers first, ties by name, 25 rows."""
    row = TOP_LISTS[name][3]
    return [row(n, c) for n, c in sorted(papers.items(), key=lambda x: (-x[1], x[0]))[:25]]


@pytest.mark.parametrize("name", sorted(TOP_LISTS))
def test_stores_top_lists_cut_ties_at_the_25th_place_by_name(store, name):
    label, relation, params, _ = TOP_LISTS[name]
    rows, papers = tied_top_list_rows(label, relation)
    store.add(rows)
    got = queries.run(store, name, **params)
    assert got == expected_top_list(name, papers)
    assert [r.get("name", r.get("model")) for r in got[20:]] == ["N20", "N21", "N22", "N23", "N24"]


# --- parameters are values, never syntax -----------------------------------------------------------


@pytest.mark.parametrize("hostile", ['x" } DROP ALL ; #', "a'b\\c\n{d}", "$dataset MATCH (n) DETACH DELETE n"])
def test_stores_hostile_parameters_are_values_not_syntax(seed_store, hostile):
    before = queries.counts(seed_store)
    assert queries.run(seed_store, "papers_using_dataset", dataset=hostile) == []
    assert queries.counts(seed_store) == before
