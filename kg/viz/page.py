"""Graph rows -> one self-contained, interactive HTML page: the explorer (vis-network).

Every script and style is inline, read from the package's `assets/` folder: the
vis-network build (`vis-network.min.js` and `.css`, MIT licensed, notice in
`assets/LICENSE-vis-network`) and the page's own `page.css`, `page.js` (the
network, its layout and names, the type filters) and `panel.js` (search and the
side panel). pyvis's template is not used: even with `cdn_resources="in_line"` it
links Bootstrap (and tom-select) from CDNs, and it hands `title` strings to the
browser as they are.

Safety: all text from papers reaches the page only as JSON data in a
`<script type="application/json">` block with `<`, `>` and `&` escaped
(`kg.viz.data.script_json`), and the page script puts it into the DOM with
`textContent` (node labels are drawn on the canvas; tooltips and the side panel are
DOM elements). So a paper titled `<img src=x onerror=alert(1)>` shows as text and runs
nothing. Links go only to http(s) addresses (`kg.viz.data.paper_link`).
"""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.core.errors import KGError
from kg.core.graph import GraphRows
from kg.viz.data import (NODE_STYLES, OTHER_STYLE, display_label, edge_item, named_nodes, node_id, node_item,
                         papers_cited, script_json, shorten)
from kg.viz.select import select

__all__ = ["DEFAULT_MAX_NODES", "NODE_STYLES", "VIS_VERSION", "display_label", "render_html", "shorten",
           "write_html"]

log = logging.getLogger(__name__)

VIS_VERSION = "9.1.2"

# Nodes drawn by default: enough for the hubs of a few thousand papers and their nearest
# neighbours; the layout settles in seconds and the page stays readable. Up to ~2,000 work.
DEFAULT_MAX_NODES = 500


