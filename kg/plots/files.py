"""A chart as a file: PNG, SVG, or a self-contained HTML page (the SVG inline and a table of the
rows; no script, nothing fetched). The format is the file's suffix; text from papers is escaped.
"""

from __future__ import annotations

import html
import io
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.core.errors import KGError
from kg.plots.canvas import format_value

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FORMATS", "page", "save", "svg"]

log = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = (".png", ".svg", ".html", ".htm")
# No creation date or tool version in the files, so equal rows give equal bytes.
SVG_META = {"Date": None, "Creator": None, "Format": None, "Type": None}
PNG_META = {"Software": None}


def svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata=SVG_META)
    text = buf.getvalue()
    # Inline SVG in HTML needs neither the XML declaration nor the DOCTYPE.
    return text[text.index("<svg"):]


_PAGE_CSS = (
    "body{font-family:sans-serif;margin:16px;color:#222}h1{font-size:18px}"
    "svg{max-width:100%;height:auto}table{border-collapse:collapse;font-size:12px;margin-top:12px}"
    "th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}"
    "th{background:#f4f4f4}td.num{text-align:right}"
)


def page(title: str, fig: Figure, header: Sequence[str], table: Sequence[Sequence[Any]]) -> str:
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
        f"<h1>{html.escape(title)}</h1>\n<figure>{svg(fig)}</figure>\n"
        f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>\n</body>\n</html>\n"
    )


def save(fig: Figure, path: str | Path, page: Callable[[], str]) -> Path:
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise KGError(f"[P005] cannot write {out.name!r}: use one of {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix in (".html", ".htm"):
        out.write_text(page(), encoding="utf-8")
    else:
        fig.savefig(out, format=suffix[1:], metadata=PNG_META if suffix == ".png" else SVG_META)
    log.info("wrote %s", out)
    return out
