"""Readers: input files -> `Paper` records. First step of the data path; no NLP.

Supported: a Daily-Papers listing (text, as pasted from the web page), JSON
Lines (optionally gzipped), JSON arrays, CSV with a header, arXiv API Atom
feeds. A malformed record is reported with its file and line (or entry) and
skipped; the readers never raise for one bad record.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import logging
import re
import sys
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO
from xml.parsers import expat

from kg.core.errors import InputError, RecordError
from kg.core.ids import paper_id_from_title
from kg.core.model import Paper

log = logging.getLogger(__name__)

FORMATS = ("listing", "jsonl", "json", "csv", "atom")
MAX_PROBLEMS_KEPT = 1000


@dataclass(frozen=True, slots=True)
class Problem:
    """One skipped record or unreadable file: where, and why."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class ReadReport:
    """Counts of a read: records seen, papers kept, records skipped, and why."""

    read: int = 0
    papers: int = 0
    skipped: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    on_problem: Callable[[Problem], None] | None = None

    def problem(self, file: str, line: int | None, message: str) -> None:
        """Record a skipped record (or file) and tell the listener."""
        item = Problem(file, line, message)
        self.skipped += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(item)
        log.warning("%s", item)
        if self.on_problem is not None:
            self.on_problem(item)


def read_papers(
    paths: Iterable[str | Path],
    *,
    report: ReadReport | None = None,
    input_format: str | None = None,
) -> Iterator[Paper]:
    """Papers from every input file, in order, once per paper id.

    Args:
        paths: input files; "-" reads JSON Lines from standard input.
        report: filled with counts and problems as the iterator is consumed.
        input_format: one of FORMATS to override detection by file name.

    Raises:
        InputError: a file does not exist, is a directory, or has an unknown format.

    Examples:
        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "p.jsonl")
        >>> _ = open(path, "w").write('{"id": "1", "title": "T", "abstract": "A."}\\n{"bad"\\n')
        >>> report = ReadReport()
        >>> [p.id for p in read_papers([path], report=report)], report.skipped
        (['1'], 1)
    """
    report = report if report is not None else ReadReport()
    seen: set[str] = set()
    for path in paths:
        for paper in iter_file(path, report=report, input_format=input_format):
            if paper.id in seen:
                report.duplicates += 1
                continue
            seen.add(paper.id)
            report.papers += 1
            yield paper


def check_inputs(paths: Iterable[str | Path]) -> list[str]:
    """The input paths as strings, after checking each exists and is a file.

    Raises:
        InputError: with the first path that is missing or not a regular file.
    """
    out = []
    for path in paths:
        name = str(path)
        if name != "-":
            p = Path(name)
            if not p.exists():
                raise InputError(f"[I001] input file not found: {name}")
            if p.is_dir():
                raise InputError(f"[I002] input is a directory, not a file: {name}")
        out.append(name)
    return out


