"""kg.viz: node selection, escaping, legend and self-containment of the graph page."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest

import queries
from kg import viz
from kg.core.errors import KGError
from kg.core.graph import Edge, GraphRows, Node

XSS_TITLE = "<img src=x onerror=alert(1)>"
ODD_NAME = 'Q"uote\\Back\\\\slash \'s </script><!-- <script>alert(2)</script>'

P1, P2, P3 = ("Paper", "1706.03762"), ("Paper", "1810.04805"), ("Paper", "xss-1")
TRANSFORMER, BERT = ("Model", "transformer"), ("Model", "bert")
WMT, GLUE = ("Dataset", "wmt2014englishgerman"), ("Dataset", "glue")
BLEU, MT, R1 = ("Metric", "bleu"), ("Task", "machinetranslation"), ("Result", "r1")
ODD, C1 = ("Method", "quotebackslash"), ("Claim", "c1")


def make_rows() -> GraphRows:
    """Three papers, as `kg.core.graph.graph_rows` would give them."""
    nodes = [
        Node(*P1, {"id": "1706.03762", "title": "Attention Is All You Need", "date": "2017-06-12"}),
        Node(*P2, {"id": "1810.04805", "title": "BERT: Pre-training of Deep Bidirectional "
                   "Transformers for Language Understanding"}),
        Node(*P3, {"id": "xss-1", "title": XSS_TITLE}),
        Node(*TRANSFORMER, {"key": "transformer", "name": "Transformer"}),
        Node(*BERT, {"key": "bert", "name": "BERT"}),
        Node(*ODD, {"key": "quotebackslash", "name": ODD_NAME}),
        Node(*WMT, {"key": "wmt2014englishgerman", "name": "WMT 2014 English-German"}),
        Node(*GLUE, {"key": "glue", "name": "GLUE"}),
        Node(*BLEU, {"key": "bleu", "name": "BLEU", "lower_is_better": False}),
        Node(*MT, {"key": "machinetranslation", "name": "machine translation"}),
        Node(*R1, {"value": 28.4, "unit": "BLEU", "metric": "BLEU", "dataset": "WMT 2014 English-German",
                   "model": "Transformer", "raw": "28.4 BLEU", "paper": "1706.03762",
                   "sentence": "The Transformer achieves 28.4 BLEU on WMT 2014 English-to-German."}),
        Node(*C1, {"type": "outperforms", "subject": "BERT", "object": "Transformer",
                   "sentence": "BERT outperforms <b>every</b> Transformer.", "paper": "xss-1"}),
    ]
    edges = [
        Edge("PROPOSES", P1, TRANSFORMER, {"sentence": "We propose the Transformer.", "paper": "1706.03762"}),
        Edge("EVALUATES_ON", P1, WMT, {"sentence": "on WMT 2014 English-to-German", "paper": "1706.03762"}),
        Edge("ADDRESSES", P1, MT, {"paper": "1706.03762"}),
        Edge("REPORTS", P1, R1),
        Edge("OF_MODEL", R1, TRANSFORMER),
        Edge("ON_DATASET", R1, WMT),
        Edge("MEASURES", R1, BLEU),
        Edge("PROPOSES", P2, BERT, {"sentence": "We introduce BERT.", "paper": "1810.04805"}),
        Edge("EVALUATES_ON", P2, GLUE, {"sentence": "GLUE score of 80.5", "paper": "1810.04805"}),
        Edge("USES", P2, TRANSFORMER, {"sentence": "a bidirectional Transformer", "paper": "1810.04805"}),
        Edge("USES", P3, ODD, {"sentence": "<img src=y onerror=alert(3)>", "paper": "xss-1"}),
        Edge("MAKES", P3, C1),
        Edge("WINNER", C1, BERT),
        Edge("LOSER", C1, TRANSFORMER),
        Edge("OUTPERFORMS", BERT, TRANSFORMER, {"paper": "xss-1"}),
    ]
    return GraphRows(nodes, edges)


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert found, "no data block"
    return json.loads(found.group(1))


def ids(page: str) -> set[str]:
    return {n["id"] for n in page_data(page)["nodes"]}


def test_viz_renders_every_node_and_edge_of_a_small_graph():
    data = page_data(viz.render_html(make_rows()))
    assert len(data["nodes"]) == 12
    assert len(data["edges"]) == 15
    assert {e["label"] for e in data["edges"]} >= {"PROPOSES", "REPORTS", "OUTPERFORMS"}


def test_viz_paper_text_is_data_never_markup():
    page = viz.render_html(make_rows())
    # The raw payloads appear nowhere in the page, only their \u003c-escaped JSON forms.
    assert XSS_TITLE not in page
    assert "alert(2)</script>" not in page
    assert "<img" not in page
    assert "<!-- <script" not in page
    scripts = [attrs for tag, attrs in tags_of(page) if tag == "script"]
    assert len(scripts) == 3  # vis-network, the data block, the page script
    assert not any(tag in {"img", "iframe", "object", "embed"} for tag, _ in tags_of(page))
    # ...and they come back unchanged as text for the page script.
    data = page_data(page)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["Paper:xss-1"] == viz.shorten(XSS_TITLE)
    odd = next(n for n in data["nodes"] if n["id"] == "Method:quotebackslash")
    assert odd["tip"]["rows"][0] == ["Name", ODD_NAME] and odd["name"] == ODD_NAME


def test_viz_page_script_builds_tooltips_and_panel_with_text_content_only():
    page = viz.render_html(make_rows())
    page_js = page.rsplit("<script>", 1)[1]
    assert "textContent" in page_js and "kg-panel" in page_js and "kg-search" in page_js
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "setAttribute(\"on"):
        assert sink not in page_js


@pytest.mark.parametrize("title", ["PaperKG graph", "<script>alert('t')</script> & co"])
def test_viz_escapes_the_page_title(title):
    page = viz.render_html(make_rows(), title=title)
    assert f"<title>{html.escape(title)}</title>" in page
    assert "alert('t')</script>" not in page


def test_viz_items_carry_evidence_and_the_paper_they_cite():
    data = page_data(viz.render_html(make_rows()))
    edge = next(e for e in data["edges"] if e["label"] == "USES" and e["to"] == "Method:quotebackslash")
    assert edge["ev"] == "<img src=y onerror=alert(3)>" and edge["paper"] == "xss-1"
    result = next(n for n in data["nodes"] if n["id"] == "Result:r1")
    assert "28.4 BLEU" in result["ev"] and result["paper"] == "1706.03762"
    assert ["Model", "Transformer"] in result["tip"]["rows"]
    paper = next(n for n in data["nodes"] if n["id"] == "Paper:1706.03762")
    assert paper["paper"] == "1706.03762" and "ev" not in paper
    assert next(e for e in data["edges"] if e["label"] == "REPORTS").keys().isdisjoint({"ev", "paper"})


def test_viz_papers_block_gives_titles_and_links():
    rows = make_rows()
    rows.nodes.append(Node(*P3, {"url": "javascript:alert(1)"}))
    rows.nodes.append(Node("Paper", "ab12", {"id": "ab12", "title": "No arXiv id", "url": "https://example.org/p"}))
    rows.edges.append(Edge("USES", ("Paper", "ab12"), BERT, {"sentence": "We use BERT.", "paper": "ab12"}))
    papers = page_data(viz.render_html(rows))["papers"]
    assert papers["1706.03762"] == {"t": "Attention Is All You Need", "u": "https://arxiv.org/abs/1706.03762"}
    assert papers["xss-1"] == {"t": XSS_TITLE}  # a javascript: URL is no link
    assert papers["ab12"] == {"t": "No arXiv id", "u": "https://example.org/p"}


@pytest.mark.parametrize("paper_id,url,link", [
    ("1706.03762", None, "https://arxiv.org/abs/1706.03762"),
    ("2508.10904v2", "https://example.org/x", "https://arxiv.org/abs/2508.10904v2"),
    ("arXiv:2511.14107", None, "https://arxiv.org/abs/2511.14107"),
    ("cs/0112017", None, "https://arxiv.org/abs/cs/0112017"),
    ("a-title-slug-1f2e", "http://aclanthology.org/P19-1001", "http://aclanthology.org/P19-1001"),
    ("a-title-slug-1f2e", "data:text/html,<b>x</b>", None),
    ("a-title-slug-1f2e", "//evil.example/x", None),
    ("17060.3762", None, None),
])
def test_viz_paper_link_prefers_arxiv_and_only_links_http(paper_id, url, link):
    assert viz.paper_link(paper_id, url) == link


def test_viz_names_the_most_connected_nodes():
    data = page_data(viz.render_html(big_rows(400, n_entities=300), max_nodes=400))
    named = [n for n in data["nodes"] if n.get("named")]
    assert len(named) == 60  # 3 per 100 drawn, at most 60
    sizes = sorted((n["size"] for n in data["nodes"]), reverse=True)
    assert min(n["size"] for n in named) >= sizes[59]
    assert all(n["size"] >= 7 for n in data["nodes"]) and max(sizes) == 42


def test_viz_page_is_self_contained():
    page = viz.render_html(make_rows())
    for tag, attrs in tags_of(page):
        assert tag != "link", "stylesheets must be inline"
        assert "src" not in attrs, f"<{tag}> loads {attrs['src']}"
        href = attrs.get("href") or ""
        assert not href.startswith(("http:", "https:", "//")), f"<{tag}> links {href}"
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert re.search(r"@import|url\(\s*[\"']?(https?:)?//", page) is None
    assert "bootstrap" not in page.lower() and "tom-select" not in page.lower()
    assert "vis.Network" in page and "vis-network" in page


@pytest.mark.parametrize("label,shown", [
    ("Paper", True), ("Model", True), ("Method", True), ("Dataset", True), ("Metric", True),
    ("Task", True), ("Result", True), ("Claim", True),
])
def test_viz_legend_lists_each_node_type_drawn(label, shown):
    page = viz.render_html(make_rows())
    legend = page.split('<div id="kg-legend"', 1)[1].split("</div>", 1)[0]
    assert (f'data-label="{label}"' in legend) is shown
    assert f'<input type="checkbox" checked value="{label}">' in legend  # the type's filter
    colour = viz.NODE_STYLES[label][1]
    assert colour in legend


def test_viz_legend_omits_types_not_drawn():
    page = viz.render_html(make_rows(), focus="GLUE", hops=1)
    legend = page.split('<div id="kg-legend"', 1)[1].split("</div>", 1)[0]
    assert 'data-label="Dataset"' in legend and 'data-label="Paper"' in legend
    assert 'data-label="Claim"' not in legend


def test_viz_styles_nodes_by_type_and_sizes_by_degree():
    nodes = {n["id"]: n for n in page_data(viz.render_html(make_rows()))["nodes"]}
    assert nodes["Paper:1706.03762"]["shape"] == viz.NODE_STYLES["Paper"][0]
    assert nodes["Dataset:glue"]["color"]["background"] == viz.NODE_STYLES["Dataset"][1]
    assert nodes["Model:transformer"]["size"] > nodes["Dataset:glue"]["size"]


@pytest.mark.parametrize("focus", [
    "WMT 2014 English-German", "wmt-2014 english/german", "wmt2014englishgerman",
    "Dataset:wmt2014englishgerman",
])
def test_viz_focus_finds_an_entity_by_name_or_key(focus):
    assert ids(viz.render_html(make_rows(), focus=focus, hops=1)) == {
        "Dataset:wmt2014englishgerman", "Paper:1706.03762", "Result:r1"}


@pytest.mark.parametrize("focus", ["1706.03762", "attention is all you need", "ATTENTION IS ALL YOU NEED!"])
def test_viz_focus_finds_a_paper_by_id_or_title(focus):
    assert ids(viz.render_html(make_rows(), focus=focus, hops=1)) == {
        "Paper:1706.03762", "Model:transformer", "Dataset:wmt2014englishgerman",
        "Task:machinetranslation", "Result:r1"}


def test_viz_focus_two_hops_reaches_neighbours_of_neighbours():
    got = ids(viz.render_html(make_rows(), focus="WMT 2014 English-German"))
    assert got == {"Dataset:wmt2014englishgerman", "Paper:1706.03762", "Result:r1",
                   "Model:transformer", "Task:machinetranslation", "Metric:bleu"}


def test_viz_focus_marks_the_focus_node():
    data = page_data(viz.render_html(make_rows(), focus="GLUE"))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert data["focus"] == ["Dataset:glue"] and nodes["Dataset:glue"].get("named") is True
    assert nodes["Dataset:glue"].get("borderWidth") == 4
    assert "borderWidth" not in nodes["Paper:1810.04805"]


def test_viz_focus_with_max_nodes_keeps_the_nearest():
    got = ids(viz.render_html(make_rows(), focus="glue", max_nodes=2))
    assert got == {"Dataset:glue", "Paper:1810.04805"}


def test_viz_unknown_focus_raises():
    with pytest.raises(KGError, match=r"\[V001\].*no such thing"):
        viz.render_html(make_rows(), focus="no such thing")


def test_viz_max_nodes_keeps_the_most_connected():
    data = page_data(viz.render_html(make_rows(), max_nodes=3))
    # degrees: Transformer 5, paper 1706.03762 4, result r1 4, the rest 3 or less
    assert {n["id"] for n in data["nodes"]} == {"Model:transformer", "Paper:1706.03762", "Result:r1"}
    assert sorted(e["label"] for e in data["edges"]) == ["OF_MODEL", "PROPOSES", "REPORTS"]


@pytest.mark.parametrize("kwargs,note", [
    ({}, "12 of 12 nodes, 15 edges<"),
    ({"max_nodes": 3}, "3 of 12 nodes, 3 edges; the 3 most connected of 12 (max_nodes)<"),
    ({"focus": "glue", "max_nodes": 2}, "2 of 12 nodes, 1 edge; around \u201cglue\u201d; the 2 nearest of 4"),
])
def test_viz_header_says_what_is_shown(kwargs, note):
    assert note in viz.render_html(make_rows(), **kwargs)


@pytest.mark.parametrize("kwargs,code", [({"max_nodes": 0}, "V002"), ({"hops": -1}, "V002")])
def test_viz_rejects_bad_limits(kwargs, code):
    with pytest.raises(KGError, match=rf"\[{code}\]"):
        viz.render_html(make_rows(), **kwargs)


def test_viz_empty_graph_raises():
    with pytest.raises(KGError, match=r"\[V003\]"):
        viz.render_html(GraphRows())


def test_viz_merges_repeated_nodes_and_edges():
    rows = make_rows()
    rows.extend(make_rows())  # the same papers loaded twice
    rows.nodes.append(Node(*GLUE, {"key": "glue", "name": "GLUE", "aliases": ["GLUE benchmark"]}))
    data = page_data(viz.render_html(rows))
    assert len(data["nodes"]) == 12 and len(data["edges"]) == 15
    glue = next(n for n in data["nodes"] if n["id"] == "Dataset:glue")
    assert glue["kind"] == "Dataset"
    assert ["Aliases", "GLUE benchmark"] in glue["tip"]["rows"]


def test_viz_draws_nodes_known_only_from_edges():
    rows = GraphRows([Node(*P1, {"id": "1706.03762", "title": "T"})], [Edge("USES", P1, ("Model", "x"))])
    assert ids(viz.render_html(rows)) == {"Paper:1706.03762", "Model:x"}


def test_viz_stops_physics_after_stabilisation():
    page = viz.render_html(make_rows())
    data = page_data(page)
    assert data["options"]["physics"]["stabilization"]["enabled"] is True
    assert "stabilizationIterationsDone" in page and "physics: false" in page


def test_viz_write_html_writes_one_file(tmp_path):
    out = viz.write_html(make_rows(), tmp_path / "sub" / "graph.html", focus="BERT")
    assert out.exists() and list(out.parent.iterdir()) == [out]
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def big_rows(n_papers: int, n_entities: int = 2_000) -> GraphRows:
    """A synthetic graph: per paper 2 entity edges and one result with 3 edges."""
    labels = ("Model", "Method", "Dataset", "Metric", "Task")
    ents = [(labels[i % 5], f"e{i}") for i in range(n_entities)]
    nodes = [Node(lab, key, {"name": key.upper()}) for lab, key in ents]
    edges = []
    for p in range(n_papers):
        paper, result = ("Paper", f"p{p}"), ("Result", f"r{p}")
        nodes.append(Node(*paper, {"id": f"p{p}", "title": f"Paper {p}"}))
        nodes.append(Node(*result, {"value": 1.0, "paper": f"p{p}"}))
        edges += [Edge("USES", paper, ents[p % 7]), Edge("USES", paper, ents[(p * 31) % n_entities]),
                  Edge("REPORTS", paper, result), Edge("MEASURES", result, ents[3 + 5 * (p % 11)]),
                  Edge("ON_DATASET", result, ents[2 + 5 * (p % 13)]),
                  Edge("OF_MODEL", result, ents[5 * (p % 17)])]
    return GraphRows(nodes, edges)


@pytest.mark.slow
def test_viz_large_graph_is_cut_to_max_nodes():
    rows = big_rows(50_000)  # 102k nodes, 300k edges; the render time is measured in bench/, not here
    page = viz.render_html(rows, max_nodes=300)
    data = page_data(page)
    assert len(data["nodes"]) == 300
    assert "Model:e0" in {n["id"] for n in data["nodes"]}  # among the most used
    focused = page_data(viz.render_html(rows, focus="p123", max_nodes=50))
    assert "Paper:p123" in {n["id"] for n in focused["nodes"]} and len(focused["nodes"]) == 50


# --- the page of a store ------------------------------------------------------------------------


def test_viz_store_page_is_the_page_of_its_rows(rdf_seed_store, tmp_path):
    out = viz.write_store_html(rdf_seed_store, tmp_path / "all.html", max_nodes=40)
    assert out.read_text(encoding="utf-8") == viz.render_html(rdf_seed_store.rows(), max_nodes=40)


def test_viz_store_page_around_a_focus_reads_its_neighbourhood(rdf_seed_store, tmp_path):
    out = viz.write_store_html(rdf_seed_store, tmp_path / "focus.html", focus="GLACIA", max_nodes=40,
                               max_papers=1)  # a focus is drawn whatever the size of the graph
    rows = rdf_seed_store.neighbourhood("GLACIA", hops=2, limit=5000)
    assert out.read_text(encoding="utf-8") == viz.render_html(rows, focus="GLACIA", max_nodes=40)


def test_viz_store_page_of_too_big_a_graph_is_not_drawn(rdf_seed_store, tmp_path):
    papers = queries.counts(rdf_seed_store)["Paper"]
    assert viz.write_store_html(rdf_seed_store, tmp_path / "no.html", max_papers=papers - 1) is None
    assert not (tmp_path / "no.html").exists()
    assert viz.write_store_html(rdf_seed_store, tmp_path / "yes.html", max_papers=papers).is_file()
