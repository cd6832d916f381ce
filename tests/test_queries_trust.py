"""Leaderboards people can trust: `progress`, `conflicts` and `leaderboard` (own versus quoted,
settings) on an invented corpus of dated papers, in the embedded store and on the real Neo4j.

tests/data/progress_papers.jsonl plants, through the real extraction:
- WikiText-103 perplexity (lower is better): 24.1 (2021-03), 20.5 (2021-09), 18.3 (2022-06), then
  19.0 and 19.5, no better, and BetaNet's 20.52 quoted by KappaNet (within rounding of its 20.5);
- ImageNet top-1 accuracy (higher is better): 78.2, 77.0, 81.5, 83.2, and ResNet-50's 85.0 quoted by
  GammaNet's paper; "GammaNet outperforms BetaNet on ImageNet", which the numbers bear out;
- MMLU accuracy: ZetaNet's own 71.2% zero-shot and 75.9% zero-shot quoted by EtaNet's paper (the
  planted conflict), EtaNet's 80.3% zero-shot, LambdaNet's 90.1% after fine-tuning;
- SQuAD F1: "ThetaNet outperforms IotaNet", but ThetaNet's 85.0 is below IotaNet's 88.4 (the
  planted contradicted claim).
"""

from __future__ import annotations

import math

import pytest

import queries
from kg.core.graph import graph_rows
from kg.papers import read_papers
from kg.stores import open_store

from .conftest import TEST_DATA

INVENTED = TEST_DATA / "progress_papers.jsonl"

PERPLEXITY = {"dataset": "WikiText-103", "metric": "perplexity"}
ACCURACY = {"dataset": "ImageNet", "metric": "top-1 accuracy"}
MMLU = {"dataset": "MMLU", "metric": "accuracy"}
SQUAD = {"dataset": "SQuAD", "metric": "F1"}


@pytest.fixture(scope="module")
def invented_rows(nlp_fast):
    import extractors

    return [graph_rows(x) for x in extractors.extract(read_papers([INVENTED]), nlp=nlp_fast)]


@pytest.fixture(scope="module")
def invented_rdf(invented_rows):
    store = open_store("memory:")
    store.add(invented_rows)
    yield store
    store.close()


