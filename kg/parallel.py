"""Extraction on several processes or a Dask cluster. Extraction is a pure
function of a paper, so papers are cut into batches, each worker process loads
the pipeline once, and the results come back in input order."""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import extractors
from kg.core.batches import batched
from kg.core.errors import KGError
from kg.core.model import Extraction, Paper

_nlp: Any = None
_then: Callable[[Extraction], Any] | None = None


def _init_worker(profile: str, mentions: str, then: Callable[[Extraction], Any] | None = None) -> None:
    global _nlp, _then
    _nlp = extractors.load_nlp(profile, mentions=mentions)
    _then = then


def _extract_batch(papers: list[Paper]) -> list[Any]:
    extractions = extractors.extract(papers, nlp=_nlp)
    return [_then(x) for x in extractions] if _then is not None else list(extractions)


def extract_parallel(
    papers: Iterable[Paper], *, profile: str = "default", mentions: str = "names", workers: int = 2,
    batch_size: int = 64, then: Callable[[Extraction], Any] | None = None,
) -> Iterator[Any]:
    """Extraction records for the papers computed by `workers` processes, in input order.

    At most two batches per worker are in flight, so the input streams and memory stays
    flat however slowly the records are consumed (`Pool.imap` would read the whole input
    ahead and hold every finished record). `then`, a picklable function of a record, runs
    in the workers on each record, and its value is yielded instead: a build has them turn
    records into what its store writes, so the writer only writes.
    """
    ctx = mp.get_context("spawn")  # fork would share spaCy's state between processes
    with ctx.Pool(workers, initializer=_init_worker, initargs=(profile, mentions, then)) as pool:
        pending: deque[Any] = deque()
        for batch in batched(papers, batch_size):
            pending.append(pool.apply_async(_extract_batch, (batch,)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


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

