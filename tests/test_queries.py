"""Canned queries: every SPARQL file runs on the seed graph and returns real rows; twins line up."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql import prepareQuery

import queries
from kg.core.errors import QueryError, UnknownQuery
from kg.core.vocab import PREFIXES

from .test_stores import PARAMS


def _columns(query):
    """Output column names of a query file, from its SELECT or RETURN clause."""
    if query.lang == "sparql":
        parsed = prepareQuery(query.text, initNs=PREFIXES)  # also proves rdflib parses it
        return [str(v) for v in parsed.algebra["PV"]]
    body = query.text[query.text.rindex("RETURN") + 6:].split("ORDER BY")[0].strip().removeprefix("DISTINCT ")
    return [part.strip().split(" AS ")[-1].strip() for part in body.split(",")]


@pytest.mark.parametrize("name", queries.names())
def test_queries_every_query_has_a_header_and_a_cypher_twin(name):
    rq, cy = queries.load(name, "sparql"), queries.load(name, "cypher")
    assert rq.question and rq.question == cy.question
    assert rq.params == cy.params
    assert _columns(rq) == _columns(cy)


@pytest.mark.parametrize("name", queries.names())
def test_queries_every_query_runs_on_the_seed_graph(rdf_seed_store, seed_papers, name):
    params = dict(PARAMS.get(name, {}))
    if name == "paper_provenance":
        params = {"paper": next(p.id for p in seed_papers if p.title.startswith("Efficient Content-Based"))}
    rows = queries.run(rdf_seed_store, name, **params)
    assert rows, f"{name} returned no rows on the seed graph"
    assert list(rows[0]) == _columns(queries.load(name, "sparql"))


def test_queries_leaderboard_is_best_first_for_lower_is_better(rdf_seed_store):
    rows = queries.run(rdf_seed_store, "leaderboard", dataset="WikiText-103", metric="perplexity", quoted="yes")
    values = [r["value"] for r in rows]
    assert values[:2] == [15.8, 18.3]
    assert "Routing" in (rows[0]["model"] or "")


def test_queries_glacia_miou(rdf_seed_store):
    rows = rdf_seed_store.sparql(
        "SELECT ?v WHERE { ?r a kg:Result ; schema:value ?v ; kg:measures ?m . ?m kg:key 'miou' }"
    )
    assert 87.3 in {r["v"] for r in rows}


def test_queries_provenance_offsets_point_at_the_text(rdf_seed_store, seed_papers):
    paper = next(p for p in seed_papers if p.title.startswith("GLACIA"))
    rows = queries.run(rdf_seed_store, "paper_provenance", paper=paper.id)
    assert rows
    for row in rows:
        assert row["sentence"] in paper.abstract
        assert 0 <= row["start"] < row["end"] <= len(paper.abstract)
        span = paper.abstract[row["start"]:row["end"]]
        assert span and span in row["sentence"]
        if row["fact"] == "REPORTS":
            assert span == row["target"]


def test_queries_unknown_name_and_missing_param(rdf_seed_store):
    with pytest.raises(UnknownQuery, match=r"\[Q001\]"):
        queries.run(rdf_seed_store, "nope")
    with pytest.raises(QueryError, match=r"\[Q002\]"):
        queries.run(rdf_seed_store, "leaderboard", dataset="WikiText-103")


def test_queries_analytics_rows_follow_the_analysis(rdf_seed_store):
    """related, central_entities and trends return what the analysis holds, ranked and bounded."""
    related = queries.run(rdf_seed_store, "related", entity="transformer")
    assert related and {r["name"] for r in related} == {"Transformer"}
    assert [r["rank"] for r in related] == sorted(r["rank"] for r in related)
    by_neighbour = {}
    for r in related:
        by_neighbour.setdefault(r["neighbour"], []).append(r["paper"])
    assert all(1 <= len(papers) <= 3 for papers in by_neighbour.values())
    central = queries.run(rdf_seed_store, "central_entities")
    for kind in ("Dataset", "Method", "Model"):
        ranks = [r["rank"] for r in central if r["type"] == kind]
        assert ranks == list(range(1, len(ranks) + 1)) and len(ranks) <= 10
    trends = queries.run(rdf_seed_store, "trends")
    assert {(r["type"], r["rank"]) for r in trends} <= {(r["type"], r["rank"]) for r in central if r["rank"] <= 5}
    assert all(len(r["quarter"]) == 6 and r["papers"] >= 1 for r in trends)
