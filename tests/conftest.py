"""Every shared fixture of the test suite (spaCy style: one conftest, no per-directory ones)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

TEST_DIR = Path(__file__).parent
TEST_DATA = TEST_DIR / "data"
REPO = TEST_DIR.parent
SHARED = Path(os.environ.get("PAPERKG_SHARED", REPO.parent / "shared"))
SEED_LISTING = REPO / "examples" / "daily_papers.txt"


def pytest_addoption(parser):
    parser.addoption(
        "--update-expected", nargs="?", const="answers", default=None, choices=["answers", "graph"],
        help="Rewrite tests/data/expected/queries/ from the embedded store's answers (test_stores.py); "
             "'graph' also rewrites the frozen seed graph tests/data/seed_graph.json from today's extraction.",
    )


# `make test` spreads the tests over the cores (pytest-xdist, --dist loadgroup). A session fixture
# runs once per worker, so every Neo4j test is kept on one worker: they clear the whole database (two
# workers on one server would wipe each other's data), and a server per worker costs a JVM start each.
# A test reaches the server through the `neo4j_server` fixture or, when a store fixture is
# parametrised over both stores, through a `neo4j`-marked parameter.
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "neo4j_server" in getattr(item, "fixturenames", ()) or item.get_closest_marker("neo4j"):
            item.add_marker(pytest.mark.xdist_group("neo4j"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only shared data (gold files, SciERC, arXiv); tests that need it skip without it."""
    if not (SHARED / "data").is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def seed_papers():
    from kg.papers import read_papers

    return list(read_papers([SEED_LISTING]))


@pytest.fixture(scope="session")
def nlp_fast():
    import extractors

    return extractors.load_nlp("fast")


@pytest.fixture(scope="session")
def seed_extractions(seed_papers, nlp_fast):
    """The seed listing through the rules (the trained NER runs in the CLI and eval tests)."""
    import extractors

    return list(extractors.extract(seed_papers, nlp=nlp_fast))


@pytest.fixture(scope="session")
def seed_rows(seed_extractions):
    from kg.core.graph import graph_rows

    return [graph_rows(x) for x in seed_extractions]


def analysed_memory_store(rows):
    """An in-memory Oxigraph store holding `rows` and their `kg analyze` figures (a fixture's body)."""
    from kg.analyze import analyze_store
    from kg.stores import open_store

    store = open_store("memory:")
    store.add(rows)
    analyze_store(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def rdf_seed_store(seed_rows):
    """An in-memory Oxigraph store holding the seed graph and its `kg analyze` figures (read-only for tests)."""
    yield from analysed_memory_store(seed_rows)


# --- Neo4j: a real server, started once per session --------------------------------------------


def _load_server_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("paperkg_neo4j_server", TEST_DIR / "neo4j_server" / "server.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def neo4j_server():
    """Connection settings of a real Neo4j: NEO4J_URI if set, else one this session starts.

    If the server cannot start, the tests that need it fail (they never skip).
    """
    if os.environ.get("NEO4J_URI"):
        yield {
            "uri": os.environ["NEO4J_URI"],
            "user": os.environ.get("NEO4J_USER", "neo4j"),
            "password": os.environ.get("NEO4J_PASSWORD", ""),
        }
        return
    server = _load_server_module().start(timeout=600)
    try:
        yield {"uri": server.uri, "user": server.user, "password": server.password, "server": server}
    finally:
        server.stop()


@pytest.fixture()
def neo4j_store(neo4j_server):
    """An empty Neo4j store on the session's server."""
    from kg.stores.neo4j import Neo4jStore

    store = Neo4jStore.from_url(neo4j_server["uri"], user=neo4j_server["user"], password=neo4j_server["password"])
    store.clear()
    yield store
    store.close()


# --- the kg command as a subprocess --------------------------------------------------------------

KG = [sys.executable, "-m", "kg.cli"]
# PYTHONPATH: the subprocesses must import this checkout whatever their working directory.
ENV = {**os.environ, "COLUMNS": "200", "PAPERKG_STORE": "", "PYTHONPATH": str(REPO)}
# Builds compared across processes share a hash seed: extraction still depends on it
# (see tests/test_build.py::test_build_extraction_does_not_depend_on_the_hash_seed).
SEEDED = {"PYTHONHASHSEED": "0"}
CODE = re.compile(r"\[[A-Z]\d{3}\]")


def kg(*args, cwd=None, check=True, env=None, timeout=600):
    proc = subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, cwd=cwd or REPO,
                          env={**ENV, **(env or {})}, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(map(str, args))} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


# A plain progress line ("extracted 1 papers (0/s), loaded 0 papers (0/s)"): a job that runs longer
# than kg.progress.PLAIN_EVERY_SECONDS prints them before any error, as a slow machine's jobs do.
PROGRESS_LINE = re.compile(r"\w+ [\d,]+ papers \([\d,]+/s\)(, \w+ [\d,]+ papers \([\d,]+/s\))*")


def one_line_error(proc):
    """The error of a failed `kg` run: one line on stderr, progress lines aside."""
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.strip().splitlines() if not PROGRESS_LINE.fullmatch(line)]
    assert len(lines) == 1, proc.stderr
    return lines[0]


# --- the newest versions pyproject.toml allows, in a second environment -------------------------

NEWEST_VENV = REPO / "build" / "newest-venv"
NEWEST_MAX_AGE = 24 * 3600  # rebuilt daily, so new releases within the ranges are picked up


@pytest.fixture(scope="session")
def newest_kg() -> Path:
    """The `kg` script of a venv holding the newest dependency versions pyproject.toml allows.

    The project is installed editable, so the same code runs under other versions of its
    dependencies. Built under build/ once a day, or when pyproject.toml changes; it needs PyPI.
    PAPERKG_SKIP_NEWEST=1 skips the tests that use it (offline machines); CI runs them.
    """
    if os.environ.get("PAPERKG_SKIP_NEWEST"):
        pytest.skip("PAPERKG_SKIP_NEWEST is set")
    stamp = NEWEST_VENV / ".paperkg-newest"
    want = hashlib.sha256((REPO / "pyproject.toml").read_bytes()).hexdigest()
    NEWEST_VENV.parent.mkdir(parents=True, exist_ok=True)
    # Test workers (and other pytest runs on this checkout) share the venv: one builds it, the others wait.
    with open(NEWEST_VENV.parent / ".newest-venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _build_newest_venv(stamp, want)
    return NEWEST_VENV / "bin" / "kg"


def _build_newest_venv(stamp: Path, want: str) -> None:
    fresh = (stamp.is_file() and stamp.read_text() == want and time.time() - stamp.stat().st_mtime < NEWEST_MAX_AGE
             and (NEWEST_VENV / "bin" / "kg").is_file())
    if not fresh:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(NEWEST_VENV)], check=True)
        proc = subprocess.run(
            [str(NEWEST_VENV / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "--upgrade", "--upgrade-strategy", "eager", "-e", f"{REPO}[all]"],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            pytest.fail(f"cannot install the newest allowed versions (PyPI needed):\n{proc.stderr[-2000:]}")
        stamp.write_text(want)
