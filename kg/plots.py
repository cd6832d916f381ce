"""Query rows -> charts: a leaderboard, progress over time, the most-used datasets and metrics, usage trends.

The end of the data path for reports: the rows of the canned `leaderboard`, `progress`,
`top_datasets`, `top_metrics` and `trends` queries (`queries/`, run by either store)
become a PNG, an SVG or a self-contained HTML page (the SVG inline, no script,
nothing fetched). matplotlib only, through its Agg canvas and never pyplot, so
no GUI backend or global figure state is involved.

Pure `*_figure` functions build a `matplotlib.figure.Figure` (tests count its
bars); `write_*` functions pick the format from the file suffix. Text from
papers is drawn with mathtext off (a `$` in a title stays a dollar sign) and is
escaped in HTML.
"""

from __future__ import annotations

import html
import io
import logging
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.core.errors import KGError
from kg.core.graph import metric_lower_is_better

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "FORMATS",
    "leaderboard_figure",
    "progress_figure",
    "top_entities_figure",
    "trends_figure",
    "write_leaderboard",
    "write_progress",
    "write_top_entities",
    "write_trends",
]

log = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = (".png", ".svg", ".html", ".htm")

_BAR = "#4e79a7"
_BEST = "#f28e2b"
_DATASET = "#76b7b2"
_METRIC = "#59a14f"
_POINT = "#9c9c9c"
_DPI = 120
# No creation date or tool version in the files, so equal rows give equal bytes.
_SVG_META = {"Date": None, "Creator": None, "Format": None, "Type": None}
_PNG_META = {"Software": None}


