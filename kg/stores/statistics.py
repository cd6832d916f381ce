"""The statistics the embedded store keeps, as Neo4j keeps its count store.

VoID class and property partitions (what `counts` reads) and each entity's number of papers
(`top_datasets`, `top_metrics`), so whole-graph aggregates read a few hundred quads instead of
joining millions. The partitions live in a graph of their own (`STATS_GRAPH_IRI`), the paper
counts in one graph per entity label (`stats:Dataset`), so a query reads one label's counts by a
prefix scan, without a join. Each task also has a graph of its own with, for every model and
method, how many of the task's papers use or propose it (`models_on_task`), linked from the task
by `kg:modelPaperCounts`.

Loads say what they touched (`Statistics.paper_changed`, `Statistics.entities_touched`); the
store settles the statistics before its next query (`Statistics.settle`). Every committed batch
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
# Past this many touched entities one pass over all mention edges beats a lookup per entity.
REFRESH_ALL_ABOVE = 20_000


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


def task_model_pairs(mentioned: set[str]) -> list[tuple[str, str]]:
    """The (task, model or method) IRI pairs of one paper, from the IRIs of the entities it mentions.

    Examples:
        >>> task_model_pairs({node_iri("Task", "segmentation"), node_iri("Model", "unet"), node_iri("Dataset", "coco")})
        [('https://w3id.org/paperkg/id/task/segmentation', 'https://w3id.org/paperkg/id/model/unet')]
    """
    tasks = [iri for iri in mentioned if iri.startswith(_ENTITY_IRI_PREFIXES["Task"])]
    models = [iri for iri in mentioned if iri.startswith(_MODEL_IRI_PREFIXES)]
    return [(task, model) for task in tasks for model in models]


_STATS_GRAPH, _DATASET = ox.NamedNode(STATS_GRAPH_IRI), ox.NamedNode(DATASET_IRI)
_COUNT_GRAPHS = {label: ox.NamedNode(stats_graph_iri(label)) for label in ENTITY_LABELS}
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


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD_INTEGER)


class Statistics:
    """The statistics of one open pyoxigraph store: what loads left stale, and how to settle it.

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
        # What to recompute: the entities loads touched since the last refresh, and everything if
        # a load was killed before its refresh (its mark is still in the store). A task's model
        # counts are kept up to date by the papers each (task, model) pair gained or lost, not
        # recounted: a popular task has thousands of papers, and a recount would read every one.
        self._touched: set[str] = set()
        self._pair_changes: Counter[tuple[str, str]] = Counter()
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
        self._touched.update(removed)
        self._pair_changes.subtract(task_model_pairs(removed))
        self._pair_changes.update(task_model_pairs(added))
        self._written = True

    def entities_touched(self, iris: Iterable[str]) -> None:
        """These shared entities were written: their paper counts are to be recomputed."""
        before = len(self._touched)
        self._touched.update(iris)
        self._written = self._written or len(self._touched) > before

    def settle(self) -> None:
        """Refresh what loads left stale: the touched entities, or all when that is cheaper."""
        if self.read_only:
            return
        if self._refresh_all or len(self._touched) > REFRESH_ALL_ABOVE:
            self.refresh()
        elif self._written:
            self.refresh(self._touched, pair_changes=self._pair_changes)
        self._touched, self._refresh_all, self._written = set(), False, False
        self._pair_changes = Counter()

    def refresh(self, entities: Iterable[str] | None = None, *,
                pair_changes: Counter[tuple[str, str]] | None = None) -> None:
        """Recompute the statistics: the VoID partitions, and `kg:paperCount` of `entities`
        (IRIs; None: every entity, and every task's model counts). With `entities`, the task
        model counts change by `pair_changes`: the papers each (task IRI, model IRI) pair
        gained or lost since the last refresh.

        Raises:
            StoreError: the store cannot be written.

        Examples:
            >>> Statistics(ox.Store(), url="memory:").refresh()
        """
        graph = _STATS_GRAPH
        quads: list[ox.Quad] = []
        for kind, count_query, link, term, size in (
            ("class", _COUNT_CLASSES, _VOID_CLASS_PARTITION, _VOID_CLASS, _VOID_ENTITIES),
            ("property", _COUNT_RELATIONS, _VOID_PROPERTY_PARTITION, _VOID_PROPERTY, _VOID_TRIPLES),
        ):
            for row in self.native.query(count_query, use_default_graph_as_union=True):
                part = ox.NamedNode(f"{DATASET_IRI}/{kind}/{row['name'].value}")
                quads += [ox.Quad(_DATASET, link, part, graph), ox.Quad(part, term, row["term"], graph),
                          ox.Quad(part, size, row["n"], graph)]
        # the pending mark goes last: a refresh killed midway leaves it, and the next open redoes all
        old = [q for q in self.native.quads_for_pattern(None, None, None, graph) if q != PENDING_MARK]
        papers = self._papers_per_entity(entities)
        for label, prefix in _ENTITY_IRI_PREFIXES.items():
            counts = _COUNT_GRAPHS[label]
            old += [q for q in self.native.quads_for_pattern(None, _PAPER_COUNT, None, counts)
                    if entities is None or q.subject.value in papers]
            quads += [ox.Quad(ox.NamedNode(iri), _PAPER_COUNT, _integer(len(ps)), counts)
                      for iri, ps in papers.items() if ps and iri.startswith(prefix)]
        if entities is None:  # every pair recounted, every task's counts replaced
            links = list(self.native.quads_for_pattern(None, MODEL_PAPER_COUNTS, None, _COUNT_GRAPHS["Task"]))
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
        quads += [ox.Quad(ox.NamedNode(model), _PAPER_COUNT, _integer(n), ox.NamedNode(task_models_graph_iri(task)))
                  for (task, model), n in pair_counts.items() if n > 0]
        try:
            for quad in old:
                self.native.remove(quad)
            for link in links:
                self.native.remove_graph(link.object)
            self.native.extend(quads)
            for task in {task for task, _ in pair_counts}:  # a task links to its counts while it has any
                task_graph = ox.NamedNode(task_models_graph_iri(task))
                link = ox.Quad(ox.NamedNode(task), MODEL_PAPER_COUNTS, task_graph, _COUNT_GRAPHS["Task"])
                if next(self.native.quads_for_pattern(None, None, None, task_graph), None) is None:
                    self.native.remove(link)
                else:
                    self.native.add(link)
            self.native.remove(PENDING_MARK)
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
            quad = next(self.native.quads_for_pattern(ox.NamedNode(model), _PAPER_COUNT, None, task_graph), None)
            if quad is not None:
                stored.append(quad)
            counts[task, model] = (int(quad.object.value) if quad is not None else 0) + change
        return stored, counts

    def _papers_per_entity(self, entities: Iterable[str] | None) -> dict[str, set[str]]:
        """For each entity, the papers that mention it (a Paper->entity mention edge)."""
        papers: dict[str, set[str]] = {}
        if entities is None:  # every entity: one pass over the mention edges
            for rel in _MENTIONS:
                for q in self.native.quads_for_pattern(None, rel, None, None):
                    papers.setdefault(q.object.value, set()).add(q.subject.value)
            return papers
        for iri in entities:
            node = ox.NamedNode(iri)
            papers[iri] = {q.subject.value for rel in _MENTIONS
                           for q in self.native.quads_for_pattern(None, rel, node, None)}
        return papers
