"""What every chart shares: the figure, the colours, and how values and titles are printed.

matplotlib through its Agg canvas only, never pyplot, so no GUI backend or global figure state
is involved. Text from papers is drawn with mathtext off (a `$` in a title stays a dollar sign).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from kg.core.errors import KGError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["format_value", "new_figure", "number", "short_title"]

BAR = "#4e79a7"
BEST = "#f28e2b"
DATASET = "#76b7b2"
METRIC = "#59a14f"
POINT = "#9c9c9c"
_DPI = 120


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



def number(value: Any, what: str) -> float:
    """A row's value as a finite float; `[P003]` names `what` when it is none."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        out = math.nan
    if not math.isfinite(out):
        raise KGError(f"[P003] {what} has no numeric value: {value!r}")
    return out


def new_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig

