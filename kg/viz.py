"""Graph rows -> one self-contained, interactive HTML page (vis-network).

The last step of the data path for people: `kg.core.graph.GraphRows` (from an
extraction or read back from a store) become a page that works with the network
off. Every script and style is inline; the vis-network build is the copy that
ships inside the pyvis package, read through importlib's resource reader
(pyvis itself, which imports IPython, is never imported). pyvis's own
template is not used: even with `cdn_resources="in_line"` it links Bootstrap
(and tom-select) from CDNs, and it hands `title` strings to the browser as they
are.

Safety: all text from papers reaches the page only as JSON data in a
`<script type="application/json">` block with `<`, `>` and `&` escaped, and the
page script puts it into the DOM with `textContent` (node labels are drawn on
the canvas; tooltips are DOM elements). So a paper titled
`<img src=x onerror=alert(1)>` shows as text and runs nothing.

Scale: nodes are selected (focus neighbourhood, then the most connected) with a
few linear passes over the rows before anything else is built, so the rows of
a 50k-paper graph (~235k nodes, ~900k edges) render in seconds, and the page
holds only `max_nodes` nodes.
"""

from __future__ import annotations

import heapq
import html
import importlib.util
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import compress
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from kg.core.errors import KGError
from kg.core.graph import Edge, GraphRows, Node, NodeRef
from kg.core.ids import entity_key

