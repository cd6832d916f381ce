"""What only Neo4jStore does, against the real Neo4j server: schema, analytics write-back, rows equal to the
embedded store's, hostile names. The contract both stores share (and every canned answer) is test_stores.py."""

from __future__ import annotations

import dataclasses
import json

import pytest

import queries
from kg.core.errors import QueryError, StoreError
from kg.core.graph import Edge, GraphRows, Node
from kg.core.vocab import RELATIONS
from kg.stores.neo4j import Neo4jStore
from kg.stores.neo4j_queries import NEW_PAPERS, write_statements

pytestmark = pytest.mark.neo4j


def test_neo4j_schema_constraints_first(neo4j_store):
    neo4j_store.ensure_schema()
    rows = neo4j_store.cypher("SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN labelsOrTypes[0] AS label, properties[0] AS prop")
    assert {("Paper", "key"), ("Model", "key"), ("Result", "key"), ("Claim", "key")} <= {(r["label"], r["prop"]) for r in rows}


def test_neo4j_schema_follows_the_vocabulary_as_far_as_the_edition_allows(neo4j_store):
    from kg.core.vocab import MENTION_PROPERTIES, MENTION_TYPES, NODE_PROPERTIES
    from kg.stores.neo4j import schema_statements

    assert neo4j_store.edition() == "community"  # the test server: uniqueness constraints only
    neo4j_store.ensure_schema()
    rows = neo4j_store.cypher("SHOW CONSTRAINTS YIELD name, type RETURN name, type")
    assert {r["name"] for r in rows} >= {s.split()[2] for s in schema_statements(enterprise=False)}
    assert {r["type"] for r in rows} == {"UNIQUENESS"}
    enterprise = "\n".join(schema_statements(enterprise=True))
    for label, properties in NODE_PROPERTIES.items():
        for name, (least, _) in properties.items():
            assert f"FOR (n:{label}) REQUIRE n.{name} IS ::" in enterprise
            if least and name not in ("key", "content_hash"):  # key: NODE KEY; content_hash is written last
                assert f"FOR (n:{label}) REQUIRE n.{name} IS NOT NULL" in enterprise
    for rel in MENTION_TYPES:
        for name, (least, _) in MENTION_PROPERTIES.items():
            assert (f"FOR ()-[r:{rel}]-() REQUIRE r.{name} IS NOT NULL" in enterprise) == bool(least)


def test_neo4j_analysis_is_written_back_and_left_out_of_rows_and_counts(neo4j_store, rdf_seed_store, seed_rows):
    from kg.analyze import analyze_store
    from kg.validate import validate_store

    neo4j_store.add(seed_rows)
    before = (queries.counts(neo4j_store), neo4j_store.rows())
    analysis, _ = analyze_store(neo4j_store)
    again, _ = analyze_store(neo4j_store)  # replaces, never adds
    assert analysis == again
    links = neo4j_store.cypher("MATCH ()-[c:CO_USED_WITH]->() RETURN count(c) AS n")[0]["n"]
    assert links == len(analysis.co_usage) > 0
    figures = neo4j_store.cypher("MATCH (e) WHERE e.centrality IS NOT NULL RETURN count(e) AS n")[0]["n"]
    assert figures == len(analysis.entities)
    after = (queries.counts(neo4j_store), neo4j_store.rows())
    assert after[0] == before[0] == queries.counts(rdf_seed_store)
    assert {n.ref: n.props for n in after[1].nodes} == {n.ref: n.props for n in before[1].nodes}
    assert validate_store(neo4j_store).conforms


def test_neo4j_analysis_equals_the_embedded_stores(neo4j_store, rdf_seed_store, seed_rows):
    """Both stores feed analyze the same rows, so Louvain (seeded) and PageRank give the same figures."""
    from kg.analyze import analyze, usage_from_rows

    neo4j_store.add(seed_rows)
    assert queries.run(neo4j_store, "entity_usage") == queries.run(rdf_seed_store, "entity_usage")
    assert analyze(usage_from_rows(queries.run(neo4j_store, "entity_usage"))) == analyze(
        usage_from_rows(queries.run(rdf_seed_store, "entity_usage")))




def test_neo4j_rows_equal_rdf_rows(neo4j_store, rdf_seed_store, seed_rows):
    neo4j_store.add(seed_rows)
    a, b = neo4j_store.rows(), rdf_seed_store.rows()
    assert {n.ref: n.props for n in a.nodes} == {n.ref: n.props for n in b.nodes}
    assert {(e.src, e.type, e.dst): e.props for e in a.edges} == {(e.src, e.type, e.dst): e.props for e in b.edges}




HOSTILE = ['Model "quoted" \\ back', "it's {braced} $param", "line\nbreak // MATCH (n) DETACH DELETE n", "} DROP ALL ; #"]


@pytest.mark.parametrize("name", HOSTILE)
def test_neo4j_hostile_names_round_trip(neo4j_store, name):
    from kg.core.ids import entity_key

    key = entity_key(name) or "x"
    rows = GraphRows(
        [Node("Paper", "p-hostile", {"key": "p-hostile", "id": "p-hostile", "title": name, "content_hash": "h"}),
         Node("Dataset", key, {"key": key, "name": name})],
        [Edge("EVALUATES_ON", ("Paper", "p-hostile"), ("Dataset", key), {"name": name, "sentence": name})],
    )
    neo4j_store.add([rows])
    back = neo4j_store.rows()
    assert {n.props.get("title") or n.props.get("name") for n in back.nodes} == {name}
    assert queries.run(neo4j_store, "papers_using_dataset", dataset=name) == [
        {"paper": "p-hostile", "title": name, "relation": "EVALUATES_ON"}
    ]


