"""kg.plots: leaderboard and top-entity charts as figures, PNG, SVG and self-contained HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pytest
from matplotlib.image import imread

from kg import plots
from kg.core.errors import KGError

XSS_TITLE = "<img src=x onerror=alert(1)>"


def leaderboard_rows(n: int = 3) -> list[dict]:
    """Rows as the canned `leaderboard` query returns them for perplexity (best first)."""
    base = [
        {"model": "GPT-2 (1.5B)", "value": 17.48, "unit": None, "paper": "gpt2",
         "title": "Language Models are Unsupervised Multitask Learners", "evidence": "17.48"},
        {"model": "Transformer-XL Large", "value": 18.3, "unit": None, "paper": "1901.02860",
         "title": "Transformer-XL: Attentive Language Models Beyond a Fixed-Length Context",
         "evidence": "18.3"},
        {"model": None, "value": 20.5, "unit": None, "paper": "xss-1", "title": XSS_TITLE,
         "evidence": "<b>20.5</b>"},
    ]
    rows = [dict(base[i % 3], value=base[i % 3]["value"] + i) for i in range(n)]
    return sorted(rows, key=lambda r: r["value"])


TOP_DATASETS = [{"name": "ImageNet", "papers": 120}, {"name": "GLUE", "papers": 80},
                {"name": "WikiText-103", "papers": 33}]
TOP_METRICS = [{"name": "accuracy", "papers": 300}, {"name": "F1", "papers": 110}]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def lb_figure(rows, **kwargs):
    options = {"dataset": "WikiText-103", "metric": "Perplexity", "lower_is_better": True}
    return plots.leaderboard_figure(rows, **{**options, **kwargs})


@pytest.mark.parametrize("n", [1, 3, 7])
def test_plots_leaderboard_has_one_bar_per_row(n):
    (ax,) = lb_figure(leaderboard_rows(n)).axes
    assert len(ax.patches) == n
    assert [p.get_width() for p in ax.patches] == pytest.approx([r["value"] for r in leaderboard_rows(n)])


def test_plots_leaderboard_draws_the_best_at_the_top():
    rows = leaderboard_rows(3)
    (ax,) = lb_figure(rows).axes
    assert ax.yaxis_inverted()
    first = min(ax.patches, key=lambda p: p.get_y())  # smallest y = top once inverted
    assert first.get_width() == pytest.approx(rows[0]["value"])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("GPT-2 (1.5B)\nLanguage Models are Unsupervised")


def test_plots_leaderboard_labels_model_and_paper():
    (ax,) = lb_figure(leaderboard_rows(3)).axes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[1].split("\n") == ["Transformer-XL Large", plots.short_title(
        "Transformer-XL: Attentive Language Models Beyond a Fixed-Length Context")]
    assert labels[2].split("\n") == ["(model not named)", XSS_TITLE]


@pytest.mark.parametrize("lower,words", [(True, "lower is better"), (False, "higher is better")])
def test_plots_leaderboard_title_says_which_way_is_better(lower, words):
    (ax,) = lb_figure(leaderboard_rows(2), lower_is_better=lower).axes
    assert ax.get_title() == f"Perplexity on WikiText-103 ({words})"


def test_plots_leaderboard_keeps_the_top_rows():
    (ax,) = lb_figure(leaderboard_rows(30), top=25).axes
    assert len(ax.patches) == 25
    assert "top 25 of 30" in ax.get_title()


def test_plots_dollar_signs_are_text_not_mathtext(tmp_path):
    rows = [dict(leaderboard_rows(1)[0], model="$x^2$ model", title="Costs $5 or $ 10_{a}")]
    out = plots.write_leaderboard(rows, tmp_path / "lb.png", dataset="D$", metric="M",
                                  lower_is_better=False)
    assert imread(out).shape[2] == 4
    (ax,) = lb_figure(rows).axes
    assert ax.get_yticklabels()[0].get_text().startswith("$x^2$ model")


def test_plots_write_leaderboard_png_opens(tmp_path):
    out = plots.write_leaderboard(leaderboard_rows(3), tmp_path / "charts" / "lb.png",
                                  dataset="WikiText-103", metric="Perplexity", lower_is_better=True)
    assert out == tmp_path / "charts" / "lb.png"
    image = imread(out)
    height, width, channels = image.shape
    assert width >= 1000 and height >= 200 and channels == 4
    colours = np.unique(image.reshape(-1, 4), axis=0)
    assert len(colours) > 50  # bars, text and antialiasing, not a blank canvas


def test_plots_write_leaderboard_html_is_self_contained(tmp_path):
    out = plots.write_leaderboard(leaderboard_rows(3), tmp_path / "lb.html",
                                  dataset="WikiText-103", metric="Perplexity", lower_is_better=True)
    page = out.read_text(encoding="utf-8")
    tags = tags_of(page)
    names = [tag for tag, _ in tags]
    assert "svg" in names and names.count("tr") == 4  # header + one row per result
    assert not {"script", "link", "img", "iframe", "object"} & set(names)
    for tag, attrs in tags:
        for attr in ("src", "href", "xlink:href"):
            value = attrs.get(attr) or ""
            assert not value.startswith(("http:", "https:", "//")), f"<{tag} {attr}={value}>"
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", page)
    assert "<!DOCTYPE svg" not in page and "<?xml" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and XSS_TITLE not in page
    assert "&lt;b&gt;20.5&lt;/b&gt;" in page
    assert "Leaderboard: Perplexity on WikiText-103 (lower is better)" in page


def test_plots_write_leaderboard_svg(tmp_path):
    out = plots.write_leaderboard(leaderboard_rows(2), tmp_path / "lb.svg",
                                  dataset="GLUE", metric="accuracy", lower_is_better=False)
    assert "<svg" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("rows,pattern", [
    ([], r"\[P001\] no results for dataset 'WikiText-103' and metric 'Perplexity'"),
    ([{"model": "m", "value": "n/a", "paper": "p", "title": "t"}], r"\[P003\]"),
    ([{"model": "m", "value": None, "paper": "p", "title": "t"}], r"\[P003\]"),
])
def test_plots_leaderboard_without_usable_rows_raises(tmp_path, rows, pattern):
    with pytest.raises(KGError, match=pattern):
        plots.write_leaderboard(rows, tmp_path / "lb.png", dataset="WikiText-103",
                                metric="Perplexity", lower_is_better=True)
    assert not (tmp_path / "lb.png").exists()


def test_plots_unknown_suffix_raises(tmp_path):
    with pytest.raises(KGError, match=r"\[P005\]"):
        plots.write_leaderboard(leaderboard_rows(1), tmp_path / "lb.gif", dataset="D", metric="M",
                                lower_is_better=False)


def test_plots_top_entities_has_two_panels():
    left, right = plots.top_entities_figure(TOP_DATASETS, TOP_METRICS).axes
    assert len(left.patches) == 3 and len(right.patches) == 2
    assert [t.get_text() for t in left.get_yticklabels()] == ["ImageNet", "GLUE", "WikiText-103"]
    assert left.yaxis_inverted() and "Datasets" in left.get_title() and "Metrics" in right.get_title()


def test_plots_top_entities_with_one_empty_list_says_so():
    left, right = plots.top_entities_figure(TOP_DATASETS, []).axes
    assert len(left.patches) == 3 and len(right.patches) == 0
    assert any(t.get_text() == "no metrics found" for t in right.texts)


def test_plots_top_entities_both_empty_raises(tmp_path):
    with pytest.raises(KGError, match=r"\[P002\]"):
        plots.write_top_entities([], [], tmp_path / "top.png")


@pytest.mark.parametrize("suffix", [".png", ".html"])
def test_plots_write_top_entities(tmp_path, suffix):
    out = plots.write_top_entities(TOP_DATASETS, TOP_METRICS, tmp_path / f"top{suffix}")
    if suffix == ".png":
        assert imread(out).shape[1] >= 1000
    else:
        page = out.read_text(encoding="utf-8")
        assert "<svg" in page and "<script" not in page and "ImageNet" in page


TREND_ROWS = [
    {"type": kind, "rank": rank, "name": f"{kind} {rank}", "quarter": quarter, "papers": papers, "centrality": 0.1}
    for kind in ("Dataset", "Model") for rank in (1, 2)
    for quarter, papers in (("2025Q3", rank), ("2026Q1", 3 * rank))
]


def test_plots_trends_one_line_per_entity_and_a_point_per_quarter():
    from kg.plots import trends_figure

    fig = trends_figure(TREND_ROWS)
    datasets, methods, models = fig.axes
    assert [len(ax.lines) for ax in (datasets, models)] == [2, 2]
    assert [tick.get_text() for tick in datasets.get_xticklabels()] == ["2025Q3", "2025Q4", "2026Q1"]
    assert list(datasets.lines[1].get_ydata()) == [2, 0, 6]  # the quarter without papers is 0
    assert not methods.axison  # no methods: the panel says so


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_plots_write_trends(tmp_path, suffix):
    from kg.plots import write_trends

    path = write_trends(TREND_ROWS, tmp_path / f"trends{suffix}")
    assert path.stat().st_size > 1000
    if suffix == ".html":
        assert "Model 2" in path.read_text() and "<script" not in path.read_text()


def test_plots_trends_without_rows_raises():
    from kg.plots import trends_figure

    with pytest.raises(KGError, match=r"\[P006\]"):
        trends_figure([])


@pytest.mark.parametrize("metric, direction", [("Perplexity", "lower is better"), ("accuracy", "higher is better")])
def test_plots_write_leaderboard_takes_the_direction_from_the_vocabulary(tmp_path, metric, direction):
    out = plots.write_leaderboard(leaderboard_rows(2), tmp_path / "lb.html", dataset="D", metric=metric)
    assert f"Leaderboard: {metric} on D ({direction})" in out.read_text(encoding="utf-8")


# --- progress over time ----------------------------------------------------------------------

PROGRESS_STEPS = [  # rows as the canned `progress` query returns them for perplexity (date order)
    {"date": "2021-03-01", "value": 24.1, "unit": "", "model": "AlphaNet", "settings": "", "own": True,
     "paper": "a", "title": "AlphaNet", "evidence": "AlphaNet reaches 24.1."},
    {"date": "2021-09-15", "value": 20.5, "unit": "", "model": "BetaNet", "settings": "", "own": True,
     "paper": "b", "title": XSS_TITLE, "evidence": "<b>20.5</b>"},
    {"date": "2022-06-01", "value": 18.3, "unit": "", "model": None, "settings": "test", "own": False,
     "paper": "c", "title": "C", "evidence": "18.3"},
]
PROGRESS_POINTS = [{"date": d, "value": v} for d, v in
                   [("2021-03-01", 24.1), ("2021-09-15", 20.5), ("2022-06-01", 18.3), ("2023-01-20", 19.0),
                    ("2024-01-15", 19.5), (None, 12.0)]]


def test_plots_progress_draws_a_step_line_over_every_dated_result():
    (ax,) = plots.progress_figure(PROGRESS_STEPS, PROGRESS_POINTS, dataset="WikiText-103", metric="perplexity",
                                  lower_is_better=True).axes
    (line,) = ax.get_lines()
    assert line.get_drawstyle() == "steps-post"
    # the last best value holds until the last result's date
    assert list(line.get_ydata()) == [24.1, 20.5, 18.3, 18.3]
    everything, steps = ax.collections
    assert len(everything.get_offsets()) == 5  # the undated result is left out
    assert [float(y) for _, y in steps.get_offsets()] == [24.1, 20.5, 18.3]
    assert [t.get_text() for t in ax.texts] == ["AlphaNet 24.1", "BetaNet 20.5", "(model not named) 18.3"]
    assert "lower is better" in ax.get_title()


def test_plots_progress_without_a_dated_step_is_an_error():
    with pytest.raises(KGError, match=r"\[P001\]"):
        plots.progress_figure([dict(PROGRESS_STEPS[0], date=None)], dataset="D", metric="M", lower_is_better=False)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_plots_write_progress_in_every_format(tmp_path, suffix):
    out = plots.write_progress(PROGRESS_STEPS, tmp_path / f"progress{suffix}", PROGRESS_POINTS,
                               dataset="WikiText-103", metric="perplexity", lower_is_better=True)
    if suffix == ".png":
        assert len(np.unique(imread(out).reshape(-1, 4), axis=0)) > 50
        return
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page
    if suffix == ".html":
        names = [tag for tag, _ in tags_of(page)]
        assert names.count("tr") == 4 and not {"script", "link", "img", "iframe", "object"} & set(names)
        assert "&lt;img src=x onerror=alert(1)&gt;" in page and XSS_TITLE not in page
        assert "<td>quoted</td>" in page and "Progress: perplexity on WikiText-103 (lower is better)" in page