__all__ = ["NODE_STYLES", "Selection", "render_html", "select", "write_html"]

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
        paper_titles: titles of the papers the selected nodes and edges cite.
    """

    nodes: list[Node]
    edges: list[Edge]
    degree: dict[NodeRef, int]
    focus: frozenset[NodeRef]
    total_nodes: int
    candidates: int
    paper_titles: dict[str, str]


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


# --------------------------------------------------------------------------- selection


# ASCII bytes that `entity_key` deletes: for ASCII text, lower() then this
# bytes.translate gives the key up to its plural rule, ~7x faster than entity_key.
_NON_ALNUM_BYTES = bytes(c for c in range(128) if not chr(c).isalnum())


def _same_key(text: str, key: str) -> bool:
    """Whether `entity_key(text) == key`, cheaply ruling out most texts first.

    Examples:
        >>> _same_key("WikiText-103", "wikitext103"), _same_key("Wiki Text 103s", "wikitext103")
        (True, True)
        >>> _same_key("Attention Is All You Need", "attentionisallyouneed"), _same_key("GLUE", "glu")
        (True, False)
    """
    if text.isascii():
        bare = text.encode("ascii").lower().translate(None, _NON_ALNUM_BYTES)
        if len(bare) - len(key) not in (0, 1) or not bare.startswith(key.encode("utf-8")):
            return False
    return entity_key(text) == key


def _match_focus(nodes: list[Node], refs: list[NodeRef], focus: str) -> set[NodeRef]:
    """Refs of the nodes that a focus query names: a key, name, paper id or title.

    Exact keys, "Label:key" ids and paper ids are tried first; only if none
    matches are names and titles compared through `entity_key`.
    """
    raw = focus.strip()
    low = raw.lower()
    fkey = entity_key(raw)
    wanted = {raw, low, fkey} - {""}
    matched = {r for r in compress(refs, map(wanted.__contains__, map(itemgetter(1), refs)))}
    label, _, key = raw.partition(":")
    if key and not matched:
        keys = {key, entity_key(key)}
        matched = {r for r in refs if r[1] in keys and r[0].lower() == label.lower()}
    for node in compress(nodes, map("Paper".__eq__, map(itemgetter(0), refs))):
        pid = node.props.get("id")
        if pid is not None and str(pid).lower() == low:
            matched.add((node.label, node.key))
    if matched or not fkey:
        return matched
    for node in nodes:
        text = node.props.get("title" if node.label == "Paper" else "name")
        if text and isinstance(text, str) and _same_key(text, fkey):
            matched.add((node.label, node.key))
    return matched


def _neighbourhood(
    srcs: list[NodeRef], dsts: list[NodeRef], start: set[NodeRef], hops: int
) -> dict[NodeRef, int]:
    """Distance (0..hops) of every node within `hops` of `start`, edges undirected."""
    dist = dict.fromkeys(start, 0)
    frontier = set(start)
    for hop in range(1, hops + 1):
        if not frontier:
            break
        nxt = set(compress(dsts, map(frontier.__contains__, srcs)))
        nxt.update(compress(srcs, map(frontier.__contains__, dsts)))
        nxt.difference_update(dist)
        for ref in nxt:
            dist[ref] = hop
        frontier = nxt
    return dist


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

    focus_refs: set[NodeRef] = set()
    if focus is not None and focus.strip():
        focus_refs = _match_focus(nodes, refs, focus)
        if not focus_refs:
            raise KGError(
                f"[V001] nothing matches focus {focus!r}; give an entity name or key, "
                "a paper id or a paper title"
            )
        dist = _neighbourhood(srcs, dsts, focus_refs, hops)
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
    cited.update(str(e.props["paper"]) for e in kept_edges.values() if e.props.get("paper") is not None)
    titles: dict[str, str] = {}
    if cited:
        for node in compress(nodes, map("Paper".__eq__, map(itemgetter(0), refs))):
            pid = str(node.props.get("id") or node.key)
            if pid in cited and pid not in titles and node.props.get("title"):
                titles[pid] = str(node.props["title"])
    log.debug("selected %d of %d nodes, %d edges", len(selected), total, len(kept_edges))
    return Selection(
        nodes=selected,
        edges=list(kept_edges.values()),
        degree={r: degree[r] for r in keep},
        focus=frozenset(focus_refs & keep.keys()),
        total_nodes=total,
        candidates=candidates,
        paper_titles=titles,
    )


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


def _pyvis_lib() -> Any:
    """pyvis's `templates/lib` folder, found without importing pyvis (which imports IPython)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None:
        raise ModuleNotFoundError("pyvis")
    # importlib.resources' own reader for the package, which needs no import of it;
    # a loader without one (a zip, say) falls back to resources.files, which does.
    get_reader = getattr(spec.loader, "get_resource_reader", None)
    reader = get_reader(spec.name) if get_reader is not None else None
    root = reader.files() if reader is not None and hasattr(reader, "files") else resources.files("pyvis")
    return root.joinpath("templates", "lib")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from inside the pyvis package (made safe to inline)."""
    try:
        lib = _pyvis_lib().joinpath(f"vis-{VIS_VERSION}")
        js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as e:
        raise KGError(
            f"[V004] the graph view needs vis-network {VIS_VERSION} from pyvis 0.3.2; "
            "install the viz extra (pip install 'paperkg[viz]')"
        ) from e
    # Belt and braces: no text may end the element it is inlined into.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css


_PAGE_CSS = """
html, body { margin: 0; height: 100%; font-family: sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
header { padding: 6px 12px; border-bottom: 1px solid #ddd; display: flex;
         align-items: baseline; gap: 16px; flex-wrap: wrap; }
header h1 { font-size: 18px; margin: 0; }
header .note { font-size: 12px; color: #666; }
#kg-network { flex: 1 1 auto; min-height: 400px; position: relative; }
#kg-legend { position: absolute; top: 52px; right: 12px; z-index: 5; background: #fffe;
             border: 1px solid #ddd; border-radius: 4px; padding: 6px 10px; font-size: 12px; }
#kg-legend h2 { font-size: 12px; margin: 0 0 4px 0; }
#kg-legend ul { list-style: none; margin: 0; padding: 0; }
#kg-legend .glyph { display: inline-block; width: 1.2em; text-align: center; font-size: 14px; }
div.vis-tooltip { max-width: 480px; white-space: normal; font-family: sans-serif;
                  font-size: 12px; line-height: 1.35; }
div.vis-tooltip .kg-tip-h { font-weight: bold; margin-bottom: 4px; }
div.vis-tooltip .kg-tip-k { color: #666; margin-right: 4px; }
"""

# The page script reads the data block as text and builds every DOM node with
# textContent: no paper text is ever parsed as HTML.
_PAGE_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  function tip(t) {
    var box = document.createElement("div");
    var h = document.createElement("div");
    h.className = "kg-tip-h";
    h.textContent = t.h;
    box.appendChild(h);
    t.rows.forEach(function (row) {
      var line = document.createElement("div");
      var k = document.createElement("span");
      k.className = "kg-tip-k";
      k.textContent = row[0] + ":";
      line.appendChild(k);
      line.appendChild(document.createTextNode(row[1]));
      box.appendChild(line);
    });
    return box;
  }
  [data.nodes, data.edges].forEach(function (items) {
    items.forEach(function (item) { item.title = tip(item.tip); delete item.tip; });
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.network = network;
  window.kgStable = false;
  function settle() {
    if (window.kgStable) { return; }
    network.setOptions({physics: false});
    window.kgStable = true;
    document.body.setAttribute("data-stable", "true");
  }
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  // A layout that never converges must still stop moving.
  setTimeout(settle, 20000);
  if (data.nodes.length === 0) { settle(); }
})();
"""


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
            `[V003]` nothing to draw; `[V004]` pyvis is not installed.
    """
    sel = select(rows, focus=focus, max_nodes=max_nodes, hops=hops)
    if not sel.nodes:
        raise KGError("[V003] the graph has no nodes to draw")
    js, css = _vis_assets()
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
        "<style>", css, "</style>\n<style>", _PAGE_CSS, "</style>\n",
        "<script>", js, "</script>\n</head>\n<body>\n",
        f"<header><h1>{esc_title}</h1><span class=\"note\">{html.escape(note)}</span></header>\n",
        _legend(counts), "\n<div id=\"kg-network\"></div>\n",
        "<script type=\"application/json\" id=\"kg-data\">", script_json(data), "</script>\n",
        "<script>", _PAGE_JS, "</script>\n</body>\n</html>\n",
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
