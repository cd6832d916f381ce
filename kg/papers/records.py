"""One input record (a JSON object, a CSV row, an Atom entry, a listing entry) -> a `Paper`."""

from __future__ import annotations

import re
from typing import Any

from kg.core.errors import RecordError
from kg.core.ids import paper_id_from_title
from kg.core.model import Paper

__all__ = ["ARXIV_ABS", "count_or_none", "one_line", "paper_from_mapping"]

ARXIV_ABS = re.compile(r"arxiv\.org/abs/([^\s?#]+?)(v\d+)?$", re.I)


def paper_from_mapping(obj: Any, *, source: str) -> Paper:
    """A Paper from a JSON/CSV record with `title` and `abstract` (or `summary`).

    Raises:
        RecordError: the record is not an object or lacks a title or abstract.

    Examples:
        >>> paper_from_mapping({"title": " T ", "summary": "An abstract.", "authors": "A, B"}, source="f:1").authors
        ('A', 'B')
    """
    if not isinstance(obj, dict):
        raise RecordError(f"[R001] expected an object with title and abstract, got {type(obj).__name__}")
    title = one_line(obj.get("title"))
    abstract = obj.get("abstract") if obj.get("abstract") is not None else obj.get("summary")
    if not title:
        raise RecordError("[R002] record has no title")
    if not isinstance(abstract, str) or not abstract.strip():
        raise RecordError("[R003] record has no abstract (or summary) text")
    # kept as given, hard wraps and LaTeX included: offsets index this text, and the extractors
    # read it through `extractors.markup`, which resolves the markup and maps offsets back
    url = one_line(obj.get("url") or obj.get("abs") or obj.get("link"))
    paper_id = one_line(obj.get("id") or obj.get("paper_id") or obj.get("arxiv_id"))
    if not paper_id and url and (m := ARXIV_ABS.search(url)):
        paper_id = m.group(1)
    authors = obj.get("authors") or ()
    if isinstance(authors, str):
        authors = [a.strip() for a in re.split(r",|;| and ", authors) if a.strip()]
    elif not isinstance(authors, (list, tuple)):
        authors = ()  # a number or an object is not an author list: drop it, keep the paper
    categories = obj.get("categories") or ()
    if isinstance(categories, str):
        categories = categories.replace(",", " ").split()
    elif not isinstance(categories, (list, tuple)):
        categories = ()
    return Paper(
        id=paper_id or paper_id_from_title(title),
        title=title,
        abstract=abstract,
        authors=tuple(str(a) for a in authors if isinstance(a, (str, int))),
        author_count=len(authors) or count_or_none(obj.get("author_count")),
        date=one_line(obj.get("date") or obj.get("published") or obj.get("listing_date")) or None,
        url=url or None,
        categories=tuple(str(c) for c in categories),
        upvotes=count_or_none(obj.get("upvotes")),
        source=source,
    )


def one_line(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def count_or_none(value: Any) -> int | None:
    """A count as an int; None when absent, not a number, or beyond 64 bits (Neo4j's limit).

    Examples:
        >>> count_or_none("1,204"), count_or_none("n/a"), count_or_none(10**30)
        (1204, None, None)
    """
    try:
        number = int(str(value).replace(",", "")) if value not in (None, "") else None
    except ValueError:  # also an integer of more than 4300 digits
        return None
    return number if number is None or abs(number) < 2**63 else None
