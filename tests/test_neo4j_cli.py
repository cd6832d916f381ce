"""`kg` against a real Neo4j: build, query, cypher, export, and readable connection errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import TEST_DATA

pytestmark = pytest.mark.neo4j


def kg(*args, env=None, check=True):
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200", **(env or {})})
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {args} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture()
def env(neo4j_server, neo4j_store):
    return {"NEO4J_USER": neo4j_server["user"], "NEO4J_PASSWORD": neo4j_server["password"]}


def test_neo4j_cli_build_query_cypher_export(neo4j_server, env, tmp_path):
    uri = neo4j_server["uri"]
    proc = kg("build", TEST_DATA / "listing.txt", "--store", uri, "--html", "", "--fast", env=env)
    assert "papers loaded" in proc.stdout and "nodes/s" in proc.stdout
    rows = json.loads(kg("query", "leaderboard", "-p", "dataset=WikiText-103", "-p", "metric=perplexity",
                         "--store", uri, "-f", "json", env=env).stdout)
    assert rows[0]["value"] == 15.8
    n = json.loads(kg("cypher", "MATCH (p:Paper) RETURN count(p) AS n", "--store", uri, "-f", "json", env=env).stdout)
    assert n == [{"n": 6}]
    again = kg("build", TEST_DATA / "listing.txt", "--store", uri, "--html", "", "--fast", env=env)
    assert "papers unchanged" in again.stdout
    assert json.loads(kg("cypher", "MATCH (p:Paper) RETURN count(p) AS n", "--store", uri, "-f", "json", env=env).stdout) == n
    kg("export", "--format", "ttl", "-o", tmp_path / "g.ttl", "--store", uri, env=env)
    assert (tmp_path / "g.ttl").stat().st_size > 1000


def test_neo4j_cli_cypher_read_only_by_default(neo4j_server, env):
    proc = kg("cypher", "CREATE (n:Scratch) RETURN n", "--store", neo4j_server["uri"], env=env, check=False)
    assert proc.returncode == 1 and "[Q005]" in proc.stderr
    kg("cypher", "CREATE (n:Scratch) RETURN count(n) AS n", "--store", neo4j_server["uri"], "--write", env=env)


def test_neo4j_cli_wrong_password_never_printed(neo4j_server, neo4j_store):
    secret = "Sup3r-Secret-Wrong-Pw"
    proc = kg("query", "counts", "--store", neo4j_server["uri"], env={"NEO4J_PASSWORD": secret}, check=False)
    assert proc.returncode == 1 and "[S011]" in proc.stderr
    assert secret not in proc.stderr + proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("store, code", [("bolt://127.0.0.1:1", "[S010]")])
def test_neo4j_cli_server_down(store, code):
    proc = kg("query", "counts", "--store", store, env={"NEO4J_PASSWORD": "x"}, check=False)
    assert proc.returncode == 1 and code in proc.stderr and "Traceback" not in proc.stderr
