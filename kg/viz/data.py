"""What the graph page shows, as JSON-ready data: node and edge items, the papers they cite.

Pure functions of a `kg.viz.select.Selection`; `kg.viz.page` puts their output in the
page's data block, where the page script reads it as text (never as markup).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any

from kg.core.graph import Edge, Node, NodeRef
from kg.viz.select import Selection

__all__ = ["NODE_STYLES", "display_label", "edge_item", "named_nodes", "node_id", "node_item",
           "paper_link", "papers_cited", "script_json", "shorten"]

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
OTHER_STYLE = ("dot", "#bab0ac", "\u25cf")

EDGE_COLOURS: dict[str, str] = {
    "PROPOSES": "#e15759",
    "OUTPERFORMS": "#d62728",
    "WINNER": "#59a14f",
    "LOSER": "#9c755f",
}
_EDGE_DEFAULT_COLOUR = "#9aa5b1"

# Properties listed in tooltips and the side panel, in this order, with their captions. The
# evidence sentence and the paper are not among them: items carry them apart (`ev`, `paper`),
# so the panel can quote the one and link the other.
_NODE_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "Paper": (("title", "Title"), ("id", "Id"), ("date", "Date"), ("authors", "Authors")),
    "Result": (("raw", "Result"), ("metric", "Metric"), ("dataset", "Dataset"), ("model", "Model"),
               ("setting", "Setting"), ("own", "Own result"), ("confidence", "Confidence"),
               ("extractor", "Extractor")),
    "Claim": (("type", "Claim"), ("subject", "Subject"), ("object", "Object"),
              ("confidence", "Confidence"), ("extractor", "Extractor")),
}
_ENTITY_FIELDS = (("name", "Name"), ("canonical_name", "Also known as"), ("key", "Key"),
                  ("aliases", "Aliases"))
_EDGE_FIELDS = (("name", "Mention"), ("confidence", "Confidence"), ("extractor", "Extractor"))

_LABEL_WIDTH = 40
_NAME_WIDTH = 300
_TEXT_WIDTH = 600
_SIZE_MIN, _SIZE_MAX = 7.0, 42.0

# arXiv identifiers: new style (2508.10904, 1706.03762v5) and old style (hep-th/9901001).
_ARXIV_ID = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z.-]*/\d{7}(?:v\d+)?)$", re.I)


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


def paper_link(paper_id: str | None, url: str | None = None) -> str | None:
    """Where a paper can be read: its arXiv page when its id is an arXiv id, else its http(s) URL.

    Any other URL (`javascript:`, `data:`, a relative path) gives None: a link made from
    paper data must not run or load anything.

    Examples:
        >>> paper_link("1706.03762"), paper_link("arxiv:2511.14107v2")
        ('https://arxiv.org/abs/1706.03762', 'https://arxiv.org/abs/2511.14107v2')
        >>> paper_link("hep-th/9901001")
        'https://arxiv.org/abs/hep-th/9901001'
        >>> paper_link("attention-is-all-you-need-1a2b", "https://openreview.net/forum?id=x")
        'https://openreview.net/forum?id=x'
        >>> paper_link("xss-1", "javascript:alert(1)") is None, paper_link(None) is None
        (True, True)
    """
    if paper_id and (m := _ARXIV_ID.match(str(paper_id).strip())):
        return f"https://arxiv.org/abs/{m.group(1)}"
    url = str(url or "").strip()
    return url if re.match(r"https?://[^\s/]", url, re.I) else None


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
    return shorten(_full_name(node))


def _full_name(node: Node) -> str:
    props = node.props
    if node.label == "Paper":
        return str(props.get("title") or props.get("id") or node.key)
    if node.label == "Result":
        value = props.get("value")
        value = f"{value:g}" if isinstance(value, (int, float)) else (value or props.get("raw"))
        unit = props.get("unit") or ""
        metric = props.get("metric") or ""
        unit = "" if unit == metric else unit
        text = " ".join(str(p) for p in (metric, value, unit) if p not in (None, "")) or node.key
        return text.replace(" %", "%")
    if node.label == "Claim":
        return str(props.get("type") or "claim")
    return str(props.get("name") or node.key)


def _text(value: Any, width: int = _TEXT_WIDTH) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, float):
        value = f"{value:g}"
    return shorten(str(value), width)


def _rows(props: dict[str, Any], fields: Iterable[tuple[str, str]]) -> list[list[str]]:
    return [[caption, text] for name, caption in fields if (text := _text(props.get(name))) is not None]


def _with_evidence(item: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    """Add the evidence sentence (`ev`) and the cited paper's id (`paper`) when there are any."""
    if (sentence := _text(props.get("sentence"))) is not None:
        item["ev"] = sentence
    if props.get("paper") not in (None, ""):
        item["paper"] = str(props["paper"])
    return item


