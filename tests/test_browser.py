"""The graph page and chart pages in a real browser: offline, no errors, no XSS.

Drives Debian's Chromium (`apt-get install -y chromium`) through the Playwright
Python package; no Playwright-downloaded browser is needed. Every request for
anything but the page file itself is blocked and counted. These tests run
everywhere, CI included; a missing Chromium or Playwright fails them. Set
PAPERKG_SKIP_BROWSER=1 to skip them, and PAPERKG_CHROMIUM to use another binary.
Screenshots go to build/ at the top of the repository.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kg import plots, viz
from kg.core.graph import Edge, GraphRows, Node

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(os.environ.get("PAPERKG_SKIP_BROWSER") == "1",
                       reason="PAPERKG_SKIP_BROWSER=1"),
]

CHROMIUM = Path(os.environ.get("PAPERKG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
BUILD = Path(__file__).resolve().parents[1] / "build"
VIEWPORT = {"width": 1280, "height": 860}

XSS_TITLE = "<img src=x onerror=alert(1)>"
ODD_NAME = 'Q"uote\\Back\\\\slash \'s </script><script>alert(2)</script>'


def make_rows() -> GraphRows:
    """Three papers with a result, a claim, a hostile title and an awkward name."""
    p1, p2, p3 = ("Paper", "1706.03762"), ("Paper", "1810.04805"), ("Paper", "xss-1")
    transformer, bert = ("Model", "transformer"), ("Model", "bert")
    wmt, glue, bleu = ("Dataset", "wmt2014englishgerman"), ("Dataset", "glue"), ("Metric", "bleu")
    task, result, claim, odd = ("Task", "machinetranslation"), ("Result", "r1"), ("Claim", "c1"), \
        ("Method", "quotebackslash")
    nodes = [
        Node(*p1, {"id": "1706.03762", "title": "Attention Is All You Need"}),
        Node(*p2, {"id": "1810.04805", "title": "BERT: Pre-training of Deep Bidirectional "
                   "Transformers for Language Understanding"}),
        Node(*p3, {"id": "xss-1", "title": XSS_TITLE}),
        Node(*transformer, {"key": "transformer", "name": "Transformer"}),
        Node(*bert, {"key": "bert", "name": "BERT"}),
        Node(*odd, {"key": "quotebackslash", "name": ODD_NAME}),
        Node(*wmt, {"key": "wmt2014englishgerman", "name": "WMT 2014 English-German"}),
        Node(*glue, {"key": "glue", "name": "GLUE"}),
        Node(*bleu, {"key": "bleu", "name": "BLEU"}),
        Node(*task, {"key": "machinetranslation", "name": "machine translation"}),
        Node(*result, {"value": 28.4, "unit": "BLEU", "metric": "BLEU", "raw": "28.4 BLEU",
                       "paper": "1706.03762", "sentence": "The Transformer achieves 28.4 BLEU."}),
        Node(*claim, {"type": "outperforms", "subject": "BERT", "object": "Transformer",
                      "sentence": "BERT outperforms <b>every</b> Transformer.", "paper": "xss-1"}),
    ]
    edges = [
        Edge("PROPOSES", p1, transformer, {"sentence": "We propose the Transformer.", "paper": "1706.03762"}),
        Edge("EVALUATES_ON", p1, wmt, {"sentence": "on WMT 2014", "paper": "1706.03762"}),
        Edge("ADDRESSES", p1, task, {"paper": "1706.03762"}),
        Edge("REPORTS", p1, result),
        Edge("OF_MODEL", result, transformer),
        Edge("ON_DATASET", result, wmt),
        Edge("MEASURES", result, bleu),
        Edge("PROPOSES", p2, bert, {"sentence": "We introduce BERT.", "paper": "1810.04805"}),
        Edge("EVALUATES_ON", p2, glue, {"sentence": "GLUE score of 80.5", "paper": "1810.04805"}),
        Edge("USES", p2, transformer, {"sentence": "a bidirectional Transformer", "paper": "1810.04805"}),
        Edge("USES", p3, odd, {"sentence": "<img src=y onerror=alert(3)>", "paper": "xss-1"}),
        Edge("MAKES", p3, claim),
        Edge("WINNER", claim, bert),
        Edge("LOSER", claim, transformer),
        Edge("OUTPERFORMS", bert, transformer, {"paper": "xss-1"}),
    ]
    return GraphRows(nodes, edges)


def many_rows(n_papers: int) -> GraphRows:
    """A bigger synthetic graph (shared entities, one result per paper)."""
    ents = [(("Model", "Method", "Dataset", "Metric", "Task")[i % 5], f"e{i}") for i in range(200)]
    nodes = [Node(lab, key, {"name": f"{lab} {key}"}) for lab, key in ents]
    edges = []
    for p in range(n_papers):
        paper, result = ("Paper", f"p{p}"), ("Result", f"r{p}")
        nodes += [Node(*paper, {"id": f"p{p}", "title": f"Paper {p}"}),
                  Node(*result, {"value": float(p % 50), "paper": f"p{p}"})]
        edges += [Edge("USES", paper, ents[p % 9]), Edge("EVALUATES_ON", paper, ents[2 + 5 * (p % 7)]),
                  Edge("REPORTS", paper, result), Edge("OF_MODEL", result, ents[5 * (p % 40)])]
    return GraphRows(nodes, edges)


@dataclass
class Visit:
    """What happened while a page was open."""

    page: Any
    url: str
    blocked: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def external(self) -> list[str]:
        """Requests for anything but the page itself (data: and blob: are inline)."""
        own = (self.url, "data:", "blob:", "about:")
        return sorted({u for u in self.requests + self.blocked if not u.startswith(own)})


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        pytest.fail(f"the Playwright package is missing ({e}); pip install playwright, "
                    "or set PAPERKG_SKIP_BROWSER=1")
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium "
                    "(or set PAPERKG_CHROMIUM, or PAPERKG_SKIP_BROWSER=1 to skip)")
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        pw.stop()


@pytest.fixture
def visit(browser):
    """Open a local file with every other request blocked and counted."""
    contexts = []

    def open_file(path: Path, *, ready: str | None = "window.kgStable === true") -> Visit:
        context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page=page, url=path.resolve().as_uri())

        def route(r: Any) -> None:
            if r.request.url == seen.url:
                r.continue_()
            else:
                seen.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page.on("request", lambda req: seen.requests.append(req.url))
        page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.console_errors.append(f"uncaught: {e}"))

        def on_dialog(dialog: Any) -> None:
            seen.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(seen.url, wait_until="load")
        if ready:
            page.wait_for_function(ready, timeout=60_000)
        return seen

    yield open_file
    for context in contexts:
        context.close()


def distinct_colours(png: Path) -> int:
    from PIL import Image

    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24)
    return len(colours or [])


def screenshot(seen: Visit, name: str, selector: str = "body") -> Path:
    BUILD.mkdir(parents=True, exist_ok=True)
    out = BUILD / name
    seen.page.locator(selector).screenshot(path=str(out))
    return out


def hover_node(seen: Visit, node: str) -> None:
    point = seen.page.evaluate(
        "id => network.canvasToDOM(network.getPositions([id])[id])", node)
    box = seen.page.locator("#kg-network").bounding_box()
    seen.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])


def test_browser_graph_page_works_offline_and_safely(tmp_path, visit):
    path = viz.write_html(make_rows(), tmp_path / "graph.html", title="PaperKG <test> graph")
    seen = visit(path)
    page = seen.page

    assert seen.external == [] and seen.blocked == []
    assert seen.console_errors == []
    counts = page.evaluate("""() => ({
        nodes: kgNodes.length, edges: kgEdges.length,
        drawnNodes: network.body.nodeIndices.length, drawnEdges: network.body.edgeIndices.length,
        placed: Object.keys(network.getPositions()).length})""")
    assert counts == {"nodes": 12, "edges": 15, "drawnNodes": 12, "drawnEdges": 15, "placed": 12}
    assert page.title() == "PaperKG <test> graph"

    # Quotes and backslashes survive the trip to the page exactly.
    odd = page.evaluate("() => kgNodes.get('Method:quotebackslash').title.textContent")
    assert ODD_NAME in odd
    assert page.evaluate("() => kgNodes.get('Paper:xss-1').label") == viz.shorten(XSS_TITLE)

    # Physics has stopped: nothing moves any more.
    before = page.evaluate("() => network.getPositions()")
    page.wait_for_timeout(600)
    assert page.evaluate("() => network.getPositions()") == before

    # The hostile title is shown as text in the tooltip, and nothing ran.
    hover_node(seen, "Paper:xss-1")
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert XSS_TITLE in tooltip.inner_text()
    screenshot(seen, "graph-tooltip.png")
    assert page.evaluate("""() => [...kgNodes.get(), ...kgEdges.get()].every(
        item => item.title instanceof HTMLElement && item.title.querySelector('*:not(div):not(span)') === null)""")
    assert page.evaluate("() => document.querySelectorAll('img, iframe, [onerror]').length") == 0
    assert page.evaluate("() => document.querySelectorAll('script').length") == 3
    assert seen.dialogs == []
    assert seen.console_errors == [] and seen.external == []


def test_browser_graph_screenshot_is_not_blank(tmp_path, visit):
    seen = visit(viz.write_html(make_rows(), tmp_path / "graph.html"))
    shot = screenshot(seen, "graph.png", "#kg-network")
    assert distinct_colours(shot) > 100
    legend = seen.page.locator("#kg-legend")
    assert legend.is_visible() and "Paper (3)" in legend.inner_text()


@pytest.mark.slow
def test_browser_large_graph_settles(tmp_path, visit):
    rows = many_rows(3_000)  # 6,200 nodes: cut to the 300 most connected
    seen = visit(viz.write_html(rows, tmp_path / "big.html", max_nodes=300))
    assert seen.page.evaluate("() => kgNodes.length") == 300
    before = seen.page.evaluate("() => network.getPositions()")
    seen.page.wait_for_timeout(600)
    assert seen.page.evaluate("() => network.getPositions()") == before
    assert distinct_colours(screenshot(seen, "graph-300.png", "#kg-network")) > 100
    assert seen.console_errors == [] and seen.external == [] and seen.dialogs == []


def test_browser_focus_page(tmp_path, visit):
    seen = visit(viz.write_html(make_rows(), tmp_path / "focus.html", focus="wmt 2014 english german",
                                hops=1))
    got = seen.page.evaluate("() => kgNodes.getIds().sort()")
    assert got == ["Dataset:wmt2014englishgerman", "Paper:1706.03762", "Result:r1"]
    # The page opens with its focus in the side panel, evidence and paper link included.
    assert seen.page.locator("#kg-panel h2").inner_text().endswith("WMT 2014 English-German")
    assert seen.page.locator('#kg-panel a[href="https://arxiv.org/abs/1706.03762"]').count() == 2
    assert seen.console_errors == [] and seen.external == []


def test_browser_chart_pages_are_offline(tmp_path, visit):
    rows = [{"model": "Transformer (big)", "value": 28.4, "unit": "BLEU", "paper": "1706.03762",
             "title": "Attention Is All You Need", "evidence": "28.4 BLEU"},
            {"model": "ConvS2S", "value": 26.4, "unit": "BLEU", "paper": "xss-1", "title": XSS_TITLE,
             "evidence": "<img src=y onerror=alert(3)>"}]
    path = plots.write_leaderboard(rows, tmp_path / "lb.html", dataset="WMT 2014 English-German",
                                   metric="BLEU", lower_is_better=False)
    seen = visit(path, ready=None)
    assert seen.external == [] and seen.console_errors == [] and seen.dialogs == []
    assert seen.page.evaluate("() => document.querySelectorAll('img, script, [onerror]').length") == 0
    assert XSS_TITLE in seen.page.locator("table").inner_text()
    assert distinct_colours(screenshot(seen, "leaderboard.png")) > 50


def test_browser_harness_catches_cdn_links(tmp_path, visit):
    """pyvis's own page, even with cdn_resources="in_line", fetches from CDNs: the check sees it."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    net.add_node(1, label="a")
    path = tmp_path / "pyvis.html"
    path.write_text(net.generate_html(), encoding="utf-8")
    seen = visit(path, ready=None)
    assert any(url.startswith("https://") for url in seen.external)
    assert seen.blocked

