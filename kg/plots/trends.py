"""Usage trends: papers per quarter of the most central datasets, methods and models."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.core.errors import KGError
from kg.plots.canvas import new_figure, number, short_title
from kg.plots.files import page, save

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["quarter_range", "trends_figure", "write_trends"]


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
    fig = new_figure(13.0, 4.2)
    for ax, kind in zip(fig.subplots(1, len(_TREND_KINDS), sharey=False), _TREND_KINDS, strict=True):
        ax.set_title(f"Most central {kind.lower()}s: papers per quarter", parse_math=False, fontsize=10)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        lines: dict[tuple[Any, str], dict[str, float]] = {}
        for r in rows:
            if r["type"] == kind:
                lines.setdefault((r["rank"], str(r["name"])), {})[str(r["quarter"])] = number(
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
    table = [(r["type"], r["rank"], r["name"], r["quarter"], number(r["papers"], "a count"),
              number(r["centrality"], "a centrality")) for r in rows]
    return save(fig, path, lambda: page("Usage per quarter of the most central entities", fig,
                                          ("Kind", "Rank", "Name", "Quarter", "Papers", "Centrality"), table))