def short_title(title: Any, width: int = 48) -> str:
    """A paper title on one line, cut to `width` characters with an ellipsis.

    Examples:
        >>> short_title("Language Models are Unsupervised Multitask Learners", 30)
        'Language Models are Unsupervi…'
        >>> short_title(None)
        ''
    """
    text = " ".join(str(title or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def format_value(value: float, unit: Any = None) -> str:
    """A result value with its unit, as printed next to a bar.

    Examples:
        >>> format_value(85.30000001, "%"), format_value(18.3, "PPL"), format_value(0.912)
        ('85.3%', '18.3 PPL', '0.912')
    """
    text = f"{value:.4g}"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _number(value: Any, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise KGError(f"[P003] {what} has no numeric value: {value!r}")
    return number


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def leaderboard_figure(
    rows: Sequence[dict[str, Any]],
    *,
    dataset: str,
    metric: str,
    lower_is_better: bool,
    top: int = 25,
) -> Figure:
    """A horizontal bar chart of a leaderboard, the best result at the top.

    Args:
        rows: rows of the `leaderboard` query (model, value, unit, paper, title,
            evidence), already sorted best first; a row whose `kind` is not "absolute"
            (a delta or a ratio) is left out.
        dataset: the dataset, for the title.
        metric: the metric, for the title and the axis.
        lower_is_better: whether smaller values win; said in the title.
        top: the most rows to draw.

    Returns:
        A `matplotlib.figure.Figure` with one axes and one bar per row drawn.

    Raises:
        KGError: `[P001]` no rows; `[P003]` a row without a numeric value.
    """
    # an improvement or a speed-up is a result, never a leaderboard row (rows of the canned
    # query are absolute already; rows from elsewhere may carry their kind)
    rows = [r for r in rows if r.get("kind", "absolute") == "absolute"]
    if not rows:
        raise KGError(f"[P001] no results for dataset {dataset!r} and metric {metric!r}")
    if top < 1:
        raise KGError(f"[P004] top must be at least 1, not {top}")
    shown = list(rows[:top])
    values = [_number(r.get("value"), f"the result of {r.get('model') or 'a model'}") for r in shown]
    labels = []
    for r in shown:
        model = str(r.get("model") or "(model not named)")
        paper = short_title(r.get("title") or r.get("paper"))
        labels.append(f"{short_title(model, 40)}\n{paper}")
    units = {str(r.get("unit")) for r in shown if r.get("unit")}
    unit = units.pop() if len(units) == 1 else None

    fig = _figure(10.0, 1.6 + 0.62 * len(shown))
    ax = fig.add_subplot()
    positions = list(range(len(shown)))
    colours = [_BEST if i == 0 else _BAR for i in positions]
    bars = ax.barh(positions, values, color=colours, height=0.7)
    ax.set_yticks(positions, labels, fontsize=8, parse_math=False)
    ax.invert_yaxis()  # best first, at the top
    for bar, value, r in zip(bars, values, shown, strict=True):
        ax.annotate(
            format_value(value, r.get("unit")),
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(3 if value >= 0 else -3, 0), textcoords="offset points",
            ha="left" if value >= 0 else "right", va="center", fontsize=8, parse_math=False,
        )
    ax.margins(x=0.15)
    direction = "lower is better" if lower_is_better else "higher is better"
    more = f", top {len(shown)} of {len(rows)}" if len(rows) > len(shown) else ""
    ax.set_title(f"{metric} on {dataset} ({direction}{more})", parse_math=False)
    ax.set_xlabel(f"{metric} ({unit})" if unit and unit != metric else metric, parse_math=False)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def top_entities_figure(
    datasets: Sequence[dict[str, Any]], metrics: Sequence[dict[str, Any]], *, top: int = 20
) -> Figure:
    """Two panels: the datasets and the metrics used by the most papers.

    Args:
        datasets: rows of the `top_datasets` query (name, papers), most used first.
        metrics: rows of the `top_metrics` query (name, papers), most used first.
        top: the most rows drawn per panel.

    Returns:
        A `matplotlib.figure.Figure` with two axes (datasets, then metrics); a
        panel with no rows says so.

    Raises:
        KGError: `[P002]` both lists are empty; `[P003]` a count is not a number.
    """
    if not datasets and not metrics:
        raise KGError("[P002] no datasets and no metrics to plot: is the graph empty?")
    n = max(len(datasets[:top]), len(metrics[:top]), 1)
    fig = _figure(12.0, 1.4 + 0.36 * n)
    for ax, rows, what, colour in zip(
        fig.subplots(1, 2), (datasets, metrics), ("Datasets", "Metrics"), (_DATASET, _METRIC),
        strict=True,
    ):
        shown = list(rows[:top])
        ax.set_title(f"{what} used by the most papers", parse_math=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if not shown:
            ax.text(0.5, 0.5, f"no {what.lower()} found", ha="center", va="center",
                    transform=ax.transAxes, color="#666666")
            ax.set_axis_off()
            continue
        from matplotlib.ticker import MaxNLocator

        counts = [_number(r.get("papers"), f"the paper count of {r.get('name')!r}") for r in shown]
        positions = list(range(len(shown)))
        bars = ax.barh(positions, counts, color=colour, height=0.7)
        ax.set_yticks(positions, [short_title(r.get("name"), 36) for r in shown], fontsize=8,
                      parse_math=False)
        ax.invert_yaxis()
        ax.bar_label(bars, labels=[f"{c:g}" for c in counts], padding=3, fontsize=8)
        ax.margins(x=0.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("papers")
        ax.grid(axis="x", alpha=0.3)
        ax.set_axisbelow(True)
    return fig


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata=_SVG_META)
    text = buf.getvalue()
    # Inline SVG in HTML needs neither the XML declaration nor the DOCTYPE.
    return text[text.index("<svg"):]


_PAGE_CSS = (
    "body{font-family:sans-serif;margin:16px;color:#222}h1{font-size:18px}"
    "svg{max-width:100%;height:auto}table{border-collapse:collapse;font-size:12px;margin-top:12px}"
    "th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}"
    "th{background:#f4f4f4}td.num{text-align:right}"
)


def _page(title: str, fig: Figure, header: Sequence[str], table: Sequence[Sequence[Any]]) -> str:
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="num">{html.escape(format_value(c))}</td>' if isinstance(c, float)
            else f"<td>{html.escape('' if c is None else str(c))}</td>"
            for c in row
        ) + "</tr>"
        for row in table
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_PAGE_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n<figure>{_svg(fig)}</figure>\n"
        f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>\n</body>\n</html>\n"
    )


def _save(fig: Figure, path: str | Path, page: Callable[[], str]) -> Path:
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise KGError(f"[P005] cannot write {out.name!r}: use one of {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix in (".html", ".htm"):
        out.write_text(page(), encoding="utf-8")
    else:
        fig.savefig(out, format=suffix[1:], metadata=_PNG_META if suffix == ".png" else _SVG_META)
    log.info("wrote %s", out)
    return out


def write_leaderboard(
    rows: Sequence[dict[str, Any]],
    path: str | Path,
    *,
    dataset: str,
    metric: str,
    lower_is_better: bool | None = None,
    top: int = 25,
) -> Path:
    """Draw a leaderboard to a PNG, SVG or self-contained HTML file (by suffix).

    The HTML page holds the chart as inline SVG and a table of every row with
    its evidence text; it loads nothing.

    Args:
        rows: rows of the `leaderboard` query, best first.
        path: the file to write (`.png`, `.svg`, `.html`); parents are created.
        dataset: the dataset, for the title.
        metric: the metric, for the title.
        lower_is_better: whether smaller values win; by default what the vocabulary says of
            the metric (`kg.core.graph.metric_lower_is_better`).
        top: the most bars to draw (the HTML table lists every row).

    Returns:
        The path written.

    Raises:
        KGError: `[P001]` no rows; `[P003]` a non-numeric value;
            `[P005]` an unknown suffix.
    """
    if lower_is_better is None:
        lower_is_better = metric_lower_is_better(metric)
    fig = leaderboard_figure(rows, dataset=dataset, metric=metric,
                             lower_is_better=lower_is_better, top=top)
    direction = "lower is better" if lower_is_better else "higher is better"
    title = " ".join(f"Leaderboard: {metric} on {dataset} ({direction})".split())
    table = [
        (i + 1, r.get("model"), _number(r.get("value"), "a result"), r.get("unit"), r.get("title"),
         r.get("paper"),
         r.get("evidence"))
        for i, r in enumerate(rows)
    ]
    header = ("#", "Model", "Value", "Unit", "Paper", "Id", "Evidence")
    return _save(fig, path, lambda: _page(title, fig, header, table))


def _day(value: Any) -> Any:
    """A paper date ("2025-08-18", "2025-08") as a `datetime.date`, or None when it is no date.

    Examples:
        >>> _day("2025-08-18"), _day("2025-08"), _day("soon")
        (datetime.date(2025, 8, 18), datetime.date(2025, 8, 1), None)
    """
    import datetime

    text = str(value or "")[:10]
    for form in (text, text[:7] + "-01", text[:4] + "-01-01"):
        try:
            return datetime.date.fromisoformat(form)
        except ValueError:
            continue
    return None


def progress_figure(
    steps: Sequence[dict[str, Any]],
    points: Sequence[dict[str, Any]] = (),
    *,
    dataset: str,
    metric: str,
    lower_is_better: bool,
) -> Figure:
    """The best-so-far value over time as a step line, with every result behind it as a point.

    Args:
        steps: rows of the `progress` query (date, value, unit, model, ...), in date order.
        points: rows with a `date` and a `value` (the `leaderboard` query's), drawn as grey dots;
            rows without a date are left out.
        dataset: the dataset, for the title.
        metric: the metric, for the title and the axis.
        lower_is_better: whether smaller values win; said in the title.

    Returns:
        A `matplotlib.figure.Figure` with one axes: a line (the steps, `drawstyle` "steps-post"),
        the step markers, each labelled with its model, and the points.

    Raises:
        KGError: `[P001]` no dated step; `[P003]` a row without a numeric value.
    """
    dated = [(_day(r.get("date")), r) for r in steps]
    dated = [(day, r) for day, r in dated if day is not None]
    if not dated:
        raise KGError(f"[P001] no dated results for dataset {dataset!r} and metric {metric!r}")
    days = [day for day, _ in dated]
    values = [_number(r.get("value"), f"the result of {r.get('model') or 'a model'}") for _, r in dated]
    behind = [(_day(r.get("date")), r) for r in points]
    behind = [(day, _number(r.get("value"), "a result")) for day, r in behind if day is not None]
    last = max([*days, *(day for day, _ in behind)])

    fig = _figure(10.0, 5.0)
    ax = fig.add_subplot()
    if behind:
        ax.scatter([d for d, _ in behind], [v for _, v in behind], s=14, color=_POINT, alpha=0.6,
                   label="every result", zorder=2)
    # the line holds each best value until the next step, and to the last result's date
    ax.plot([*days, last], [*values, values[-1]], drawstyle="steps-post", color=_BAR, linewidth=2,
            label="best so far", zorder=3)
    ax.scatter(days, values, s=36, color=_BEST, zorder=4)
    for day, value, (_, r) in zip(days, values, dated, strict=True):
        ax.annotate(f"{short_title(r.get('model') or '(model not named)', 28)} {format_value(value, r.get('unit'))}",
                    (day, value), xytext=(4, 6 if not lower_is_better else -12), textcoords="offset points",
                    fontsize=8, parse_math=False)
    direction = "lower is better" if lower_is_better else "higher is better"
    ax.set_title(f"{metric} on {dataset}: best so far ({direction})", parse_math=False)
    units = {str(r.get("unit")) for _, r in dated if r.get("unit")}
    unit = units.pop() if len(units) == 1 else None
    ax.set_ylabel(f"{metric} ({unit})" if unit and unit != metric else metric, parse_math=False)
    ax.set_xlabel("paper date")
    ax.grid(alpha=0.3)
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.autofmt_xdate()
    return fig


def write_progress(
    steps: Sequence[dict[str, Any]],
    path: str | Path,
    points: Sequence[dict[str, Any]] = (),
    *,
    dataset: str,
    metric: str,
    lower_is_better: bool | None = None,
) -> Path:
    """Draw progress over time to a PNG, SVG or self-contained HTML file (by suffix).

    The HTML page holds the chart as inline SVG and a table of the steps with their evidence.

    Args:
        steps: rows of the `progress` query, in date order.
        path: the file to write (`.png`, `.svg`, `.html`); parents are created.
        points: every result behind the steps (rows with `date` and `value`).
        dataset: the dataset, for the title.
        metric: the metric, for the title.
        lower_is_better: whether smaller values win; by default what the vocabulary says of
            the metric (`kg.core.graph.metric_lower_is_better`).

    Returns:
        The path written.

    Raises:
        KGError: `[P001]` no dated step; `[P003]` a non-numeric value; `[P005]` an unknown suffix.
    """
    if lower_is_better is None:
        lower_is_better = metric_lower_is_better(metric)
    fig = progress_figure(steps, points, dataset=dataset, metric=metric, lower_is_better=lower_is_better)
    direction = "lower is better" if lower_is_better else "higher is better"
    title = " ".join(f"Progress: {metric} on {dataset} ({direction})".split())
    table = [(r.get("date"), r.get("model"), _number(r.get("value"), "a result"), r.get("unit"), r.get("settings"),
              "own" if r.get("own", True) else "quoted", r.get("title"), r.get("paper"), r.get("evidence"))
             for r in steps]
    header = ("Date", "Model", "Value", "Unit", "Settings", "Own", "Paper", "Id", "Evidence")
    return _save(fig, path, lambda: _page(title, fig, header, table))


def write_top_entities(
    datasets: Sequence[dict[str, Any]],
    metrics: Sequence[dict[str, Any]],
    path: str | Path,
    *,
    top: int = 20,
) -> Path:
    """Draw the most-used datasets and metrics (two panels) to PNG, SVG or HTML.

    Args:
        datasets: rows of the `top_datasets` query (name, papers).
        metrics: rows of the `top_metrics` query (name, papers).
        path: the file to write (`.png`, `.svg`, `.html`); parents are created.
        top: the most bars per panel.

    Returns:
        The path written.

    Raises:
        KGError: `[P002]` both lists empty; `[P003]` a non-numeric count;
            `[P005]` an unknown suffix.
    """
    fig = top_entities_figure(datasets, metrics, top=top)
    table = [("Dataset", r.get("name"), _number(r.get("papers"), "a count")) for r in datasets]
    table += [("Metric", r.get("name"), _number(r.get("papers"), "a count")) for r in metrics]
    return _save(fig, path, lambda: _page("Most used datasets and metrics", fig,
                                          ("Kind", "Name", "Papers"), table))


_TREND_KINDS = ("Dataset", "Method", "Model")


def quarter_range(first: str, last: str) -> list[str]:
    """Every quarter from `first` to `last` ("2025Q3"), so a quarter without papers shows as 0.

    Examples:
        >>> quarter_range("2025Q3", "2026Q2")
        ['2025Q3', '2025Q4', '2026Q1', '2026Q2']
    """
    year, q = int(first[:4]), int(first[-1])
    out = []
    while f"{year}Q{q}" <= last and len(out) < 400:
        out.append(f"{year}Q{q}")
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out


def trends_figure(rows: Sequence[dict[str, Any]]) -> Figure:
    """Three panels (datasets, methods, models): one line per entity, its papers per quarter.

    Args:
        rows: rows of the `trends` query (type, rank, name, quarter, papers, centrality).

    Returns:
        A `matplotlib.figure.Figure` with one axes per kind; a kind without rows says so.

    Raises:
        KGError: `[P006]` no rows (has `kg analyze` run?); `[P003]` a count is not a number.
    """
    if not rows:
        raise KGError("[P006] no usage trends to plot: run `kg analyze` on the store first")
    quarters = quarter_range(min(str(r["quarter"]) for r in rows), max(str(r["quarter"]) for r in rows))
    fig = _figure(13.0, 4.2)
    for ax, kind in zip(fig.subplots(1, len(_TREND_KINDS), sharey=False), _TREND_KINDS, strict=True):
        ax.set_title(f"Most central {kind.lower()}s: papers per quarter", parse_math=False, fontsize=10)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        lines: dict[tuple[Any, str], dict[str, float]] = {}
        for r in rows:
            if r["type"] == kind:
                lines.setdefault((r["rank"], str(r["name"])), {})[str(r["quarter"])] = _number(
                    r["papers"], f"the paper count of {r['name']!r}")
        if not lines:
            ax.text(0.5, 0.5, f"no {kind.lower()}s", ha="center", va="center", transform=ax.transAxes, color="#666666")
            ax.set_axis_off()
            continue
        from matplotlib.ticker import MaxNLocator

        for (_, name), counts in sorted(lines.items()):
            ax.plot(range(len(quarters)), [counts.get(q, 0.0) for q in quarters], marker="o",
                    label=short_title(name, 28))
        ax.set_xticks(range(len(quarters)), quarters, fontsize=8, rotation=45)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("papers")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, frameon=False)
    return fig


def write_trends(rows: Sequence[dict[str, Any]], path: str | Path) -> Path:
    """Draw the usage per quarter of the most central entities to PNG, SVG or HTML (by suffix).

    Args:
        rows: rows of the `trends` query.
        path: the file to write (`.png`, `.svg`, `.html`); parents are created.

    Returns:
        The path written.

    Raises:
        KGError: `[P006]` no rows; `[P003]` a non-numeric count; `[P005]` an unknown suffix.
    """
    fig = trends_figure(rows)
    table = [(r["type"], r["rank"], r["name"], r["quarter"], _number(r["papers"], "a count"),
              _number(r["centrality"], "a centrality")) for r in rows]
    return _save(fig, path, lambda: _page("Usage per quarter of the most central entities", fig,
                                          ("Kind", "Rank", "Name", "Quarter", "Papers", "Centrality"), table))