def test_neo4j_cypher_is_read_only_unless_write(neo4j_store):
    with pytest.raises(QueryError, match=r"\[Q005\]"):
        neo4j_store.cypher("CREATE (:Paper {key: 'x'})")
    neo4j_store.cypher("CREATE (:Scratch {key: 'x'})", write=True)
    assert neo4j_store.cypher("MATCH (n:Scratch) RETURN count(n) AS n") == [{"n": 1}]


def test_neo4j_wrong_password_is_one_line_without_the_password(neo4j_server):
    secret = "not-the-password-" + "x" * 8
    with pytest.raises(StoreError, match=r"\[S011\]") as info:
        Neo4jStore.from_url(neo4j_server["uri"], user=neo4j_server["user"], password=secret)
    assert secret not in str(info.value) and neo4j_server["uri"] in str(info.value)


def test_neo4j_wrong_database(neo4j_server):
    with pytest.raises(StoreError, match=r"\[S012\]"):
        Neo4jStore.from_url(neo4j_server["uri"], user=neo4j_server["user"], password=neo4j_server["password"],
                            database="nosuchdb")


def test_neo4j_server_down():
    with pytest.raises(StoreError, match=r"\[S010\]"):
        Neo4jStore.from_url("bolt://127.0.0.1:1", user="neo4j", password="whatever")


def test_neo4j_leaderboard_ranks_absolute_results_only(neo4j_store, nlp_fast):
    """An improvement is a result, queryable in `improvements`, never a leaderboard row."""
    from .test_results import check_leaderboard_is_absolute_only, leaderboard_rows

    neo4j_store.add(leaderboard_rows(nlp_fast))
    check_leaderboard_is_absolute_only(neo4j_store)


def _operators(plan: dict) -> set[str]:
    """The operator types of a query plan (the driver's `summary.plan`), all levels."""
    return {plan["operatorType"].split("@")[0]} | {op for child in plan.get("children", []) for op in _operators(child)}


@pytest.mark.parametrize("name", [name for name, _ in write_statements()], ids=str)
def test_neo4j_each_write_statement_finds_its_nodes_through_the_key_constraints_or_ids_without_eager(neo4j_store, name):
    statement = dict(write_statements())[name]
    neo4j_store.ensure_schema()
    with neo4j_store.driver.session(database=neo4j_store.database) as session:
        plan = session.run(f"EXPLAIN {statement}", rows=[]).consume().plan
    operators = _all_operators(plan)
    seeks = sum(1 for op in operators if op.startswith("NodeUniqueIndexSeek"))
    by_id = sum(1 for op in operators if op.startswith("NodeByElementIdSeek"))
    # a relationship's two ends by the element ids its node statements returned; a shared node
    # (entity, paper the store holds) by its key; a new paper, result or claim is only created
    assert (seeks, by_id) == ((0, 2) if name in RELATIONS else (0, 0) if name in ("Result", "Claim", NEW_PAPERS) else (1, 0)), (
        name, operators)
    # an Eager holds every row of the batch before the next operator starts: none in a write
    assert not _operators(plan) & {"AllNodesScan", "NodeByLabelScan", "Eager"}, _operators(plan)


def _all_operators(plan: dict) -> list[str]:
    return [plan["operatorType"].split("@")[0], *(op for child in plan.get("children", []) for op in _all_operators(child))]


@pytest.mark.parametrize("per_transaction", [1, 7, 1000])
def test_neo4j_load_in_transactions_of_any_size_equals_rdf(neo4j_store, rdf_seed_store, seed_rows, per_transaction):
    neo4j_store.clear()
    stats = neo4j_store.add(seed_rows, papers_per_transaction=per_transaction)
    assert stats.papers == len(seed_rows)
    assert queries.counts(neo4j_store) == queries.counts(rdf_seed_store)
    again = neo4j_store.add(seed_rows, papers_per_transaction=per_transaction)
    assert again.papers == 0 and again.unchanged == len(seed_rows)


def _dumped(rows) -> list[str]:
    return sorted(json.dumps(dataclasses.asdict(x), sort_keys=True, default=str) for x in [*rows.nodes, *rows.edges])


@pytest.mark.parametrize("sessions", [2, 3])
def test_neo4j_load_with_transactions_in_flight_equals_one_at_a_time(neo4j_store, seed_rows, sessions):
    default = neo4j_store.write_sessions
    neo4j_store.clear()
    neo4j_store.write_sessions = 1
    try:
        neo4j_store.add(seed_rows, papers_per_transaction=3)
        one_at_a_time = _dumped(neo4j_store.rows())
        neo4j_store.clear()
        neo4j_store.write_sessions = sessions
        stats = neo4j_store.add(seed_rows, papers_per_transaction=3)
        again = neo4j_store.add(seed_rows, papers_per_transaction=3)
    finally:
        neo4j_store.write_sessions = default
    assert stats.papers == len(seed_rows) and again.unchanged == len(seed_rows)
    assert _dumped(neo4j_store.rows()) == one_at_a_time
