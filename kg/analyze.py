"""`kg analyze`: graph analytics over which datasets, metrics, methods and models papers use together.

The end of the data path that reads the whole graph back: the rows of the canned query
`entity_usage` (either store) become a weighted co-usage graph in networkx, and from it:

- **co-usage**: two entities are tied by the number of papers that name both;
- **communities**: Louvain (`networkx.community.louvain_communities`, seeded, so the same graph
  gives the same communities), each named by its three members with the most co-usage inside it;
- **centrality**: PageRank over the weighted co-usage graph, overall and per quarter of the
  papers' dates. An entity scores high when it is used together with entities that are
  themselves central, not only when it is used often; the random jump keeps it defined on a
  graph of many small components (eigenvector centrality gives 0 outside the largest one), each
  quarter's figures sum to 1 so quarters of different sizes compare, and it costs a few sparse
  matrix products (betweenness, O(nodes x edges), would take hours at 50k papers);
- **related**: each entity's nearest neighbours by co-usage, scored by cosine similarity of their
  paper sets (shared papers / sqrt(papers of one x papers of the other)), so a neighbour used
  with everything (accuracy, GPT-4) does not crowd out the specific ones, discounted by
  shared / (shared + 2), so that two papers naming a rare name next to ImageNet do not outrank
  twenty naming CIFAR-10; with the papers that tie them.

Entities are identified by (label, canonical key), as in both stores. The pure functions here
return records (`kg.core.analytics`); the stores write them back (`write_analytics`): the embedded store into a named
graph of its own, Neo4j as node properties and CO_USED_WITH relationships.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import queries
from kg.core.analytics import Analysis, CoUsage, EntityFigures, QuarterFigures
from kg.core.errors import KGError
from kg.core.graph import NodeRef
from kg.core.vocab import ANALYZED_LABELS, MAX_TIE_PAPERS

MIN_PAPERS = 2  # an entity named by fewer papers has no co-usage to speak of
MIN_SHARED = 2  # a neighbour must share at least this many papers
SHRINK = 2  # the related score's discount: shared / (shared + SHRINK)
NEIGHBOURS = 10  # nearest neighbours kept per entity
COMMUNITY_NAME_MEMBERS = 3
SEED = 42
_QUARTER_DATE = re.compile(r"^(\d{4})-(\d{2})")


@dataclass
class Usage:
    """Which entities each paper names, when each paper was published, and each entity's name."""

    papers: dict[str, set[NodeRef]] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    names: dict[NodeRef, str] = field(default_factory=dict)

    def papers_of(self) -> dict[NodeRef, set[str]]:
        """Each entity's papers."""
        out: dict[NodeRef, set[str]] = defaultdict(set)
        for paper, entities in self.papers.items():
            for entity in entities:
                out[entity].add(paper)
        return out


def quarter_of(date: str | None) -> str | None:
    """The quarter of an ISO date, or None when the date does not start with YYYY-MM.

    Examples:
        >>> quarter_of("2025-08-18"), quarter_of("2026-01"), quarter_of("Aug 2025"), quarter_of(None)
        ('2025Q3', '2026Q1', None, None)
    """
    match = _QUARTER_DATE.match(date or "")
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    return f"{match.group(1)}Q{(int(match.group(2)) - 1) // 3 + 1}"


def usage_from_rows(rows: Iterable[dict[str, Any]]) -> Usage:
    """The rows of the `entity_usage` query (paper, date, type, key, name) as a Usage.

    Examples:
        >>> row = {"paper": "p1", "date": "2025-09-01", "type": "Dataset", "key": "glue", "name": "GLUE"}
        >>> u = usage_from_rows([row])
        >>> u.papers, u.dates, u.names
        ({'p1': {('Dataset', 'glue')}}, {'p1': '2025-09-01'}, {('Dataset', 'glue'): 'GLUE'})
    """
    usage = Usage()
    for row in rows:
        if row["type"] not in ANALYZED_LABELS or not row["key"]:
            continue
        entity = (row["type"], row["key"])
        usage.papers.setdefault(row["paper"], set()).add(entity)
        if row.get("date"):
            usage.dates[row["paper"]] = row["date"]
        name = row.get("name") or row["key"]
        usage.names[entity] = min(usage.names.get(entity, name), name)
    return usage


