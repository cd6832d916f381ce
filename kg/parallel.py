"""Extraction on several processes or a Dask cluster. Extraction is a pure
function of a paper, so papers are cut into batches, each worker process loads
the pipeline once, and the results come back in input order."""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import extractors
from kg.core.batches import batched
from kg.core.errors import KGError
from kg.core.model import Extraction, Paper

_nlp: Any = None


def _init_worker(profile: str, mentions: str) -> None:
    global _nlp
    _nlp = extractors.load_nlp(profile, mentions=mentions)


def _extract_batch(papers: list[Paper]) -> list[Extraction]:
    return list(extractors.extract(papers, nlp=_nlp))


def extract_parallel(
    papers: Iterable[Paper], *, profile: str = "default", mentions: str = "names", workers: int = 2,
    batch_size: int = 64,
) -> Iterator[Extraction]:
    """Extraction records for the papers computed by `workers` processes, in input order."""
    ctx = mp.get_context("spawn")  # fork would share spaCy's state between processes
    with ctx.Pool(workers, initializer=_init_worker, initargs=(profile, mentions)) as pool:
        for batch in pool.imap(_extract_batch, batched(papers, batch_size), chunksize=1):
            yield from batch


# --- Dask: the same pure function on a cluster -------------------------------------------------

_DASK_PIPELINES: dict[tuple[str, str], Any] = {}


def _extract_batch_on_worker(papers: list[Paper], profile: str, mentions: str = "names") -> list[dict[str, Any]]:
    """Runs on a Dask worker: the pipeline is built once per worker process, profile and mode."""
    nlp = _DASK_PIPELINES.get((profile, mentions))
    if nlp is None:
        nlp = _DASK_PIPELINES[profile, mentions] = extractors.load_nlp(profile, mentions=mentions)
    # Plain dicts cross the wire; Extraction is rebuilt on the client.
    return [x.to_dict(sentences=True) for x in extractors.extract(papers, nlp=nlp)]


def extract_dask(
    papers: Iterable[Paper],
    address: str,
    *,
    profile: str = "default",
    mentions: str = "names",
    batch_size: int = 64,
    in_flight: int = 32,
) -> Iterator[Extraction]:
    """Extraction records computed on the Dask cluster at `address`, in input order.

    At most `in_flight` batches are submitted at a time, so the input streams.
    The records equal those of a local run (a test compares them).

    Raises:
        KGError: dask.distributed is not installed or the scheduler cannot be reached.
    """
    try:
        from distributed import Client
    except ImportError as e:
        raise KGError("[D001] --dask needs dask.distributed: pip install 'paperkg[dask]'") from e
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as e:
        raise KGError(f"[D002] cannot reach the Dask scheduler at {address}: {e}") from e
    try:
        pending: deque[Any] = deque()
        for batch in batched(papers, batch_size):
            pending.append(client.submit(_extract_batch_on_worker, batch, profile, mentions, pure=False))
            if len(pending) >= in_flight:
                yield from map(Extraction.from_dict, pending.popleft().result())
        while pending:
            yield from map(Extraction.from_dict, pending.popleft().result())
    finally:
        client.close()