def node_size(degree: int, max_degree: int) -> float:
    """A node's drawn size: grows with the square root of its share of the largest degree,
    so hubs stand out and the many nodes of degree 1 or 2 stay small.

    Examples:
        >>> node_size(0, 40), node_size(10, 40), node_size(40, 40)
        (7.0, 24.5, 42.0)
    """
    share = degree / max_degree if max_degree > 0 else 0.0
    return round(_SIZE_MIN + (_SIZE_MAX - _SIZE_MIN) * math.sqrt(min(1.0, share)), 1)


def named_nodes(sel: Selection) -> set[NodeRef]:
    """The nodes whose names the overview may show: the most connected, about 3 per 100
    drawn nodes (at least 12, at most 60). The page draws them biggest first, each where it
    overlaps no other; the rest show their names when zoomed in, found or hovered. Entities
    come before papers, results and claims of the same degree.

    Examples:
        >>> from kg.core.graph import GraphRows
        >>> from kg.viz.select import select
        >>> rows = GraphRows([Node("Paper", "p1", {"title": "T"}), Node("Task", "mt", {"name": "MT"})],
        ...                  [Edge("ADDRESSES", ("Paper", "p1"), ("Task", "mt"))])
        >>> sorted(named_nodes(select(rows)))
        [('Paper', 'p1'), ('Task', 'mt')]
    """
    n = len(sel.nodes)
    k = min(n, max(12, min(60, round(3 * math.sqrt(n)))))
    ranked = sorted(sel.nodes, key=lambda node: (-sel.degree.get(node.ref, 0),
                                                 node.label in ("Paper", "Result", "Claim")))
    return {node.ref for node in ranked[:k]}


def node_item(node: Node, sel: Selection, *, max_degree: int, named: bool) -> dict[str, Any]:
    """The page's item for one node: vis-network's fields plus `tip` (heading and rows),
    `name` (the full name), `ev` (its evidence sentence), `paper` (the paper it comes from)
    and `named` (its name shows in the overview)."""
    shape, colour, _ = NODE_STYLES.get(node.label, OTHER_STYLE)
    deg = sel.degree.get(node.ref, 0)
    rows = _rows(node.props, _NODE_FIELDS.get(node.label, _ENTITY_FIELDS))
    rows.append(["Links", str(deg)])  # in the whole graph, not only those drawn
    item: dict[str, Any] = {
        "id": node_id(node.ref),
        "label": display_label(node),
        "name": shorten(_full_name(node), _NAME_WIDTH),
        "kind": node.label,
        "shape": shape,
        "color": {"background": colour, "border": colour,
                  "highlight": {"background": colour, "border": "#222222"},
                  "hover": {"background": colour, "border": "#222222"}},
        "size": node_size(deg, max_degree),
        "tip": {"h": shorten(f"{node.label}: {display_label(node)}", 120), "rows": rows},
    }
    if named:
        item["named"] = True
    props = node.props
    if node.label == "Paper":
        props = {"paper": props.get("id") or node.key}
    _with_evidence(item, props)
    if node.label == "Claim":
        item["shapeProperties"] = {"borderDashes": [3, 3]}
        for state in (item["color"], item["color"]["highlight"], item["color"]["hover"]):
            state["background"] = "#ffffff"
    if node.ref in sel.focus:
        item["borderWidth"] = 4
        item["color"]["border"] = "#222222"
        item["font"] = {"size": 18}
        item["named"] = True
    return item


def edge_item(i: int, edge: Edge, names: dict[NodeRef, str]) -> dict[str, Any]:
    """The page's item for one edge: vis-network's fields plus `tip`, `ev` and `paper`."""
    item = {
        "id": i,
        "from": node_id(edge.src),
        "to": node_id(edge.dst),
        "label": edge.type,
        "color": {"color": EDGE_COLOURS.get(edge.type, _EDGE_DEFAULT_COLOUR)},
        "tip": {"h": shorten(f"{names.get(edge.src, edge.src[1])} \u2014{edge.type}\u2192 "
                             f"{names.get(edge.dst, edge.dst[1])}", 120),
                "rows": _rows(edge.props, _EDGE_FIELDS)},
    }
    return _with_evidence(item, edge.props)


def papers_cited(sel: Selection, items: Iterable[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Title (`t`) and link (`u`) of every paper the items cite, by paper id.

    Examples:
        >>> from kg.core.graph import GraphRows
        >>> from kg.viz.select import select
        >>> sel = select(GraphRows([Node("Paper", "1706.03762", {"id": "1706.03762", "title": "Attention"})], []))
        >>> papers_cited(sel, [{"paper": "1706.03762"}, {"paper": "gone"}])
        {'1706.03762': {'t': 'Attention', 'u': 'https://arxiv.org/abs/1706.03762'}, 'gone': {}}
    """
    cited = dict.fromkeys(item["paper"] for item in items if "paper" in item)
    papers: dict[str, dict[str, Any]] = {}
    for pid in cited:
        entry: dict[str, Any] = {}
        if (title := sel.paper_titles.get(pid)) is not None:
            entry["t"] = shorten(title, _NAME_WIDTH)
        if (link := paper_link(pid, sel.paper_urls.get(pid))) is not None:
            entry["u"] = link
        papers[pid] = entry
    return papers
