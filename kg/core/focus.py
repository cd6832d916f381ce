"""What a focus names, and the nodes a few hops around it: one rule for `kg viz --focus` and both stores.

A focus is an entity key or name, a "Label:key" id, a paper id or a paper title. The nodes it
names are found in this order: exact keys (as given, lower-cased, or as `entity_key` makes them)
under any label; failing those, a "Label:key" id; paper ids (any case) always; and only when
nothing matched so far, names and titles whose `entity_key` is the focus's. So "wikitext 103"
finds WikiText-103, and case and punctuation never matter.

The rule runs over a `FocusSource`: rows in memory (`RowsSource`, for pictures) or a store, which
answers the same three questions by its own lookups. The neighbourhood is a breadth-first walk
(`hop_distances`) over whatever neighbour lookup the caller has.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from itertools import compress
from operator import itemgetter
from typing import Protocol

from kg.core.graph import Node, NodeRef
from kg.core.ids import entity_key

__all__ = ["FocusSource", "RowsSource", "focus_refs", "hop_distances", "is_name_of"]

# ASCII bytes that `entity_key` deletes: for ASCII text, lower() then this bytes.translate
# gives the key up to its plural rule, ~7x faster than entity_key.
_NON_ALNUM_BYTES = bytes(c for c in range(128) if not chr(c).isalnum())


def is_name_of(text: str, key: str) -> bool:
    """Whether `entity_key(text) == key`, ruling out most texts cheaply first (tests/test_focus.py
    checks the two agree, plurals and non-ASCII text included).

    Examples:
        >>> is_name_of("Wiki Text 103s", "wikitext103")
        True
    """
    if text.isascii():
        bare = text.encode("ascii").lower().translate(None, _NON_ALNUM_BYTES)
        if len(bare) - len(key) not in (0, 1) or not bare.startswith(key.encode("utf-8")):
            return False
    return entity_key(text) == key


class FocusSource(Protocol):
    """Where a focus is looked up: the three questions `focus_refs` asks."""

    def refs_with_keys(self, keys: Collection[str]) -> Iterable[NodeRef]:
        """The nodes, of any label, whose key is one of `keys`."""
        ...

    def paper_ids(self, lowered: str) -> Iterable[tuple[NodeRef, str]]:
        """(ref, id) of the papers whose id may lower-case to `lowered` (more is fine: the rule checks)."""
        ...

    def names(self) -> Iterable[tuple[NodeRef, str]]:
        """(ref, name) of every node with a name, and (ref, title) of every paper."""
        ...


def focus_refs(focus: str, source: FocusSource) -> set[NodeRef]:
    """The nodes a focus names (see the module docstring for the order of the rules).

    Examples:
        >>> source = RowsSource([Node("Paper", "2401.1", {"id": "2401.1", "title": "Routing Is All"}),
        ...                      Node("Dataset", "wikitext103", {"name": "WikiText-103"})])
        >>> focus_refs("WikiText 103", source), focus_refs("Dataset:WikiText-103", source)
        ({('Dataset', 'wikitext103')}, {('Dataset', 'wikitext103')})
        >>> focus_refs("routing is all", source), focus_refs("nothing", source)
        ({('Paper', '2401.1')}, set())
    """
    raw = focus.strip()
    low = raw.lower()
    key = entity_key(raw)
    matched = set(source.refs_with_keys({raw, low, key} - {""}))
    label, _, label_key = raw.partition(":")
    if label_key and not matched:
        matched = {ref for ref in source.refs_with_keys({label_key, entity_key(label_key)} - {""})
                   if ref[0].lower() == label.lower()}
    matched.update(ref for ref, paper_id in source.paper_ids(low) if str(paper_id).lower() == low)
    if matched or not key:
        return matched
    return {ref for ref, text in source.names() if isinstance(text, str) and is_name_of(text, key)}


def hop_distances(start: Iterable[NodeRef], neighbours: Callable[[set[NodeRef]], Iterable[NodeRef]], *,
                  hops: int, limit: int | None = None) -> dict[NodeRef, int]:
    """Distance (0..hops) of each node within `hops` of `start`, nearest first.

    `neighbours(frontier)` gives the nodes next to any of `frontier` (edges undirected). With
    `limit`, the walk stops at that many nodes; a hop that would pass it keeps the least refs,
    so every store cuts the same nodes.

    Examples:
        >>> edges = {("A", "a"): [("B", "b")], ("B", "b"): [("A", "a"), ("C", "c"), ("C", "d")]}
        >>> def next_to(frontier):
        ...     return [n for ref in frontier for n in edges.get(ref, [])]
        >>> hop_distances([("A", "a")], next_to, hops=2)
        {('A', 'a'): 0, ('B', 'b'): 1, ('C', 'c'): 2, ('C', 'd'): 2}
        >>> list(hop_distances([("A", "a")], next_to, hops=2, limit=3))
        [('A', 'a'), ('B', 'b'), ('C', 'c')]
    """
    dist = dict.fromkeys(sorted(set(start)), 0)
    if limit is not None:
        dist = dict.fromkeys(list(dist)[:limit], 0)
    frontier = set(dist)
    for hop in range(1, hops + 1):
        if not frontier or (limit is not None and len(dist) >= limit):
            break
        found = set(neighbours(frontier))
        found.difference_update(dist)
        nearest = sorted(found) if limit is None else sorted(found)[: limit - len(dist)]
        dist.update(dict.fromkeys(nearest, hop))
        frontier = set(nearest)
    return dist


class RowsSource:
    """A focus source over nodes in memory; every pass runs in C (`map`, `compress`)."""

    def __init__(self, nodes: list[Node]) -> None:
        self.nodes = nodes
        self.refs: list[NodeRef] = [(node.label, node.key) for node in nodes]

    def refs_with_keys(self, keys: Collection[str]) -> Iterable[NodeRef]:
        return compress(self.refs, map(keys.__contains__, map(itemgetter(1), self.refs)))

    def _papers(self) -> Iterable[Node]:
        return compress(self.nodes, map("Paper".__eq__, map(itemgetter(0), self.refs)))

    def paper_ids(self, lowered: str) -> Iterable[tuple[NodeRef, str]]:
        return ((node.ref, node.props["id"]) for node in self._papers() if node.props.get("id") is not None)

    def names(self) -> Iterable[tuple[NodeRef, str]]:
        for node in self.nodes:
            text = node.props.get("title" if node.label == "Paper" else "name")
            if text:
                yield node.ref, text
