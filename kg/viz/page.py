"""Graph rows -> one self-contained, interactive HTML page (vis-network).

Every script and style is inline, read from the package's `assets/` folder: the
vis-network build (`vis-network.min.js` and `.css`, MIT licensed, notice in
`assets/LICENSE-vis-network`) and the page's own `page.css` and `page.js`. pyvis's
template is not used: even with `cdn_resources="in_line"` it links Bootstrap (and
tom-select) from CDNs, and it hands `title` strings to the browser as they are.

Safety: all text from papers reaches the page only as JSON data in a
`<script type="application/json">` block with `<`, `>` and `&` escaped, and the
page script puts it into the DOM with `textContent` (node labels are drawn on
the canvas; tooltips are DOM elements). So a paper titled
`<img src=x onerror=alert(1)>` shows as text and runs nothing.
"""

from __future__ import annotations

import html
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.core.errors import KGError
from kg.core.graph import Edge, GraphRows, Node, NodeRef
from kg.viz.select import Selection, select

__all__ = ["NODE_STYLES", "VIS_VERSION", "display_label", "render_html", "shorten", "write_html"]

log = logging.getLogger(__name__)

VIS_VERSION = "9.1.2"

# label -> (vis-network shape, colour, legend glyph). Shapes draw their label
# below the node, so `size` (from the degree) is the size actually seen.
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "Paper": ("square", "#4e79a7", "\u25a0"),
    "Model": ("dot", "#f28e2b", "\u25cf"),
    "Method": ("diamond", "#e15759", "\u25c6"),
    "Dataset": ("hexagon", "#76b7b2", "\u2b22"),
    "Metric": ("triangle", "#59a14f", "\u25b2"),
    "Task": ("star", "#edc948", "\u2605"),
    "Result": ("triangleDown", "#b07aa1", "\u25bc"),
    "Claim": ("dot", "#9c755f", "\u25cc"),
}
_OTHER_STYLE = ("dot", "#bab0ac", "\u25cf")

EDGE_COLOURS: dict[str, str] = {
    "PROPOSES": "#e15759",
    "OUTPERFORMS": "#d62728",
    "WINNER": "#59a14f",
    "LOSER": "#9c755f",
}
_EDGE_DEFAULT_COLOUR = "#9aa5b1"

# Properties shown in tooltips, in this order, with their captions.
_NODE_TIP_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "Paper": (("title", "Title"), ("id", "Id"), ("date", "Date"), ("authors", "Authors"),
              ("url", "URL")),
    "Result": (("raw", "Result"), ("metric", "Metric"), ("dataset", "Dataset"),
               ("model", "Model"), ("sentence", "Evidence"), ("confidence", "Confidence"),
               ("extractor", "Extractor")),
    "Claim": (("type", "Claim"), ("subject", "Subject"), ("object", "Object"),
              ("sentence", "Evidence"), ("confidence", "Confidence"), ("extractor", "Extractor")),
}
_ENTITY_TIP_FIELDS = (("name", "Name"), ("key", "Key"), ("aliases", "Aliases"))
_EDGE_TIP_FIELDS = (("name", "Mention"), ("sentence", "Evidence"), ("confidence", "Confidence"),
                    ("extractor", "Extractor"))

_LABEL_WIDTH = 40
_TIP_WIDTH = 600


