"""RDFStore: graph rows as RDF in an embedded Oxigraph store, queried with SPARQL.

Each paper's own facts live in a named graph of their own (`<paper IRI>/graph`), so reloading a
changed paper replaces exactly its facts; shared entity nodes and OUTPERFORMS edges live in the
default graph, where a triple exists once. Queries see the union of all graphs. The quads come
from the one RDF mapping of graph rows (`kg.core.rdf`), made per paper and bulk-loaded with a
journal by `kg.stores.rdf_load`; the statistics the store keeps for
whole-graph aggregates are `kg.stores.statistics`, SPARQL text handling `kg.stores.sparql`, and
what `kg analyze` writes back `kg.stores.rdf_analytics`. The same pyoxigraph store is also
offered to rdflib users as `store.dataset` (oxrdflib's plugin).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset

from kg.core.analytics import Analysis
from kg.core.errors import QueryError, StoreError
from kg.core.focus import focus_refs, hop_distances
from kg.core.graph import Edge, GraphRows, Node, NodeRef
from kg.core.ids import node_iri
from kg.core.rdf import (
    CLASS_TERMS,
    LABEL_OF_CLASS,
    PROPERTY_NAMES,
    PROPERTY_TERMS,
    RDF_TYPE,
    RELATION_OF_PREDICATE,
    node_ref,
    properties_of,
    python_value,
    nquads_literal,
    rows_from_quads,
    statement_iri,
    statement_properties,
)
from kg.core.vocab import PREFIXES
from kg.stores import LoadStats, load_in_batches
from kg.stores.rdf_analytics import ANALYTICS_GRAPH, analytics_quads
from kg.stores.rdf_load import (
    CONTENT_HASH,
    PaperQuads,
    bulk_write,
    content_hash_nquad,
    paper_graph_iri,
    paper_quads,
    recover_bulk_load,
)
from kg.stores.sparql import PREFIX_IRIS, bind_parameters, is_update
from kg.stores.statistics import PENDING_MARK, Statistics

log = logging.getLogger(__name__)

FLUSH_EVERY_QUADS = 200_000
# From this many papers new to the store in one batch, their graphs go through the bulk loader.
BULK_MIN_PAPERS = 200
# Papers per write (and per chunk of a build): each bulk load lands as new files that RocksDB
# merges into the store; 20k papers took 57 s of CPU in bulk loads of 1,000 papers, 47 s in
# loads of 5,000 and 44 s in one (facts only, compaction included).
PAPERS_PER_WRITE = 5000
OPTIMIZE_AFTER_QUADS = 1_000_000  # about 11k papers written in one session
_NAME = PROPERTY_TERMS["name"][0]
_PAPER_ID = PROPERTY_TERMS["id"][0]
# What RocksDB says when another process (or this one) holds the store's LOCK file.
_LOCKED = ("While lock file", "lock hold by current process")
_PENDING_MARK_NQUAD = f"{PENDING_MARK} .\n"
_COUNT_TRIPLES = "SELECT (COUNT(DISTINCT TRIPLE(?s, ?p, ?o)) AS ?n) WHERE { ?s ?p ?o }"


class RDFStore:
    """The embedded store: a pyoxigraph store, on disk or in memory.

    Args:
        native: the pyoxigraph store.
        url: where it was opened from, for messages.
    """

    supports_sparql = True
    supports_cypher = False
    papers_per_write = PAPERS_PER_WRITE

    def __init__(self, native: ox.Store, *, url: str, read_only: bool = False) -> None:
        # Writes, scans and queries go straight to pyoxigraph: rdflib converts every term in
        # Python (~50x slower for bulk writes, 2-3x for large answers).
        self.native = native
        self.url = url
        self.read_only = read_only
        self.dataset = Dataset(store=OxigraphStore(store=native), default_union=True)
        for prefix, ns in PREFIXES.items():
            self.dataset.bind(prefix, ns)
        if not read_only:  # a read-only open leaves an unfinished bulk load to the next writer
            recover_bulk_load(native)
        self.statistics = Statistics(native, url=url, read_only=read_only)
        self._unflushed = 0
        self._written_quads = 0  # since this store was opened

    @classmethod
    def from_url(cls, url: str, *, read_only: bool = False, **options: Any) -> RDFStore:
        """Open `memory:`, `oxigraph:PATH` or a plain directory path.

        With `read_only`, an existing store is opened without taking its lock, so queries,
        exports and pictures run while a build writes (they see what the build has committed,
        and the statistics of the last load that finished); a path with no store yet is
        created as usual.

        Raises:
            StoreError: the directory cannot be created, is in use by another process (S005),
                or does not hold an Oxigraph store.
        """
        path = url.split(":", 1)[1] if url.startswith("oxigraph:") else url
        read_only = read_only and url != "memory:" and (Path(path) / "CURRENT").is_file()
        try:
            if url == "memory:":
                native = ox.Store()
            elif read_only:
                native = ox.Store.read_only(path)
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                native = ox.Store(path)
        except (OSError, ValueError, RuntimeError) as e:  # RuntimeError: a corrupt or locked store
            if any(words in str(e) for words in _LOCKED):  # another process has the store open
                raise StoreError(f"[S005] the store at {path} is in use by another kg process; "
                                 "wait for it to finish (kg query, sparql, export and viz can read it meanwhile)") from None
            raise StoreError(f"[S003] cannot open the store at {path}: {e}") from e
        return cls(native, url=url, read_only=read_only)

    # --- writing -------------------------------------------------------------------------

    def content_hashes(self, paper_ids: Iterable[str]) -> dict[str, str]:
        """The stored content hash of each of these papers that is loaded."""
        out = {}
        for paper_id in paper_ids:
            for quad in self.native.quads_for_pattern(ox.NamedNode(node_iri("Paper", paper_id)), CONTENT_HASH, None, None):
                out[paper_id] = quad.object.value
        return out

    @staticmethod
    def prepare_rows(rows: GraphRows) -> PaperQuads | None:
        """One paper's rows as the N-Quads `add_prepared` writes; the extraction workers of a build run it."""
        return paper_quads(rows)

    def add(self, rows: Iterable[GraphRows], *, batch_size: int = PAPERS_PER_WRITE) -> LoadStats:
        """Load each paper's rows, replacing that paper's graph; unchanged papers are skipped.

        The statistics are brought up to date before the next query (or at `close`), once
        for all the loads in between: a build calls `add` once per chunk.
        """
        return self.add_prepared((paper_quads(part) for part in rows), batch_size=batch_size)

    def add_prepared(self, papers: Iterable[PaperQuads | None], *, batch_size: int = PAPERS_PER_WRITE) -> LoadStats:
        """`add` for papers already turned into N-Quads by `paper_quads` (in extraction workers).

        Papers new to the store, `BULK_MIN_PAPERS` or more in a batch, go through Oxigraph's bulk
        loader (about 3x faster than a transaction); the rest, and every changed paper, are
        written in one transaction per batch.
        """
        return load_in_batches((paper for paper in papers if paper is not None), batch_size, self._write)

    def _write(self, batch: list[PaperQuads], stats: LoadStats) -> None:
        papers = {paper.key: paper for paper in batch}
        stored = self.content_hashes(papers)
        todo = [paper for paper in papers.values() if stored.get(paper.key) != paper.content_hash]
        stats.unchanged += len(papers) - len(todo)
        if not todo:
            return
        names: dict[str, str] = {}
        try:
            for paper in todo:
                removed: frozenset[str] | set[str] = frozenset()
                if paper.key in stored:  # changed: its old facts go, and the statistics forget them
                    graph = ox.NamedNode(paper_graph_iri(paper.key))
                    removed = self.statistics.mentioned(ox.NamedNode(node_iri("Paper", paper.key)), graph)
                    self.native.remove_graph(graph)
                self.statistics.paper_changed(removed=removed, added=paper.mentioned)
                for iri, name in paper.names.items():
                    if iri not in names or name < names[iri]:
                        names[iri] = name
                stats.papers += 1
                stats.nodes += paper.nodes
                stats.edges += paper.edges
                stats.triples += paper.quads
            facts = "".join(paper.facts for paper in todo)
            # shared entities repeat from paper to paper: each line once per batch
            shared = dict.fromkeys(line for paper in todo for line in paper.shared.splitlines(keepends=True))
            marks = "".join(content_hash_nquad(paper.key, paper.content_hash) for paper in todo if paper.content_hash)
            new_names = self._settled_names(names)
            settled = "".join(f"<{iri}> {_NAME} {nquads_literal('name', name)} .\n" for iri, name in new_names.items())
            stats.triples += len(new_names)
            rest = "".join(shared) + settled + marks
            if len(todo) - len(stored) >= BULK_MIN_PAPERS:
                self._unflushed += bulk_write(self.native, todo, facts, rest)
            else:
                # one transaction: a batch is written whole or not at all, with the pending
                # mark, so a load killed before its end makes the next open recompute every statistic
                text = facts + rest + _PENDING_MARK_NQUAD
                self.native.load(text, format=ox.RdfFormat.N_QUADS, lenient=True)
                self._unflushed += text.count("\n")
            self._written_quads += stats.triples
            if self._unflushed >= FLUSH_EVERY_QUADS and self.url != "memory:":
                # RocksDB keeps writes in memory tables until flushed; without this
                # a long build grows by ~80 MB per 1,000 papers.
                self.native.flush()
                self._unflushed = 0
        except (OSError, RuntimeError, ValueError, SyntaxError) as e:
            raise StoreError(f"[S004] cannot write to the store at {self.url}: {e}") from e

    def _settled_names(self, names: dict[str, str]) -> dict[str, str]:
        """The name to write for each shared entity whose stored name changes: each keeps one
        name, the least of all seen, as the Neo4j store does, so both stores agree whatever the
        load order. A stored name that loses to the new one is removed here."""
        default = ox.DefaultGraph()
        out: dict[str, str] = {}
        for iri, name in names.items():
            subject = ox.NamedNode(iri)
            existing = list(self.native.quads_for_pattern(subject, _NAME, None, default))
            best = min([name, *(q.object.value for q in existing)])
            for quad in existing:
                if quad.object.value != best:
                    self.native.remove(quad)
            if best not in {q.object.value for q in existing}:
                out[iri] = best
        return out

    def write_analytics(self, analysis: Analysis) -> int:
        """Replace the analytics graph with this analysis; returns the quads written."""
        quads = list(analytics_quads(analysis))
        try:
            if next(self.native.quads_for_pattern(None, None, None, ANALYTICS_GRAPH), None) is not None:
                self.native.remove_graph(ANALYTICS_GRAPH)
            self.native.extend(quads)
            if self.url != "memory:":
                # Left in RocksDB's memory tables, these writes are replayed by the next open:
                # 50k papers, 570k quads removed and written, cost that open 17 s of CPU.
                self.native.flush()
        except (OSError, RuntimeError, ValueError) as e:
            raise StoreError(f"[S004] cannot write to the store at {self.url}: {e}") from e
        return len(quads)

    # --- reading -------------------------------------------------------------------------

    def sparql(self, text: str, bindings: dict[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """Rows of a SPARQL query as dicts of Python values; updates need `write=True`.

        Raises:
            QueryError: the query is malformed, or an update without `write`.
        """
        if bindings:
            text = bind_parameters(text, bindings)
        self.statistics.settle()
        if is_update(text):
            if not write:
                raise QueryError("[Q005] this is a SPARQL update; the store is read-only unless --write is given")
            try:
                self.native.update(text, prefixes=PREFIX_IRIS)
            except Exception as e:
                raise QueryError(f"[Q006] SPARQL update failed: {e}") from e
            self.statistics.refresh()  # the update may have touched anything
            return []
        try:
            result = self.native.query(text, prefixes=PREFIX_IRIS, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryBoolean):
                return [{"answer": bool(result)}]
            if isinstance(result, ox.QueryTriples):
                return [{"subject": t.subject.value, "predicate": t.predicate.value, "object": python_value(t.object)}
                        for t in result]
            names = [v.value for v in result.variables]
            return [{n: python_value(value) for n, value in zip(names, solution)} for solution in result]
        except Exception as e:
            raise QueryError(f"[Q006] SPARQL query failed: {e}") from e

    def __len__(self) -> int:
        """Number of distinct triples in the union of all graphs, statistics included (so they
        are settled first): what `len(store.dataset)` says."""
        self.statistics.settle()
        (solution,) = self.native.query(_COUNT_TRIPLES, use_default_graph_as_union=True)
        return int(solution["n"].value)

    def rows(self) -> GraphRows:
        """Every node and edge, read back from the quads in one pass (the inverse of `add`)."""
        return rows_from_quads(self.native.quads_for_pattern(None, None, None, None))

    def neighbourhood(self, focus: str, *, hops: int = 2, limit: int = 5000) -> GraphRows:
        """The nodes within `hops` of what `focus` names (a key, name, paper id or title; the rule
        of `kg.core.focus`) and every edge between them, read without scanning the whole store.

        At most `limit` nodes are gathered, nearest first; `kg viz --focus` draws from these.
        """
        source = _FocusSource(self.native)
        dist = hop_distances(focus_refs(focus, source), source.neighbours, hops=hops, limit=limit)
        out = GraphRows()
        refs: dict[str, tuple[str, str]] = {}
        for iri in (node_iri(*ref) for ref in dist):
            label, values = None, {}
            for quad in self.native.quads_for_pattern(ox.NamedNode(iri), None, None, None):
                if quad.predicate == RDF_TYPE:
                    label = LABEL_OF_CLASS.get(quad.object.value, label)
                else:
                    _add_value(values, quad)
            if label is not None:
                props = properties_of(values, label)
                refs[iri] = (label, props.get("key") or iri.rsplit("/", 1)[-1])
                out.nodes.append(Node(*refs[iri], props))
        links = [
            (s, quad.predicate.value, quad.object.value)
            for s in refs
            for quad in self.native.quads_for_pattern(ox.NamedNode(s), None, None, None)
            if quad.predicate.value in RELATION_OF_PREDICATE and quad.object.value in refs
        ]
        for s, p, o in dict.fromkeys(links):
            edge = Edge(RELATION_OF_PREDICATE[p], refs[s], refs[o])
            values = {}
            for quad in self.native.quads_for_pattern(ox.NamedNode(statement_iri(edge)), None, None, None):
                _add_value(values, quad)
            out.edges.append(Edge(edge.type, edge.src, edge.dst, statement_properties(values, edge.src)))
        return out

    def close(self) -> None:
        """Release the store; pyoxigraph closes it when the last reference goes.

        No explicit flush: every batch is a committed transaction already, and
        `Store.flush()` was seen to hang on a store just written by a long build.
        After a large load the store is compacted (`optimize`): a build leaves many
        small files behind, and reading through them made queries up to 2x slower
        (50k papers: 12 s of compaction, 3% of the build).
        """
        if self.native is None:
            return
        if not self.read_only:
            self.statistics.settle()
        if self._written_quads >= OPTIMIZE_AFTER_QUADS and self.url != "memory:":
            self.native.optimize()
        self.dataset.close()
        # pyoxigraph releases the directory's lock when the last reference goes
        self.native = self.statistics.native = None


def _add_value(values: dict[str, list[Any]], quad: ox.Quad) -> None:
    """Collect a property quad's value under its predicate IRI (others are passed over)."""
    if quad.predicate.value in PROPERTY_NAMES and isinstance(quad.object, ox.Literal):
        values.setdefault(quad.predicate.value, []).append(python_value(quad.object))


class _FocusSource:
    """The embedded store as a `kg.core.focus.FocusSource`: lookups by IRI, scans of one predicate."""

    def __init__(self, native: ox.Store) -> None:
        self.native = native

    def refs_with_keys(self, keys: Collection[str]) -> Iterator[NodeRef]:
        for label, cls in CLASS_TERMS.items():
            for key in keys:
                if next(self.native.quads_for_pattern(ox.NamedNode(node_iri(label, key)), RDF_TYPE, cls, None), None):
                    yield label, key

    def _texts(self, predicate: ox.NamedNode) -> Iterator[tuple[NodeRef, str]]:
        for quad in self.native.quads_for_pattern(None, predicate, None, None):
            ref = node_ref(quad.subject.value)
            if ref is not None and isinstance(quad.object, ox.Literal):
                yield ref, quad.object.value

    def paper_ids(self, lowered: str) -> Iterator[tuple[NodeRef, str]]:
        return self._texts(_PAPER_ID)

    def names(self) -> Iterator[tuple[NodeRef, str]]:
        return self._texts(_NAME)  # names and titles share schema:name

    def neighbours(self, frontier: set[NodeRef]) -> Iterator[NodeRef]:
        """The nodes one relationship away from any of `frontier`, either way."""
        for ref in frontier:
            node = ox.NamedNode(node_iri(*ref))
            for quad in self.native.quads_for_pattern(node, None, None, None):
                if quad.predicate.value in RELATION_OF_PREDICATE and (other := node_ref(quad.object.value)):
                    yield other
            for quad in self.native.quads_for_pattern(None, None, node, None):
                if quad.predicate.value in RELATION_OF_PREDICATE and (other := node_ref(quad.subject.value)):
                    yield other