def co_usage_graph(papers: dict[str, set[NodeRef]], *, min_papers: int = MIN_PAPERS) -> Any:
    """The weighted co-usage graph: a node per entity named by at least `min_papers` papers (its
    `papers` attribute), an edge per pair named together, weighted by their shared papers.

    Nodes and edges are added in sorted order, so the graph (and Louvain on it) is the same
    whatever the order of the rows.

    Examples:
        >>> G = co_usage_graph({"p1": {("Dataset", "a"), ("Model", "m")}, "p2": {("Dataset", "a"), ("Model", "m")}})
        >>> sorted(G.nodes), G[("Dataset", "a")][("Model", "m")]["weight"]
        ([('Dataset', 'a'), ('Model', 'm')], 2)
    """
    import networkx as nx

    counts: Counter[NodeRef] = Counter(e for entities in papers.values() for e in entities)
    kept = {e for e, n in counts.items() if n >= min_papers}
    weights: Counter[tuple[NodeRef, NodeRef]] = Counter()
    for entities in papers.values():
        weights.update(combinations(sorted(entities & kept), 2))
    G = nx.Graph()
    G.add_nodes_from((e, {"papers": counts[e]}) for e in sorted(kept))
    G.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    return G


def pagerank(G: Any) -> dict[NodeRef, float]:
    """PageRank of each node over the edge weights (0.85 damping); {} for an empty graph."""
    import networkx as nx

    if G.number_of_nodes() == 0:
        return {}
    try:
        return nx.pagerank(G, alpha=0.85, weight="weight")
    except ImportError as e:  # networkx computes PageRank with scipy
        raise KGError("[A001] kg analyze needs scipy: pip install 'paperkg[analytics]'") from e


def communities(G: Any, names: dict[NodeRef, str], *, seed: int = SEED) -> list[tuple[str, list[NodeRef]]]:
    """Louvain communities of the co-usage graph, largest first, each with its name.

    A community is named by its `COMMUNITY_NAME_MEMBERS` members with the most co-usage weight
    inside it ("ImageNet · ResNet-50 · CIFAR-10"); isolated entities (no tie in the graph) are
    left out, they form no community. Ties are broken by name, so the result is deterministic.
    """
    import networkx as nx

    H = G.subgraph([n for n in G if G.degree(n) > 0])
    found = nx.community.louvain_communities(H, weight="weight", resolution=1.0, seed=seed) if len(H) else []
    named = []
    for members in found:
        inside = H.subgraph(members)
        strength = dict(inside.degree(weight="weight"))
        ranked = sorted(members, key=lambda e: (-strength[e], names.get(e, e[1]), e))
        named.append((" · ".join(names.get(e, e[1]) for e in ranked[:COMMUNITY_NAME_MEMBERS]), ranked))
    named.sort(key=lambda c: (-len(c[1]), c[0]))
    return named


def nearest_neighbours(G: Any, entity: NodeRef, *, k: int = NEIGHBOURS, min_shared: int = MIN_SHARED
                       ) -> list[tuple[NodeRef, int, float]]:
    """An entity's `k` nearest neighbours by co-usage: (neighbour, shared papers, score), best
    first; neighbours sharing fewer than `min_shared` papers are left out. The score is the cosine
    of the two paper sets, discounted by shared / (shared + SHRINK) for thin evidence.

    Examples:
        >>> G = co_usage_graph({"p1": {("Dataset", "a"), ("Model", "m")}, "p2": {("Dataset", "a"), ("Model", "m")},
        ...                     "p3": {("Dataset", "a"), ("Metric", "acc")}, "p4": {("Metric", "acc")}})
        >>> nearest_neighbours(G, ("Dataset", "a"), min_shared=1)
        [(('Model', 'm'), 2, 0.4082), (('Metric', 'acc'), 1, 0.1361)]
    """
    if entity not in G:
        return []
    papers = G.nodes[entity]["papers"]
    scored = []
    for other, tie in G[entity].items():
        shared = tie["weight"]
        if shared >= min_shared:
            cosine = shared / math.sqrt(papers * G.nodes[other]["papers"])
            score = round(cosine * shared / (shared + SHRINK), 4)
            scored.append((other, shared, score))
    scored.sort(key=lambda t: (-t[2], -t[1], t[0]))
    return scored[:k]


