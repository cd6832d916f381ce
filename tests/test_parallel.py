"""Extraction off the main process: worker processes and a real Dask cluster give the local records."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.build import extract_records
from kg.core.model import Extraction
from kg.papers import read_papers

from .conftest import SEED_LISTING, TEST_DATA

INPUTS = [TEST_DATA / "listing.txt", TEST_DATA / "arxiv_sample.jsonl"]


@pytest.fixture(scope="module")
def local_records():
    return list(extract_records(read_papers(INPUTS), profile="fast"))


def test_parallel_record_round_trips_through_dicts(seed_extractions):
    for x in seed_extractions:
        assert Extraction.from_dict(x.to_dict(sentences=True)) == x


def test_parallel_workers_equal_local(local_records):
    assert list(extract_records(read_papers(INPUTS), profile="fast", workers=2, batch_size=3)) == local_records


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
def test_parallel_dask_equals_local(dask_cluster, local_records):
    records = list(extract_records(read_papers(INPUTS), profile="fast", dask=dask_cluster, batch_size=2))
    assert records == local_records


@pytest.mark.slow
def test_parallel_dask_cli_extract_equals_local(dask_cluster, tmp_path):
    def run(*extra):
        out = subprocess.run([sys.executable, "-m", "kg.cli", "extract", SEED_LISTING, "--fast", *extra],
                             capture_output=True, text=True, check=True).stdout
        return [json.loads(line) for line in out.splitlines()]

    assert run("--dask", dask_cluster) == run()


def test_parallel_dask_unreachable_scheduler_is_one_line():
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "extract", TEST_DATA / "papers.json", "--dask", "tcp://127.0.0.1:1"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "[D002]" in proc.stderr and "Traceback" not in proc.stderr
