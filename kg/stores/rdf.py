"""RDFStore: graph rows as RDF in an rdflib Dataset backed by Oxigraph (oxrdflib).

Each paper's own facts live in a named graph of their own (`<paper IRI>/graph`),
so reloading a changed paper replaces exactly its facts; shared entity nodes
and OUTPERFORMS edges live in the default graph, where a triple exists once.
Queries see the union of all graphs. Edges with provenance are reified as
`rdf:Statement` nodes carrying the sentence, offsets, extractor and confidence.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import RDF, XSD, Dataset, Literal, URIRef

import queries
from kg.errors import QueryError, StoreError
from kg.graph import MENTION_RELATIONS, Edge, GraphRows, Node
from kg.ids import BASE, entity_key, node_iri, short_hash
from kg.stores import LoadStats
from kg.vocab import (
    ANALYTICS_CLASSES,
    ANALYTICS_LINKS,
    ANALYTICS_PROPERTIES,
    EXACT_MATCH,
    KG,
    LIST_PROPERTIES,
    NODE_CLASSES,
    PREFIXES,
    PROPERTIES,
    RELATIONS,
    VOID,
    taxonomy_iri,
)

if TYPE_CHECKING:
    from kg.analyze import Analysis

log = logging.getLogger(__name__)

# Nodes and edges shared by papers go in the default graph (see module docstring).
SHARED_LABELS = frozenset({"Model", "Method", "Dataset", "Metric", "Task"})
SHARED_RELATIONS = frozenset({"OUTPERFORMS"})
FLUSH_EVERY_QUADS = 200_000
# From this many papers new to the store in one batch, their graphs go through the bulk loader.
BULK_MIN_PAPERS = 200
OPTIMIZE_AFTER_QUADS = 1_000_000  # about 11k papers written in one session
# Statistics the store keeps on every load, as Neo4j keeps its count store: VoID
# class/property partitions (`counts`) and each entity's number of papers
# (`top_datasets`, `top_metrics`). Whole-graph aggregates then read a few hundred
# quads instead of joining millions. The partitions live in a graph of their own,
# the paper counts in one graph per entity label (`stats:Dataset`), so a query reads
# one label's counts by a prefix scan, without a join. Each task also has a graph of
# its own with, for every model and method, how many of the task's papers use or
# propose it (`models_on_task`), linked from the task by `kg:modelPaperCounts`.
STATS_GRAPH_IRI = f"{BASE}graph/stats"
DATASET_IRI = f"{BASE}dataset"
# What `kg analyze` writes back (kg.analyze): a graph of its own, replaced whole by each analysis,
# so loads never touch it and exports (which read the extracted facts) leave it out.
ANALYTICS_GRAPH_IRI = f"{BASE}graph/analytics"


def stats_graph_iri(label: str) -> str:
    """The graph holding the paper counts of one entity label.

    Examples:
        >>> stats_graph_iri("Dataset")
        'https://w3id.org/paperkg/graph/stats/Dataset'
    """
    return f"{STATS_GRAPH_IRI}/{label}"


def task_models_graph_iri(task_iri: str) -> str:
    """The graph holding, for one task, the paper count of each model and method its papers use or propose.

    Examples:
        >>> task_models_graph_iri("https://w3id.org/paperkg/id/task/segmentation")
        'https://w3id.org/paperkg/graph/stats/Task/segmentation'
    """
    return f"{stats_graph_iri('Task')}/{task_iri.rsplit('/', 1)[-1]}"


_CLASS_LABELS = {cls: label for label, cls in NODE_CLASSES.items()}
_RELATION_TYPES = {pred: rel for rel, pred in RELATIONS.items()}


def paper_graph_iri(paper_key: str) -> URIRef:
    """The named graph holding one paper's facts.

    Examples:
        >>> str(paper_graph_iri("2401.1"))
        'https://w3id.org/paperkg/id/paper/2401.1/graph'
    """
    return URIRef(node_iri("Paper", paper_key) + "/graph")


def statement_iri(edge: Edge) -> URIRef:
    """The reified statement node that carries an edge's provenance."""
    return URIRef(f"{BASE}id/statement/{short_hash(edge.src, edge.type, edge.dst)}")


