"""The `kg` command end to end, as a user runs it: build, query, sparql, export, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED_LISTING, TEST_DATA

KG = [sys.executable, "-m", "kg.cli"]


def kg(*args, cwd=None, check=True):
    proc = subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "COLUMNS": "200", "PAPERKG_STORE": ""})
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(map(str, args))} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A store built from two inputs of different formats, and the build's output."""
    work = tmp_path_factory.mktemp("cli")
    proc = kg("build", TEST_DATA / "listing.txt", TEST_DATA / "arxiv_sample.jsonl", "--store", work / "store",
              "--html", work / "graph.html", "--fast")
    return work, proc


def test_cli_build_prints_summary_and_problems(built):
    work, proc = built
    assert "papers loaded" in proc.stdout and "results" in proc.stdout and "time" in proc.stdout
    assert "arxiv_sample.jsonl:5" in proc.stderr  # the malformed line, named
    assert (work / "graph.html").stat().st_size > 1000


def test_cli_build_twice_is_idempotent(built):
    work, _ = built
    before = json.loads(kg("query", "counts", "--store", work / "store", "--format", "json").stdout)
    proc = kg("build", TEST_DATA / "listing.txt", "--store", work / "store", "--html", "", "--fast")
    after = json.loads(kg("query", "counts", "--store", work / "store", "--format", "json").stdout)
    assert before == after
    assert "papers unchanged" in proc.stdout


def test_cli_query_list_and_formats(built):
    work, _ = built
    listing = kg("query", "--list").stdout
    assert "leaderboard" in listing and "dataset, metric" in listing
    rows = json.loads(kg("query", "leaderboard", "--store", work / "store", "-p", "dataset=wikitext-103",
                         "-p", "metric=Perplexity", "--format", "json").stdout)
    assert rows[0]["value"] == 15.8
    csv_out = kg("query", "proposals", "--store", work / "store", "-p", "since=0000", "--format", "csv").stdout
    assert csv_out.splitlines()[0] == "paper,title,proposed,type"


def test_cli_sparql_inline_and_file(built, tmp_path):
    work, _ = built
    text = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a schema:ScholarlyArticle }"
    out = json.loads(kg("sparql", text, "--store", work / "store", "-f", "json").stdout)
    assert out == [{"n": 11}]
    qfile = tmp_path / "q.rq"
    qfile.write_text(text)
    assert json.loads(kg("sparql", f"@{qfile}", "--store", work / "store", "-f", "json").stdout) == out


@pytest.mark.parametrize("fmt, name", [("ttl", "g.ttl"), ("nt", "g.nt"), ("jsonld", "g.jsonld"), ("graphml", "g.graphml"), ("csv", "csvdir")])
def test_cli_export_every_format(built, tmp_path, fmt, name):
    work, _ = built
    proc = kg("export", "--format", fmt, "-o", tmp_path / name, "--store", work / "store")
    assert "exported" in proc.stdout
    assert (tmp_path / name).exists()


def test_cli_extract_writes_one_record_per_paper(tmp_path):
    out = tmp_path / "x.jsonl"
    proc = kg("extract", SEED_LISTING, "-o", out, "--fast")
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 35 and "wrote 35 records" in proc.stderr
    for rec in records:
        abstract = rec["paper"]["abstract"]
        for ent in rec["entities"]:
            for m in ent["mentions"]:
                assert abstract[m["start"]:m["end"]] == m["text"]
        for res in rec["results"]:
            assert abstract[res["start"]:res["end"]] == res["text"]


def test_cli_extract_keeps_input_ids(tmp_path):
    proc = kg("extract", TEST_DATA / "arxiv_sample.jsonl", "--fast")
    ids = [json.loads(line)["paper"]["id"] for line in proc.stdout.splitlines()]
    assert ids[:2] == ["2508.10925", "2508.11203"]


@pytest.mark.parametrize(
    "args, code, text",
    [
        (["build", "no-such-file.jsonl", "--store", "memory:"], 1, "[I001]"),
        (["build", ".", "--store", "memory:"], 1, "[I002]"),
        (["query", "nope", "--store", "memory:"], 2, "[Q001]"),
        (["query", "leaderboard", "--store", "memory:"], 2, "[Q002]"),
        (["sparql", "SELEKT", "--store", "memory:"], 1, "[Q006]"),
        (["export", "--format", "xlsx", "-o", "x", "--store", "memory:"], 2, "[C001]"),
        (["build", "x.jsonl", "--store", "ftp://x"], 1, "[I001]"),
    ],
)
def test_cli_errors_are_one_line_and_nonzero(args, code, text, tmp_path):
    proc = kg(*args, check=False, cwd=tmp_path)
    assert proc.returncode == code
    assert text in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_cli_debug_shows_traceback(tmp_path):
    proc = kg("--debug", "query", "nope", "--store", "memory:", check=False, cwd=tmp_path)
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_cli_plot_progress_and_conflicts(tmp_path):
    """`kg plot progress` draws the steps of the invented dated corpus; `conflicts` lists the planted two."""
    kg("build", TEST_DATA / "progress_papers.jsonl", "--store", tmp_path / "store", "--html", "", "--fast")
    proc = kg("plot", "progress", "-d", "WikiText-103", "-m", "perplexity", "-o", tmp_path / "p.html",
              "--store", tmp_path / "store")
    assert "progress of 3 steps over 5 results" in proc.stdout
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 4 and "DeltaNet" in page and "lower is better" in page
    proc = kg("plot", "progress", "-d", "ImageNet", "-m", "top-1 accuracy", "--quoted", "-o", tmp_path / "a.png",
              "--store", tmp_path / "store")
    assert "progress of 2 steps over 5 results" in proc.stdout and (tmp_path / "a.png").stat().st_size > 1000
    rows = json.loads(kg("query", "conflicts", "--store", tmp_path / "store", "-f", "json").stdout)
    assert [(r["kind"], r["model"], r["value"], r["other_value"]) for r in rows] == [
        ("claim", "ThetaNet", 85.0, 88.4), ("values", "ZetaNet", 71.2, 75.9)]
    bad = kg("query", "leaderboard", "-p", "dataset=MMLU", "-p", "metric=accuracy", "-p", "quoted=perhaps",
             "--store", tmp_path / "store", check=False)
    assert bad.returncode == 2 and "[Q009]" in bad.stderr
    assert "setting=any, quoted=no" in kg("query", "--list").stdout
