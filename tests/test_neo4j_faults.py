"""Neo4j under faults: a load killed midway and re-run, hostile text, credentials in
`.env` and in URIs, writes refused in read mode. Runs against the real server."""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import queries
from kg.analyze import analyze, usage_from_rows
from kg.core.errors import KGError, QueryError
from kg.core.graph import graph_rows
from kg.stores import open_store

from .conftest import ENV, KG, REPO, SEEDED, kg, one_line_error
from .test_stores_hostile import HOSTILE, canned_params, expected_rows, hostile_extraction, rows_as_sets

pytestmark = pytest.mark.neo4j

N_PAPERS = 300
PAPERS_LOADED = "MATCH (p:Paper) RETURN count(p) AS papers, count(p.content_hash) AS marked"
DUPLICATE_KEYS = ("MATCH (n) UNWIND labels(n) AS label WITH label, n.key AS key, count(*) AS c "
                  "WHERE c > 1 OR key IS NULL RETURN label, key, c")
DUPLICATE_RELS = "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(r) AS c WHERE c > 1 RETURN t, c LIMIT 5"


def auth_env(server, **extra):
    return {"NEO4J_USER": server["user"], "NEO4J_PASSWORD": server["password"], **SEEDED, **extra}


def snapshot(store):
    return queries.counts(store), rows_as_sets(store.rows())


@pytest.fixture(scope="module")
def arxiv_small(shared_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("neo4j-arxiv") / f"arxiv_{N_PAPERS}.jsonl"
    with gzip.open(shared_dir / "data" / "arxiv" / "arxiv_cs_abstracts.jsonl.gz", "rt", encoding="utf-8") as f:
        path.write_text("".join(line for _, line in zip(range(N_PAPERS), f)), encoding="utf-8")
    return path


@pytest.mark.slow
def test_neo4j_load_killed_midway_then_rerun_is_complete(neo4j_server, neo4j_store, arxiv_small, tmp_path):
    uri, env = neo4j_server["uri"], auth_env(neo4j_server)
    kg("build", arxiv_small, "--store", uri, "--html", "", "--fast", env=env)
    clean_counts, clean_rows = snapshot(neo4j_store)
    assert clean_counts["Paper"] == N_PAPERS
    neo4j_store.clear()
    # Kill once one transaction of papers has landed and before the last one.
    log = tmp_path / "killed-build.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([*KG, "build", str(arxiv_small), "--store", uri, "--html", "", "--fast"],
                                stdout=out, stderr=subprocess.STDOUT, env={**ENV, **env, "NEO4J_PAPERS_PER_TRANSACTION": "100"},
                                cwd=REPO)
    try:
        state, deadline = {"papers": 0, "marked": 0}, time.monotonic() + 600
        while proc.poll() is None and time.monotonic() < deadline:
            state = neo4j_store.cypher(PAPERS_LOADED)[0]
            if state["marked"] > 0:
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"the load ended before it was interrupted ({state}):\n{log.read_text()[-2000:]}"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    state = neo4j_store.cypher(PAPERS_LOADED)[0]
    assert 0 < state["marked"] == state["papers"] < N_PAPERS, state  # whole transactions only
    rerun = kg("build", arxiv_small, "--store", uri, "--html", "", "--fast", env=env)
    assert "papers unchanged" in rerun.stdout
    assert neo4j_store.cypher(DUPLICATE_KEYS) == []
    assert neo4j_store.cypher(DUPLICATE_RELS) == []
    counts, rows = snapshot(neo4j_store)
    assert counts == clean_counts
    assert rows == clean_rows  # nothing missing, nothing extra, same properties


def test_neo4j_input_integers_beyond_64_bits_still_load(neo4j_server, neo4j_store, tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "big", "title": "Big numbers", "abstract": "We evaluate on ImageNet.",
                                "upvotes": 10**30, "author_count": -(10**25)}) + "\n")
    kg("build", path, "--store", neo4j_server["uri"], "--html", "", "--fast", env=auth_env(neo4j_server))
    assert neo4j_store.cypher("MATCH (p:Paper {key: 'big'}) RETURN p.upvotes AS u, p.title AS t") == [
        {"u": None, "t": "Big numbers"}]


# --- hostile text --------------------------------------------------------------------------------


@pytest.mark.parametrize("i, text", list(enumerate(HOSTILE)))
def test_neo4j_hostile_text_round_trips_and_every_canned_query_agrees(neo4j_store, i, text):
    extraction = hostile_extraction(i, text)
    neo4j_store.add([graph_rows(extraction)])
    rdf = open_store("memory:")
    try:
        rdf.add([graph_rows(extraction)])
        assert rows_as_sets(neo4j_store.rows()) == expected_rows([extraction])
        for store in (neo4j_store, rdf):  # analysed down to one paper, as the embedded hostile store is
            store.write_analytics(analyze(usage_from_rows(queries.run(store, "entity_usage")), min_papers=1, min_shared=1))
        assert rows_as_sets(neo4j_store.rows()) == expected_rows([extraction])
        for name, params in canned_params(i, text).items():
            rows = queries.run(neo4j_store, name, **params)
            assert rows and rows == queries.run(rdf, name, **params), name
    finally:
        rdf.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=30))
