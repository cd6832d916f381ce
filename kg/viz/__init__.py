"""The graph for people: graph rows -> one self-contained, interactive HTML page that works offline.

- `kg.viz.select`: which nodes and edges are drawn (a focus's neighbourhood, then the most
  connected), in a few linear passes over the rows before anything else is built, so the
  rows of a 50k-paper graph (~235k nodes, ~900k edges) render in seconds and the page
  holds only `max_nodes` nodes;
- `kg.viz.data`: what the page shows of each node and edge (names, evidence, paper links);
- `kg.viz.page`: the page itself, an explorer with search, type filters and a side panel
  (vis-network, shipped in `assets/`);
- `write_store_html`: the page of what a store holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import queries
from kg.viz.data import NODE_STYLES, paper_link, shorten
from kg.viz.page import DEFAULT_MAX_NODES, VIS_VERSION, render_html, write_html
from kg.viz.select import Selection, select

__all__ = ["DEFAULT_MAX_NODES", "NODE_STYLES", "VIS_VERSION", "Selection", "paper_link", "render_html", "select",
           "shorten", "write_html", "write_store_html"]


def write_store_html(store: Any, path: str | Path, *, focus: str | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                     max_papers: int | None = None) -> Path | None:
    """Write the page of the graph in `store` (a `kg.stores.TripleStore`) to `path`.

    Around `focus` only its neighbourhood is read back, so the page stays fast on a large
    graph; without one, the whole graph is read, unless the store holds more than
    `max_papers` papers.

    Returns:
        The path written, or None when the graph has more than `max_papers` papers and no focus.

    Raises:
        KGError: see `render_html`.
    """
    if focus:
        return write_html(store.neighbourhood(focus, hops=2, limit=max(5000, max_nodes)), path, focus=focus,
                          max_nodes=max_nodes)
    if max_papers is not None and queries.counts(store).get("Paper", 0) > max_papers:
        return None
    return write_html(store.rows(), path, max_nodes=max_nodes)
