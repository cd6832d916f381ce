"""JSON Lines: one record per line; a line that is not a JSON object with a title and an abstract is
reported with its line number and skipped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from kg.core.errors import RecordError
from kg.core.model import Paper
from kg.papers.records import paper_from_mapping
from kg.papers.report import ReadReport
from kg.papers.text import text_lines

__all__ = ["json_error", "read_jsonl"]


def read_jsonl(raw: BinaryIO, name: str, report: ReadReport) -> Iterator[Paper]:
    for number, line in text_lines(raw):
        if not line.strip():
            continue
        report.read += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            report.problem(name, number, f"[R004] not valid JSON: {e.msg} at column {e.colno}")
            continue
        except (ValueError, RecursionError) as e:  # an integer too long, arrays nested too deep
            report.problem(name, number, f"[R004] not valid JSON: {json_error(e)}")
            continue
        try:
            paper = paper_from_mapping(obj, source=f"{name}:{number}")
        except RecordError as e:
            report.problem(name, number, str(e))
            continue
        yield paper


def json_error(e: Exception) -> str:
    """Why `json.loads` refused a text that is not a syntax error."""
    # json.loads raises RecursionError for deep nesting, ValueError for an integer of > 4300 digits.
    return "nested too deeply" if isinstance(e, RecursionError) else "a number too long to read"
