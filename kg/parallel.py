"""Extraction on several processes. Extraction is a pure function of a paper, so
papers are cut into batches, each worker process loads the pipeline once, and
the results come back in input order."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from kg.model import Extraction, Paper

_nlp: Any = None


def _init_worker(profile: str) -> None:
    global _nlp
    import extractors

    _nlp = extractors.load_nlp(profile)


def _extract_batch(papers: list[Paper]) -> list[Extraction]:
    import extractors

    return list(extractors.extract(papers, nlp=_nlp))


def _batches(papers: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    it = iter(papers)
    while batch := list(islice(it, size)):
        yield batch


def extract_parallel(
    papers: Iterable[Paper], *, profile: str = "default", workers: int = 2, batch_size: int = 64
) -> Iterator[Extraction]:
    """Extraction records for the papers computed by `workers` processes, in input order."""
    ctx = mp.get_context("spawn")  # fork would share spaCy's state between processes
    with ctx.Pool(workers, initializer=_init_worker, initargs=(profile,)) as pool:
        for batch in pool.imap(_extract_batch, _batches(papers, batch_size), chunksize=1):
            yield from batch
