"""The statistics the embedded store keeps, as Neo4j keeps its count store.

VoID class and property partitions (what `counts` reads) and each entity's number of papers
(`top_datasets`, `top_metrics`), so whole-graph aggregates read a few hundred quads instead of
joining millions. The partitions live in a graph of their own (`STATS_GRAPH_IRI`), the paper
counts in one graph per entity label (`stats:Dataset`), so a query reads one label's counts by a
prefix scan, without a join. Each task also has a graph of its own with, for every model and
method, how many of the task's papers use or propose it (`models_on_task`), linked from the task
by `kg:modelPaperCounts`.

Loads say what each paper mentioned before and after (`Statistics.paper_changed`), so the counts
move by what changed, with no recount; the store settles the statistics before its next query,
or at close (`Statistics.settle`). Every committed batch
carries the pending mark (`PENDING_MARK`) and a refresh removes it last, so a load or refresh
killed midway leaves the mark, and the next store opened read-write recomputes everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox

from kg.core.errors import StoreError
from kg.core.graph import MENTION_RELATIONS
from kg.core.ids import BASE, node_iri
from kg.core.rdf import RELATION_TERMS, XSD_BOOLEAN, XSD_INTEGER
from kg.core.vocab import ENTITY_LABELS, KG, NODE_CLASSES, RELATIONS, VOID

STATS_GRAPH_IRI = f"{BASE}graph/stats"
DATASET_IRI = f"{BASE}dataset"
# Past this many changed counts, one scan of every stored count beats a lookup per count.
SCAN_COUNTS_ABOVE = 20_000


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


_ENTITY_IRI_PREFIXES = {label: node_iri(label, "") for label in ENTITY_LABELS}
_MODEL_IRI_PREFIXES = (_ENTITY_IRI_PREFIXES["Model"], _ENTITY_IRI_PREFIXES["Method"])
_TASK_PREFIX = _ENTITY_IRI_PREFIXES["Task"]


_STATS_GRAPH, _DATASET = ox.NamedNode(STATS_GRAPH_IRI), ox.NamedNode(DATASET_IRI)
_COUNT_GRAPHS = {label: ox.NamedNode(stats_graph_iri(label)) for label in ENTITY_LABELS}
_COUNT_GRAPH_IRIS = frozenset(graph.value for graph in _COUNT_GRAPHS.values())
_COUNT_GRAPH_OF_PREFIX = {prefix: stats_graph_iri(label) for label, prefix in _ENTITY_IRI_PREFIXES.items()}
_PAPER_COUNT = ox.NamedNode(str(KG.paperCount))
MODEL_PAPER_COUNTS = ox.NamedNode(str(KG.modelPaperCounts))
PENDING_MARK = ox.Quad(_DATASET, ox.NamedNode(str(KG.statsPending)), ox.Literal("true", datatype=XSD_BOOLEAN),
                       _STATS_GRAPH)
_MENTIONS = tuple(RELATION_TERMS[rel] for rel in sorted(MENTION_RELATIONS))
_VOID_CLASS_PARTITION, _VOID_CLASS, _VOID_ENTITIES = (
    ox.NamedNode(str(t)) for t in (VOID.classPartition, VOID["class"], VOID.entities))
_VOID_PROPERTY_PARTITION, _VOID_PROPERTY, _VOID_TRIPLES = (
    ox.NamedNode(str(t)) for t in (VOID.propertyPartition, VOID.property, VOID.triples))
# What the VoID partitions count: nodes per class, edges per relationship type.
_COUNT_CLASSES = ("SELECT ?term ?name (COUNT(*) AS ?n) WHERE { VALUES (?term ?name) { "
                  + " ".join(f'(<{cls}> "{label}")' for label, cls in NODE_CLASSES.items())
                  + " } ?s a ?term } GROUP BY ?term ?name")
_COUNT_RELATIONS = ("SELECT ?term ?name (COUNT(*) AS ?n) WHERE { VALUES (?term ?name) { "
                    + " ".join(f'(<{p}> "{rel}")' for rel, p in RELATIONS.items())
                    + " } ?s ?term ?o } GROUP BY ?term ?name")


class Statistics:
    """The statistics of one open pyoxigraph store: what loads changed, and how to settle it.

    Args:
        native: the pyoxigraph store.
        url: the store's URL, for messages.
        read_only: the store is opened read-only (while a build may write it): the statistics are
            read as they are, never settled.
    """

    def __init__(self, native: ox.Store, *, url: str, read_only: bool = False) -> None:
        self.native = native
        self.url = url
        self.read_only = read_only
        # What loads changed since the last settle: the papers each count gained or lost, keyed
        # by (count graph IRI, entity IRI): an entity's paper count, or a task's count of a model.
        # Counts move by what the writer already holds (each paper's mentioned entities, before
        # and after), not by a recount: a recount reads every mention edge of the store (10k
        # papers: 1.8 s of CPU in Python) where the changes are known. Everything is recounted
        # if a load was killed before its settle (its mark is still in the store).
        self._changes: Counter[tuple[str, str]] = Counter()
        self._written = False
        self._refresh_all = self.pending() or self.task_counts_missing()

    def pending(self) -> bool:
        """Whether the store holds the mark of a load or refresh that did not finish."""
        return next(self.native.quads_for_pattern(_DATASET, PENDING_MARK.predicate, None, _STATS_GRAPH), None) is not None

    def task_counts_missing(self) -> bool:
        """Whether papers address tasks but no task links to its model counts: a store built
        before the store kept them, whose first query would otherwise find none."""
        return (next(self.native.quads_for_pattern(None, MODEL_PAPER_COUNTS, None, _COUNT_GRAPHS["Task"]), None) is None
                and next(self.native.quads_for_pattern(None, RELATION_TERMS["ADDRESSES"], None, None), None) is not None)

    @property
    def stale(self) -> bool:
        """Whether anything is left to settle."""
        return self._refresh_all or self._written

    def mentioned(self, paper: ox.NamedNode, graph: ox.NamedNode) -> set[str]:
        """IRIs of the entities a stored paper mentions (read before its graph is replaced)."""
        return {q.object.value for rel in _MENTIONS for q in self.native.quads_for_pattern(paper, rel, None, graph)}

    def paper_changed(self, *, removed: set[str], added: set[str]) -> None:
        """A paper's graph is written: it mentioned `removed` before (empty if new) and `added` now."""
        _count_papers(self._changes, removed, -1)
        _count_papers(self._changes, added, 1)
        self._written = True

    def settle(self) -> None:
        """Bring the statistics up to date: by the changes loads made, or all of them recounted."""
        if self.read_only:
            return
        if self._refresh_all:
            self.refresh()
        elif self._written:
            self._write(self._changes, recount=False)
        self._changes, self._refresh_all, self._written = Counter(), False, False

    def refresh(self) -> None:
        """Recount every statistic from the graph: the VoID partitions, each entity's
        `kg:paperCount` and every task's model counts (one pass over the mention edges).

        Raises:
            StoreError: the store cannot be written.

        Examples:
            >>> Statistics(ox.Store(), url="memory:").refresh()
        """
        mentioned_by: dict[str, set[str]] = {}
        for rel in _MENTIONS:
            for q in self.native.quads_for_pattern(None, rel, None, None):
                mentioned_by.setdefault(q.subject.value, set()).add(q.object.value)
        counts: Counter[tuple[str, str]] = Counter()
        for mentioned in mentioned_by.values():
            _count_papers(counts, mentioned, 1)
        self._write(counts, recount=True)

    def _write(self, changes: Counter[tuple[str, str]], *, recount: bool) -> None:
        """Write the VoID partitions, and the counts: `changes` added to the stored counts, or
        (`recount`) `changes` are the counts and every stored one goes. The pending mark goes
        last: a refresh killed midway leaves it, and the next open recounts everything."""
        quads = self._partitions()
        old = [q for q in self.native.quads_for_pattern(None, None, None, _STATS_GRAPH) if q != PENDING_MARK]
        links = list(self.native.quads_for_pattern(None, MODEL_PAPER_COUNTS, None, _COUNT_GRAPHS["Task"]))
        stored = {} if recount else self._stored_counts(changes)
        counts = {key: stored.get(key, (None, 0))[1] + change for key, change in changes.items() if change}
        old += [stored[key][0] for key in counts if key in stored]
        lines = [f'<{subject}> {_PAPER_COUNT} "{n}"^^{XSD_INTEGER} <{graph}> .\n'
                 for (graph, subject), n in counts.items() if n > 0]
        tasks = {graph for graph, _ in counts if graph not in _COUNT_GRAPH_IRIS}
        try:
            if recount:
                for graph in (*_COUNT_GRAPHS.values(), *(link.object for link in links)):
                    self.native.remove_graph(graph)
            for quad in old:
                self.native.remove(quad)
            # through the bulk loader, outside a transaction: the 42k counts of a 10k-paper build
            # took the settle 4.9 s of CPU in one transaction, 2.4 s so; a settle killed midway
            # leaves the mark, and the next open recounts everything
            self.native.bulk_load("".join(lines) + "".join(f"{q} .\n" for q in quads), format=ox.RdfFormat.N_QUADS)
            for graph in tasks:  # a task links to its counts while it has any
                link = ox.Quad(_task_of(graph), MODEL_PAPER_COUNTS, ox.NamedNode(graph), _COUNT_GRAPHS["Task"])
                if next(self.native.quads_for_pattern(None, None, None, link.object), None) is None:
                    self.native.remove(link)
                else:
                    self.native.add(link)
            self.native.remove(PENDING_MARK)
        except (OSError, RuntimeError, ValueError) as e:
            raise StoreError(f"[S004] cannot write to the store at {self.url}: {e}") from e

    def _partitions(self) -> list[ox.Quad]:
        """The VoID class and property partitions, counted by two GROUP BY queries."""
        quads: list[ox.Quad] = []
        for kind, count_query, link, term, size in (
            ("class", _COUNT_CLASSES, _VOID_CLASS_PARTITION, _VOID_CLASS, _VOID_ENTITIES),
            ("property", _COUNT_RELATIONS, _VOID_PROPERTY_PARTITION, _VOID_PROPERTY, _VOID_TRIPLES),
        ):
            for row in self.native.query(count_query, use_default_graph_as_union=True):
                part = ox.NamedNode(f"{DATASET_IRI}/{kind}/{row['name'].value}")
                quads += [ox.Quad(_DATASET, link, part, _STATS_GRAPH), ox.Quad(part, term, row["term"], _STATS_GRAPH),
                          ox.Quad(part, size, row["n"], _STATS_GRAPH)]
        return quads

    def _stored_counts(self, changes: Counter[tuple[str, str]]) -> dict[tuple[str, str], tuple[ox.Quad, int]]:
        """The stored count quad and value of each changed count: a lookup each, or one scan of
        every count when more changed than that costs (a first build changes nearly all)."""
        if len(changes) > SCAN_COUNTS_ABOVE:
            found = ((q.graph_name.value, q.subject.value, q)
                     for q in self.native.quads_for_pattern(None, _PAPER_COUNT, None, None)
                     if isinstance(q.graph_name, ox.NamedNode))
        else:
            found = ((graph, subject, q) for graph, subject in changes
                     for q in self.native.quads_for_pattern(ox.NamedNode(subject), _PAPER_COUNT, None, ox.NamedNode(graph)))
        return {(graph, subject): (q, int(q.object.value)) for graph, subject, q in found if (graph, subject) in changes}


