"""kg.cli when files and stores fail: one line on stderr and a non-zero exit, nothing half written;
and `kg sparql` never changes a store without --write."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.core.graph import GraphRows, Node
from kg.stores import open_store

from .conftest import TEST_DATA, kg, one_line_error

# --- the command line when files and stores fail -------------------------------------------------


@pytest.fixture(scope="module")
def not_a_dir(tmp_path_factory):
    """A regular file: no directory can be created under it, not even by root."""
    path = tmp_path_factory.mktemp("blocked") / "plain-file"
    path.write_text("not a directory\n")
    return path


@pytest.mark.parametrize("store", ["{file}/store", "{file}", "/proc/kg-store", "/proc/self/kg-store", "/sys/kernel"])
def test_cli_unwritable_store_is_one_line(not_a_dir, store):
    store = store.format(file=not_a_dir)
    proc = kg("build", TEST_DATA / "listing.txt", "--store", store, "--html", "", "--fast", check=False)
    assert "[S003]" in one_line_error(proc) and store in proc.stderr
    proc = kg("query", "counts", "--store", store, check=False)
    assert "[S003]" in one_line_error(proc)


def test_cli_corrupt_store_is_one_line(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / "CURRENT").write_text("garbage\n")
    proc = kg("query", "counts", "--store", store, check=False)
    assert "[S003]" in one_line_error(proc)


def test_cli_store_in_use_is_one_line(tmp_path):
    """A second writer is refused in one line; a reader opens the store read-only and runs."""
    store = open_store(str(tmp_path / "store"))
    try:
        proc = kg("analyze", "--store", tmp_path / "store", check=False)
        query = kg("query", "counts", "--store", tmp_path / "store", check=False)
    finally:
        store.close()
    assert "[S005]" in one_line_error(proc) and "in use by another kg process" in proc.stderr
    assert query.returncode == 0, query.stderr


def test_cli_missing_input_among_good_ones_writes_nothing(tmp_path):
    proc = kg("build", TEST_DATA / "listing.txt", tmp_path / "nope.jsonl", "--store", tmp_path / "store", "--fast",
              check=False)
    assert "[I001]" in one_line_error(proc) and "nope.jsonl" in proc.stderr
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("args", [["extract", "{missing}"], ["extract", "{dir}"],
                                  ["build", "{dir}", "--store", "memory:"]])
def test_cli_extract_and_build_bad_inputs_are_one_line(tmp_path, args):
    args = [a.format(missing=tmp_path / "missing.csv", dir=tmp_path) for a in args]
    proc = kg(*args, "--fast", check=False)
    assert re.search(r"\[I00[12]\]", one_line_error(proc))


@pytest.mark.parametrize("args", [
    ["export", "--format", "nt", "-o", "{file}/g.nt", "--store", "memory:"],
    ["extract", str(TEST_DATA / "listing.txt"), "--fast", "-o", "{file}/x.jsonl"],
    ["build", str(TEST_DATA / "listing.txt"), "--fast", "--store", "memory:", "--html", "{file}/g.html"],
])
def test_cli_unwritable_outputs_are_one_line(not_a_dir, args):
    proc = kg(*[a.format(file=not_a_dir) for a in args], check=False)
    assert str(not_a_dir) in one_line_error(proc)


# --- SPARQL through the command line is read-only unless --write -------------------------------

UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> 'c' }",
    "insert data { <urn:a> <urn:b> 'c' }",
    "PREFIX ex: <urn:ex:>\n# a comment\nINSERT DATA { ex:a ex:b 'c' }",
    "DELETE WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP DEFAULT",
    "# INSERT in a comment first\n  DELETE DATA { <urn:a> <urn:b> 'c' }",
]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("sparql") / "store"
    kg("build", TEST_DATA / "listing.txt", "--store", path, "--html", "", "--fast")
    return path


def store_size(path: Path) -> int:
    store = open_store(str(path))
    try:
        return len(store)
    finally:
        store.close()


@pytest.mark.parametrize("update", UPDATES[::2])
def test_cli_sparql_refuses_updates_without_write(small_store, update):
    before = store_size(small_store)
    proc = kg("sparql", update, "--store", small_store, check=False)
    assert "[Q005]" in one_line_error(proc) and proc.returncode == 1
    assert store_size(small_store) == before


def test_cli_sparql_update_with_write(small_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(small_store, store)
    ask = "ASK { <urn:paperkg:test> <urn:paperkg:p> 'added' }"
    assert json.loads(kg("sparql", ask, "--store", store, "-f", "json").stdout) == [{"answer": False}]
    kg("sparql", "INSERT DATA { <urn:paperkg:test> <urn:paperkg:p> 'added' }", "--store", store, "--write")
    assert json.loads(kg("sparql", ask, "--store", store, "-f", "json").stdout) == [{"answer": True}]


@settings(max_examples=60, deadline=None)
@given(text=st.one_of(st.text(max_size=80), st.sampled_from(UPDATES).map(lambda u: "  \n" + u.lower())))
def test_cli_sparql_without_write_never_changes_the_store(text):
    from kg.core.errors import QueryError

    store = open_store("memory:")
    try:
        store.add([GraphRows([Node("Paper", "p", {"key": "p", "id": "p", "title": "T", "content_hash": "h"})])])
        before = len(store)
        try:
            store.sparql(text)
        except QueryError:
            pass
        assert len(store) == before
    finally:
        store.close()