def analyze(usage: Usage, *, min_papers: int = MIN_PAPERS, min_shared: int = MIN_SHARED,
            neighbours: int = NEIGHBOURS, seed: int = SEED) -> Analysis:
    """Co-usage, communities, centrality (overall and per quarter) and nearest neighbours.

    Args:
        usage: which entities each paper names (`usage_from_rows`).
        min_papers: entities named by fewer papers are left out of the co-usage graph.
        min_shared: neighbours must share at least this many papers.
        neighbours: nearest neighbours kept per entity.
        seed: Louvain's random seed.

    Returns:
        The figures of every entity in the co-usage graph, their nearest neighbours and their
        per-quarter papers and centrality.
    """
    G = co_usage_graph(usage.papers, min_papers=min_papers)
    names = usage.names
    rank_overall = pagerank(G)
    community_of: dict[NodeRef, tuple[int, str]] = {}
    found = communities(G, names, seed=seed)
    for number, (name, members) in enumerate(found, start=1):
        for entity in members:
            community_of[entity] = (number, name)
    out = Analysis(papers=len(usage.papers), edges=G.number_of_edges(), communities=len(found))
    by_label: dict[str, list[NodeRef]] = defaultdict(list)
    for entity in G:
        by_label[entity[0]].append(entity)
    for label, entities in sorted(by_label.items()):
        entities.sort(key=lambda e: (-rank_overall[e], names.get(e, e[1]), e))
        for rank, entity in enumerate(entities, start=1):
            number, community_name = community_of.get(entity, (None, None))
            out.entities.append(EntityFigures(label, entity[1], names.get(entity, entity[1]), G.nodes[entity]["papers"],
                                              number, community_name, rank_overall[entity], rank))
    papers_of = usage.papers_of()
    newest_first = sorted(usage.papers, key=lambda p: (usage.dates.get(p, ""), p), reverse=True)
    order = {paper: i for i, paper in enumerate(newest_first)}
    for entity in sorted(G):
        for rank, (other, shared, score) in enumerate(
                nearest_neighbours(G, entity, k=neighbours, min_shared=min_shared), start=1):
            ties = sorted(papers_of[entity] & papers_of[other], key=order.__getitem__)[:MAX_TIE_PAPERS]
            out.co_usage.append(CoUsage(entity, other, shared, score, rank, tuple(ties)))
    out.quarters = quarterly(usage, G)
    return out


def quarterly(usage: Usage, G: Any) -> list[QuarterFigures]:
    """Each entity of G's papers and PageRank in each quarter it was used (papers with a date)."""
    by_quarter: dict[str, dict[str, set[NodeRef]]] = defaultdict(dict)
    for paper, entities in usage.papers.items():
        quarter = quarter_of(usage.dates.get(paper))
        if quarter is not None:
            by_quarter[quarter][paper] = entities & G.nodes.keys()
    out = []
    for quarter, papers in sorted(by_quarter.items()):
        H = co_usage_graph(papers, min_papers=1)
        rank = pagerank(H)
        for entity in sorted(H):
            out.append(QuarterFigures(entity, quarter, H.nodes[entity]["papers"], rank[entity]))
    return out


def analyze_store(store: Any, **options: Any) -> tuple[Analysis, float]:
    """Analyse a store's graph and write the figures back to it (either store).

    Returns:
        The analysis and the seconds it took, reading, computing and writing included.
    """
    started = time.perf_counter()
    usage = usage_from_rows(queries.run(store, "entity_usage"))
    analysis = analyze(usage, **options)
    store.write_analytics(analysis)
    return analysis, time.perf_counter() - started