def detect_format(path: str | Path) -> str:
    """The input format of a file, from its name.

    Examples:
        >>> detect_format("x/arxiv.jsonl.gz"), detect_format("daily.txt"), detect_format("f.atom")
        ('jsonl', 'listing', 'atom')
    """
    name = str(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = name.rsplit(".", 1)[-1] if "." in Path(name).name else ""
    by_suffix = {
        "jsonl": "jsonl", "ndjson": "jsonl", "json": "json", "csv": "csv",
        "atom": "atom", "xml": "atom", "txt": "listing", "md": "listing", "": "listing",
    }
    if suffix not in by_suffix:
        raise InputError(f"[I003] unknown input format for {path}; use one of {', '.join(FORMATS)}")
    return by_suffix[suffix] if name != "-" else "jsonl"


def iter_file(
    path: str | Path, *, report: ReadReport, input_format: str | None = None
) -> Iterator[Paper]:
    """Papers from one file, skipping (and reporting) malformed records."""
    name = str(path)
    fmt = input_format or ("jsonl" if name == "-" else detect_format(name))
    if fmt not in FORMATS:
        raise InputError(f"[I003] unknown input format {fmt!r}; use one of {', '.join(FORMATS)}")
    check_inputs([name])
    try:
        with _open_binary(name) as raw:
            yield from _READERS[fmt](raw, name, report)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as e:
        # A truncated or corrupt gzip, or an unreadable file: keep what was read, report the rest.
        report.problem(name, None, f"[I004] file cannot be read to the end: {e}")


def _open_binary(name: str) -> BinaryIO:
    if name == "-":
        return sys.stdin.buffer
    f = open(name, "rb")
    if f.peek(2)[:2] == b"\x1f\x8b":  # gzip magic, whatever the file is called
        f.close()
        return gzip.GzipFile(name, "rb")  # type: ignore[return-value]  # owns, so closes, its file
    return f


def decode_line(data: bytes) -> str:
    """Text of one input line: UTF-8, else Windows-1252 (a superset of Latin-1).

    Examples:
        >>> decode_line("café".encode("latin-1")), decode_line("café".encode())
        ('café', 'café')
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _text_lines(raw: BinaryIO) -> Iterator[tuple[int, str]]:
    """(line number, text) pairs, handling BOMs and mixed encodings line by line."""
    head = raw.read(4) if hasattr(raw, "read") else b""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = (head + raw.read()).decode("utf-16", errors="replace")
        for number, line in enumerate(io.StringIO(text), start=1):
            yield number, line
        return
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    stream = io.BufferedReader(_Prefixed(head, raw))  # type: ignore[arg-type]
    for number, data in enumerate(stream, start=1):
        yield number, decode_line(data)


class _Prefixed(io.RawIOBase):
    """A raw stream that yields `prefix` and then the rest of `raw` (the peeked BOM)."""

    def __init__(self, prefix: bytes, raw: BinaryIO) -> None:
        self._prefix = prefix
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


# --- JSON Lines and JSON -------------------------------------------------------------------

_ARXIV_ABS = re.compile(r"arxiv\.org/abs/([^\s?#]+?)(v\d+)?$", re.I)


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
    title = _clean(obj.get("title"))
    abstract = obj.get("abstract") if obj.get("abstract") is not None else obj.get("summary")
    if not title:
        raise RecordError("[R002] record has no title")
    if not isinstance(abstract, str) or not abstract.strip():
        raise RecordError("[R003] record has no abstract (or summary) text")
    # kept as given, hard wraps and LaTeX included: offsets index this text, and the extractors
    # read it through `extractors.markup`, which resolves the markup and maps offsets back
    url = _clean(obj.get("url") or obj.get("abs") or obj.get("link"))
    paper_id = _clean(obj.get("id") or obj.get("paper_id") or obj.get("arxiv_id"))
    if not paper_id and url and (m := _ARXIV_ABS.search(url)):
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
        author_count=len(authors) or _int(obj.get("author_count")),
        date=_clean(obj.get("date") or obj.get("published") or obj.get("listing_date")) or None,
        url=url or None,
        categories=tuple(str(c) for c in categories),
        upvotes=_int(obj.get("upvotes")),
        source=source,
    )


def _read_jsonl(raw: BinaryIO, name: str, report: ReadReport) -> Iterator[Paper]:
    for number, line in _text_lines(raw):
        if not line.strip():
            continue
        report.read += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            report.problem(name, number, f"[R004] not valid JSON: {e.msg} at column {e.colno}")
            continue
        except (ValueError, RecursionError) as e:  # an integer too long, arrays nested too deep
            report.problem(name, number, f"[R004] not valid JSON: {_json_error(e)}")
            continue
        try:
            paper = paper_from_mapping(obj, source=f"{name}:{number}")
        except RecordError as e:
            report.problem(name, number, str(e))
            continue
        yield paper


def _read_json(raw: BinaryIO, name: str, report: ReadReport) -> Iterator[Paper]:
    text = "".join(line for _, line in _text_lines(raw))
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
        report.problem(name, 1, f"[R004] not valid JSON: {_json_error(e)}")
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


def _json_error(e: Exception) -> str:
    # json.loads raises RecursionError for deep nesting, ValueError for an integer of > 4300 digits.
    return "nested too deeply" if isinstance(e, RecursionError) else "a number too long to read"


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


def _read_csv(raw: BinaryIO, name: str, report: ReadReport) -> Iterator[Paper]:
    csv.field_size_limit(1 << 30)
    lines = (line for _, line in _text_lines(raw))
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


# --- arXiv Atom ---------------------------------------------------------------------------

_ATOM = "{http://www.w3.org/2005/Atom}"


def _read_atom(raw: BinaryIO, name: str, report: ReadReport) -> Iterator[Paper]:
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
    m = _ARXIV_ABS.search(atom_id.strip())
    return m.group(1) if m else atom_id.strip()


# --- Daily-Papers listing -----------------------------------------------------------------

_AUTHORS = re.compile(r"^(?:[•·*-]\s*)?(\d[\d,]*)\s+authors?$", re.I)
_LONG_DATE = re.compile(r"^([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4})(?:\s+(\d+))?$")
# A month, not any capitalised word: the first title of a listing may be "Gemma 3".
_SHORT_DATE = re.compile(r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? \d{1,2}$")
_SEPARATOR = {"·", "•", "-", "*"}
_CHROME = {
    "new", "get trending papers in your email inbox!", "subscribe", "daily papers",
    "byak and the research community", "trending papers", "submit", "search",
}


def _read_listing(raw: BinaryIO, name: str, report: ReadReport) -> Iterator[Paper]:
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

    for number, line in _text_lines(raw):
        text = line.strip()
        if not text or text in _SEPARATOR:
            continue
        if m := _AUTHORS.match(text):
            if pending is not None:
                pending["author_count"] = _int(m.group(1))
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


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _int(value: Any) -> int | None:
    """A count as an int; None when absent, not a number, or beyond 64 bits (Neo4j's limit).

    Examples:
        >>> _int("1,204"), _int("n/a"), _int(10**30)
        (1204, None, None)
    """
    try:
        number = int(str(value).replace(",", "")) if value not in (None, "") else None
    except ValueError:  # also an integer of more than 4300 digits
        return None
    return number if number is None or abs(number) < 2**63 else None


_READERS: dict[str, Callable[[BinaryIO, str, ReadReport], Iterator[Paper]]] = {
    "listing": _read_listing,
    "jsonl": _read_jsonl,
    "json": _read_json,
    "csv": _read_csv,
    "atom": _read_atom,
}
