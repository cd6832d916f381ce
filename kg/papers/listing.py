"""A Daily-Papers listing as pasted from the web page: title, abstract, then optional "N authors",
"·" and "Mon D, YYYY [upvotes]" lines; page chrome is skipped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from kg.core.model import Paper
from kg.papers.records import count_or_none, paper_from_mapping
from kg.papers.report import ReadReport
from kg.papers.text import text_lines

__all__ = ["read_listing"]

_AUTHORS = re.compile(r"^(?:[•·*-]\s*)?(\d[\d,]*)\s+authors?$", re.I)
_LONG_DATE = re.compile(r"^([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4})(?:\s+(\d+))?$")
# A month, not any capitalised word: the first title of a listing may be "Gemma 3".
_SHORT_DATE = re.compile(r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? \d{1,2}$")
_SEPARATOR = {"·", "•", "-", "*"}
_CHROME = {
    "new", "get trending papers in your email inbox!", "subscribe", "daily papers",
    "byak and the research community", "trending papers", "submit", "search",
}


def read_listing(raw: BinaryIO, name: str, report: ReadReport) -> Iterator[Paper]:
    """A Daily-Papers listing: title, abstract, then optional "N authors", "·", date [upvotes]."""
    pending: dict[str, Any] | None = None

    def finish(paper: dict[str, Any] | None) -> Iterator[Paper]:
        if paper is None:
            return
        report.read += 1
        if not paper.get("abstract"):
            report.problem(name, paper["line"], f"[R009] listing entry {paper['title'][:60]!r} has no abstract")
            return
        yield paper_from_mapping(paper, source=f"{name}:{paper['line']}")

    for number, line in text_lines(raw):
        text = line.strip()
        if not text or text in _SEPARATOR:
            continue
        if m := _AUTHORS.match(text):
            if pending is not None:
                pending["author_count"] = count_or_none(m.group(1))
            continue
        if m := _LONG_DATE.match(text):
            if pending is not None:
                pending["date"] = _iso_date(m.group(1), m.group(2), m.group(3))
                pending["upvotes"] = m.group(4)
            continue
        if pending is None and (text.lower() in _CHROME or _SHORT_DATE.match(text)):
            continue
        if pending is not None and "abstract" not in pending:
            pending["abstract"] = text
            continue
        yield from finish(pending)
        pending = {"title": text, "line": number}
    yield from finish(pending)


def _iso_date(month: str, day: str, year: str) -> str | None:
    for fmt in ("%b %d %Y", "%B %d %Y"):
        try:
            return datetime.strptime(f"{month[:3] if fmt == '%b %d %Y' else month} {day} {year}", fmt).date().isoformat()
        except ValueError:
            continue
    return None