@pytest.fixture(params=["oxigraph", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, invented_rows, invented_rdf):
    """The invented corpus in each store."""
    if request.param == "oxigraph":
        return invented_rdf
    neo4j_store = request.getfixturevalue("neo4j_store")
    neo4j_store.add(invented_rows)
    return neo4j_store


def _steps(rows):
    return [(r["date"], r["value"], r["model"], r["paper"], r["own"]) for r in rows]


@pytest.mark.parametrize("params, steps", [
    (PERPLEXITY, [("2021-03-01", 24.1, "AlphaNet", "inv.0001", True), ("2021-09-15", 20.5, "BetaNet", "inv.0002", True),
                  ("2022-06-01", 18.3, "DeltaNet", "inv.0004", True)]),
    (ACCURACY, [("2021-03-01", 78.2, "AlphaNet", "inv.0001", True), ("2022-02-10", 81.5, "GammaNet", "inv.0003", True),
                ("2023-01-20", 83.2, "EpsilonNet", "inv.0005", True)]),
    # quoted numbers count only when asked for, and say so
    ({**ACCURACY, "quoted": "yes"}, [("2021-03-01", 78.2, "AlphaNet", "inv.0001", True),
                                     ("2022-02-10", 85.0, "ResNet-50", "inv.0003", False)]),
    ({**MMLU, "setting": "zero-shot"}, [("2023-05-02", 71.2, "ZetaNet", "inv.0006", True),
                                        ("2023-08-11", 80.3, "EtaNet", "inv.0007", True)]),
])
def test_queries_trust_progress_is_the_best_so_far_in_date_order(store, params, steps):
    rows = queries.run(store, "progress", **params)
    assert _steps(rows) == steps
    for row in rows:  # each step shows its evidence: the sentence that states the value
        assert f"{row['value']:g}" in row["evidence"] and row["model"] in row["evidence"]
        assert row["title"]


def test_queries_trust_progress_never_mixes_settings_it_is_asked_to_keep_apart(store):
    assert _steps(queries.run(store, "progress", **MMLU, setting="fine-tuned")) == [
        ("2024-03-08", 90.1, "LambdaNet", "inv.0011", True)]
    assert queries.run(store, "progress", **MMLU, setting="none") == []


def test_queries_trust_default_leaderboards_are_own_results_only(store):
    for params in (PERPLEXITY, ACCURACY, MMLU, SQUAD):
        rows = queries.run(store, "leaderboard", **params)
        assert rows and all(r["own"] is True for r in rows), params
    quoted = queries.run(store, "leaderboard", **ACCURACY, quoted="yes")
    assert [(r["model"], r["value"], r["own"]) for r in quoted[:2]] == [("ResNet-50", 85.0, False), ("EpsilonNet", 83.2, True)]
    assert [r["value"] for r in queries.run(store, "leaderboard", **ACCURACY)] == [83.2, 81.5, 78.2, 77.0]


def test_queries_trust_leaderboard_groups_and_filters_by_setting(store):
    rows = queries.run(store, "leaderboard", **MMLU)
    assert [(r["settings"], r["model"], r["value"]) for r in rows] == [
        ("fine-tuned", "LambdaNet", 90.1), ("zero-shot", "EtaNet", 80.3), ("zero-shot", "ZetaNet", 71.2)]
    zero_shot = queries.run(store, "leaderboard", **MMLU, setting="Zero-Shot", quoted="true")
    assert [(r["model"], r["value"], r["own"]) for r in zero_shot] == [
        ("EtaNet", 80.3, True), ("ZetaNet", 75.9, False), ("ZetaNet", 71.2, True)]
    assert queries.run(store, "leaderboard", **MMLU, setting="none") == []
    assert [r["settings"] for r in queries.run(store, "leaderboard", **PERPLEXITY, setting="none")] == ["", "", "", "", ""]


def test_queries_trust_conflicts_are_the_planted_two_and_nothing_else(store):
    rows = queries.run(store, "conflicts")
    assert [(r["kind"], r["model"], r["other"], r["dataset"], r["metric"], r["settings"], r["value"], r["other_value"],
             r["paper"], r["other_paper"]) for r in rows] == [
        ("claim", "ThetaNet", "IotaNet", "SQuAD", "F1", "", 85.0, 88.4, "inv.0008", "inv.0009"),
        ("values", "ZetaNet", "ZetaNet", "MMLU", "Accuracy", "zero-shot", 71.2, 75.9, "inv.0006", "inv.0007"),
    ]
    claim, values = rows
    assert claim["evidence"] == "ThetaNet outperforms IotaNet on SQuAD."
    assert claim["other_evidence"] == "IotaNet achieves an F1 of 88.4 on SQuAD."
    assert values["evidence"] == "ZetaNet achieves 71.2% zero-shot accuracy on MMLU."
    assert values["other_evidence"] == "EtaNet reaches 80.3% zero-shot accuracy on MMLU, while ZetaNet obtains 75.9%."


@pytest.mark.parametrize("name, params", [
    ("progress", PERPLEXITY), ("progress", ACCURACY), ("progress", {**ACCURACY, "quoted": "yes"}),
    ("progress", {**MMLU, "setting": "zero-shot"}), ("leaderboard", MMLU), ("leaderboard", {**ACCURACY, "quoted": "yes"}),
    ("conflicts", {}),
])
@pytest.mark.neo4j
def test_queries_trust_cypher_twins_return_the_sparql_rows(neo4j_store, invented_rows, invented_rdf, name, params):
    neo4j_store.add(invented_rows)
    sparql_rows, cypher_rows = queries.run(invented_rdf, name, **params), queries.run(neo4j_store, name, **params)
    assert sparql_rows
    assert [list(r) for r in cypher_rows] == [list(r) for r in sparql_rows]
    for c, s in zip(cypher_rows, sparql_rows, strict=True):
        assert all(c[k] == s[k] or math.isclose(c[k], s[k]) for k in s), (name, c, s)


@pytest.mark.parametrize("value", ["maybe", "2", ""])
def test_queries_trust_a_flag_takes_yes_or_no(value):
    from kg.core.errors import ParameterError

    query = queries.load("leaderboard")
    if value == "":  # left out: the default
        assert queries.bind(query, {**MMLU, "quoted": value})["quoted"] == "no"
        return
    with pytest.raises(ParameterError, match=r"\[Q009\]"):
        queries.bind(query, {**MMLU, "quoted": value})


def test_queries_trust_optional_parameters_have_defaults():
    query = queries.load("progress")
    assert query.params == ("dataset", "metric", "setting", "quoted")
    assert dict(query.defaults) == {"setting": "any", "quoted": "no"}
    bound = queries.bind(query, PERPLEXITY)
    assert (bound["setting"], bound["quoted"]) == ("any", "no")
