"""RDFStore: graph rows as RDF in an embedded Oxigraph store, queried with SPARQL.

Each paper's own facts live in a named graph of their own (`<paper IRI>/graph`), so reloading a
changed paper replaces exactly its facts; shared entity nodes and OUTPERFORMS edges live in the
default graph, where a triple exists once. Queries see the union of all graphs. The quads come
from the one RDF mapping of graph rows (`kg.core.rdf`); the statistics the store keeps for
whole-graph aggregates are `kg.stores.statistics`, SPARQL text handling `kg.stores.sparql`, and
what `kg analyze` writes back `kg.stores.rdf_analytics`. The same pyoxigraph store is also
offered to rdflib users as `store.dataset` (oxrdflib's plugin).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset

from kg.core.analytics import Analysis
from kg.core.errors import QueryError, StoreError
from kg.core.graph import MENTION_RELATIONS, Edge, GraphRows, Node
from kg.core.ids import entity_key, node_iri
from kg.core.rdf import (
    LABEL_OF_CLASS,
    PROPERTY_NAMES,
    PROPERTY_TERMS,
    RDF_TYPE,
    RELATION_OF_PREDICATE,
    edge_quads,
    node_quads,
    properties_of,
    python_value,
    rows_from_quads,
    statement_iri,
)
from kg.core.vocab import ENTITY_LABELS, NODE_CLASSES, PREFIXES
from kg.stores import LoadStats
from kg.stores.rdf_analytics import ANALYTICS_GRAPH, analytics_quads
from kg.stores.sparql import PREFIX_IRIS, bind_parameters, is_update
from kg.stores.statistics import PENDING_MARK, Statistics

log = logging.getLogger(__name__)

# Nodes and edges shared by papers go in the default graph (see module docstring).
SHARED_LABELS = frozenset(ENTITY_LABELS)
SHARED_RELATIONS = frozenset({"OUTPERFORMS"})
FLUSH_EVERY_QUADS = 200_000
OPTIMIZE_AFTER_QUADS = 1_000_000  # about 11k papers written in one session
_NAME = PROPERTY_TERMS["name"][0]
_CONTENT_HASH = PROPERTY_TERMS["content_hash"][0]
_COUNT_TRIPLES = "SELECT (COUNT(DISTINCT TRIPLE(?s, ?p, ?o)) AS ?n) WHERE { ?s ?p ?o }"


def paper_graph_iri(paper_key: str) -> str:
    """The named graph holding one paper's facts.

    Examples:
        >>> paper_graph_iri("2401.1")
        'https://w3id.org/paperkg/id/paper/2401.1/graph'
    """
    return node_iri("Paper", paper_key) + "/graph"


class RDFStore:
    """The embedded store: a pyoxigraph store, on disk or in memory.

    Args:
        native: the pyoxigraph store.
        url: where it was opened from, for messages.
    """

    supports_sparql = True
    supports_cypher = False

    def __init__(self, native: ox.Store, *, url: str) -> None:
        # Writes, scans and queries go straight to pyoxigraph: rdflib converts every term in
        # Python (~50x slower for bulk writes, 2-3x for large answers).
        self.native = native
        self.url = url
        self.dataset = Dataset(store=OxigraphStore(store=native), default_union=True)
        for prefix, ns in PREFIXES.items():
            self.dataset.bind(prefix, ns)
        self.statistics = Statistics(native, url=url)
        self._unflushed = 0
        self._written_quads = 0  # since this store was opened

    @classmethod
    def from_url(cls, url: str, **options: Any) -> RDFStore:
        """Open `memory:`, `oxigraph:PATH` or a plain directory path.

        Raises:
            StoreError: the directory cannot be created, is locked by another process,
                or does not hold an Oxigraph store.
        """
        path = url.split(":", 1)[1] if url.startswith("oxigraph:") else url
        try:
            if url == "memory:":
                native = ox.Store()
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                native = ox.Store(path)
        except (OSError, ValueError, RuntimeError) as e:  # RuntimeError: a corrupt or locked store
            raise StoreError(f"[S003] cannot open the store at {path}: {e}") from e
        return cls(native, url=url)

    # --- writing -------------------------------------------------------------------------

    def content_hashes(self, paper_ids: Iterable[str]) -> dict[str, str]:
        """The stored content hash of each of these papers that is loaded."""
        out = {}
        for paper_id in paper_ids:
            for quad in self.native.quads_for_pattern(ox.NamedNode(node_iri("Paper", paper_id)), _CONTENT_HASH, None, None):
                out[paper_id] = quad.object.value
        return out

    def add(self, rows: Iterable[GraphRows], *, batch_size: int = 500) -> LoadStats:
        """Load each paper's rows, replacing that paper's graph; unchanged papers are skipped.

        The statistics are brought up to date before the next query (or at `close`), once
        for all the loads in between: a build calls `add` once per chunk.
        """
        stats = LoadStats()
        started = time.perf_counter()
        batch: list[GraphRows] = []
        for part in rows:
            batch.append(part)
            if len(batch) >= batch_size:
                self._write(batch, stats)
                batch = []
        if batch:
            self._write(batch, stats)
        stats.seconds = time.perf_counter() - started
        return stats

    def _write(self, batch: list[GraphRows], stats: LoadStats) -> None:
        papers = {part.nodes[0].key: part for part in batch if part.nodes and part.nodes[0].label == "Paper"}
        stored = self.content_hashes(papers)
        quads: list[ox.Quad] = []
        names: dict[str, str] = {}
        default = ox.DefaultGraph()
        for key, part in papers.items():
            if stored.get(key) == part.nodes[0].props.get("content_hash"):
                stats.unchanged += 1
                continue
            graph = ox.NamedNode(paper_graph_iri(key))
            removed: set[str] = set()
            if key in stored:
                removed = self.statistics.mentioned(ox.NamedNode(node_iri("Paper", key)), graph)
                self.native.remove_graph(graph)
            paper_ref = part.nodes[0].ref
            self.statistics.paper_changed(removed=removed, added={
                node_iri(*e.dst) for e in part.edges if e.src == paper_ref and e.type in MENTION_RELATIONS})
            shared = []
            for node in part.nodes:
                target = graph
                if node.label in SHARED_LABELS:
                    iri = node_iri(node.label, node.key)
                    shared.append(iri)
                    name = str(node.props.get("name", node.key))
                    names[iri] = min(names.get(iri, name), name)
                    node = Node(node.label, node.key, {k: v for k, v in node.props.items() if k != "name"})
                    target = default
                quads.extend(node_quads(node, target))
            self.statistics.entities_touched(shared)
            for edge in part.edges:
                quads.extend(edge_quads(edge, default if edge.type in SHARED_RELATIONS else graph))
            stats.papers += 1
            stats.nodes += len(part.nodes)
            stats.edges += len(part.edges)
        quads.extend(self._settled_names(names))
        if quads:
            # committed with the batch: a load killed before its end leaves the mark,
            # and the next load recomputes every statistic
            quads.append(PENDING_MARK)
            try:
                self.native.extend(quads)  # one transaction: a batch is written whole or not at all
                self._unflushed += len(quads)
                self._written_quads += len(quads)
                if self._unflushed >= FLUSH_EVERY_QUADS and self.url != "memory:":
                    # RocksDB keeps writes in memory tables until flushed; without this
                    # a long build grows by ~80 MB per 1,000 papers.
                    self.native.flush()
                    self._unflushed = 0
            except (OSError, RuntimeError, ValueError) as e:
                raise StoreError(f"[S004] cannot write to the store at {self.url}: {e}") from e
        stats.triples += len(quads)

    def _settled_names(self, names: dict[str, str]) -> Iterator[ox.Quad]:
        """Name quads for shared entities: each keeps one name, the least of all seen,
        as the Neo4j store does, so both stores agree whatever the load order."""
        default = ox.DefaultGraph()
        for iri, name in names.items():
            subject = ox.NamedNode(iri)
            existing = list(self.native.quads_for_pattern(subject, _NAME, None, default))
            best = min([name, *(q.object.value for q in existing)])
            for quad in existing:
                if quad.object.value != best:
                    self.native.remove(quad)
            if best not in {q.object.value for q in existing}:
                yield ox.Quad(subject, _NAME, ox.Literal(best), default)

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
        """The nodes within `hops` of what `focus` names (a key, name, paper id or title)
        and every edge between them, read without scanning the whole store.

        At most `limit` nodes are gathered, nearest first; `kg viz --focus` draws from these.
        """
        seeds = self._focus_iris(focus)
        seen = dict.fromkeys(seeds)
        frontier = list(seeds)
        for _ in range(hops):
            nxt = []
            for iri in frontier:
                node = ox.NamedNode(iri)
                for quad in [*self.native.quads_for_pattern(node, None, None, None),
                             *self.native.quads_for_pattern(None, None, node, None)]:
                    if quad.predicate.value not in RELATION_OF_PREDICATE:
                        continue
                    s, o = quad.subject.value, quad.object.value
                    other = o if s == iri else s
                    if other not in seen and len(seen) < limit:
                        seen[other] = None
                        nxt.append(other)
            frontier = nxt
        out = GraphRows()
        refs: dict[str, tuple[str, str]] = {}
        for iri in seen:
            label, values = None, {}
            for quad in self.native.quads_for_pattern(ox.NamedNode(iri), None, None, None):
                if quad.predicate == RDF_TYPE:
                    label = LABEL_OF_CLASS.get(quad.object.value, label)
                else:
                    self._add_value(values, quad)
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
                self._add_value(values, quad)
            out.edges.append(Edge(edge.type, edge.src, edge.dst, properties_of(values, None)))
        return out

    @staticmethod
    def _add_value(values: dict[str, list[Any]], quad: ox.Quad) -> None:
        """Collect a property quad's value under its predicate IRI (others are passed over)."""
        if quad.predicate.value in PROPERTY_NAMES and isinstance(quad.object, ox.Literal):
            values.setdefault(quad.predicate.value, []).append(python_value(quad.object))

    def _focus_iris(self, focus: str) -> list[str]:
        """IRIs of the nodes a focus names: exact keys and paper ids first, then names and titles."""
        raw = focus.strip()
        key = entity_key(raw)
        found = []
        for label in NODE_CLASSES:
            for candidate in dict.fromkeys([raw, raw.lower(), key]):
                if candidate and next(self.native.quads_for_pattern(ox.NamedNode(node_iri(label, candidate)), RDF_TYPE, None, None), None):
                    found.append(node_iri(label, candidate))
        if found or not key:
            return list(dict.fromkeys(found))
        rows = self.sparql(
            "SELECT DISTINCT ?n WHERE { ?n schema:name ?name . "
            "FILTER (REPLACE(LCASE(STR(?name)), '[^a-z0-9]', '') IN (?k, CONCAT(?k, 's'))) }",
            {"k": key},
        )
        return [r["n"] for r in rows]

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
        self.statistics.settle()
        if self._written_quads >= OPTIMIZE_AFTER_QUADS and self.url != "memory:":
            self.native.optimize()
        self.dataset.close()
        # pyoxigraph releases the directory's lock when the last reference goes
        self.native = self.statistics.native = None
