"""The most-used datasets and metrics: two bar panels, papers per name."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.core.errors import KGError
from kg.plots.canvas import DATASET, METRIC, new_figure, number, short_title
from kg.plots.files import page, save

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["top_entities_figure", "write_top_entities"]


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
    fig = new_figure(12.0, 1.4 + 0.36 * n)
    for ax, rows, what, colour in zip(
        fig.subplots(1, 2), (datasets, metrics), ("Datasets", "Metrics"), (DATASET, METRIC),
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

        counts = [number(r.get("papers"), f"the paper count of {r.get('name')!r}") for r in shown]
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
    table = [("Dataset", r.get("name"), number(r.get("papers"), "a count")) for r in datasets]
    table += [("Metric", r.get("name"), number(r.get("papers"), "a count")) for r in metrics]
    return save(fig, path, lambda: page("Most used datasets and metrics", fig,
                                          ("Kind", "Name", "Papers"), table))
