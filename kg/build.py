"""The whole data path in two functions: inputs -> extraction records, and inputs -> store.

`extract_records` streams `Extraction`s; `build` streams them into a store in
chunks, skipping papers whose content the store already holds, so memory stays
flat however large the input and a rebuild does only the new work; it extracts
and loads at the same time.
"""

from __future__ import annotations

import functools
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import extractors
from kg.core.batches import batched
from kg.core.graph import GraphRows, content_hash, graph_rows
from kg.core.model import Extraction, Paper
from kg.papers import ReadReport, read_papers
from kg.parallel import extract_dask, extract_parallel
from kg.stores import LoadStats, TripleStore, same_rows

ProgressCallback = Callable[[int], None]
# A build draws its graph page only up to this many papers: drawing reads every node and edge
# back from the store; a bigger graph is drawn around a focus (`kg viz --focus`).
MAX_PAPERS_DRAWN = 5000


@dataclass
class BuildStats:
    """The summary of a build: what was read, extracted and loaded, and the time taken.

    Attributes:
        report: the read: records read, skipped (with each problem) and duplicates; papers kept.
        load: the store's loads, summed: papers written, nodes, edges and triples sent.
        unchanged: papers skipped because the store already held their content.
        entities: extracted entities per type.
        results: extracted results.
        claims: extracted claims.
        seconds: the whole build. Extraction and loading overlap: `extract_seconds` is the time
            spent waiting for extracted papers, `load.seconds` the writer's time.
    """

    report: ReadReport = field(default_factory=ReadReport)
    load: LoadStats = field(default_factory=LoadStats)
    unchanged: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    results: int = 0
    claims: int = 0
    extract_seconds: float = 0.0
    seconds: float = 0.0



def extract_records(
    papers: Iterable[Paper],
    *,
    nlp: Any = None,
    profile: str = "default",
    mentions: str = "names",
    batch_size: int = 64,
    workers: int = 1,
    dask: str | None = None,
) -> Iterator[Extraction]:
    """Extraction records for the papers, in input order, streaming.

    Args:
        papers: the papers to read.
        nlp: a pipeline from `extractors.load_nlp`; built from `profile` when None.
        profile: "default" or "fast" (rules only).
        mentions: "names" (the mentions the graph keeps) or "all" (every mention the
            statistical recogniser finds, generic ones included, as span benchmarks score them).
        batch_size: papers per spaCy batch.
        workers: processes to extract with; 1 extracts in this process.
        dask: address of a Dask scheduler to extract on instead (e.g. "tcp://host:8786").
    """
    extractors.check_options(profile, mentions)  # here, not first in a worker process
    if dask:
        yield from extract_dask(papers, dask, profile=profile, mentions=mentions, batch_size=batch_size)
        return
    if workers > 1:
        yield from extract_parallel(papers, profile=profile, mentions=mentions, workers=workers, batch_size=batch_size)
        return
    nlp = nlp if nlp is not None else extractors.load_nlp(profile, mentions=mentions)
    yield from extractors.extract(papers, nlp=nlp, batch_size=batch_size)


@dataclass(frozen=True)
class Prepared:
    """One paper extracted and made ready for the store: what extraction hands the writer."""

    entity_types: tuple[str, ...]
    results: int
    claims: int
    payload: Any  # what the store's `prepare_rows` made of the paper's graph rows


def prepare_record(extraction: Extraction, prepare: Callable[[GraphRows], Any] = same_rows) -> Prepared:
    """The paper's counts and its graph rows made ready by `prepare` (a store's `prepare_rows`).

    Examples:
        >>> from kg.core.model import Entity, Mention
        >>> x = Extraction(Paper(id="1", title="T", abstract="GLUE."), entities=(Entity("GLUE", "Dataset", "glue", (Mention(0, 4, "GLUE"),)),))
        >>> r = prepare_record(x)
        >>> r.entity_types, r.results, [n.label for n in r.payload.nodes]
        (('Dataset',), 0, ['Paper', 'Dataset'])
    """
    return Prepared(tuple(e.type for e in extraction.entities), len(extraction.results), len(extraction.claims),
                    prepare(graph_rows(extraction)))


