"""The whole data path in two functions: inputs -> extraction records, and inputs -> store.

`extract_records` streams `Extraction`s; `build` streams them into a store in
chunks, skipping papers whose content the store already holds, so memory stays
flat however large the input and a rebuild does only the new work.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import extractors
from kg.core.batches import batched
from kg.core.graph import content_hash, graph_rows
from kg.core.model import Extraction, Paper
from kg.papers import ReadReport, read_papers
from kg.parallel import extract_dask, extract_parallel
from kg.stores import LoadStats, TripleStore

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
        seconds: the whole build; `extract_seconds` is what the loads left of it.
    """

    report: ReadReport = field(default_factory=ReadReport)
    load: LoadStats = field(default_factory=LoadStats)
    unchanged: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    results: int = 0
    claims: int = 0
    extract_seconds: float = 0.0
    seconds: float = 0.0

    def count(self, extraction: Extraction) -> None:
        """Add one extraction's facts to the totals."""
        self.entities.update(e.type for e in extraction.entities)
        self.results += len(extraction.results)
        self.claims += len(extraction.claims)


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


def build(
    paths: Iterable[str | Path],
    store: TripleStore,
    *,
    nlp: Any = None,
    profile: str = "default",
    chunk_size: int = 1000,
    workers: int = 1,
    dask: str | None = None,
    report: ReadReport | None = None,
    on_progress: ProgressCallback | None = None,
) -> BuildStats:
    """Read, extract and load every input into `store`; return the summary.

    Papers whose content hash the store already holds are neither extracted nor
    written again, so building twice gives the same graph and costs little.

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
    stats = BuildStats(report=report if report is not None else ReadReport())
    if nlp is None and workers <= 1 and not dask:
        nlp = extractors.load_nlp(profile)

    def changed(papers: Iterable[Paper]) -> Iterator[Paper]:
        for chunk in batched(papers, chunk_size):
            stored = store.content_hashes(p.id for p in chunk)
            todo = [p for p in chunk if stored.get(p.id) != content_hash(p)]
            stats.unchanged += len(chunk) - len(todo)
            if on_progress is not None and len(todo) < len(chunk):
                on_progress(len(chunk) - len(todo))
            yield from todo

    extractions = extract_records(
        changed(read_papers(paths, report=stats.report)), nlp=nlp, profile=profile, workers=workers, dask=dask
    )
    for chunk in batched(extractions, chunk_size):
        for extraction in chunk:
            stats.count(extraction)
        stats.load.add(store.add(graph_rows(e) for e in chunk))
        if on_progress is not None:
            on_progress(len(chunk))
    stats.seconds = time.perf_counter() - started
    stats.extract_seconds = stats.seconds - stats.load.seconds
    return stats
