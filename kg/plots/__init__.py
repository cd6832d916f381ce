"""Query rows -> charts: a leaderboard, progress over time, the most-used datasets and metrics, usage trends.

The end of the data path for reports: the rows of the canned `leaderboard`, `progress`,
`top_datasets`, `top_metrics` and `trends` queries (`queries/`, run by either store)
become a PNG, an SVG or a self-contained HTML page (the SVG inline, no script,
nothing fetched). matplotlib only, through its Agg canvas and never pyplot, so
no GUI backend or global figure state is involved.

One module per picture: `leaderboard`, `progress`, `top_entities`, `trends`, each with a pure
`*_figure` function that builds a `matplotlib.figure.Figure` (tests count its bars) and a
`write_*` function that picks the format from the file suffix (`kg.plots.files`). What every
chart shares, the figure, colours and printed values, is `kg.plots.canvas`. Text from papers is
drawn with mathtext off (a `$` in a title stays a dollar sign) and is escaped in HTML.
"""

from __future__ import annotations

from kg.plots.canvas import format_value, short_title
from kg.plots.files import FORMATS
from kg.plots.leaderboard import leaderboard_figure, write_leaderboard
from kg.plots.progress import progress_figure, write_progress
from kg.plots.top_entities import top_entities_figure, write_top_entities
from kg.plots.trends import quarter_range, trends_figure, write_trends

__all__ = [
    "FORMATS",
    "format_value",
    "leaderboard_figure",
    "progress_figure",
    "quarter_range",
    "short_title",
    "top_entities_figure",
    "trends_figure",
    "write_leaderboard",
    "write_progress",
    "write_top_entities",
    "write_trends",
]
