"""Every shared fixture of the test suite (spaCy style: one conftest, no per-directory ones)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TEST_DIR = Path(__file__).parent
TEST_DATA = TEST_DIR / "data"
REPO = TEST_DIR.parent
SHARED = Path(os.environ.get("PAPERKG_SHARED", REPO.parent / "shared"))
SEED_LISTING = REPO / "examples" / "daily_papers.txt"


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
def nlp():
    import extractors

    return extractors.load_nlp("default")


@pytest.fixture(scope="session")
def seed_extractions(seed_papers, nlp):
    import extractors

    return list(extractors.extract(seed_papers, nlp=nlp))


@pytest.fixture(scope="session")
def seed_rows(seed_extractions):
    from kg.graph import graph_rows

    return [graph_rows(x) for x in seed_extractions]


@pytest.fixture(scope="session")
def rdf_seed_store(seed_rows):
    """An in-memory Oxigraph store holding the seed graph (read-only for tests)."""
    from kg.stores import open_store

    store = open_store("memory:")
    store.add(seed_rows)
    yield store
    store.close()
