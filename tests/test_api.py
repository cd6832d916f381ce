"""kg.api: `kg.open(...)` for notebooks; the README's example runs as written and prints what it shows."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

import kg
from kg.core.errors import ParameterError, QueryError, UnknownQuery

from .conftest import REPO, TEST_DATA


def readme_example() -> tuple[str, str]:
    """The README's notebook example: its Python block and the output block after it."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python API (notebooks)"):]
    code, shown = re.findall(r"```(?:python|text)\n(.*?)```", section, re.S)[:2]
    return code, shown


@pytest.fixture(scope="module")
def built_store(tmp_path_factory, nlp_fast):
    from kg.build import build
    from kg.stores import open_store

    folder = tmp_path_factory.mktemp("api")
    store = open_store(str(folder / "kg-store"))
    try:
        build([TEST_DATA / "progress_papers.jsonl"], store, nlp=nlp_fast)
    finally:
        store.close()
    return folder


def test_api_readme_example_prints_what_the_readme_shows(built_store, monkeypatch):
    code, shown = readme_example()
    monkeypatch.chdir(built_store)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert printed.getvalue() == shown


def test_api_query_sparql_and_errors(built_store):
    with kg.open(str(built_store / "kg-store")) as g:
        assert "conflicts" in g.queries() and g.queries()["leaderboard"] == ("dataset", "metric", "setting", "quoted")
        steps = g.query("progress", dataset="ImageNet", metric="top-1 accuracy")
        assert [s["value"] for s in steps] == [78.2, 81.5, 83.2]
        assert g.sparql("SELECT ?v WHERE { ?r kg:modelName ?m ; schema:value ?v } ORDER BY ?v", m="ResNet-50") == [{"v": 85.0}]
        with pytest.raises(UnknownQuery, match=r"\[Q001\]"):
            g.query("progres")
        with pytest.raises(ParameterError, match=r"\[Q002\]"):
            g.query("progress", dataset="ImageNet")
        with pytest.raises(QueryError, match=r"\[Q008\]"):
            g.cypher("MATCH (n) RETURN n")
        with pytest.raises(QueryError, match=r"\[Q005\]"):
            g.sparql("INSERT DATA { <urn:a> <urn:b> 'c' }")
        assert "kg-store" not in repr(g)


@pytest.mark.neo4j
def test_api_cypher_on_neo4j(neo4j_server, neo4j_store, nlp_fast):
    from kg.build import build

    build([TEST_DATA / "progress_papers.jsonl"], neo4j_store, nlp=nlp_fast)
    with kg.open(neo4j_server["uri"], user=neo4j_server["user"], password=neo4j_server["password"]) as g:
        assert [s["model"] for s in g.query("progress", dataset="WikiText-103", metric="perplexity")] == [
            "AlphaNet", "BetaNet", "DeltaNet"]
        assert g.cypher("MATCH (r:Result {own: false}) RETURN count(r) AS n") == [{"n": 3}]
        assert g.cypher("MATCH (r:Result) WHERE r.value > $v RETURN r.value AS v", v=89.0) == [{"v": 90.1}]
        with pytest.raises(QueryError, match=r"\[Q008\]"):
            g.sparql("SELECT * WHERE { ?s ?p ?o }")
