"""CSV with a header naming at least `title` and `abstract` (or `summary`)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import BinaryIO

from kg.core.errors import RecordError
from kg.core.model import Paper
from kg.papers.records import paper_from_mapping
from kg.papers.report import ReadReport
from kg.papers.text import text_lines

__all__ = ["read_csv"]


def read_csv(raw: BinaryIO, name: str, report: ReadReport) -> Iterator[Paper]:
    csv.field_size_limit(1 << 30)
    lines = (line for _, line in text_lines(raw))
    reader = csv.DictReader(lines)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as e:
        report.problem(name, 1, f"[R006] unreadable CSV header: {e}")
        return
    if "title" not in header or not ({"abstract", "summary"} & set(header)):
        report.problem(name, 1, "[R007] CSV header must name 'title' and 'abstract' columns")
        return
    reader.fieldnames = header
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            report.read += 1
            report.problem(name, reader.line_num, f"[R006] malformed CSV row: {e}")
            continue
        report.read += 1
        try:
            yield paper_from_mapping(row, source=f"{name}:{reader.line_num}")
        except RecordError as e:
            report.problem(name, reader.line_num, str(e))