def _count_papers(counts: Counter[tuple[str, str]], mentioned: Iterable[str], papers: int) -> None:
    """Add `papers` to the counts one paper mentioning `mentioned` (entity IRIs) is part of: each
    entity's paper count, and each task's count of each model and method it mentions.

    Examples:
        >>> counts = Counter()
        >>> _count_papers(counts, {node_iri("Task", "segmentation"), node_iri("Model", "unet"), node_iri("Dataset", "coco")}, 1)
        >>> sorted((graph.rsplit("/", 2)[-2:], iri.rsplit("/", 1)[-1]) for graph, iri in counts)
        [(['Task', 'segmentation'], 'unet'), (['stats', 'Dataset'], 'coco'), (['stats', 'Model'], 'unet'), (['stats', 'Task'], 'segmentation')]
    """
    tasks: list[str] = []
    models: list[str] = []
    for iri in set(mentioned):
        prefix = iri[:iri.rfind("/") + 1]
        graph = _COUNT_GRAPH_OF_PREFIX.get(prefix)
        if graph is not None:
            counts[graph, iri] += papers
            if prefix == _TASK_PREFIX:
                tasks.append(iri)
            elif prefix in _MODEL_IRI_PREFIXES:
                models.append(iri)
    for task in tasks:
        graph = task_models_graph_iri(task)
        for model in models:
            counts[graph, model] += papers


def _task_of(graph: str) -> ox.NamedNode:
    """The task IRI whose model counts `graph` (a `task_models_graph_iri`) holds."""
    return ox.NamedNode(_ENTITY_IRI_PREFIXES["Task"] + graph.rsplit("/", 1)[-1])
