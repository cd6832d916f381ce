"""arXiv API Atom feeds, streamed: one entry in memory at a time, each problem with its line."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.parsers import expat

from kg.core.errors import RecordError
from kg.core.model import Paper
from kg.papers.records import ARXIV_ABS, paper_from_mapping
from kg.papers.report import ReadReport

__all__ = ["read_atom"]

_ATOM = "{http://www.w3.org/2005/Atom}"


def read_atom(raw: BinaryIO, name: str, report: ReadReport) -> Iterator[Paper]:
    number = 0
    try:
        for line, entry in _atom_entries(raw):
            number += 1
            report.read += 1
            try:
                yield _paper_from_entry(entry, source=f"{name}#entry{number}")
            except RecordError as e:
                report.problem(name, line, f"entry {number}: {e}")
    except _AtomError as e:
        report.read += 1
        report.problem(name, e.line, f"[R008] malformed XML after entry {number}: {e}")


class _AtomError(Exception):
    """Malformed XML, at a line (expat errors and unsupported encodings alike)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def _atom_entries(raw: BinaryIO) -> Iterator[tuple[int, ET.Element]]:
    """(line of the start tag, element) of each Atom entry, streaming.

    expat is driven directly, not through ElementTree, because only it knows the
    line of each tag; only the inside of one entry is ever held in memory.

    Raises:
        _AtomError: the XML is malformed; entries before the error have been yielded.
    """
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    done: list[tuple[int, ET.Element]] = []
    state: dict[str, Any] = {"builder": None, "depth": 0, "line": 0}

    def tag(qname: str) -> str:
        return "{" + qname if "}" in qname else qname

    def start(qname: str, attrs: dict[str, str]) -> None:
        if state["builder"] is None:
            if tag(qname) != f"{_ATOM}entry":
                return
            state.update(builder=ET.TreeBuilder(), depth=0, line=parser.CurrentLineNumber)
        state["depth"] += 1
        state["builder"].start(tag(qname), {tag(k): v for k, v in attrs.items()})

    def end(qname: str) -> None:
        if state["builder"] is not None:
            state["builder"].end(tag(qname))
            state["depth"] -= 1
            if state["depth"] == 0:
                done.append((state["line"], state["builder"].close()))
                state["builder"] = None

    def data(text: str) -> None:
        if state["builder"] is not None:
            state["builder"].data(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    final = False
    while not final:
        chunk = raw.read(1 << 16)
        final = not chunk
        try:
            parser.Parse(chunk, final)
        except expat.ExpatError as e:
            yield from done
            raise _AtomError(str(e), e.lineno) from e
        except (LookupError, ValueError) as e:  # unknown or multi-byte encoding declared
            yield from done
            raise _AtomError(str(e), parser.CurrentLineNumber) from e
        yield from done
        done.clear()


def _paper_from_entry(entry: ET.Element, *, source: str) -> Paper:
    def text(tag: str) -> str | None:
        el = entry.find(f"{_ATOM}{tag}")
        return el.text if el is not None else None

    link = next(
        (el.get("href") for el in entry.findall(f"{_ATOM}link") if el.get("rel", "alternate") == "alternate"),
        None,
    )
    record = {
        "id": _arxiv_id(text("id")),
        "title": " ".join((text("title") or "").split()),
        "abstract": text("summary"),
        "published": text("published"),
        "url": link or text("id"),
        "authors": [
            n.text for a in entry.findall(f"{_ATOM}author") if (n := a.find(f"{_ATOM}name")) is not None and n.text
        ],
        "categories": [c.get("term") for c in entry.findall(f"{_ATOM}category") if c.get("term")],
    }
    return paper_from_mapping(record, source=source)


def _arxiv_id(atom_id: str | None) -> str | None:
    if not atom_id:
        return None
    m = ARXIV_ABS.search(atom_id.strip())
    return m.group(1) if m else atom_id.strip()
