"""Which part of a graph is drawn: the focus's neighbourhood, then the most connected nodes."""

from __future__ import annotations

import heapq
import logging
from collections import Counter
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Any

from kg.core.errors import KGError
from kg.core.graph import Edge, GraphRows, Node, NodeRef
from kg.core.focus import RowsSource, focus_refs, hop_distances

__all__ = ["Selection", "select"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Selection:
    """The part of a graph that is drawn.

    Attributes:
        nodes: the selected nodes (merged properties), most relevant first.
        edges: the edges between selected nodes, one per (src, type, dst).
        degree: each selected node's degree in the whole graph.
        focus: the nodes that matched the focus query (empty without one).
        total_nodes: distinct nodes in the input rows.
        candidates: nodes eligible before the `max_nodes` cut (those near the
            focus, or all of them).
        paper_titles: titles of the selected papers and of those the selected nodes and
            edges cite, by paper id.
        paper_urls: the URLs of those papers, where their records give one.
    """

    nodes: list[Node]
    edges: list[Edge]
    degree: dict[NodeRef, int]
    focus: frozenset[NodeRef]
    total_nodes: int
    candidates: int
    paper_titles: dict[str, str]
    paper_urls: dict[str, str]


def select(
    rows: GraphRows, *, focus: str | None = None, max_nodes: int = 300, hops: int = 2
) -> Selection:
    """Choose the nodes and edges to draw, before anything heavy is built.

    With `focus`, only nodes within `hops` of the nodes it names are kept, the
    nearest first; then (or without focus) the `max_nodes` most connected
    (degree = the edge rows touching a node). Ties go by input order (around a
    focus, by label and key), so the choice is deterministic. Every pass over
    the rows runs in C (`map`, `compress`, `Counter`): a graph of hundreds of
    thousands of nodes takes a few linear passes and nothing more.

    Args:
        rows: nodes and edges, possibly with repeats (merged here).
        focus: an entity name or key, a paper id or a paper title; matched
            through `kg.core.ids.entity_key`, so case and punctuation do not matter.
        max_nodes: the most nodes to keep.
        hops: how far from the focus nodes to go.

    Returns:
        The selection.

    Raises:
        KGError: `[V001]` nothing matches `focus`; `[V002]` a bad limit.

    Examples:
        >>> rows = GraphRows([Node("Paper", "p1", {"title": "T"}), Node("Dataset", "glue", {"name": "GLUE"}),
        ...                   Node("Dataset", "squad", {"name": "SQuAD"})],
        ...                  [Edge("EVALUATES_ON", ("Paper", "p1"), ("Dataset", "glue"))])
        >>> [n.key for n in select(rows, max_nodes=2).nodes]
        ['p1', 'glue']
        >>> [n.key for n in select(rows, focus="Glue", hops=0).nodes]
        ['glue']
    """
    if max_nodes < 1:
        raise KGError(f"[V002] max_nodes must be at least 1, not {max_nodes}")
    if hops < 0:
        raise KGError(f"[V002] hops must be 0 or more, not {hops}")
    nodes, edges = rows.nodes, rows.edges
    refs: list[NodeRef] = list(map(attrgetter("label", "key"), nodes))
    srcs: list[NodeRef] = list(map(attrgetter("src"), edges))
    dsts: list[NodeRef] = list(map(attrgetter("dst"), edges))
    degree: Counter[NodeRef] = Counter(srcs)
    degree.update(dsts)
    # Every distinct ref, in first-seen order (nodes first, then edge-only refs).
    order: dict[NodeRef, None] = dict.fromkeys(refs)
    order.update(dict.fromkeys(degree))
    total = len(order)

    matched: set[NodeRef] = set()
    if focus is not None and focus.strip():
        matched = focus_refs(focus, RowsSource(nodes))
        if not matched:
            raise KGError(
                f"[V001] nothing matches focus {focus!r}; give an entity name or key, "
                "a paper id or a paper title"
            )
        def next_to(frontier: set[NodeRef]) -> list[NodeRef]:
            return [*compress(dsts, map(frontier.__contains__, srcs)), *compress(srcs, map(frontier.__contains__, dsts))]

        dist = hop_distances(matched, next_to, hops=hops)
        candidates = len(dist)
        ranked = heapq.nsmallest(max_nodes, dist.items(),
                                 key=lambda item: (item[1], -degree[item[0]], item[0]))
        chosen = [r for r, _ in ranked]
    else:
        candidates = total
        chosen = [r for r, _ in degree.most_common(max_nodes)]
        if len(chosen) < max_nodes:  # room left for nodes without edges
            chosen += [r for r in order if r not in degree][: max_nodes - len(chosen)]
    keep = dict.fromkeys(chosen)

    kept_edges: dict[tuple[NodeRef, str, NodeRef], Edge] = {}
    for edge in compress(edges, map(keep.__contains__, srcs)):
        if edge.dst in keep:
            kept_edges.setdefault((edge.src, edge.type, edge.dst), edge)

    merged: dict[NodeRef, dict[str, Any]] = {}
    for node in compress(nodes, map(keep.__contains__, refs)):
        props = merged.setdefault((node.label, node.key), {})
        for k, v in node.props.items():
            if props.get(k) is None:
                props[k] = v
    selected = [Node(r[0], r[1], merged.get(r, {})) for r in keep]

    cited = {str(n.props["paper"]) for n in selected if n.props.get("paper") is not None}
    cited.update(str(n.props.get("id") or n.key) for n in selected if n.label == "Paper")
    cited.update(str(e.props["paper"]) for e in kept_edges.values() if e.props.get("paper") is not None)
    titles: dict[str, str] = {}
    urls: dict[str, str] = {}
    if cited:
        for node in compress(nodes, map("Paper".__eq__, map(itemgetter(0), refs))):
            pid = str(node.props.get("id") or node.key)
            if pid in cited:
                if pid not in titles and node.props.get("title"):
                    titles[pid] = str(node.props["title"])
                if pid not in urls and node.props.get("url"):
                    urls[pid] = str(node.props["url"])
    log.debug("selected %d of %d nodes, %d edges", len(selected), total, len(kept_edges))
    return Selection(
        nodes=selected,
        edges=list(kept_edges.values()),
        degree={r: degree[r] for r in keep},
        focus=frozenset(matched & keep.keys()),
        total_nodes=total,
        candidates=candidates,
        paper_titles=titles,
        paper_urls=urls,
    )
