"""Usage errors of the installed `kg` script, under the locked and the newest allowed versions.

A mistyped command line gets click's one-line form, "Error: ...", with a suggestion where a
name is close, and exit 2; no arguments gets the help and exit 0; runtime errors keep their
codes and exit 1. Each case runs the `kg` console script of two environments: the one the tests
run in (installed from requirements.lock) and one with the newest versions pyproject.toml
allows (the `newest_kg` fixture), so a dependency release that changes this behaviour fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED_LISTING

LOCKED_KG = Path(sys.executable).parent / "kg"


@pytest.fixture(params=["locked", "newest"], scope="module")
def kg_script(request) -> Path:
    """The installed `kg` script of the locked environment, then of the newest-versions one."""
    if request.param == "newest":
        return request.getfixturevalue("newest_kg")
    return LOCKED_KG


def run(script: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(script), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "COLUMNS": "120", "PAPERKG_STORE": ""}, timeout=300)


@pytest.mark.parametrize("args", [[], ["plot"]], ids=["kg", "kg plot"])
def test_cli_usage_no_arguments_prints_the_help(kg_script, args, tmp_path):
    proc = run(kg_script, *args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout and "--help" in proc.stdout
    assert proc.stderr == ""


@pytest.mark.parametrize(
    "args, expected",
    [
        (["foo"], "Error: No such command 'foo'."),
        (["qeury"], "Did you mean 'query'?"),
        (["query", "leaderboard", "--bogus"], "Error: No such option: --bogus"),
        (["query", "counts", "--formt", "json"], "Error: No such option: --formt (Possible options: --format)."),
        (["query", "leaderbord"], "Error: [Q001] no query 'leaderbord'; Did you mean 'leaderboard'?"),
        (["query", "leaderboard", "-p", "dataset=WikiText-103"], "Error: [Q002] query 'leaderboard' needs -p metric=VALUE"),
        (["query", "leaderboard", "-p", "dataset"], "Error: [C002] -p needs KEY=VALUE, got 'dataset'"),
        (["query", "leaderboard", "-p", "=x"], "Error: [C002] -p needs KEY=VALUE, got '=x'"),
        (["query", "counts", "-p", "dataset=x"], "Error: [Q004] query 'counts' takes no parameter 'dataset'"),
        (["query", "leaderboard", "-p", "datset=x", "-p", "metric=y"], "Did you mean 'dataset'?"),
        (["query", "counts", "--format", "xml"], "Error: [C001] invalid value for --format: 'xml'; choose from table, csv, json"),
        (["query", "counts", "--format", "jsn"], "Did you mean 'json'?"),
        (["sparql", "SELECT * WHERE {}", "--format", "xml"], "Error: [C001] invalid value for --format: 'xml'"),
        (["cypher", "RETURN 1", "--format", "xml"], "Error: [C001] invalid value for --format: 'xml'"),
        (["export", "--format", "xlsx", "-o", "out"], "Error: [C001] invalid value for --format: 'xlsx'"),
        (["export", "--format", "tll", "-o", "out"], "Did you mean 'ttl'?"),
        (["extract", str(SEED_LISTING), "--format", "csv"], "Error: [C001] invalid value for --format: 'csv'"),
        (["extract", str(SEED_LISTING), "--profile", "fats"], "Error: [X001] unknown profile 'fats'; Did you mean 'fast'?"),
        (["extract", str(SEED_LISTING), "--mentions", "every"], "Error: [X004] unknown mentions mode 'every'"),
        (["build"], "Error: Missing argument"),
    ],
)
def test_cli_usage_errors_are_one_click_style_line_and_exit_2(kg_script, args, expected, tmp_path):
    proc = run(kg_script, *args, cwd=tmp_path)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("Error: "), proc.stderr
    assert expected in lines[0]
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "kg-store").exists()  # refused before any store was opened


@pytest.mark.parametrize(
    "args, code",
    [
        (["build", "no-such-file.jsonl", "--store", "memory:"], "[I001]"),
        (["sparql", "SELEKT", "--store", "memory:"], "[Q006]"),
    ],
)
def test_cli_usage_runtime_errors_keep_their_code_and_exit_1(kg_script, args, code, tmp_path):
    proc = run(kg_script, *args, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith(f"error: {code}") and len(proc.stderr.strip().splitlines()) == 1


def test_cli_usage_a_build_and_a_query_work(kg_script, tmp_path):
    """Not only the errors: the main job runs under both environments."""
    store = tmp_path / "store"
    build = run(kg_script, "--quiet", "build", SEED_LISTING, "--store", store, "--html", "", "--fast", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    proc = run(kg_script, "query", "leaderboard", "-p", "dataset=WikiText-103", "-p", "metric=perplexity",
               "--store", store, "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("model,") and "15.8" in proc.stdout


def test_cli_usage_broken_pipe_exits_quietly(tmp_path):
    """`kg extract ... | head`: the reader leaves before kg is done; kg exits 0 without a message."""
    command = f"'{LOCKED_KG}' --quiet extract '{SEED_LISTING}' --fast | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}"
    proc = subprocess.run(command,
                          shell=True, executable="/bin/bash", capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "COLUMNS": "120"})
    assert proc.stdout.strip() == "0" and proc.stderr == ""
