"""The leaderboard: one bar per result on a dataset and metric, the best at the top."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.core.errors import KGError
from kg.core.graph import metric_lower_is_better
from kg.plots.canvas import BAR, BEST, format_value, new_figure, number, short_title
from kg.plots.files import page, save

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["leaderboard_figure", "write_leaderboard"]


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
    values = [number(r.get("value"), f"the result of {r.get('model') or 'a model'}") for r in shown]
    labels = []
    for r in shown:
        model = str(r.get("model") or "(model not named)")
        paper = short_title(r.get("title") or r.get("paper"))
        labels.append(f"{short_title(model, 40)}\n{paper}")
    units = {str(r.get("unit")) for r in shown if r.get("unit")}
    unit = units.pop() if len(units) == 1 else None

    fig = new_figure(10.0, 1.6 + 0.62 * len(shown))
    ax = fig.add_subplot()
    positions = list(range(len(shown)))
    colours = [BEST if i == 0 else BAR for i in positions]
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
        (i + 1, r.get("model"), number(r.get("value"), "a result"), r.get("unit"), r.get("title"),
         r.get("paper"),
         r.get("evidence"))
        for i, r in enumerate(rows)
    ]
    header = ("#", "Model", "Value", "Unit", "Paper", "Id", "Evidence")
    return save(fig, path, lambda: page(title, fig, header, table))