def _lexical(name: str, value: Any) -> str:
    """The lexical form of a property value for its XSD datatype.

    Examples:
        >>> _lexical("value", 15.8), _lexical("start", 7), _lexical("lower_is_better", True)
        ('15.8', '7', 'true')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    datatype = PROPERTIES[name][1]
    if datatype == XSD.double:
        return repr(float(value))
    if datatype == XSD.integer:
        return str(int(value))
    return str(value)


def _literal(name: str, value: Any) -> Literal:
    _, datatype = PROPERTIES[name]
    if isinstance(value, bool):
        return Literal(value)
    if datatype is not None:
        return Literal(_lexical(name, value), datatype=datatype)
    return Literal(str(value))


def node_triples(node: Node) -> Iterator[tuple[URIRef, URIRef, Literal | URIRef]]:
    """RDF triples of one node: its class, each property, and its skos:exactMatch link to its
    vocabulary concept when it has a canonical id.

    Examples:
        >>> [str(o) for _, _, o in node_triples(Node("Metric", "bleu", {"key": "bleu", "name": "BLEU"}))]
        ['https://w3id.org/paperkg/vocab#Metric', 'bleu', 'BLEU']
        >>> [str(o) for _, p, o in node_triples(Node("Dataset", "coco", {"canonical_id": "coco"})) if p == EXACT_MATCH]
        ['https://w3id.org/paperkg/taxonomy/dataset/coco']
    """
    iri = URIRef(node_iri(node.label, node.key))
    yield iri, RDF.type, NODE_CLASSES[node.label]
    if node.props.get("canonical_id"):
        yield iri, EXACT_MATCH, taxonomy_iri(node.label, node.props["canonical_id"])
    for name, value in node.props.items():
        if value is None or name not in PROPERTIES:
            continue
        predicate = PROPERTIES[name][0]
        if name in LIST_PROPERTIES and isinstance(value, (list, tuple)):
            for item in value:
                yield iri, predicate, _literal(name, item)
        else:
            yield iri, predicate, _literal(name, value)


def edge_triples(edge: Edge) -> Iterator[tuple[URIRef, URIRef, Literal | URIRef]]:
    """RDF triples of one edge, plus its reified statement when it has properties."""
    s = URIRef(node_iri(*edge.src))
    o = URIRef(node_iri(*edge.dst))
    p = RELATIONS[edge.type]
    yield s, p, o
    if edge.props:
        st = statement_iri(edge)
        yield st, RDF.type, RDF.Statement
        yield st, RDF.subject, s
        yield st, RDF.predicate, p
        yield st, RDF.object, o
        for name, value in edge.props.items():
            if value is not None and name in PROPERTIES:
                yield st, PROPERTIES[name][0], _literal(name, value)


class RDFStore:
    """The embedded store: an rdflib Dataset on Oxigraph, on disk or in memory."""

    supports_sparql = True
    supports_cypher = False

    @staticmethod
    def prepare_rows(rows: GraphRows) -> PaperQuads | None:
        """One paper's rows as the N-Quads `add_prepared` writes; the extraction workers of a build run it."""
        return paper_quads(rows)

    def __init__(self, dataset: Dataset, *, url: str, native: ox.Store | None = None) -> None:
        self.dataset = dataset
        self.url = url
        # The pyoxigraph store under the rdflib Dataset: bulk writes and full scans go
        # straight to it (rdflib converts every term in Python, ~50x slower); queries
        # go through rdflib, which hands SPARQL to Oxigraph untouched.
        self.native = native if native is not None else dataset.store._inner
        self._unflushed = 0
        self._written_quads = 0  # since this store was opened
        # Statistics still to recompute: the entities loads touched since the last
        # refresh, and everything if a load was killed before its refresh (its mark
        # is still in the store). A task's model counts are kept up to date by the
        # papers each (task, model) pair gained or lost, not recounted: a popular task
        # has thousands of papers, and a recount would read every one of them.
        self._touched: set[str] = set()
        self._pair_changes: Counter[tuple[str, str]] = Counter()
        self._written = False
        self._recover_bulk_load()
        self._refresh_all = self._stats_pending() or self._task_counts_missing()
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)

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
        dataset = Dataset(store=OxigraphStore(store=native), default_union=True)
        return cls(dataset, url=url, native=native)

    # --- writing -------------------------------------------------------------------------

    def content_hashes(self, paper_ids: Iterable[str]) -> dict[str, str]:
        """The stored content hash of each of these papers that is loaded."""
        predicate = _OX_PROPERTIES["content_hash"][0]
        out = {}
        for paper_id in paper_ids:
            for quad in self.native.quads_for_pattern(ox.NamedNode(node_iri("Paper", paper_id)), predicate, None, None):
                out[paper_id] = quad.object.value
        return out

    def add(self, rows: Iterable[GraphRows], *, batch_size: int = 1000) -> LoadStats:
        """Load each paper's rows, replacing that paper's graph; unchanged papers are skipped.

        The statistics are brought up to date before the next query (or at `close`), once
        for all the loads in between: a build calls `add` once per chunk.
        """
        return self.add_prepared((paper_quads(part) for part in rows), batch_size=batch_size)

    def add_prepared(self, papers: Iterable[PaperQuads | None], *, batch_size: int = 1000) -> LoadStats:
        """`add` for papers already turned into N-Quads by `paper_quads` (in extraction workers).

        Papers new to the store, `BULK_MIN_PAPERS` or more in a batch, go through Oxigraph's bulk
        loader (about 3x faster than a transaction); the rest, and every changed paper, are
        written in one transaction per batch.
        """
        stats = LoadStats()
        started = time.perf_counter()
        batch: list[PaperQuads] = []
        for paper in papers:
            if paper is None:
                continue
            batch.append(paper)
            if len(batch) >= batch_size:
                self._write(batch, stats)
                batch = []
        if batch:
            self._write(batch, stats)
        stats.seconds = time.perf_counter() - started
        return stats

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
                if paper.key in stored:  # changed: its old facts go, and the statistics forget them
                    graph = ox.NamedNode(str(paper_graph_iri(paper.key)))
                    mentioned = self._mentioned(ox.NamedNode(node_iri("Paper", paper.key)), graph)
                    self._touched.update(mentioned)
                    self._pair_changes.subtract(task_model_pairs(mentioned))
                    self.native.remove_graph(graph)
                self._touched.update(paper.names)
                self._pair_changes.update(task_model_pairs(set(paper.mentioned)))
                for iri, name in paper.names.items():
                    names[iri] = min(names.get(iri, name), name)
                stats.papers += 1
                stats.nodes += paper.nodes
                stats.edges += paper.edges
                stats.triples += paper.quads
            facts = "".join(paper.facts for paper in todo)
            # shared entities repeat from paper to paper: each line once per batch
            shared = "".join(dict.fromkeys(line for paper in todo for line in paper.shared.splitlines(keepends=True)))
            marks = "".join(content_hash_nquad(paper.key, paper.content_hash) for paper in todo if paper.content_hash)
            settled = "".join(f"{quad} .\n" for quad in self._settled_names(names))
            stats.triples += settled.count("\n")
            self._written = True
            if len(todo) - len(stored) >= BULK_MIN_PAPERS:
                self._bulk_write(todo, facts, shared + settled + marks)
            else:
                # one transaction: a batch is written whole or not at all, with the pending
                # mark, so a load killed before its end makes the next open recompute every statistic
                text = facts + shared + settled + marks + _NQ_PENDING_MARK
                self.native.load(text, format=ox.RdfFormat.N_QUADS)
                self._unflushed += text.count("\n")
            self._written_quads += stats.triples
            if self._unflushed >= FLUSH_EVERY_QUADS and self.url != "memory:":
                # RocksDB keeps writes in memory tables until flushed; without this
                # a long build grows by ~80 MB per 1,000 papers.
                self.native.flush()
                self._unflushed = 0
        except (OSError, RuntimeError, ValueError, SyntaxError) as e:
            raise StoreError(f"[S004] cannot write to the store at {self.url}: {e}") from e

    def _bulk_write(self, papers: list[PaperQuads], facts: str, rest: str) -> None:
        """Write papers new to the store: their graphs through the bulk loader, then in one
        transaction their shared entities, names and content hashes (the mark that a paper is
        whole). The bulk loader writes files straight into the store, not in a transaction, so
        the graphs it is about to write are listed first (`kg:bulkLoading`): if the load is
        killed, the next open removes those of them that have no content hash
        (`_recover_bulk_load`), and every paper in the store is whole again."""
        journal = [ox.Quad(_OX_DATASET, _OX_BULK_LOADING, ox.NamedNode(str(paper_graph_iri(p.key))), _OX_STATS_GRAPH)
                   for p in papers]
        self.native.extend([_OX_PENDING_MARK, *journal])
        self.native.bulk_load(facts, format=ox.RdfFormat.N_QUADS)
        self.native.load(rest, format=ox.RdfFormat.N_QUADS)
        for quad in journal:
            self.native.remove(quad)
        self._unflushed += len(journal) * 2 + rest.count("\n")

    def _recover_bulk_load(self) -> None:
        """Remove the graphs a bulk load killed midway left without their content hash."""
        journal = list(self.native.quads_for_pattern(_OX_DATASET, _OX_BULK_LOADING, None, _OX_STATS_GRAPH))
        for quad in journal:
            graph = quad.object
            paper = ox.NamedNode(graph.value.removesuffix("/graph"))
            if next(self.native.quads_for_pattern(paper, _OX_CONTENT_HASH, None, graph), None) is None:
                log.info("removing %s, left incomplete by a bulk load that did not finish", graph.value)
                self.native.remove_graph(graph)
            self.native.remove(quad)

    def _settled_names(self, names: dict[str, str]) -> Iterator[ox.Quad]:
        """Name quads for shared entities: each keeps one name, the least of all seen,
        as the Neo4j store does, so both stores agree whatever the load order."""
        predicate = _OX_PROPERTIES["name"][0]
        default = ox.DefaultGraph()
        for iri, name in names.items():
            subject = ox.NamedNode(iri)
            existing = list(self.native.quads_for_pattern(subject, predicate, None, default))
            best = min([name, *(q.object.value for q in existing)])
            for quad in existing:
                if quad.object.value != best:
                    self.native.remove(quad)
            if best not in {q.object.value for q in existing}:
                yield ox.Quad(subject, predicate, ox.Literal(best), default)

    def _mentioned(self, paper: ox.NamedNode, graph: ox.NamedNode) -> set[str]:
        """IRIs of the entities a stored paper mentions (read before its graph is replaced)."""
        return {q.object.value for rel in _OX_MENTIONS for q in self.native.quads_for_pattern(paper, rel, None, graph)}

    def _stats_pending(self) -> bool:
        return next(self.native.quads_for_pattern(_OX_DATASET, _OX_PENDING, None, _OX_STATS_GRAPH), None) is not None

    def _task_counts_missing(self) -> bool:
        """Whether papers address tasks but no task links to its model counts: a store
        built before the store kept them, whose first query would otherwise find none."""
        return (next(self.native.quads_for_pattern(None, _OX_MODEL_PAPER_COUNTS, None, _OX_COUNT_GRAPHS["Task"]), None) is None
                and next(self.native.quads_for_pattern(None, _OX_RELATIONS["ADDRESSES"], None, None), None) is not None)

    def _settle_statistics(self) -> None:
        """Refresh what loads left stale: the touched entities, or all when that is cheaper."""
        if self._refresh_all or len(self._touched) > _REFRESH_ALL_ABOVE:
            self.refresh_statistics()
        elif self._written:
            self.refresh_statistics(self._touched, pair_changes=self._pair_changes)
        self._touched, self._refresh_all, self._written = set(), False, False
        self._pair_changes = Counter()

    def refresh_statistics(self, entities: Iterable[str] | None = None, *,
                           pair_changes: Counter[tuple[str, str]] | None = None) -> None:
        """Recompute the statistics: the VoID partitions, and `kg:paperCount` of `entities`
        (IRIs; None: every entity, and every task's model counts). With `entities`, the task
        model counts change by `pair_changes`: the papers each (task IRI, model IRI) pair
        gained or lost since the last refresh. `add` calls this; so does a SPARQL update.

        Examples:
            >>> store = RDFStore.from_url("memory:")
            >>> store.refresh_statistics()
            >>> store.counts()
            {}
        """
        graph = _OX_STATS_GRAPH
        quads: list[ox.Quad] = []
        for kind, count_query, link, term, size in (
            ("class", _COUNT_CLASSES, _OX_VOID_CLASS_PARTITION, _OX_VOID_CLASS, _OX_VOID_ENTITIES),
            ("property", _COUNT_RELATIONS, _OX_VOID_PROPERTY_PARTITION, _OX_VOID_PROPERTY, _OX_VOID_TRIPLES),
        ):
            for row in self.native.query(count_query, use_default_graph_as_union=True):
                part = ox.NamedNode(f"{DATASET_IRI}/{kind}/{row['name'].value}")
                quads += [ox.Quad(_OX_DATASET, link, part, graph), ox.Quad(part, term, row["term"], graph),
                          ox.Quad(part, size, row["n"], graph)]
        # the pending mark goes last: a refresh killed midway leaves it, and the next open redoes all
        old = [q for q in self.native.quads_for_pattern(None, None, None, graph) if q != _OX_PENDING_MARK]
        papers = self._papers_per_entity(entities)
        for label, prefix in _ENTITY_IRI_PREFIXES.items():
            counts = _OX_COUNT_GRAPHS[label]
            old += [q for q in self.native.quads_for_pattern(None, _OX_PAPER_COUNT, None, counts)
                    if entities is None or q.subject.value in papers]
            quads += [ox.Quad(ox.NamedNode(iri), _OX_PAPER_COUNT, _ox_integer(len(ps)), counts)
                      for iri, ps in papers.items() if ps and iri.startswith(prefix)]
        if entities is None:  # every pair recounted, every task's counts replaced
            links = list(self.native.quads_for_pattern(None, _OX_MODEL_PAPER_COUNTS, None, _OX_COUNT_GRAPHS["Task"]))
            mentioned_by: dict[str, set[str]] = {}
            for iri, ps in papers.items():
                for paper in ps:
                    mentioned_by.setdefault(paper, set()).add(iri)
            pair_counts = Counter(pair for mentioned in mentioned_by.values() for pair in task_model_pairs(mentioned))
        else:
            links = []
            stored, pair_counts = self._changed_pair_counts(pair_changes or Counter())
            old += stored
        old += links
        quads += [ox.Quad(ox.NamedNode(model), _OX_PAPER_COUNT, _ox_integer(n), ox.NamedNode(task_models_graph_iri(task)))
                  for (task, model), n in pair_counts.items() if n > 0]
        try:
            for quad in old:
                self.native.remove(quad)
            for link in links:
                self.native.remove_graph(link.object)
            self.native.extend(quads)
            for task in {task for task, _ in pair_counts}:  # a task links to its counts while it has any
                task_graph = ox.NamedNode(task_models_graph_iri(task))
                link = ox.Quad(ox.NamedNode(task), _OX_MODEL_PAPER_COUNTS, task_graph, _OX_COUNT_GRAPHS["Task"])
                if next(self.native.quads_for_pattern(None, None, None, task_graph), None) is None:
                    self.native.remove(link)
                else:
                    self.native.add(link)
            self.native.remove(_OX_PENDING_MARK)
        except (OSError, RuntimeError, ValueError) as e:
            raise StoreError(f"[S004] cannot write to the store at {self.url}: {e}") from e

    def _changed_pair_counts(self, pair_changes: Counter[tuple[str, str]]) -> tuple[list[ox.Quad], Counter[tuple[str, str]]]:
        """The stored count quads of the (task, model) pairs that changed, and each pair's new
        count: the stored one plus its change."""
        stored: list[ox.Quad] = []
        counts: Counter[tuple[str, str]] = Counter()
        for (task, model), change in pair_changes.items():
            if change == 0:
                continue
            task_graph = ox.NamedNode(task_models_graph_iri(task))
            quad = next(self.native.quads_for_pattern(ox.NamedNode(model), _OX_PAPER_COUNT, None, task_graph), None)
            if quad is not None:
                stored.append(quad)
            counts[task, model] = (int(quad.object.value) if quad is not None else 0) + change
        return stored, counts

    def _papers_per_entity(self, entities: Iterable[str] | None) -> dict[str, set[str]]:
        """For each entity, the papers that mention it (a Paper->entity mention edge)."""
        papers: dict[str, set[str]] = {}
        if entities is None:  # every entity: one pass over the mention edges
            for rel in _OX_MENTIONS:
                for q in self.native.quads_for_pattern(None, rel, None, None):
                    papers.setdefault(q.object.value, set()).add(q.subject.value)
            return papers
        for iri in entities:
            node = ox.NamedNode(iri)
            papers[iri] = {q.subject.value for rel in _OX_MENTIONS
                           for q in self.native.quads_for_pattern(None, rel, node, None)}
        return papers

    def write_analytics(self, analysis: Analysis) -> int:
        """Replace the analytics graph with this analysis; returns the quads written."""
        quads = list(analytics_quads(analysis))
        try:
            if next(self.native.quads_for_pattern(None, None, None, _OX_ANALYTICS_GRAPH), None) is not None:
                self.native.remove_graph(_OX_ANALYTICS_GRAPH)
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
            text = with_values(text, bindings)
        self._settle_statistics()
        if _is_update(text):
            if not write:
                raise QueryError("[Q005] this is a SPARQL update; the store is read-only unless --write is given")
            try:
                self.native.update(text, prefixes=_PREFIX_IRIS)
            except Exception as e:
                raise QueryError(f"[Q006] SPARQL update failed: {e}") from e
            self.refresh_statistics()  # the update may have touched anything
            return []
        try:
            # Straight to Oxigraph, as rdflib would hand it over, without converting
            # every term to rdflib's and back (2-3x faster on large answers).
            result = self.native.query(text, prefixes=_PREFIX_IRIS, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryBoolean):
                return [{"answer": bool(result)}]
            if isinstance(result, ox.QueryTriples):
                return [{"subject": t.subject.value, "predicate": t.predicate.value, "object": _ox_term_python(t.object)}
                        for t in result]
            names = [v.value for v in result.variables]
            return [{n: _ox_term_python(value) for n, value in zip(names, solution)} for solution in result]
        except Exception as e:
            raise QueryError(f"[Q006] SPARQL query failed: {e}") from e

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of the canned query `name`."""
        query = queries.load(name, "sparql")
        return self.sparql(query.text, queries.bind(query, params))

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and relationships per type."""
        return {row["name"]: row["count"] for row in self.run("counts")}

    def __len__(self) -> int:
        """Number of quads, statistics included (so they are settled first)."""
        self._settle_statistics()
        return len(self.dataset)

    def rows(self) -> GraphRows:
        """Every node and edge, read back from the quads in one pass (the inverse of `add`)."""
        rdf_type, statement = str(RDF.type), str(RDF.Statement)
        st_s, st_p, st_o = str(RDF.subject), str(RDF.predicate), str(RDF.object)
        classes = {str(cls): label for cls, label in _CLASS_LABELS.items()}
        relations = {str(p): rel for p, rel in _RELATION_TYPES.items()}
        by_predicate: dict[str, list[str]] = {}
        for name, (predicate, _) in PROPERTIES.items():
            by_predicate.setdefault(str(predicate), []).append(name)
        labels: dict[str, str] = {}
        props: dict[str, dict[str, Any]] = {}
        links: list[tuple[str, str, str]] = []
        statements: dict[str, dict[str, str]] = {}
        for quad in self.native.quads_for_pattern(None, None, None, None):
            s, p, o = quad.subject.value, quad.predicate.value, quad.object
            if p == rdf_type:
                if o.value == statement:
                    statements.setdefault(s, {})
                elif o.value in classes:
                    labels[s] = classes[o.value]
            elif p in relations:
                links.append((s, p, o.value))
            elif p in (st_s, st_p, st_o):
                statements.setdefault(s, {})[p] = o.value
            elif p in by_predicate and isinstance(o, ox.Literal):
                props.setdefault(s, {}).setdefault(p, []).append(_ox_python(o))
        out = GraphRows()
        refs: dict[str, tuple[str, str]] = {}
        for s, label in labels.items():
            node_props = _named_props(props.get(s, {}), by_predicate, label)
            key = node_props.get("key") or s.rsplit("/", 1)[-1]
            refs[s] = (label, key)
            out.nodes.append(Node(label, key, node_props))
        edge_props = {
            (st[st_s], st[st_p], st[st_o]): _named_props(props.get(iri, {}), by_predicate, None)
            for iri, st in statements.items()
            if len(st) == 3
        }
        for s, p, o in dict.fromkeys(links):
            if s in refs and o in refs:
                out.edges.append(Edge(relations[p], refs[s], refs[o], edge_props.get((s, p, o), {})))
        return out

    def neighbourhood(self, focus: str, *, hops: int = 2, limit: int = 5000) -> GraphRows:
        """The nodes within `hops` of what `focus` names (a key, name, paper id or title)
        and every edge between them, read without scanning the whole store.

        At most `limit` nodes are gathered, nearest first; `kg viz --focus` draws from these.
        """
        rdf_type = _OX_TYPE
        relations = {str(p): rel for p, rel in _RELATION_TYPES.items()}
        seeds = self._focus_iris(focus)
        seen = dict.fromkeys(seeds)
        frontier = list(seeds)
        for _ in range(hops):
            nxt = []
            for iri in frontier:
                node = ox.NamedNode(iri)
                for quad in [*self.native.quads_for_pattern(node, None, None, None),
                             *self.native.quads_for_pattern(None, None, node, None)]:
                    if quad.predicate.value not in relations:
                        continue
                    s, o = quad.subject.value, quad.object.value
                    other = o if s == iri else s
                    if other not in seen and len(seen) < limit:
                        seen[other] = None
                        nxt.append(other)
            frontier = nxt
        by_predicate: dict[str, list[str]] = {}
        for name, (predicate, _) in PROPERTIES.items():
            by_predicate.setdefault(str(predicate), []).append(name)
        classes = {str(cls): label for cls, label in _CLASS_LABELS.items()}
        out = GraphRows()
        refs: dict[str, tuple[str, str]] = {}
        for iri in seen:
            label, values = None, {}
            for quad in self.native.quads_for_pattern(ox.NamedNode(iri), None, None, None):
                if quad.predicate == rdf_type:
                    label = classes.get(quad.object.value, label)
                elif quad.predicate.value in by_predicate and isinstance(quad.object, ox.Literal):
                    values.setdefault(quad.predicate.value, []).append(_ox_python(quad.object))
            if label is not None:
                props = _named_props(values, by_predicate, label)
                refs[iri] = (label, props.get("key") or iri.rsplit("/", 1)[-1])
                out.nodes.append(Node(*refs[iri], props))
        links = [
            (s, quad.predicate.value, quad.object.value)
            for s in refs
            for quad in self.native.quads_for_pattern(ox.NamedNode(s), None, None, None)
            if quad.predicate.value in relations and quad.object.value in refs
        ]
        for s, p, o in dict.fromkeys(links):
            if s in refs and o in refs:
                edge = Edge(relations[p], refs[s], refs[o])
                values = {}
                for quad in self.native.quads_for_pattern(ox.NamedNode(str(statement_iri(edge))), None, None, None):
                    if quad.predicate.value in by_predicate and isinstance(quad.object, ox.Literal):
                        values.setdefault(quad.predicate.value, []).append(_ox_python(quad.object))
                out.edges.append(Edge(edge.type, edge.src, edge.dst, _named_props(values, by_predicate, None)))
        return out

    def _focus_iris(self, focus: str) -> list[str]:
        """IRIs of the nodes a focus names: exact keys and paper ids first, then names and titles."""
        raw = focus.strip()
        key = entity_key(raw)
        found = []
        for label in NODE_CLASSES:
            for candidate in dict.fromkeys([raw, raw.lower(), key]):
                if candidate and next(self.native.quads_for_pattern(ox.NamedNode(node_iri(label, candidate)), _OX_TYPE, None, None), None):
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
        self._settle_statistics()
        if self._written_quads >= OPTIMIZE_AFTER_QUADS and self.url != "memory:":
            self.native.optimize()
        self.dataset.close()
        self.native = None


