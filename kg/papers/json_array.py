"""JSON: an array of records, or an object holding one (`{"papers": [...]}`); a bad entry is reported
with the line it starts on."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from kg.core.errors import RecordError
from kg.core.model import Paper
from kg.papers.jsonl import json_error
from kg.papers.records import paper_from_mapping
from kg.papers.report import ReadReport
from kg.papers.text import text_lines

__all__ = ["read_json"]


def read_json(raw: BinaryIO, name: str, report: ReadReport) -> Iterator[Paper]:
    text = "".join(line for _, line in text_lines(raw))
    if not text.strip():
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        report.read += 1
        report.problem(name, e.lineno, f"[R004] not valid JSON: {e.msg} at column {e.colno}")
        return
    except (ValueError, RecursionError) as e:
        report.read += 1
        report.problem(name, 1, f"[R004] not valid JSON: {json_error(e)}")
        return
    lines = _entry_lines(text, data)
    if isinstance(data, dict):  # {"papers": [...]} or a single record
        data = next((v for v in data.values() if isinstance(v, list)), [data])
    if not isinstance(data, list):
        report.read += 1
        report.problem(name, 1, "[R005] expected a JSON array of records")
        return
    for number, obj in enumerate(data, start=1):
        report.read += 1
        try:
            yield paper_from_mapping(obj, source=f"{name}#{number}")
        except RecordError as e:
            report.problem(name, lines[number - 1] if number <= len(lines) else None, f"entry {number}: {e}")


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _entry_lines(text: str, data: Any) -> list[int]:
    """The line on which each record of a valid JSON text starts (for problem reports).

    The records are the top-level array, the first array value of a top-level
    object, or the object itself; [] for anything else.

    Examples:
        >>> _entry_lines('[\\n {"a": 1},\\n\\n 2]', [{"a": 1}, 2])
        [2, 4]
        >>> _entry_lines('{"n": 1,\\n "papers": [\\n{}, {}]}', {"n": 1, "papers": [{}, {}]})
        [3, 3]
    """
    decoder = json.JSONDecoder()
    pos = _JSON_SPACE.match(text).end()
    if isinstance(data, dict):
        key = next((k for k, v in data.items() if isinstance(v, list)), None)
        if key is None:
            return [text.count("\n", 0, pos) + 1]
        starts: dict[str, int] = {}  # the last occurrence of a key wins, as in json.loads
        pos = _JSON_SPACE.match(text, pos + 1).end()
        while text[pos] != "}":
            name, pos = decoder.raw_decode(text, pos)
            pos = _JSON_SPACE.match(text, _JSON_SPACE.match(text, pos).end() + 1).end()  # past ':'
            starts[name] = pos
            _, pos = decoder.raw_decode(text, pos)
            pos = _JSON_SPACE.match(text, pos).end()
            pos = _JSON_SPACE.match(text, pos + 1).end() if text[pos] == "," else pos
        pos = starts[key]
    elif not isinstance(data, list):
        return []
    lines, line, counted = [], 1, 0
    pos = _JSON_SPACE.match(text, pos + 1).end()  # past '['
    while text[pos] != "]":
        line += text.count("\n", counted, pos)
        counted = pos
        lines.append(line)
        _, pos = decoder.raw_decode(text, pos)
        pos = _JSON_SPACE.match(text, pos).end()
        pos = _JSON_SPACE.match(text, pos + 1).end() if text[pos] == "," else pos
    return lines
