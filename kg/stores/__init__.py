"""Stores: where graph rows are loaded and queried. One small interface, two backends.

`open_store(url)` picks the backend by URL and imports it only on demand, so
`import kg` never imports rdflib's Oxigraph plugin or the neo4j driver:

- a directory path (default `./kg-store`) or `oxigraph:PATH`: RDFStore on Oxigraph;
- `memory:`: RDFStore in memory (Oxigraph without a directory);
- `bolt://`, `bolt+s://`, `neo4j://`, `neo4j+s://`: Neo4jStore.
"""

from __future__ import annotations

import importlib
import time
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any, Protocol, TypeVar, runtime_checkable

from kg.core.batches import batched
from kg.core.errors import StoreError
from kg.core.graph import GraphRows

DEFAULT_STORE = "kg-store"
T = TypeVar("T")

# scheme -> "module:Class", imported lazily (rdflib's plugin registry does the same).
BACKENDS: dict[str, str] = {
    "oxigraph": "kg.stores.rdf:RDFStore",
    "memory": "kg.stores.rdf:RDFStore",
    "bolt": "kg.stores.neo4j:Neo4jStore",
    "bolt+s": "kg.stores.neo4j:Neo4jStore",
    "bolt+ssc": "kg.stores.neo4j:Neo4jStore",
    "neo4j": "kg.stores.neo4j:Neo4jStore",
    "neo4j+s": "kg.stores.neo4j:Neo4jStore",
    "neo4j+ssc": "kg.stores.neo4j:Neo4jStore",
}


@dataclass
class LoadStats:
    """What one load did, every field a count that adds up over loads (`add`).

    Attributes:
        papers: papers written (new, or replacing a paper whose content changed).
        unchanged: papers skipped because the store already held their content.
        nodes, edges: the graph rows sent for the papers written.
        triples: RDF quads written (the Oxigraph store; Neo4j writes none).
        seconds: the time the load took (`load_in_batches` times it).
    """

    papers: int = 0
    unchanged: int = 0
    nodes: int = 0
    edges: int = 0
    triples: int = 0
    seconds: float = 0.0

    def add(self, other: LoadStats) -> None:
        """Add another load's counts and time to these."""
        for count in fields(self):
            setattr(self, count.name, getattr(self, count.name) + getattr(other, count.name))


def load_in_batches(items: Iterable[T], size: int, write: Callable[[list[T], LoadStats], None]) -> LoadStats:
    """One load as both stores do it: `write(batch, stats)` for each `size` items in order, timed.

    Examples:
        >>> stats = load_in_batches(range(5), 2, lambda batch, stats: setattr(stats, "papers", stats.papers + len(batch)))
        >>> stats.papers
        5
    """
    stats = LoadStats()
    started = time.perf_counter()
    for batch in batched(items, size):
        write(batch, stats)
    stats.seconds = time.perf_counter() - started
    return stats


def load_overlapped(items: Iterable[T], size: int, write: Callable[[list[T]], LoadStats], in_flight: int,
                    keys: Callable[[list[T]], set[str] | None]) -> LoadStats:
    """`load_in_batches` with up to `in_flight` batches written at once by threads: `write(batch)`
    returns what it did. A batch whose `keys` meet those of a batch in flight, or are None (it
    must see every batch before it written), waits for those in flight first.

    Examples:
        >>> load_overlapped(range(5), 2, lambda batch: LoadStats(papers=len(batch)), 2, set).papers
        5
    """
    stats, started = LoadStats(), time.perf_counter()
    flight: list[tuple[Future[LoadStats], set[str]]] = []
    with ThreadPoolExecutor(in_flight) as pool:
        for batch in batched(items, size):
            mine = keys(batch)
            while flight and (len(flight) >= in_flight or mine is None or any(mine & k for _, k in flight)):
                stats.add(flight.pop(0)[0].result())  # oldest first; an error stops the load
            flight.append((pool.submit(write, batch), mine or set()))
        for done, _ in flight:
            stats.add(done.result())
    stats.seconds = time.perf_counter() - started
    return stats


def same_rows(rows: GraphRows) -> GraphRows:
    """A store's `prepare_rows` when it writes graph rows as they are."""
    return rows


@runtime_checkable
class TripleStore(Protocol):
    """What every store offers. Capability flags say which query languages it speaks: a store
    with `supports_sparql` runs `sparql(text, bindings, *, write=False)`, one with
    `supports_cypher` runs `cypher(text, params, *, write=False)`. A store runs the text and
    parameters it is given; the canned questions are asked by `queries.run(store, name, ...)`.
    """

    url: str
    supports_sparql: bool
    supports_cypher: bool

    def add(self, rows: Iterable[GraphRows]) -> LoadStats:
        """Load the rows of each paper; a paper already loaded with the same content is skipped."""
        ...

    def content_hashes(self, paper_ids: Iterable[str]) -> dict[str, str]:
        """The stored content hash of each of these papers that is loaded."""
        ...

    # Optional, for fast builds: `prepare_rows(rows)`, a picklable pure function the extraction
    # workers apply to each paper's rows, and `add_prepared(items)`, which loads what it made.

    def rows(self) -> GraphRows:
        """Every node and edge in the store, for exports and pictures."""
        ...

    def neighbourhood(self, focus: str, *, hops: int = 2, limit: int = 5000) -> GraphRows:
        """The nodes within `hops` of what `focus` names, and the edges between them."""
        ...

    def write_analytics(self, analysis: Any) -> int:
        """Replace the figures of the previous `kg analyze` (a `kg.core.analytics.Analysis`) with these."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


def scheme_of(url: str) -> str:
    """The backend scheme of a store URL; a bare path means an Oxigraph directory.

    Examples:
        >>> scheme_of("kg-store"), scheme_of("memory:"), scheme_of("bolt://localhost:7687")
        ('oxigraph', 'memory', 'bolt')
        >>> scheme_of("C:/data/store")
        'oxigraph'
    """
    if "://" in url:
        return url.split("://", 1)[0].lower()
    head = url.split(":", 1)[0].lower()
    if ":" in url and head in BACKENDS:
        return head
    return "oxigraph"


def open_store(url: str | None = None, *, read_only: bool = False, **options: Any) -> TripleStore:
    """Open the store at `url` (default `./kg-store`); `read_only` for commands that only read,
    so they can run while another process (a build) writes an embedded store.

    Raises:
        StoreError: unknown scheme, or the backend cannot open the store.

    Examples:
        >>> store = open_store("memory:")
        >>> len(store.rows().nodes)
        0
        >>> store.close()
    """
    url = url or DEFAULT_STORE
    scheme = scheme_of(url)
    target = BACKENDS.get(scheme)
    if target is None:
        raise StoreError(f"[S001] unknown store {url!r}; use a directory path, memory:, bolt:// or neo4j://")
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise StoreError(f"[S002] the {scheme} store needs a package that is not installed: {e.name}") from e
    cls = getattr(module, class_name)
    return cls.from_url(url, read_only=read_only, **options)