_PROLOGUE = re.compile(r"^\s*(?:(?:#[^\n]*|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.I)
_UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


def _is_update(text: str) -> bool:
    """Whether a SPARQL text is an update (its first keyword after the prologue).

    Examples:
        >>> _is_update("PREFIX a: <x:> DELETE WHERE { ?s ?p ?o }"), _is_update("SELECT * { ?s ?p ?o }")
        (True, False)
    """
    body = text[_PROLOGUE.match(text).end():]
    return body.lstrip().upper().startswith(_UPDATE_KEYWORDS)


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
VALUES_MARK = "#@values"
BIND_MARK = "#@bind"
# A comment: "#" up to the end of the line, unless the "#" starts a mark.
_COMMENT_RE = re.compile(r"#(?!@(?:values|bind)\b)[^\n]*")


def _fill_marks(text: str, mark: str, block: str) -> str | None:
    """`text` with each `mark` outside comments replaced by `block`; None if it has none.

    Examples:
        >>> _fill_marks("{ #@bind ?x } # not #@bind here", "#@bind", "B")
        '{ B ?x } # not #@bind here'
    """
    out, at, found = [], 0, False
    for comment in [*_COMMENT_RE.finditer(text), None]:
        end = comment.start() if comment is not None else len(text)
        code = text[at:end]
        found = found or mark in code
        out.append(code.replace(mark, block))
        if comment is not None:
            out.append(comment.group())
            at = comment.end()
    return "".join(out) if found else None


def with_values(text: str, bindings: dict[str, Any]) -> str:
    r"""The query with its parameters bound by VALUES blocks.

    A query may mark where to bind with `#@values` lines (a SPARQL comment, so
    the file still runs anywhere); each UNION branch that needs the values should
    carry one, because Oxigraph joins a top-level VALUES only after evaluating the
    branches in full. Without marks the block goes at the top of the WHERE clause.
    A `#@bind` line binds them with BIND there instead: a FILTER on a parameter
    (`?date >= ?since`) then runs as a plain filter on the rows above it, where a
    VALUES table would make Oxigraph join first and filter late (7x slower).
    Values are serialised by rdflib (`Literal.n3()`), which escapes quotes,
    backslashes and newlines, so no value can change the query. (Oxigraph's own
    substitutions only bind projected variables, which our aggregates are not.)

    Examples:
        >>> with_values('SELECT ?t WHERE { ?p ?x ?k }', {"k": 'a"} DROP ALL', "unused": 1})
        'SELECT ?t WHERE { VALUES (?k) { ("a\\"} DROP ALL") } ?p ?x ?k }'
        >>> with_values('SELECT ?t WHERE { { #@values ?p ?x ?k } UNION { #@values ?k ?x ?p } }', {"k": "v"})
        'SELECT ?t WHERE { { VALUES (?k) { ("v") } ?p ?x ?k } UNION { VALUES (?k) { ("v") } ?k ?x ?p } }'
        >>> with_values('SELECT ?p WHERE { ?p ?d ?x #@bind FILTER (?x >= ?k) }', {"k": "2025"})
        'SELECT ?p WHERE { ?p ?d ?x BIND ("2025" AS ?k) FILTER (?x >= ?k) }'
    """
    used = [name for name in bindings if re.search(rf"[?$]{re.escape(name)}\b", text)]
    if not used:
        return text
    binds = " ".join(f"BIND ({Literal(bindings[n]).n3()} AS ?{n})" for n in used)
    filled = _fill_marks(text, BIND_MARK, binds)
    if filled is not None:
        return filled
    names = " ".join(f"?{n}" for n in used)
    values = " ".join(Literal(bindings[n]).n3() for n in used)
    block = f"VALUES ({names}) {{ ({values}) }}"
    filled = _fill_marks(text, VALUES_MARK, block)
    if filled is not None:
        return filled
    match = _WHERE.search(text)
    if match is None:
        raise QueryError("[Q007] a parameterised SPARQL query needs a WHERE { ... } block")
    return f"{text[: match.end()]} {block}{text[match.end():]}"


_OX_TYPE = ox.NamedNode(str(RDF.type))
_OX_RELATIONS = {rel: ox.NamedNode(str(p)) for rel, p in RELATIONS.items()}
# property -> (predicate, datatype or None, Python type the lexical form is made from)
_OX_PROPERTIES = {
    name: (ox.NamedNode(str(p)), ox.NamedNode(str(dt)) if dt is not None else None,
           {str(XSD.double): float, str(XSD.integer): int}.get(str(dt)))
    for name, (p, dt) in PROPERTIES.items()
}
_OX_BOOLEAN = ox.NamedNode(str(XSD.boolean))


_NQ_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NQ_TYPE, _NQ_STATEMENT = f"<{RDF.type}>", f"<{RDF.Statement}>"
_NQ_SUBJECT, _NQ_PREDICATE, _NQ_OBJECT = (f"<{t}>" for t in (RDF.subject, RDF.predicate, RDF.object))
_NQ_CLASSES = {label: f"<{cls}>" for label, cls in NODE_CLASSES.items()}
_NQ_RELATIONS = {rel: f"<{p}>" for rel, p in RELATIONS.items()}
# property -> (predicate, datatype suffix, Python type the lexical form is made from)
_NQ_PROPERTIES = {
    name: (f"<{p}>", f"^^<{dt}>" if dt is not None and dt != XSD.string else "",
           {str(XSD.double): float, str(XSD.integer): int}.get(str(dt)))
    for name, (p, dt) in PROPERTIES.items()
}
_NQ_BOOLEANS = {value: f'"{"true" if value else "false"}"^^<{XSD.boolean}>' for value in (True, False)}


def _nq_literal(name: str, value: Any) -> str:
    """The N-Quads literal of a property value; the same lexical forms as `_lexical`.

    Examples:
        >>> _nq_literal("value", 15), _nq_literal("name", 'say "hi"\\n')
        ('"15.0"^^<http://www.w3.org/2001/XMLSchema#double>', '"say \\\\"hi\\\\"\\\\n"')
    """
    if isinstance(value, bool):
        return _NQ_BOOLEANS[value]
    _, suffix, kind = _NQ_PROPERTIES[name]
    lexical = repr(float(value)) if kind is float else str(int(value)) if kind is int else str(value)
    return f'"{lexical.translate(_NQ_ESCAPES)}"{suffix}'


def node_nquads(node: Node, graph: str = "") -> Iterator[str]:
    """The N-Quads lines of `node_triples(node)` in `graph` ("<IRI>", or "" for the default graph).

    Text, not pyoxigraph terms: extraction workers make it and the store parses it in Rust,
    which costs a fraction of building the terms in Python.

    Examples:
        >>> print("".join(node_nquads(Node("Metric", "bleu", {"name": "BLEU"}), "<urn:g>")), end="")
        <https://w3id.org/paperkg/id/metric/bleu> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/paperkg/vocab#Metric> <urn:g> .
        <https://w3id.org/paperkg/id/metric/bleu> <https://schema.org/name> "BLEU" <urn:g> .
    """
    iri = f"<{node_iri(node.label, node.key)}>"
    tail = f" {graph} .\n" if graph else " .\n"
    yield f"{iri} {_NQ_TYPE} {_NQ_CLASSES[node.label]}{tail}"
    if node.props.get("canonical_id"):
        yield f"{iri} {_NQ_EXACT_MATCH} <{taxonomy_iri(node.label, node.props['canonical_id'])}>{tail}"
    for name, value in node.props.items():
        if value is None or name not in _NQ_PROPERTIES:
            continue
        predicate = _NQ_PROPERTIES[name][0]
        if name in LIST_PROPERTIES and isinstance(value, (list, tuple)):
            for item in value:
                yield f"{iri} {predicate} {_nq_literal(name, item)}{tail}"
        else:
            yield f"{iri} {predicate} {_nq_literal(name, value)}{tail}"


def edge_nquads(edge: Edge, graph: str = "") -> Iterator[str]:
    """The N-Quads lines of `edge_triples(edge)` in `graph` ("<IRI>", or "" for the default graph)."""
    tail = f" {graph} .\n" if graph else " .\n"
    s, o, p = f"<{node_iri(*edge.src)}>", f"<{node_iri(*edge.dst)}>", _NQ_RELATIONS[edge.type]
    yield f"{s} {p} {o}{tail}"
    if edge.props:
        st = f"<{statement_iri(edge)}>"
        yield f"{st} {_NQ_TYPE} {_NQ_STATEMENT}{tail}"
        yield f"{st} {_NQ_SUBJECT} {s}{tail}"
        yield f"{st} {_NQ_PREDICATE} {p}{tail}"
        yield f"{st} {_NQ_OBJECT} {o}{tail}"
        for name, value in edge.props.items():
            if value is not None and name in _NQ_PROPERTIES:
                yield f"{st} {_NQ_PROPERTIES[name][0]} {_nq_literal(name, value)}{tail}"


def content_hash_nquad(paper_key: str, content_hash: str) -> str:
    """The quad marking a paper as loaded whole: its content hash, in its graph."""
    return (f"<{node_iri('Paper', paper_key)}> {_NQ_PROPERTIES['content_hash'][0]} "
            f"{_nq_literal('content_hash', content_hash)} <{paper_graph_iri(paper_key)}> .\n")


@dataclass(frozen=True)
class PaperQuads:
    """One paper's graph rows as N-Quads text, ready to write: what extraction workers send the writer."""

    key: str
    content_hash: str | None
    facts: str  # the paper's own graph, its content hash left out (written last, see `_bulk_write`)
    shared: str  # shared entity nodes (names left out) and OUTPERFORMS edges, in the default graph
    names: dict[str, str]  # shared entity IRI -> its name in this paper (the store keeps the least)
    mentioned: frozenset[str]  # IRIs of the entities the paper mentions, for the task model counts
    nodes: int
    edges: int
    quads: int


def paper_quads(rows: GraphRows) -> PaperQuads | None:
    """One paper's rows (papers first, as `graph_rows` makes them) as `PaperQuads`; None without a paper.

    A pure function of the rows, so it runs in the extraction workers, not in the writer.

    Examples:
        >>> from kg.graph import Edge
        >>> rows = GraphRows([Node("Paper", "p1", {"title": "T", "content_hash": "h"}), Node("Dataset", "glue", {"name": "GLUE"})],
        ...                  [Edge("USES", ("Paper", "p1"), ("Dataset", "glue"))])
        >>> q = paper_quads(rows)
        >>> q.names, sorted(q.mentioned), q.facts.count("\\n"), q.shared.count("\\n"), q.quads
        ({'https://w3id.org/paperkg/id/dataset/glue': 'GLUE'}, ['https://w3id.org/paperkg/id/dataset/glue'], 3, 1, 5)
    """
    if not rows.nodes or rows.nodes[0].label != "Paper":
        return None
    paper = rows.nodes[0]
    graph = f"<{paper_graph_iri(paper.key)}>"
    facts: list[str] = []
    shared: list[str] = []
    names: dict[str, str] = {}
    for node in rows.nodes:
        if node.label in SHARED_LABELS:
            iri = node_iri(node.label, node.key)
            name = str(node.props.get("name", node.key))
            names[iri] = min(names.get(iri, name), name)
            shared.extend(node_nquads(Node(node.label, node.key, {k: v for k, v in node.props.items() if k != "name"})))
        elif node is paper:
            facts.extend(node_nquads(Node(node.label, node.key, {k: v for k, v in node.props.items() if k != "content_hash"}), graph))
        else:
            facts.extend(node_nquads(node, graph))
    for edge in rows.edges:
        if edge.type in SHARED_RELATIONS:
            shared.extend(edge_nquads(edge))
        else:
            facts.extend(edge_nquads(edge, graph))
    mentioned = frozenset(node_iri(*e.dst) for e in rows.edges if e.src == paper.ref and e.type in MENTION_RELATIONS)
    content = paper.props.get("content_hash")
    return PaperQuads(paper.key, content, "".join(facts), "".join(shared), names, mentioned, len(rows.nodes),
                      len(rows.edges), len(facts) + len(shared) + (content is not None))


# Our datatypes, and any other numeric type a SPARQL answer can carry (AVG gives xsd:decimal).
_XSD_PYTHON = {
    str(XSD.integer): int, str(XSD.double): float, str(XSD.boolean): lambda v: v == "true",
    **{str(XSD[t]): int for t in ("int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                   "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong")},
    str(XSD.decimal): float, str(XSD.float): float,
}
_PREFIX_IRIS = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
_OX_MENTIONS = tuple(_OX_RELATIONS[rel] for rel in sorted(MENTION_RELATIONS))
_OX_STATS_GRAPH, _OX_DATASET = ox.NamedNode(STATS_GRAPH_IRI), ox.NamedNode(DATASET_IRI)
_ENTITY_IRI_PREFIXES = {label: node_iri(label, "") for label in SHARED_LABELS}
_OX_COUNT_GRAPHS = {label: ox.NamedNode(stats_graph_iri(label)) for label in SHARED_LABELS}
_OX_PENDING, _OX_PAPER_COUNT = ox.NamedNode(str(KG.statsPending)), ox.NamedNode(str(KG.paperCount))
_OX_MODEL_PAPER_COUNTS = ox.NamedNode(str(KG.modelPaperCounts))
_MODEL_IRI_PREFIXES = (_ENTITY_IRI_PREFIXES["Model"], _ENTITY_IRI_PREFIXES["Method"])
_OX_TRUE = ox.Literal("true", datatype=_OX_BOOLEAN)
_OX_PENDING_MARK = ox.Quad(_OX_DATASET, _OX_PENDING, _OX_TRUE, _OX_STATS_GRAPH)
_NQ_PENDING_MARK = f"{_OX_PENDING_MARK} .\n"
_OX_BULK_LOADING = ox.NamedNode(str(KG.bulkLoading))
_OX_CONTENT_HASH = _OX_PROPERTIES["content_hash"][0]
_NQ_EXACT_MATCH = f"<{EXACT_MATCH}>"
_OX_VOID_CLASS_PARTITION, _OX_VOID_CLASS, _OX_VOID_ENTITIES = (
    ox.NamedNode(str(t)) for t in (VOID.classPartition, VOID["class"], VOID.entities))
_OX_VOID_PROPERTY_PARTITION, _OX_VOID_PROPERTY, _OX_VOID_TRIPLES = (
    ox.NamedNode(str(t)) for t in (VOID.propertyPartition, VOID.property, VOID.triples))
_OX_INTEGER = ox.NamedNode(str(XSD.integer))
# Past this many touched entities one pass over all mention edges beats a lookup per entity.
_REFRESH_ALL_ABOVE = 20_000
# What the VoID partitions count: nodes per class, edges per relationship type.
_COUNT_CLASSES = ("SELECT ?term ?name (COUNT(*) AS ?n) WHERE { VALUES (?term ?name) { "
                  + " ".join(f'(<{cls}> "{label}")' for label, cls in NODE_CLASSES.items())
                  + " } ?s a ?term } GROUP BY ?term ?name")
_COUNT_RELATIONS = ("SELECT ?term ?name (COUNT(*) AS ?n) WHERE { VALUES (?term ?name) { "
                    + " ".join(f'(<{p}> "{rel}")' for rel, p in RELATIONS.items())
                    + " } ?s ?term ?o } GROUP BY ?term ?name")


def task_model_pairs(mentioned: set[str]) -> list[tuple[str, str]]:
    """The (task, model or method) IRI pairs of one paper, from the IRIs of the entities it mentions.

    Examples:
        >>> task_model_pairs({node_iri("Task", "segmentation"), node_iri("Model", "unet"), node_iri("Dataset", "coco")})
        [('https://w3id.org/paperkg/id/task/segmentation', 'https://w3id.org/paperkg/id/model/unet')]
    """
    tasks = [iri for iri in mentioned if iri.startswith(_ENTITY_IRI_PREFIXES["Task"])]
    models = [iri for iri in mentioned if iri.startswith(_MODEL_IRI_PREFIXES)]
    return [(task, model) for task in tasks for model in models]


def _ox_integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_OX_INTEGER)


def _ox_term_python(term: Any) -> Any:
    """A query answer's term as a Python value: IRIs as strings, typed literals as numbers or booleans."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return _ox_python(term)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _ox_python(literal: ox.Literal) -> Any:
    """A literal's Python value: numbers and booleans by datatype, else its text."""
    convert = _XSD_PYTHON.get(literal.datatype.value)
    try:
        return convert(literal.value) if convert is not None else literal.value
    except ValueError:  # an ill-typed literal ("abc"^^xsd:integer): keep its text
        return literal.value


def _named_props(values: dict[str, list[Any]], by_predicate: dict[str, list[str]], label: str | None) -> dict[str, Any]:
    """Property dict of one subject from its literal values per predicate IRI."""
    out: dict[str, Any] = {}
    for predicate, items in values.items():
        names = by_predicate[predicate]
        if len(names) > 1:  # title and name share schema:name
            name = "title" if label == "Paper" else "name"
        else:
            name = names[0]
        out[name] = sorted(items) if name in LIST_PROPERTIES else min(items) if len(items) > 1 else items[0]
    return out



_OX_ANALYTICS_GRAPH = ox.NamedNode(ANALYTICS_GRAPH_IRI)
_OX_ANALYTICS = {name: (ox.NamedNode(str(p)), ox.NamedNode(str(dt or XSD.string)))
                 for name, (p, dt) in ANALYTICS_PROPERTIES.items()}
_OX_ANALYTICS_LINKS = {name: ox.NamedNode(str(p)) for name, (p, _) in ANALYTICS_LINKS.items()}
_OX_ANALYTICS_CLASSES = {name: ox.NamedNode(str(cls)) for name, cls in ANALYTICS_CLASSES.items()}


def _ox_figure(name: str, value: Any) -> ox.Literal:
    """An analytics figure as a literal of its datatype (doubles as `repr`, the lexical form loads use)."""
    _, datatype = _OX_ANALYTICS[name]
    return ox.Literal(repr(value) if isinstance(value, float) else str(value), datatype=datatype)


def analytics_quads(analysis: Analysis) -> Iterator[ox.Quad]:
    """The analytics graph of an analysis: figures on the entities, a kg:CoUsage node per nearest
    neighbour and a kg:QuarterUsage node per entity and quarter."""
    graph = _OX_ANALYTICS_GRAPH
    for entity in analysis.entities:
        iri = ox.NamedNode(node_iri(entity.label, entity.key))
        for name in ("papers", "centrality", "centrality_rank", "community", "community_name"):
            value = getattr(entity, name)
            if value is not None:
                yield ox.Quad(iri, _OX_ANALYTICS[name][0], _ox_figure(name, value), graph)
    for link in analysis.co_usage:
        node = ox.NamedNode(f"{BASE}id/cousage/{short_hash(*link.src, *link.dst)}")
        yield ox.Quad(node, _OX_TYPE, _OX_ANALYTICS_CLASSES["CoUsage"], graph)
        yield ox.Quad(node, _OX_ANALYTICS_LINKS["entity"], ox.NamedNode(node_iri(*link.src)), graph)
        yield ox.Quad(node, _OX_ANALYTICS_LINKS["neighbour"], ox.NamedNode(node_iri(*link.dst)), graph)
        for name in ("papers", "score", "rank"):
            yield ox.Quad(node, _OX_ANALYTICS[name][0], _ox_figure(name, getattr(link, name)), graph)
        for paper in link.tie_papers:
            yield ox.Quad(node, _OX_ANALYTICS_LINKS["tie_papers"], ox.NamedNode(node_iri("Paper", paper)), graph)
    for figure in analysis.quarters:
        node = ox.NamedNode(f"{BASE}id/quarterusage/{short_hash(*figure.entity, figure.quarter)}")
        yield ox.Quad(node, _OX_TYPE, _OX_ANALYTICS_CLASSES["QuarterUsage"], graph)
        yield ox.Quad(node, _OX_ANALYTICS_LINKS["entity"], ox.NamedNode(node_iri(*figure.entity)), graph)
        for name in ("quarter", "papers", "centrality"):
            yield ox.Quad(node, _OX_ANALYTICS[name][0], _ox_figure(name, getattr(figure, name)), graph)
