"""Readers: input files -> `Paper` records. First step of the data path; no NLP.

`read_papers` reads any mix of files, one reader per format, each in a module of its own:
a Daily-Papers listing (`listing`, text as pasted from the web page), JSON Lines
(`jsonl`), JSON arrays (`json_array`), CSV with a header (`csv_table`) and arXiv API
Atom feeds (`atom`). Every file may be gzipped (`text` opens and decodes them all).
A malformed record is reported with its file and line (or entry) in the `ReadReport`
and skipped; the readers never raise for one bad record.

A new format is a module with a `read_<format>(raw, name, report)` generator, added to
`READERS` and to `SUFFIXES`.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from kg.core.errors import InputError
from kg.core.model import Paper
from kg.papers.atom import read_atom
from kg.papers.csv_table import read_csv
from kg.papers.json_array import read_json
from kg.papers.jsonl import read_jsonl
from kg.papers.listing import read_listing
from kg.papers.report import Problem, ReadReport
from kg.papers.text import open_binary

__all__ = ["FORMATS", "READERS", "SUFFIXES", "Problem", "ReadReport", "check_inputs", "detect_format", "iter_file", "read_papers"]

# format -> reader of one open file: (bytes, file name for problems, report) -> papers
READERS: dict[str, Callable[[BinaryIO, str, ReadReport], Iterator[Paper]]] = {
    "listing": read_listing,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "atom": read_atom,
}
FORMATS = tuple(READERS)
# file suffix (after any .gz) -> format; no suffix is a listing
SUFFIXES: dict[str, str] = {
    "jsonl": "jsonl", "ndjson": "jsonl", "json": "json", "csv": "csv",
    "atom": "atom", "xml": "atom", "txt": "listing", "md": "listing", "": "listing",
}


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
    if suffix not in SUFFIXES:
        raise InputError(f"[I003] unknown input format for {path}; use one of {', '.join(FORMATS)}")
    return SUFFIXES[suffix] if name != "-" else "jsonl"


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
        with open_binary(name) as raw:
            yield from READERS[fmt](raw, name, report)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as e:
        # A truncated or corrupt gzip, or an unreadable file: keep what was read, report the rest.
        report.problem(name, None, f"[I004] file cannot be read to the end: {e}")
