"""Hostile text through the embedded store: quotes, braces, query keywords and line breaks in names
and parameters are values, never syntax (the Neo4j twin is tests/test_neo4j_faults.py)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import queries
from kg.core.graph import GraphRows, graph_rows
from kg.core.ids import entity_key
from kg.core.model import Claim, Entity, Evidence, Extraction, Mention, Paper, Result
from kg.stores import open_store

# --- hostile text through the embedded store -----------------------------------------------------

HOSTILE = [
    'Model "quoted" \\ back\\slash',
    "it's {braced} $param ${x} }",
    "line\nbreak\r\nand\ttab",
    '"} ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> "z" } #',
    "') DETACH DELETE n // MATCH (n) RETURN n",
    "\\u0022 \\n \\\\ <http://evil/> ?s $s @en ^^xsd:string",
    "\"\"\"triple quoted\"\"\" '''too'''",
    "UNION SELECT * WHERE { ?s ?p ?o } LIMIT 1",
]


def hostile_extraction(i: int, text: str) -> Extraction:
    """One paper whose id, title, abstract and every entity, result and claim carry `text`."""
    names = {label: f"{label}{i}x {text}" for label in ("Dataset", "Model", "Method", "Metric", "Task")}
    abstract = " | ".join(names.values())
    entities, at = [], 0
    for label, name in names.items():
        entities.append(Entity(name, label, entity_key(name), (Mention(at, at + len(name), name),),
                               proposed=label == "Model"))
        at += len(name) + 3
    evidence = Evidence(abstract, 0, len(abstract))
    result = Result(value=42.5, unit="%", kind="absolute", metric=names["Metric"], dataset=names["Dataset"],
                    model=names["Model"], raw=f"42.5% {text}", raw_start=0, raw_end=5, evidence=evidence,
                    setting=(("subset", text),))
    gain = Result(value=2.5, unit="points", kind="delta", metric=names["Metric"], dataset=names["Dataset"],
                  model=names["Model"], baseline=names["Method"], raw=f"+2.5 points {text}", raw_start=6,
                  raw_end=17, evidence=evidence)
    claim = Claim(subject=names["Model"], object=names["Method"], evidence=evidence)
    # dates grow with i and sort after any real date: "proposals since paper i's date" finds i and later
    paper = Paper(id=f"h{i} {text}", title=f"T{i} {text}", abstract=abstract, authors=(text, f"A{i}"),
                  categories=(text,), source=f"{text}:{i}", date=f"9999-{i:02d} {text}")
    return Extraction(paper, entities=tuple(entities), results=(result, gain), claims=(claim,),
                      sentences=((0, len(abstract)),), extractor_version="0.1.0")


def rows_as_sets(rows: GraphRows):
    def canon(props):
        return {k: sorted(v) if isinstance(v, list) else v for k, v in props.items()}

    return ({n.ref: canon(n.props) for n in rows.nodes},
            {(e.src, e.type, e.dst): canon(e.props) for e in rows.edges})


def expected_rows(extractions):
    """What a store gives back for these papers: entity names merged to the least spelling."""
    nodes, edges = {}, {}
    for x in extractions:
        part = graph_rows(x)
        for node in part.nodes:
            props = {k: sorted(v) if isinstance(v, list) else v for k, v in node.props.items()}
            if node.ref in nodes and "name" in props:
                props["name"] = min(props["name"], nodes[node.ref]["name"])
            nodes[node.ref] = props
        for edge in part.edges:
            edges[(edge.src, edge.type, edge.dst)] = dict(edge.props)
    return nodes, edges


@pytest.mark.parametrize("i, text", list(enumerate(HOSTILE)))
def test_stores_hostile_text_round_trips_through_rdf_rows(i, text):
    extraction = hostile_extraction(i, text)
    store = open_store("memory:")
    try:
        store.add([graph_rows(extraction)])
        assert rows_as_sets(store.rows()) == expected_rows([extraction])
    finally:
        store.close()


@settings(max_examples=50, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=30))
@example(text="\x00 nul")
@example(text="\r\u2028\u0085 breaks")
@example(text="\U0001f600 \ufeff \u202e rtl")
def test_stores_any_text_round_trips_through_rdf_rows(text):
    extraction = hostile_extraction(0, text)
    store = open_store("memory:")
    try:
        store.add([graph_rows(extraction)])
        assert rows_as_sets(store.rows()) == expected_rows([extraction])
        assert queries.run(store, "paper_provenance", paper=extraction.paper.id)
    finally:
        store.close()


def canned_params(i: int, text: str) -> dict[str, dict[str, str]]:
    """Parameters of every canned query, each naming the hostile paper's own facts."""
    x = hostile_extraction(i, text)
    names = {e.type: e.name for e in x.entities}
    return {
        "leaderboard": {"dataset": names["Dataset"], "metric": names["Metric"], "setting": text, "quoted": "yes"},
        "progress": {"dataset": names["Dataset"], "metric": names["Metric"], "setting": text, "quoted": "no"},
        "improvements": {"metric": names["Metric"]},
        "papers_using_dataset": {"dataset": names["Dataset"]},
        "models_on_task": {"task": names["Task"]},
        "outperforms": {"entity": names["Model"]},
        "paper_provenance": {"paper": x.paper.id},
        "proposals": {"since": x.paper.date},
        "related": {"entity": names["Model"]},
        "community_members": {"entity": names["Dataset"]},
    }


