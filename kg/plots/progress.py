"""Progress over time: the best-so-far value on a dataset and metric, every result behind it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.core.errors import KGError
from kg.core.graph import metric_lower_is_better
from kg.plots.canvas import BAR, BEST, POINT, format_value, new_figure, number, short_title
from kg.plots.files import page, save

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["progress_figure", "write_progress"]


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
    values = [number(r.get("value"), f"the result of {r.get('model') or 'a model'}") for _, r in dated]
    behind = [(_day(r.get("date")), r) for r in points]
    behind = [(day, number(r.get("value"), "a result")) for day, r in behind if day is not None]
    last = max([*days, *(day for day, _ in behind)])

    fig = new_figure(10.0, 5.0)
    ax = fig.add_subplot()
    if behind:
        ax.scatter([d for d, _ in behind], [v for _, v in behind], s=14, color=POINT, alpha=0.6,
                   label="every result", zorder=2)
    # the line holds each best value until the next step, and to the last result's date
    ax.plot([*days, last], [*values, values[-1]], drawstyle="steps-post", color=BAR, linewidth=2,
            label="best so far", zorder=3)
    ax.scatter(days, values, s=36, color=BEST, zorder=4)
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
    table = [(r.get("date"), r.get("model"), number(r.get("value"), "a result"), r.get("unit"), r.get("settings"),
              "own" if r.get("own", True) else "quoted", r.get("title"), r.get("paper"), r.get("evidence"))
             for r in steps]
    header = ("Date", "Model", "Value", "Unit", "Settings", "Own", "Paper", "Id", "Evidence")
    return save(fig, path, lambda: page(title, fig, header, table))