def _options(n_nodes: int) -> dict[str, Any]:
    """vis-network's options. Names are drawn only where they are readable: the page script
    keeps the overview's names (`named` items) and a found node's neighbourhood at a fixed size
    on screen, and every other name appears once zoomed in far enough (`drawThreshold`)."""
    big = n_nodes > 600
    return {
        "autoResize": True,
        "nodes": {"font": {"size": 14, "face": "sans-serif", "color": "#222222",
                           "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "borderWidth": 1,
                  # the page script sets every name's size; this hides them while the layout runs
                  "scaling": {"label": {"drawThreshold": 9}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "font": {"size": 10, "align": "middle", "color": "#555555",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  # relations are named only when zoomed in close (10 px at a scale of 0.8)
                  "scaling": {"label": {"drawThreshold": 9}},
                  "smooth": {"enabled": not big, "type": "continuous", "roundness": 0.3},
                  "width": 1, "selectionWidth": 2},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": n_nodes > 150,
                        "navigationButtons": False,
                        # keys pan and zoom only while the graph has the focus, so typing in
                        # the search box never moves it
                        "keyboard": {"enabled": True, "bindToWindow": False, "autoFocus": False}},
        "physics": {"enabled": True, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110,
                                         "avoidOverlap": 0.4},
                    "stabilization": {"enabled": True, "iterations": 150 if n_nodes > 1200 else 200 if big else 300,
                                      "updateInterval": 25, "fit": True}},
        "layout": {"improvedLayout": n_nodes <= 120, "randomSeed": 7},
    }


# --------------------------------------------------------------------------- page


def _asset(name: str) -> str:
    return resources.files("kg.viz").joinpath("assets", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _page_assets() -> tuple[str, str, str, str]:
    """vis-network's JS and CSS (made safe to inline), then the page's own CSS and JS.

    The page script reads the data block as text and builds every DOM node with
    `textContent`: no paper text is ever parsed as HTML.
    """
    js = _asset("vis-network.min.js")
    css = _asset("vis-network.css")
    # Belt and braces: no text may end the element it is inlined into.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css, "\n" + _asset("page.css"), "\n" + _asset("page.js") + "\n" + _asset("panel.js")


def _legend(counts: Counter[str]) -> str:
    """The node types drawn, each a checkbox that shows or hides its nodes."""
    items = []
    for label in [*NODE_STYLES, *sorted(set(counts) - NODE_STYLES.keys())]:
        if not counts.get(label):
            continue
        _, colour, glyph = NODE_STYLES.get(label, OTHER_STYLE)
        name = html.escape(label)
        items.append(
            f'<li data-label="{name}"><label><input type="checkbox" checked value="{name}"> '
            f'<span class="glyph" style="color:{colour}" aria-hidden="true">{glyph}</span> '
            f"{name} ({counts[label]})</label></li>"
        )
    return ('<div id="kg-legend" role="group" aria-labelledby="kg-legend-h">'
            '<h2 id="kg-legend-h">Show node types</h2><ul>' + "".join(items) + "</ul></div>")


_SIDE = """<aside id="kg-side" aria-label="Explorer">
<div id="kg-find"><label for="kg-search">Find a node</label>
<input id="kg-search" type="search" autocomplete="off" spellcheck="false"
 placeholder="a name, paper title or id   ( / )" role="combobox" aria-autocomplete="list"
 aria-expanded="false" aria-controls="kg-matches">
<ul id="kg-matches" role="listbox" aria-label="Matches" hidden></ul></div>
{legend}
<section id="kg-panel" aria-live="polite" aria-labelledby="kg-panel-h">
<h2 id="kg-panel-h">Nothing selected</h2>
<p class="hint">Find a node above, or click one, to see its evidence sentences and its papers.
Names of the most connected nodes are shown; zoom in (scroll, or + and &minus; on the graph)
for the others. Esc clears the selection.</p></section>
<p class="buttons"><button type="button" id="kg-fit">Show the whole graph</button></p>
</aside>"""


def render_html(
    rows: GraphRows,
    *,
    focus: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    title: str = "PaperKG graph",
    hops: int = 2,
) -> str:
    """One self-contained HTML page to explore (part of) the graph.

    Nodes are coloured and shaped by label and sized by degree; the most connected
    show their names. A search box finds a node by name, title or paper id and focuses
    it with its neighbours; checkboxes show or hide each node type; the side panel shows
    a node's properties, its evidence sentences with links to their papers (arXiv when
    the id is an arXiv id), and its neighbours. The layout stabilises, then physics
    stops. The page exposes `window.network`, the DataSets `window.kgNodes` and
    `window.kgEdges` and the explorer `window.kg` (`focusNode`, `clearFocus`,
    `showType`), and sets `window.kgStable` once the layout has settled.

    Args:
        rows: the graph's nodes and edges.
        focus: draw only the neighbourhood of this entity name or key, paper id
            or paper title (case- and punctuation-insensitive).
        max_nodes: the most nodes to draw; the most connected are kept.
        title: page heading.
        hops: neighbourhood radius around `focus`.

    Returns:
        The HTML text. It loads nothing from the network.

    Raises:
        KGError: `[V001]` nothing matches `focus`; `[V002]` a bad limit;
            `[V003]` nothing to draw.
    """
    sel = select(rows, focus=focus, max_nodes=max_nodes, hops=hops)
    if not sel.nodes:
        raise KGError("[V003] the graph has no nodes to draw")
    js, css, page_css, page_js = _page_assets()
    names = {n.ref: display_label(n) for n in sel.nodes}
    named = named_nodes(sel)
    max_degree = max(sel.degree.values(), default=0)
    nodes = [node_item(n, sel, max_degree=max_degree, named=n.ref in named) for n in sel.nodes]
    edges = [edge_item(i, e, names) for i, e in enumerate(sel.edges)]
    data = {
        "nodes": nodes,
        "edges": edges,
        "papers": papers_cited(sel, [*nodes, *edges]),
        "focus": sorted(node_id(ref) for ref in sel.focus),
        "styles": {label: [style[1], style[2]] for label, style in NODE_STYLES.items()},
        "options": _options(len(sel.nodes)),
    }
    counts = Counter(n.label for n in sel.nodes)
    n_edges = len(sel.edges)
    note = f"{len(sel.nodes)} of {sel.total_nodes} nodes, {n_edges} edge{'' if n_edges == 1 else 's'}"
    if sel.focus:
        note += f"; around \u201c{focus}\u201d"
    if len(sel.nodes) < sel.candidates:
        kept = "nearest" if sel.focus else "most connected"
        note += f"; the {len(sel.nodes)} {kept} of {sel.candidates} (max_nodes)"
    esc_title = html.escape(title)
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        f"<meta name=\"generator\" content=\"PaperKG kg.viz, vis-network {VIS_VERSION}\">\n",
        f"<title>{esc_title}</title>\n",
        "<style>", css, "</style>\n<style>", page_css, "</style>\n",
        "<script>", js, "</script>\n</head>\n<body>\n",
        f"<header><h1>{esc_title}</h1><span class=\"note\">{html.escape(note)}</span>",
        f"<span id=\"kg-status\" role=\"status\">Laying out {len(sel.nodes):,} nodes\u2026</span></header>\n",
        "<main id=\"kg-main\">\n<div id=\"kg-network\" aria-label=\"The graph. Arrow keys pan, + and - zoom; "
        "use the search box to move between nodes.\"></div>\n",
        _SIDE.replace("{legend}", _legend(counts)), "\n</main>\n",
        "<script type=\"application/json\" id=\"kg-data\">", script_json(data), "</script>\n",
        "<script>", page_js, "</script>\n</body>\n</html>\n",
    ])


def write_html(
    rows: GraphRows,
    path: str | Path,
    *,
    focus: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    title: str = "PaperKG graph",
    hops: int = 2,
) -> Path:
    """Write `render_html(rows, ...)` to `path` (parents created); returns the path.

    Args:
        rows: the graph's nodes and edges.
        path: the HTML file to write.
        focus: see `render_html`.
        max_nodes: see `render_html`.
        title: see `render_html`.
        hops: see `render_html`.

    Returns:
        The path written.
    """
    text = render_html(rows, focus=focus, max_nodes=max_nodes, title=title, hops=hops)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    log.info("wrote %s (%d bytes)", out, len(text))
    return out