class _Writer(threading.Thread):
    """Writes chunks of prepared papers to the store while the caller extracts the next ones.

    The queue holds at most `depth` chunks, so extraction runs at most that far ahead and
    memory stays flat. The embedded store's writes run in Rust with the GIL released, so even
    a build on one process overlaps extraction and loading.
    """

    def __init__(self, write: Callable[[list[Any]], LoadStats], on_loaded: Callable[[LoadStats, int], None],
                 depth: int = 2) -> None:
        super().__init__(name="kg-writer", daemon=True)
        self.write, self.on_loaded = write, on_loaded
        self.queue: queue.Queue[list[Any] | None] = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None

    def run(self) -> None:
        while (chunk := self.queue.get()) is not None:
            if self.error is None:  # after a failure, drain the queue so the producer never blocks
                try:
                    self.on_loaded(self.write(chunk), len(chunk))
                except BaseException as e:  # re-raised in the producer's thread
                    self.error = e

    def put(self, chunk: list[Any]) -> None:
        self.check()
        self.queue.put(chunk)

    def finish(self) -> None:
        self.queue.put(None)
        self.join()
        self.check()

    def check(self) -> None:
        if self.error is not None:
            raise self.error


def build(
    paths: Iterable[str | Path],
    store: TripleStore,
    *,
    nlp: Any = None,
    profile: str = "default",
    chunk_size: int | None = None,
    workers: int = 1,
    dask: str | None = None,
    report: ReadReport | None = None,
    on_progress: ProgressCallback | None = None,
    on_extracted: ProgressCallback | None = None,
) -> BuildStats:
    """Read, extract and load every input into `store`; return the summary.

    Papers whose content hash the store already holds are neither extracted nor
    written again, so building twice gives the same graph and costs little.
    Extraction and loading run at the same time: the extraction workers (or this
    process) turn each paper into what the store writes (`prepare_rows`), and a
    writer thread writes chunks of `chunk_size` papers from a bounded queue, so a
    build takes about as long as the slower of the two, with flat memory. By default a
    chunk is what the store writes best at once (its `papers_per_write`, else 1,000).
    `on_extracted(n)` and `on_progress(n)` report papers extracted and papers loaded.

    Examples:
        >>> import tempfile, os
        >>> from kg.stores import open_store
        >>> path = os.path.join(tempfile.mkdtemp(), "p.jsonl")
        >>> _ = open(path, "w").write('{"id": "1", "title": "T", "abstract": "We evaluate on ImageNet."}\\n')
        >>> store = open_store("memory:")
        >>> build([path], store, profile="fast").load.papers, build([path], store, profile="fast").unchanged
        (1, 1)
    """
    started = time.perf_counter()
    chunk_size = chunk_size or getattr(store, "papers_per_write", 1000)
    stats = BuildStats(report=report if report is not None else ReadReport())
    counting = threading.Lock()  # the writer thread adds to the same totals
    prepare = getattr(store, "prepare_rows", same_rows)
    write = getattr(store, "add_prepared", store.add)
    if nlp is None and workers <= 1 and not dask:
        nlp = extractors.load_nlp(profile)

    def changed(papers: Iterable[Paper]) -> Iterator[Paper]:
        for chunk in batched(papers, chunk_size):
            stored = store.content_hashes(p.id for p in chunk)
            todo = [p for p in chunk if stored.get(p.id) != content_hash(p)]
            with counting:
                stats.unchanged += len(chunk) - len(todo)
            if len(todo) < len(chunk):
                for report_done in (on_extracted, on_progress):
                    if report_done is not None:
                        report_done(len(chunk) - len(todo))
            yield from todo

    papers = changed(read_papers(paths, report=stats.report))
    if workers > 1 and not dask:
        extractors.check_options(profile, "names")
        records: Iterator[Prepared] = extract_parallel(papers, profile=profile, workers=workers,
                                                       then=functools.partial(prepare_record, prepare=prepare))
    else:
        records = (prepare_record(x, prepare) for x in extract_records(papers, nlp=nlp, profile=profile, dask=dask))

    def loaded(load: LoadStats, n: int) -> None:  # in the writer thread
        with counting:
            stats.load.add(load)
        if on_progress is not None:
            on_progress(n)

    writer = _Writer(write, loaded)
    writer.start()
    try:
        chunk: list[Any] = []
        while True:
            waited = time.perf_counter()
            record = next(records, None)
            stats.extract_seconds += time.perf_counter() - waited
            if record is None:
                break
            stats.entities.update(record.entity_types)
            stats.results += record.results
            stats.claims += record.claims
            chunk.append(record.payload)
            if on_extracted is not None:
                on_extracted(1)
            if len(chunk) >= chunk_size:
                writer.put(chunk)
                chunk = []
        if chunk:
            writer.put(chunk)
    finally:
        writer.finish()
    stats.seconds = time.perf_counter() - started
    return stats