def shorten(text: str, width: int = _LABEL_WIDTH) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis.

    Examples:
        >>> shorten("Attention   Is All\\nYou Need", 15)
        'Attention Is A…'
        >>> shorten("BERT")
        'BERT'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def node_id(ref: NodeRef) -> str:
    """The vis-network id of a node: "Label:key".

    Examples:
        >>> node_id(("Dataset", "wikitext103"))
        'Dataset:wikitext103'
    """
    return f"{ref[0]}:{ref[1]}"


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML `<script>` element.

    `<`, `>` and `&` become `\\u003c`, `\\u003e` and `\\u0026`, so no string can
    close the script (`</script>`) or open a comment (`<!--`); non-ASCII is
    escaped too (U+2028 and U+2029 included).

    Examples:
        >>> script_json({"t": "</script><!-- & é"})
        '{"t": "\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u0026 \\\\u00e9"}'
        >>> json.loads(script_json(["<b>"]))
        ['<b>']
    """
    text = json.dumps(data, ensure_ascii=True, allow_nan=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def display_label(node: Node) -> str:
    """The short text drawn under a node.

    Examples:
        >>> display_label(Node("Paper", "p1", {"title": "Deep Residual Learning for Image Recognition"}))
        'Deep Residual Learning for Image Recogn…'
        >>> display_label(Node("Result", "r1", {"value": 28.4, "unit": "BLEU", "metric": "BLEU"}))
        'BLEU 28.4'
        >>> display_label(Node("Model", "bert", {"name": "BERT"}))
        'BERT'
    """
    props = node.props
    if node.label == "Paper":
        text = props.get("title") or props.get("id") or node.key
    elif node.label == "Result":
        value = props.get("value")
        value = f"{value:g}" if isinstance(value, (int, float)) else (value or props.get("raw"))
        unit = props.get("unit") or ""
        metric = props.get("metric") or ""
        unit = "" if unit == metric else unit
        text = " ".join(str(p) for p in (metric, value, unit) if p not in (None, "")) or node.key
        text = text.replace(" %", "%")
    elif node.label == "Claim":
        text = props.get("type") or "claim"
    else:
        text = props.get("name") or node.key
    return shorten(str(text))


# --------------------------------------------------------------------------- page data


def _text(value: Any) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, float):
        value = f"{value:g}"
    return shorten(str(value), _TIP_WIDTH)


def _tip(heading: str, fields: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    rows = [[caption, text] for caption, value in fields if (text := _text(value)) is not None]
    return {"h": shorten(heading, 120), "rows": rows}


def _node_size(deg: int) -> float:
    return round(min(50.0, 8.0 + 5.0 * math.log2(1 + deg)), 1)


def _vis_node(node: Node, sel: Selection) -> dict[str, Any]:
    shape, colour, _ = NODE_STYLES.get(node.label, _OTHER_STYLE)
    props = node.props
    deg = sel.degree.get((node.label, node.key), 0)
    fields = _NODE_TIP_FIELDS.get(node.label, _ENTITY_TIP_FIELDS)
    tip_rows: list[tuple[str, Any]] = [(cap, props.get(name)) for name, cap in fields]
    paper = props.get("paper")
    if paper is not None and node.label != "Paper":
        tip_rows.append(("Paper", sel.paper_titles.get(str(paper), paper)))
    tip_rows.append(("Degree", deg))
    vis: dict[str, Any] = {
        "id": node_id((node.label, node.key)),
        "label": display_label(node),
        "group": node.label,
        "shape": shape,
        "color": {"background": colour, "border": colour,
                  "highlight": {"background": colour, "border": "#222222"},
                  "hover": {"background": colour, "border": "#222222"}},
        "size": _node_size(deg),
        "tip": _tip(f"{node.label}: {display_label(node)}", tip_rows),
    }
    if node.label == "Claim":
        vis["shapeProperties"] = {"borderDashes": [3, 3]}
        for state in (vis["color"], vis["color"]["highlight"], vis["color"]["hover"]):
            state["background"] = "#ffffff"
    if (node.label, node.key) in sel.focus:
        vis["borderWidth"] = 4
        vis["color"]["border"] = "#222222"
        vis["font"] = {"size": 18}
    return vis


def _vis_edge(i: int, edge: Edge, sel: Selection, names: dict[NodeRef, str]) -> dict[str, Any]:
    props = edge.props
    tip_rows: list[tuple[str, Any]] = [(cap, props.get(name)) for name, cap in _EDGE_TIP_FIELDS]
    paper = props.get("paper")
    if paper is not None:
        tip_rows.append(("Paper", sel.paper_titles.get(str(paper), paper)))
    return {
        "id": i,
        "from": node_id(edge.src),
        "to": node_id(edge.dst),
        "label": edge.type,
        "color": {"color": EDGE_COLOURS.get(edge.type, _EDGE_DEFAULT_COLOUR)},
        "tip": _tip(f"{names.get(edge.src, edge.src[1])} \u2014{edge.type}\u2192 "
                    f"{names.get(edge.dst, edge.dst[1])}", tip_rows),
    }


def _options(n_nodes: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "nodes": {"font": {"size": 14, "face": "sans-serif", "color": "#222222",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "font": {"size": 9, "align": "middle", "color": "#555555",
                           "strokeWidth": 2, "strokeColor": "#ffffff"},
                  "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "width": 1},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_nodes > 150,
                        "navigationButtons": False, "keyboard": {"enabled": True}},
        "physics": {"enabled": True, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110,
                                         "avoidOverlap": 0.4},
                    "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50,
                                      "fit": True}},
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
    return js, css, "\n" + _asset("page.css"), "\n" + _asset("page.js")


def _legend(counts: Counter[str]) -> str:
    items = []
    for label in [*NODE_STYLES, *sorted(set(counts) - NODE_STYLES.keys())]:
        if not counts.get(label):
            continue
        _, colour, glyph = NODE_STYLES.get(label, _OTHER_STYLE)
        items.append(
            f'<li data-label="{html.escape(label)}"><span class="glyph" style="color:{colour}">'
            f"{glyph}</span> {html.escape(label)} ({counts[label]})</li>"
        )
    return (
        '<div id="kg-legend" aria-label="legend"><h2>Node types</h2><ul>'
        + "".join(items)
        + "</ul><h2 style=\"margin-top:6px\">Edges</h2><ul><li>labelled by relation; "
        "hover for evidence</li></ul></div>"
    )


def render_html(
    rows: GraphRows,
    *,
    focus: str | None = None,
    max_nodes: int = 300,
    title: str = "PaperKG graph",
    hops: int = 2,
) -> str:
    """One self-contained HTML page showing (part of) the graph.

    Nodes are coloured and shaped by label (legend top right) and sized by
    degree; edges are labelled by relation; hovering shows the evidence
    sentence and the paper title. The layout stabilises, then physics stops.
    The page exposes `window.network` and the DataSets `window.kgNodes` and
    `window.kgEdges`, and sets `window.kgStable` once the layout has settled.

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
    names = {(n.label, n.key): display_label(n) for n in sel.nodes}
    data = {
        "nodes": [_vis_node(n, sel) for n in sel.nodes],
        "edges": [_vis_edge(i, e, sel, names) for i, e in enumerate(sel.edges)],
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
        f"<header><h1>{esc_title}</h1><span class=\"note\">{html.escape(note)}</span></header>\n",
        _legend(counts), "\n<div id=\"kg-network\"></div>\n",
        "<script type=\"application/json\" id=\"kg-data\">", script_json(data), "</script>\n",
        "<script>", page_js, "</script>\n</body>\n</html>\n",
    ])


def write_html(
    rows: GraphRows,
    path: str | Path,
    *,
    focus: str | None = None,
    max_nodes: int = 300,
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
