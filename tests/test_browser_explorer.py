"""The explorer page in a real browser: search, type filters, the side panel, the keyboard,
readability from 300 to 2,000 nodes, and an XSS model name that stays inert.

Uses the harness of `tests.test_browser` (Debian's Chromium through Playwright, every request
but the page's own blocked and counted); screenshots go to build/.
"""

from __future__ import annotations

import pytest

from kg import viz
from kg.core.graph import Edge, GraphRows, Node
from tests import test_browser
from tests.test_browser import XSS_TITLE, Visit, distinct_colours, make_rows, screenshot
from tests.test_browser import browser, visit  # noqa: F401  (the fixtures)

pytestmark = test_browser.pytestmark


DIMMED = "#e8ebee"  # the fill page.js gives nodes outside a focused neighbourhood


def explorer_rows(n_papers: int) -> GraphRows:
    """An invented corpus: papers that propose, use and evaluate on a few shared entities,
    a result each, and a model whose name is an XSS payload."""
    entities = {"Model": ["BERT", "ViT", "ResNet-50", "T5", "CLIP", "Mamba", "U-Net", "Whisper",
                          XSS_TITLE],
                "Dataset": ["ImageNet", "GLUE", "SQuAD", "COCO", "WMT 2014 English-German", "LibriSpeech"],
                "Metric": ["accuracy", "F1", "BLEU", "mIoU", "WER"],
                "Task": ["image classification", "question answering", "machine translation"]}
    refs = {lab: [(lab, f"{lab.lower()}{i}") for i in range(len(names))] for lab, names in entities.items()}
    nodes = [Node(*ref, {"key": ref[1], "name": name}) for lab, names in entities.items()
             for ref, name in zip(refs[lab], names)]
    edges = []
    for p in range(n_papers):
        pid = f"2508.{10000 + p}"
        paper, result = ("Paper", pid), ("Result", f"r{p}")
        model, data = refs["Model"][p % 9], refs["Dataset"][p % 6]
        metric, task = refs["Metric"][p % 5], refs["Task"][p % 3]
        model_name, data_name = entities["Model"][p % 9], entities["Dataset"][p % 6]
        nodes += [Node(*paper, {"id": pid, "title": f"Invented paper {p} on {entities['Task'][p % 3]}"}),
                  Node(*result, {"value": 50.0 + p % 40, "metric": entities["Metric"][p % 5], "paper": pid,
                                 "sentence": f"{model_name} reaches {50 + p % 40} on {data_name}."})]
        edges += [Edge("USES", paper, model, {"sentence": f"We build on {model_name}.", "paper": pid}),
                  Edge("EVALUATES_ON", paper, data, {"sentence": f"Experiments on {data_name}.", "paper": pid}),
                  Edge("ADDRESSES", paper, task, {"paper": pid}), Edge("REPORTS", paper, result),
                  Edge("OF_MODEL", result, model), Edge("ON_DATASET", result, data), Edge("MEASURES", result, metric)]
    return GraphRows(nodes, edges)


def search_and_pick(seen: Visit, text: str) -> list[str]:
    """Type `text` into the search box; return the matches listed, then pick the first with Enter."""
    page = seen.page
    page.keyboard.press("/")
    page.keyboard.type(text)
    page.locator("#kg-matches li").first.wait_for(state="visible")
    listed = page.locator("#kg-matches li .text").all_inner_texts()
    page.keyboard.press("Enter")
    page.wait_for_function("window.kgFocus !== null && window.kgMoving === false")
    return listed


def test_browser_explorer_search_focuses_a_node_and_shows_its_evidence(tmp_path, visit):
    seen = visit(viz.write_html(make_rows(), tmp_path / "explorer.html"))
    page = seen.page
    assert search_and_pick(seen, "wmt 2014")[0] == "WMT 2014 English-German"
    assert page.evaluate("window.kgFocus") == "Dataset:wmt2014englishgerman"
    assert page.evaluate("network.getSelectedNodes()") == ["Dataset:wmt2014englishgerman"]
    colours = page.evaluate("Object.fromEntries(kgNodes.get().map(n => [n.id, n.color.background]))")
    near = {"Dataset:wmt2014englishgerman", "Paper:1706.03762", "Result:r1"}
    assert {i for i, c in colours.items() if c != DIMMED} == near
    # The neighbourhood fills the view, and its names are drawn.
    inside = page.evaluate("""ids => { const box = document.getElementById('kg-network').getBoundingClientRect();
        const at = network.getPositions(ids);
        return ids.every(id => { const p = network.canvasToDOM(at[id]);
            return p.x > 0 && p.y > 0 && p.x < box.width && p.y < box.height; }); }""", sorted(near))
    assert inside and set(page.evaluate("window.kgNamed")) == near
    panel = page.locator("#kg-panel")
    assert panel.locator("h2").inner_text().endswith("WMT 2014 English-German")
    evidence = panel.locator(".evidence q").all_inner_texts()
    assert evidence == ["on WMT 2014", "The Transformer achieves 28.4 BLEU."]  # the edge's, the result's
    link = panel.locator('a[href="https://arxiv.org/abs/1706.03762"]').first
    assert link.inner_text() == "Attention Is All You Need"
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    screenshot(seen, "explorer-search-small.png")
    # Esc clears the focus and gives every node its colour back.
    page.locator("#kg-network canvas").focus()
    page.keyboard.press("Escape")
    assert page.evaluate("window.kgFocus") is None
    assert DIMMED not in page.evaluate("kgNodes.get().map(n => n.color.background)")
    assert seen.console_errors == [] and seen.external == [] and seen.dialogs == []