@pytest.fixture(scope="module")
def hostile_store():
    from kg.analyze import analyze, usage_from_rows

    store = open_store("memory:")
    store.add(graph_rows(hostile_extraction(i, t)) for i, t in enumerate(HOSTILE))
    # every hostile entity is in one paper: analysed down to single papers, each paper's entities
    # are a community of their own and each other's neighbours
    store.write_analytics(analyze(usage_from_rows(queries.run(store, "entity_usage")), min_papers=1, min_shared=1))
    yield store
    store.close()


def test_stores_canned_queries_cover_every_parameter():
    declared = {(name, p) for name in queries.names() for p in queries.load(name).params}
    covered = {(name, p) for name, params in canned_params(0, "x").items() for p in params}
    assert declared == covered


@pytest.mark.parametrize("i, text", list(enumerate(HOSTILE)))
@pytest.mark.parametrize("name", sorted(canned_params(0, "x")))
def test_stores_hostile_canned_query_parameters_find_their_paper(hostile_store, name, i, text):
    before = len(hostile_store)
    rows = queries.run(hostile_store, name, **canned_params(i, text)[name])
    x = hostile_extraction(i, text)
    assert rows, name
    names = {e.type: e.name for e in x.entities}
    expected = {
        "leaderboard": [{"model": names["Model"], "value": 42.5, "unit": "%", "settings": text, "own": True,
                         "paper": x.paper.id, "date": x.paper.date, "title": x.paper.title,
                         "evidence": x.paper.abstract}],
        "progress": [{"date": x.paper.date, "value": 42.5, "unit": "%", "model": names["Model"], "settings": text,
                      "own": True, "paper": x.paper.id, "title": x.paper.title, "evidence": x.paper.abstract}],
        "improvements": [{"model": names["Model"], "kind": "delta", "value": 2.5, "unit": "points",
                          "baseline": names["Method"], "dataset": names["Dataset"], "paper": x.paper.id,
                          "title": x.paper.title, "evidence": x.paper.abstract}],
        "papers_using_dataset": [{"paper": x.paper.id, "title": x.paper.title, "relation": "EVALUATES_ON"}],
        "models_on_task": sorted([{"model": names["Model"], "type": "Model", "papers": 1},
                                  {"model": names["Method"], "type": "Method", "papers": 1}],
                                 key=lambda r: (-r["papers"], r["model"], r["type"])),
        "outperforms": [{"winner": names["Model"], "loser": names["Method"], "paper": x.paper.id,
                         "evidence": x.paper.abstract}],
        "proposals": sorted(({"paper": later.paper.id, "title": later.paper.title, "proposed": e.name, "type": e.type}
                             for later in (hostile_extraction(j, t) for j, t in enumerate(HOSTILE) if j >= i)
                             for e in later.entities if e.proposed),
                            key=lambda r: (r["paper"], r["proposed"], r["type"])),
    }
    analysed = {names[label] for label in ("Dataset", "Metric", "Method", "Model")}
    if name == "related":
        assert {r["neighbour"] for r in rows} == analysed - {names["Model"]}
        assert {(r["name"], r["paper"], r["title"]) for r in rows} == {(names["Model"], x.paper.id, x.paper.title)}
    elif name == "community_members":
        assert {r["name"] for r in rows} == analysed and len({r["community"] for r in rows}) == 1
    elif name == "paper_provenance":
        claim = f"{names['Model']} > {names['Method']}"
        assert {r["target"] for r in rows} == {*names.values(), *(r.raw for r in x.results), claim}
        assert all(r["sentence"] == x.paper.abstract for r in rows)
    else:
        assert rows == expected[name]
    assert len(hostile_store) == before