@example(text="\x00 nul")
@example(text="\r\u2028\u0085 breaks")
@example(text="\U0001f600 \ufeff \u202e rtl")
def test_neo4j_any_text_round_trips(neo4j_store, text):
    neo4j_store.clear()
    extraction = hostile_extraction(0, text)
    neo4j_store.add([graph_rows(extraction)])
    assert rows_as_sets(neo4j_store.rows()) == expected_rows([extraction])
    params = canned_params(0, text)
    assert [r["paper"] for r in queries.run(neo4j_store, "papers_using_dataset", **params["papers_using_dataset"])] == [
        extraction.paper.id]


# --- credentials ---------------------------------------------------------------------------------


def kg_in(cwd, *args, env):
    """`kg` run in `cwd` (where it reads `.env`), with no Neo4j variables but `env`'s."""
    base = {k: v for k, v in ENV.items() if not k.startswith("NEO4J_")}
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, cwd=cwd, env={**base, **env},
                          timeout=300)


def test_neo4j_dotenv_is_honoured(neo4j_server, neo4j_store, tmp_path):
    (tmp_path / ".env").write_text(f"# test\nNEO4J_USER={neo4j_server['user']}\n"
                                   f"NEO4J_PASSWORD='{neo4j_server['password']}'\n")
    proc = kg_in(tmp_path, "query", "counts", "--store", neo4j_server["uri"], "-f", "json", env={})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_neo4j_environment_overrides_dotenv(neo4j_server, neo4j_store, tmp_path):
    (tmp_path / ".env").write_text(f"NEO4J_PASSWORD={neo4j_server['password']}\n")
    proc = kg_in(tmp_path, "query", "counts", "--store", neo4j_server["uri"],
                 env={"NEO4J_PASSWORD": "env-wins-and-is-wrong"})
    assert "[S011]" in one_line_error(proc)


@pytest.mark.parametrize("debug", [False, True])
def test_neo4j_wrong_password_from_dotenv_never_printed(neo4j_server, tmp_path, debug):
    secret = "Dotenv-Wrong-Secret-7731"
    (tmp_path / ".env").write_text(f"NEO4J_USER={neo4j_server['user']}\nNEO4J_PASSWORD={secret}\n")
    args = ["--debug"] * debug + ["query", "counts", "--store", neo4j_server["uri"]]
    proc = kg_in(tmp_path, *args, env={})
    assert proc.returncode == 1 and "[S011]" in proc.stderr
    assert secret not in proc.stdout + proc.stderr
    if debug:
        assert "Traceback" in proc.stderr and "DEBUG" in proc.stderr  # the debug logs were on
    else:
        assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_neo4j_password_in_the_uri_never_printed(neo4j_server, tmp_path, debug, scheme):
    secret = "Uri-Secret-4410"
    uri = neo4j_server["uri"].replace("bolt://", f"{scheme}://{neo4j_server['user']}:{secret}@")
    proc = kg_in(tmp_path, *(["--debug"] * debug), "query", "counts", "--store", uri, env={"NEO4J_PASSWORD": "x"})
    assert proc.returncode == 1 and "[S014]" in proc.stderr
    assert secret not in proc.stdout + proc.stderr


# --- read-only Cypher ----------------------------------------------------------------------------

WRITES = [
    "CREATE (:Scratch {key: 'x'})",
    "MERGE (n:Paper {key: 'p-new'}) RETURN n.key AS key",
    "MATCH (n) SET n.touched = true",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Paper) REMOVE n.title",
    "FOREACH (i IN range(1, 3) | CREATE (:Scratch {i: i}))",
    "CALL () { CREATE (:Scratch) } RETURN 1 AS one",
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS",
    "CREATE INDEX scratch_idx IF NOT EXISTS FOR (n:Scratch) ON (n.k)",
    "DROP CONSTRAINT paper_key IF EXISTS",
    "MATCH (p:Paper) WITH p LIMIT 1 CREATE (p)-[:USES]->(:Model {key: 'injected'})",
]


@pytest.fixture()
def loaded_neo4j(neo4j_store):
    neo4j_store.add([graph_rows(hostile_extraction(0, "x"))])
    return neo4j_store


def schema_and_counts(store):
    constraints = store.cypher("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")[0]["names"]
    indexes = store.cypher("SHOW INDEXES YIELD name RETURN collect(name) AS names")[0]["names"]
    return queries.counts(store), sorted(constraints), sorted(indexes), rows_as_sets(store.rows())


@pytest.mark.parametrize("query", WRITES)
def test_neo4j_cypher_writes_refused_without_write(loaded_neo4j, query):
    before = schema_and_counts(loaded_neo4j)
    with pytest.raises(KGError) as info:
        loaded_neo4j.cypher(query)
    assert isinstance(info.value, QueryError) or "[S015]" in str(info.value), info.value
    assert schema_and_counts(loaded_neo4j) == before


def test_neo4j_cli_cypher_merge_refused_then_written(neo4j_server, loaded_neo4j):
    uri, env = neo4j_server["uri"], auth_env(neo4j_server)
    query = "MERGE (n:Scratch {key: 'cli'}) RETURN count(n) AS n"
    proc = kg("cypher", query, "--store", uri, env=env, check=False)
    assert "[Q005]" in one_line_error(proc)
    assert loaded_neo4j.cypher("MATCH (n:Scratch) RETURN count(n) AS n") == [{"n": 0}]
    kg("cypher", query, "--store", uri, "--write", env=env)
    assert loaded_neo4j.cypher("MATCH (n:Scratch) RETURN count(n) AS n") == [{"n": 1}]