def test_browser_explorer_type_filter_hides_that_type(tmp_path, visit):
    seen = visit(viz.write_html(make_rows(), tmp_path / "explorer.html"))
    page = seen.page
    drawn = "() => network.body.nodeIndices.slice().sort()"
    before = page.evaluate(drawn)
    page.locator('#kg-legend input[value="Paper"]').uncheck()
    after = page.evaluate(drawn)
    assert sorted(set(before) - set(after)) == ["Paper:1706.03762", "Paper:1810.04805", "Paper:xss-1"]
    assert page.evaluate("network.body.edgeIndices.length") == 15 - 9  # the papers' 9 edges go too
    page.keyboard.press("/")
    page.keyboard.type("attention")
    assert page.locator("#kg-matches li").all_inner_texts() == ["No node matches"]
    page.keyboard.press("Escape")
    # Keyboard only: Tab from the search box to the first checkbox, Space ticks it again.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "Paper"
    page.keyboard.press("Space")
    assert page.evaluate(drawn) == before
    assert seen.console_errors == [] and seen.external == [] and seen.dialogs == []


def test_browser_explorer_graph_answers_the_keyboard(tmp_path, visit):
    page = visit(viz.write_html(make_rows(), tmp_path / "explorer.html")).page
    page.keyboard.press("Tab")  # the graph comes first
    assert page.evaluate("document.activeElement.className") == "vis-network"
    scale, view = page.evaluate("network.getScale()"), page.evaluate("network.getViewPosition()")
    for key in ("+", "ArrowRight"):
        page.keyboard.down(key)
        page.wait_for_timeout(250)
        page.keyboard.up(key)
    assert page.evaluate("network.getScale()") > scale
    assert page.evaluate("network.getViewPosition().x") > view["x"]
    page.keyboard.press("/")
    page.keyboard.type("bert")
    page.keyboard.press("ArrowRight")  # inside the search box, keys move the caret, not the graph
    moved = page.evaluate("network.getViewPosition().x")
    page.wait_for_timeout(250)
    assert page.evaluate("network.getViewPosition().x") == moved


def test_browser_explorer_xss_model_name_stays_inert(tmp_path, visit):
    seen = visit(viz.write_html(explorer_rows(30), tmp_path / "explorer.html"))
    page = seen.page
    listed = search_and_pick(seen, "<img")
    assert listed == [XSS_TITLE]
    assert page.locator("#kg-panel h2").inner_text().endswith(XSS_TITLE)
    assert XSS_TITLE in page.locator("#kg-panel").inner_text()  # in its evidence sentences too
    page.locator("#kg-panel .neighbours button").first.click()  # on to a neighbour, by its button
    page.wait_for_function("window.kgFocus !== null && !window.kgFocus.startsWith('Model:')")
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, [onerror]').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    page.wait_for_timeout(300)
    assert seen.dialogs == [] and seen.console_errors == [] and seen.external == []


def test_browser_explorer_click_shows_a_node_in_the_panel(tmp_path, visit):
    seen = visit(viz.write_html(make_rows(), tmp_path / "explorer.html"))
    point = seen.page.evaluate("network.canvasToDOM(network.getPositions(['Model:bert'])['Model:bert'])")
    box = seen.page.locator("#kg-network").bounding_box()
    seen.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    seen.page.wait_for_function("window.kgFocus === 'Model:bert'")
    text = seen.page.locator("#kg-panel").inner_text()
    assert "We introduce BERT." in text and "BERT outperforms <b>every</b> Transformer." in text
    assert seen.console_errors == [] and seen.external == []


@pytest.mark.parametrize("n_papers,max_nodes,shot", [
    (400, viz.DEFAULT_MAX_NODES, "explorer-overview.png"),
    pytest.param(1500, 2000, "explorer-2000.png", marks=pytest.mark.slow),
])
def test_browser_explorer_overview_is_readable(tmp_path, visit, n_papers, max_nodes, shot):
    seen = visit(viz.write_html(explorer_rows(n_papers), tmp_path / "overview.html", max_nodes=max_nodes))
    page = seen.page
    n = page.evaluate("kgNodes.length")
    assert n == min(max_nodes, 2 * n_papers + 23)
    shot_path = screenshot(seen, shot)
    named = page.evaluate("window.kgNamed")
    assert 10 <= len(named) <= 60
    hubs = {f"{label}:{label.lower()}{i}" for label, count in (("Model", 9), ("Dataset", 6), ("Metric", 5))
            for i in range(count)}
    assert len(hubs & set(named)) >= 12, named  # most hubs show their names, at a readable size
    assert page.evaluate(f"kgNodes.get('{min(hubs & set(named))}').font.size * network.getScale()") >= 12
    before = page.evaluate("network.getPositions()")
    page.wait_for_timeout(600)
    assert page.evaluate("network.getPositions()") == before  # frozen
    assert distinct_colours(shot_path) > 100
    if shot == "explorer-overview.png":
        search_and_pick(seen, "imagenet")
        screenshot(seen, "explorer-search.png")
    assert seen.console_errors == [] and seen.external == [] and seen.dialogs == []
