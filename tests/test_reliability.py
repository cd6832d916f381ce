"""Reliability and security without Neo4j: hostile input files, stores that cannot be
opened, interrupted and repeated builds, hostile text in the embedded store.

Readers are checked with hypothesis: whatever the bytes, no exception escapes; every
bad record is reported with its file and line; the good records around it are kept.
"""

from __future__ import annotations

import codecs
import csv
import gc
import gzip
import io
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import queries
from extractors.quantities import find_quantities, parse_quantity
from kg.graph import GraphRows, Node, graph_rows
from kg.ids import entity_key, paper_id_from_title
from kg.model import Claim, Entity, Evidence, Extraction, Mention, Paper, Result
from kg.papers import ReadReport, read_papers
from kg.stores import open_store
from kg.stores.rdf import STATS_GRAPH_IRI

from .conftest import REPO, TEST_DATA

KG = [sys.executable, "-m", "kg.cli"]
# PYTHONPATH: the subprocesses must import this checkout whatever their working directory.
ENV = {**os.environ, "COLUMNS": "200", "PAPERKG_STORE": "", "PYTHONPATH": str(REPO)}
# Builds compared across processes share a hash seed: extraction still depends on it
# (see test_reliability_extraction_does_not_depend_on_the_hash_seed).
SEEDED = {"PYTHONHASHSEED": "0"}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODE = re.compile(r"\[[A-Z]\d{3}\]")
ATOM_NS = "http://www.w3.org/2005/Atom"


def kg(*args, cwd=None, check=True, env=None, timeout=600):
    proc = subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, cwd=cwd or REPO,
                          env={**ENV, **(env or {})}, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(map(str, args))} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """One folder for the files hypothesis writes (each example overwrites its file)."""
    return tmp_path_factory.mktemp("reliability")


def read_file(path: Path, data: bytes) -> tuple[list[Paper], ReadReport]:
    path.write_bytes(data)
    report = ReadReport()
    return list(read_papers([path], report=report)), report


def check_report(papers: list[Paper], report: ReadReport, path: Path, data: bytes | None) -> None:
    """What holds for any input: counts add up, problems are coded and located, papers are clean."""
    assert report.papers == len(papers) and len({p.id for p in papers}) == len(papers)
    assert len(papers) + report.duplicates <= report.read
    assert report.skipped == len(report.problems)
    # expat also counts a lone CR as a line break
    max_line = data.count(b"\n") + data.count(b"\r") + 1 if data is not None else None
    for problem in report.problems:
        assert problem.file == str(path)
        assert CODE.search(problem.message), problem
        if "[I004]" in problem.message:  # the file itself (a broken gzip): no line to name
            continue
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        if max_line is not None:
            assert problem.line <= max_line, problem
    for paper in papers:
        assert paper.id and paper.title and paper.abstract
        assert paper.title == " ".join(paper.title.split())
        assert paper.abstract.strip()  # kept as given (hard wraps too): offsets index it


# --- any bytes, any text -----------------------------------------------------------------------

SUFFIXES = ["txt", "jsonl", "json", "csv", "xml", "jsonl.gz"]
# Valid openings, so that random bytes also reach the record-level code of each reader.
PREFIXES = {
    "txt": [b"", b"A title\nAn abstract.\n"],
    "jsonl": [b"", b'{"title": "T", "abstract": "A."}\n', b'{"title": "T", "abstract": '],
    "json": [b"", b"[", b'[{"title": "T", "abstract": "A."}, ', b'{"papers": ['],
    "csv": [b"", b"title,abstract\n", b'id,title,abstract\n1,"T","A\n'],
    "xml": [b"", f'<feed xmlns="{ATOM_NS}"><entry><title>T</title>'.encode(),
            f'<?xml version="1.0" encoding="ISO-8859-1"?><feed xmlns="{ATOM_NS}">'.encode()],
    "jsonl.gz": [b"", b"\x1f\x8b", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"],
}


@FAST
@given(suffix=st.sampled_from(SUFFIXES), prefix_index=st.integers(0, 3), data=st.binary(max_size=3000))
@example(suffix="jsonl", prefix_index=0, data=b"[" * 100_000)  # nested too deep for json
@example(suffix="json", prefix_index=0, data=b"[" * 100_000)
@example(suffix="jsonl", prefix_index=0, data=b'{"upvotes": ' + b"9" * 5000 + b"}")  # int longer than Python reads
@example(suffix="jsonl.gz", prefix_index=2, data=b"\x00" * 64)  # zlib.error, not an OSError
@example(suffix="xml", prefix_index=0, data=b'<?xml version="1.0" encoding="x-nope"?><feed/>')
@example(suffix="xml", prefix_index=0, data=b'<?xml version="1.0" encoding="shift_jis"?><feed/>')
@example(suffix="txt", prefix_index=1, data=b"9" * 5000 + b" authors\n")
def test_reliability_any_bytes_never_raise(scratch, suffix, prefix_index, data):
    prefixes = PREFIXES[suffix]
    data = prefixes[prefix_index % len(prefixes)] + data
    if suffix.endswith(".gz") and prefix_index == 0:
        data = gzip.compress(data)  # well-formed gzip of random bytes
    path = scratch / f"any.{suffix}"
    papers, report = read_file(path, data)
    check_report(papers, report, path, None if suffix.endswith(".gz") else data)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]


@FAST
@given(suffix=st.sampled_from(SUFFIXES[:-1]), encoding=st.sampled_from(ENCODINGS), text=st.text(max_size=400))
def test_reliability_any_text_in_any_encoding_never_raises(scratch, suffix, encoding, text):
    data = text.encode(encoding, errors="replace")
    path = scratch / f"text.{suffix}"
    papers, report = read_file(path, data)
    check_report(papers, report, path, data)


# --- good and bad records: exact papers, exact problem lines ------------------------------------

# Titles and abstracts: any text, including quotes, commas, braces and line breaks; the readers
# collapse whitespace, so the expected values are collapsed too.
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40).filter(lambda s: s.strip())
# XML 1.0 cannot hold most control characters or U+FFFE/U+FFFF.
XML_TEXT = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufffe\uffff"), min_size=1, max_size=40
).filter(lambda s: s.strip())
# For cp1252 files: no character whose cp1252 byte could continue a UTF-8 sequence, so a line
# is never misread as UTF-8 (the reader tries UTF-8 first, line by line).
LATIN = st.text(st.sampled_from([chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xC0, 0x100)]),
                min_size=1, max_size=40).filter(lambda s: s.strip())


def norm(text: str) -> str:
    return " ".join(text.split())


def good_record(i: int, title: str, abstract: str) -> dict:
    return {"id": f"p{i}", "title": f"Paper {i}x: {title}", "abstract": f"We study {abstract}."}


BAD_JSON_RECORDS = [
    ["a", "list"], 42, "a string", None, {"abstract": "No title."}, {"title": "No abstract"},
    {"title": "Empty abstract", "abstract": "   "}, {"title": "Abstract is a number", "abstract": 3},
    {"title": "", "abstract": "Empty title."},
]
BAD_JSONL_LINES = [json.dumps(r) for r in BAD_JSON_RECORDS] + [
    '{"title": "truncated', "not json at all", "[" * 5000, '{"title": "T", "abstract": "A", "n": ' + "1" * 5000 + "}",
]


@st.composite
def record_plan(draw, text=TEXT, bad=None):
    """A list of ("good", record) and ("bad", index) items with at least one of each."""
    n = draw(st.integers(2, 8))
    kinds = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(lambda k: any(k) and not all(k)))
    plan = []
    for i, is_good in enumerate(kinds):
        if is_good:
            plan.append(("good", good_record(i, draw(text), draw(text))))
        else:
            plan.append(("bad", draw(st.integers(0, (bad or 100) - 1))))
    return plan


def expect(plan, lines):
    """Expected (ids, titles, problem lines) of a plan whose items start at `lines`."""
    goods = [r for kind, r in plan if kind == "good"]
    bad_lines = [line for (kind, _), line in zip(plan, lines) if kind == "bad"]
    return [r["id"] for r in goods], [norm(r["title"]) for r in goods], bad_lines


def check_plan(scratch, name, data, plan, lines):
    path = scratch / name
    papers, report = read_file(path, data)
    check_report(papers, report, path, data if not name.endswith(".gz") else None)
    ids, titles, bad_lines = expect(plan, lines)
    assert [p.id for p in papers] == ids
    assert [p.title for p in papers] == titles
    assert [p.line for p in report.problems] == bad_lines, [str(p) for p in report.problems]


def render_jsonl(plan, blank_lines):
    out, lines, line = [], [], 1
    for (kind, rec), blanks in zip(plan, blank_lines):
        out.extend([""] * blanks)
        line += blanks
        lines.append(line)
        bad = BAD_JSONL_LINES[rec % len(BAD_JSONL_LINES)] if kind == "bad" else None
        out.append(json.dumps(rec, ensure_ascii=False) if bad is None else bad)
        line += 1
    return "\n".join(out) + "\n", lines


@FAST
@given(plan=record_plan(), blanks=st.lists(st.integers(0, 2), min_size=8, max_size=8),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]), gz=st.booleans())
def test_reliability_jsonl_good_and_bad_records(scratch, plan, blanks, encoding, gz):
    text, lines = render_jsonl(plan, blanks)
    data = text.encode(encoding)
    check_plan(scratch, "plan.jsonl.gz" if gz else "plan.jsonl", gzip.compress(data) if gz else data, plan, lines)


def render_json(plan, wrapped):
    head = '{"count": 3,\n "papers": [\n' if wrapped else "[\n"
    parts, lines, line = [], [], head.count("\n") + 1
    for kind, rec in plan:
        value = rec if kind == "good" else BAD_JSON_RECORDS[rec % len(BAD_JSON_RECORDS)]
        part = json.dumps(value, indent=1, ensure_ascii=False)
        lines.append(line)
        parts.append(part)
        line += part.count("\n") + 1
    return head + ",\n".join(parts) + ("\n]}\n" if wrapped else "\n]\n"), lines


@FAST
@given(plan=record_plan(), wrapped=st.booleans(), encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_reliability_json_good_and_bad_records(scratch, plan, wrapped, encoding):
    text, lines = render_json(plan, wrapped)
    check_plan(scratch, "plan.json", text.encode(encoding), plan, lines)


BAD_CSV_ROWS = [["b1", "", "A title-less row."], ["b2", "An abstract-less row", ""], ["b3"], ["b4", "   ", "  "]]


def render_csv(plan):
    buf = io.StringIO()
    writer = csv.writer(buf)  # RFC 4180 line ends (\r\n), so a CR inside a field is quoted
    writer.writerow(["id", "title", "abstract"])
    lines = []
    for kind, rec in plan:
        row = [rec["id"], rec["title"], rec["abstract"]] if kind == "good" else BAD_CSV_ROWS[rec % len(BAD_CSV_ROWS)]
        writer.writerow(row)
        lines.append(buf.getvalue().count("\n"))  # csv names the line a row ends on
    return buf.getvalue(), lines


@FAST
@given(plan=record_plan(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_reliability_csv_good_and_bad_records(scratch, plan, encoding):
    text, lines = render_csv(plan)
    check_plan(scratch, "plan.csv", text.encode(encoding), plan, lines)


BAD_ENTRIES = [
    "<entry>\n  <id>http://arxiv.org/abs/bad.1v1</id>\n  <title>No summary</title>\n</entry>",
    "<entry>\n  <title>   </title>\n  <summary>Blank title.</summary>\n</entry>",
    "<entry>\n  <summary>No title at all.</summary>\n</entry>",
    "<entry/>",
]


def render_atom(plan, declaration):
    head = (f'<?xml version="1.0" encoding="{declaration}"?>\n' if declaration else "") + f'<feed xmlns="{ATOM_NS}">\n'
    parts, lines, line = [], [], head.count("\n") + 1
    for kind, rec in plan:
        if kind == "good":
            part = (f"<entry>\n  <id>http://arxiv.org/abs/{rec['id']}v2</id>\n  <title>{escape(rec['title'])}</title>\n"
                    f"  <summary>{escape(rec['abstract'])}</summary>\n</entry>")
        else:
            part = BAD_ENTRIES[rec % len(BAD_ENTRIES)]
        lines.append(line)
        parts.append(part)
        line += part.count("\n") + 1
    return head + "\n".join(parts) + "\n</feed>\n", lines


@FAST
@given(plan=record_plan(text=XML_TEXT), encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_reliability_atom_good_and_bad_entries(scratch, plan, encoding):
    text, lines = render_atom(plan, encoding.upper())
    check_plan(scratch, "plan.xml", text.encode(encoding), plan, lines)


def render_listing(plan):
    """Title, abstract, then sometimes the page's meta lines; a bad entry (a title with no
    abstract) can only be told apart at the end of a listing, so the plan's bad items are dropped
    and one is appended."""
    out, lines = [], []
    goods = [(kind, rec) for kind, rec in plan if kind == "good"]
    for i, (_, rec) in enumerate(goods):
        lines.append(len(out) + 1)
        out += [rec["title"], rec["abstract"], ""]
        if i % 2:
            out += ["  • 3 authors", "·", "Mar 12, 2020 7", ""]
    lines.append(len(out) + 1)
    out.append("Paper 99x: a title with no abstract")
    return "\n".join(out) + "\n", goods + [("bad", 0)], lines


@FAST
@given(plan=record_plan(text=st.text(st.characters(blacklist_categories=["Cs", "Zl", "Zp", "Cc"]), min_size=1,
                                     max_size=40).filter(lambda s: s.strip())),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_reliability_listing_good_and_bad_entries(scratch, plan, encoding):
    text, plan, lines = render_listing(plan)
    path = scratch / "plan.txt"
    papers, report = read_file(path, text.encode(encoding))
    check_report(papers, report, path, text.encode(encoding))
    goods = [r for kind, r in plan if kind == "good"]
    assert [p.title for p in papers] == [norm(r["title"]) for r in goods]
    assert [p.id for p in papers] == [paper_id_from_title(norm(r["title"])) for r in goods]
    assert [int(p.source.rsplit(":", 1)[1]) for p in papers] == lines[:-1]
    assert [(p.author_count, p.date, p.upvotes) for p in papers] == [
        (3, "2020-03-12", 7) if i % 2 else (None, None, None) for i in range(len(papers))]
    assert [p.line for p in report.problems] == lines[-1:]


@FAST
@given(plan=record_plan(text=LATIN), fmt=st.sampled_from(["jsonl", "csv", "json", "xml"]))
def test_reliability_latin1_files_read_like_utf8(scratch, plan, fmt):
    render = {"jsonl": lambda p: render_jsonl(p, [0] * 8), "csv": render_csv, "json": lambda p: render_json(p, False),
              "xml": lambda p: render_atom(p, "ISO-8859-1")}[fmt]
    text, lines = render(plan)
    check_plan(scratch, f"latin.{fmt}", text.encode("cp1252"), plan, lines)


GOOD, BAD = '{"id": "g%d", "title": "Good %d", "abstract": "Fine."}', '{"id": "b", "title": "Bad"}'
GOOD_BAD_GOOD = {
    "jsonl": ("\n".join([GOOD % (1, 1), BAD, GOOD % (2, 2)]) + "\n", 2),
    "json": ("[\n" + ",\n".join([GOOD % (1, 1), BAD, GOOD % (2, 2)]) + "\n]\n", 3),
    "csv": ('id,title,abstract\ng1,Good 1,Fine.\nb,Bad,\ng2,"Good\n2",Fine.\n', 3),
    "xml": (f'<feed xmlns="{ATOM_NS}">\n<entry><id>g1</id><title>Good 1</title><summary>Fine.</summary></entry>\n'
            "<entry><id>b</id><title>Bad</title></entry>\n"
            "<entry><id>g2</id><title>Good 2</title><summary>Fine.</summary></entry>\n</feed>\n", 3),
    "txt": ("Good 1\nFine.\n\nGood 2\nFine.\n\nBad\n", 7),
}


@pytest.mark.parametrize("fmt", sorted(GOOD_BAD_GOOD))
def test_reliability_good_bad_good_is_two_papers_and_one_problem(tmp_path, fmt):
    text, bad_line = GOOD_BAD_GOOD[fmt]
    path = tmp_path / f"gbg.{fmt}"
    papers, report = read_file(path, text.encode())
    assert [norm(p.title) for p in papers] == ["Good 1", "Good 2"]
    assert [(p.file, p.line) for p in report.problems] == [(str(path), bad_line)]
    assert f"{path}:{bad_line}: " in str(report.problems[0])


def test_reliability_listing_first_title_that_looks_like_a_date_is_kept(tmp_path):
    text = "Daily Papers\n\nJan 5\n\nGemma 3\nAn abstract.\n\nSecond paper\nAnother abstract.\n"
    papers, report = read_file(tmp_path / "daily.txt", text.encode())
    assert [(p.title, p.abstract) for p in papers] == [
        ("Gemma 3", "An abstract."), ("Second paper", "Another abstract.")]
    assert not report.problems


# --- broken files --------------------------------------------------------------------------------


def jsonl_of(n: int) -> bytes:
    return "".join(json.dumps(good_record(i, "t", "a")) + "\n" for i in range(n)).encode()


@FAST
@given(n=st.integers(1, 60), cut=st.floats(0, 1, exclude_max=True))
def test_reliability_truncated_gzip_keeps_a_prefix_and_says_so(scratch, n, cut):
    data = gzip.compress(jsonl_of(n))
    path = scratch / "cut.jsonl.gz"
    papers, report = read_file(path, data[: 2 + int((len(data) - 3) * cut)])  # at least the magic number
    check_report(papers, report, path, None)
    assert [p.id for p in papers] == [f"p{i}" for i in range(len(papers))]
    assert len(papers) < n and report.problems
    assert any("[I004]" in p.message for p in report.problems)


@FAST
@given(n=st.integers(1, 60),
       flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 255)), min_size=1, max_size=5))
def test_reliability_corrupt_gzip_never_raises(scratch, n, flips):
    data = bytearray(gzip.compress(jsonl_of(n)))
    for at, mask in flips:
        data[at % len(data)] ^= mask
    path = scratch / "flip.jsonl.gz"
    papers, report = read_file(path, bytes(data))
    check_report(papers, report, path, None)


def test_reliability_gzip_inputs_leave_no_file_open(tmp_path):
    path = tmp_path / "p.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl_of(3)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            assert len(list(read_papers([path]))) == 3
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


TEN_MB = 10 * 1024 * 1024


@pytest.mark.parametrize("fmt", ["jsonl", "jsonl.gz", "json", "csv", "xml", "txt"])
def test_reliability_ten_megabyte_lines(tmp_path, fmt):
    """A 10 MB bad record between good ones (and a 10 MB good one): 2 papers, 1 problem, right line."""
    big = "x" * TEN_MB
    if fmt.startswith("jsonl"):
        text = "\n".join([GOOD % (1, 1), big, json.dumps({"title": "Good 2", "abstract": big})]) + "\n"
        bad_line = 2
    elif fmt == "json":
        entries = [GOOD % (1, 1), json.dumps({"title": big}), json.dumps({"title": "Good 2", "abstract": big})]
        text = "[\n" + ",\n".join(entries) + "\n]"
        bad_line = 3
    elif fmt == "csv":
        text = f"title,abstract\nGood 1,Fine.\n{big}\nGood 2,{big}\n"
        bad_line = 3
    elif fmt == "xml":
        text = (f'<feed xmlns="{ATOM_NS}"><entry><title>Good 1</title><summary>Fine.</summary></entry>\n'
                f"<entry><title>{big}</title></entry>\n"
                f"<entry><title>Good 2</title><summary>{big}</summary></entry></feed>")
        bad_line = 2
    else:
        text = f"Good 1\nFine.\n\nGood 2\n{big}\n\n{big}\n"
        bad_line = 7
    data = gzip.compress(text.encode(), compresslevel=1) if fmt.endswith(".gz") else text.encode()
    path = tmp_path / f"big.{fmt}"
    papers, report = read_file(path, data)
    assert [p.title for p in papers] == ["Good 1", "Good 2"]
    assert [p.line for p in report.problems] == [bad_line]
    assert len(papers[1].abstract) == TEN_MB


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "jsonl.gz", "json", "csv", "xml"])
@pytest.mark.parametrize("content", [b"", b"\n\n  \n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\x00"])
def test_reliability_empty_files(tmp_path, fmt, content):
    data = gzip.compress(content) if fmt.endswith(".gz") else content
    path = tmp_path / f"empty.{fmt}"
    papers, report = read_file(path, data)
    assert papers == []
    check_report(papers, report, path, data if not fmt.endswith(".gz") else None)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["title", "abstract", "summary", "id", "authors", "categories", "upvotes", "url", "date", "x"]),
        inner, max_size=6),
    max_leaves=20,
)


@FAST
@given(value=JSON_VALUES)
@example(value={"title": "T", "abstract": "A", "authors": 5, "categories": 2.5})
@example(value={"title": "T", "abstract": "A", "upvotes": 10**30})
def test_reliability_json_of_any_shape(scratch, value):
    line = json.dumps(value)
    papers, report = read_file(scratch / "shape.jsonl", (line + "\n").encode())
    check_report(papers, report, scratch / "shape.jsonl", line.encode())
    assert len(papers) + len(report.problems) == 1
    if not isinstance(value, dict):
        assert "[R001]" in report.problems[0].message
    for paper in papers:
        assert all(isinstance(a, str) for a in paper.authors + paper.categories)
        assert paper.upvotes is None or abs(paper.upvotes) < 2**63  # what Neo4j can store
    papers, report = read_file(scratch / "shape.json", line.encode())
    check_report(papers, report, scratch / "shape.json", line.encode())


@FAST
@given(header=st.lists(st.sampled_from(["title", "Abstract", " summary ", "id", "authors", "x", "TITLE"]),
                       max_size=5, unique=True))
def test_reliability_csv_header_needs_title_and_abstract(scratch, header):
    names = [h.strip().lower() for h in header]
    row = ["Some text" for _ in header]
    text = ",".join(header) + "\n" + ",".join(row) + "\n"
    path = scratch / "header.csv"
    papers, report = read_file(path, text.encode())
    check_report(papers, report, path, text.encode())
    if "title" in names and {"abstract", "summary"} & set(names):
        assert len(papers) == 1 and not report.problems
    else:
        assert papers == [] and [(p.line, p.message[:6]) for p in report.problems] == [(1, "[R007]")]


ATOM_FIELDS = {
    "id": "<id>http://arxiv.org/abs/2501.0000{i}v1</id>",
    "title": "<title>Entry {i}</title>",
    "summary": "<summary>Summary {i}.</summary>",
    "published": "<published>2025-01-01T00:00:00Z</published>",
    "author": "<author><name>Author {i}</name></author>",
    "link": '<link href="http://arxiv.org/abs/2501.0000{i}v1" rel="alternate"/>',
    "category": '<category term="cs.CL"/>',
}


@FAST
@given(entries=st.lists(st.sets(st.sampled_from(sorted(ATOM_FIELDS))), min_size=1, max_size=6))
def test_reliability_atom_entries_with_missing_fields(scratch, entries):
    body = "\n".join("<entry>" + "".join(ATOM_FIELDS[f].format(i=i) for f in sorted(fields)) + "</entry>"
                     for i, fields in enumerate(entries))
    text = f'<feed xmlns="{ATOM_NS}">\n{body}\n</feed>'
    path = scratch / "fields.xml"
    papers, report = read_file(path, text.encode())
    check_report(papers, report, path, text.encode())
    complete = [i for i, f in enumerate(entries) if {"title", "summary"} <= f]
    assert [p.title for p in papers] == [f"Entry {i}" for i in complete]
    assert [p.line for p in report.problems] == [i + 2 for i, f in enumerate(entries) if i not in complete]
    for i, paper in zip(complete, papers):
        has_id = {"id", "link"} & entries[i]  # the id comes from <id>, else from the abs link
        assert paper.id == (f"2501.0000{i}" if has_id else paper_id_from_title(f"Entry {i}"))


# --- the quantity parser -------------------------------------------------------------------------

NUMBERISH = st.lists(st.sampled_from(list("0123456789.,+-−–±%xX×KMBT $\\{}^_/() ptsfoldimecrn&;")
                                     + ["\\%", "$\\times$", "&times;", "&minus;", " points", " times", "-fold"]),
                     max_size=20).map("".join)


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(st.text(max_size=60), NUMBERISH))
@example(text="95-100%")
@example(text="1.72$\\times$")
def test_reliability_parse_quantity_never_raises_and_reparses(text):
    quantity = parse_quantity(text)
    if quantity is None:
        assert not list(find_quantities(text))
        return
    assert text[quantity.start:quantity.end] == quantity.raw
    assert quantity.unit in {"%", "x", "points", ""}
    assert isinstance(quantity.value, float)
    again = parse_quantity(quantity.raw)  # the raw span alone reads the same
    assert again is not None and (again.value, again.unit) == (quantity.value, quantity.unit)


def test_reliability_parse_quantity_values_are_finite():
    quantity = parse_quantity("1" * 400)
    assert quantity is None or math.isfinite(quantity.value)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80))
def test_reliability_find_quantities_offsets_hold_on_any_text(text):
    for quantity in find_quantities(text):
        assert text[quantity.start:quantity.end] == quantity.raw
        assert quantity.unit in {"%", "x", "points", ""}


# --- the command line when files and stores fail -------------------------------------------------


def one_line_error(proc):
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture(scope="module")
def not_a_dir(tmp_path_factory):
    """A regular file: no directory can be created under it, not even by root."""
    path = tmp_path_factory.mktemp("blocked") / "plain-file"
    path.write_text("not a directory\n")
    return path


@pytest.mark.parametrize("store", ["{file}/store", "{file}", "/proc/kg-store", "/proc/self/kg-store", "/sys/kernel"])
def test_reliability_unwritable_store_is_one_line(not_a_dir, store):
    store = store.format(file=not_a_dir)
    proc = kg("build", TEST_DATA / "listing.txt", "--store", store, "--html", "", "--fast", check=False)
    assert "[S003]" in one_line_error(proc) and store in proc.stderr
    proc = kg("query", "counts", "--store", store, check=False)
    assert "[S003]" in one_line_error(proc)


def test_reliability_corrupt_store_is_one_line(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / "CURRENT").write_text("garbage\n")
    proc = kg("query", "counts", "--store", store, check=False)
    assert "[S003]" in one_line_error(proc)


def test_reliability_store_in_use_is_one_line(tmp_path):
    store = open_store(str(tmp_path / "store"))
    try:
        proc = kg("query", "counts", "--store", tmp_path / "store", check=False)
    finally:
        store.close()
    assert "[S003]" in one_line_error(proc)


def test_reliability_missing_input_among_good_ones_writes_nothing(tmp_path):
    proc = kg("build", TEST_DATA / "listing.txt", tmp_path / "nope.jsonl", "--store", tmp_path / "store", "--fast",
              check=False)
    assert "[I001]" in one_line_error(proc) and "nope.jsonl" in proc.stderr
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("args", [["extract", "{missing}"], ["extract", "{dir}"],
                                  ["build", "{dir}", "--store", "memory:"]])
def test_reliability_extract_and_build_bad_inputs_are_one_line(tmp_path, args):
    args = [a.format(missing=tmp_path / "missing.csv", dir=tmp_path) for a in args]
    proc = kg(*args, "--fast", check=False)
    assert re.search(r"\[I00[12]\]", one_line_error(proc))


@pytest.mark.parametrize("args", [
    ["export", "--format", "nt", "-o", "{file}/g.nt", "--store", "memory:"],
    ["extract", str(TEST_DATA / "listing.txt"), "--fast", "-o", "{file}/x.jsonl"],
    ["build", str(TEST_DATA / "listing.txt"), "--fast", "--store", "memory:", "--html", "{file}/g.html"],
])
def test_reliability_unwritable_outputs_are_one_line(not_a_dir, args):
    proc = kg(*[a.format(file=not_a_dir) for a in args], check=False)
    assert str(not_a_dir) in one_line_error(proc)


# --- building twice ------------------------------------------------------------------------------


def test_reliability_extraction_does_not_depend_on_the_hash_seed(shared_dir, tmp_path):
    wanted = {"2508.12400", "2508.12587"}  # papers whose type votes tie
    with gzip.open(shared_dir / "data" / "arxiv" / "arxiv_cs_abstracts.jsonl.gz", "rt", encoding="utf-8") as f:
        lines = [line for line in f if json.loads(line)["id"] in wanted]
    path = tmp_path / "ties.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    runs = [kg("extract", path, "--fast", env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert len(runs[0].splitlines()) == 2 and runs[0] == runs[1]


def sorted_nt(store, out: Path) -> list[str]:
    kg("export", "--format", "nt", "-o", out, "--store", store)
    return sorted(out.read_text(encoding="utf-8").splitlines())


def test_reliability_two_builds_give_byte_identical_exports(tmp_path):
    inputs = [TEST_DATA / "listing.txt", TEST_DATA / "arxiv_sample.jsonl", TEST_DATA / "papers.csv"]
    kg("build", *inputs, "--store", tmp_path / "a", "--html", "", "--fast", env=SEEDED)
    kg("build", *inputs, "--store", tmp_path / "b", "--html", "", "--fast", env=SEEDED)
    again = kg("build", *inputs, "--store", tmp_path / "a", "--html", "", "--fast", env=SEEDED)
    assert re.search(r"papers loaded\s*│\s*0\b", again.stdout)
    a, b = sorted_nt(tmp_path / "a", tmp_path / "a.nt"), sorted_nt(tmp_path / "b", tmp_path / "b.nt")
    assert len(a) > 500 and a == b


# --- an embedded build killed midway -------------------------------------------------------------


def _store_size(store: Path) -> int:
    """Bytes in the store's files: they grow by megabytes while a batch is written (the write-ahead
    log of a transaction, the files of the bulk loader)."""
    return sum(f.stat().st_size for f in store.glob("*") if f.is_file()) if store.exists() else 0


def _papers_landed(store: Path) -> int:
    """Papers whose content hash, the mark that a paper is whole, is in the store, seen by a
    read-only open beside the running build."""
    import pyoxigraph as ox

    from kg.stores.rdf import _OX_CONTENT_HASH

    try:
        return sum(1 for _ in ox.Store.read_only(str(store)).quads_for_pattern(None, _OX_CONTENT_HASH, None, None))
    except OSError:  # not created yet
        return 0


def build_killed(inputs: Path, store: Path, *, settle: bool) -> None:
    """Start `kg build` and SIGKILL it while a batch is being written (or, with `settle`, once a
    batch has landed whole, that is between batches or while the next one is written)."""
    log = store.parent / f"{store.name}-killed-build.log"
    before = _papers_landed(store)
    with open(log, "wb") as out:
        proc = subprocess.Popen([*KG, "build", str(inputs), "--store", str(store), "--html", "", "--fast"],
                                stdout=out, stderr=subprocess.STDOUT, env={**ENV, **SEEDED}, cwd=REPO)
    try:
        low = None
        deadline = time.monotonic() + 600
        while proc.poll() is None and time.monotonic() < deadline:
            if settle:
                if _papers_landed(store) > before:
                    break
                time.sleep(0.1)
                continue
            size = _store_size(store)
            low = size if low is None else min(low, size)
            if size > low + 5_000_000:
                break
            time.sleep(0.02)
        assert proc.poll() is None, f"the build ended before it could be interrupted:\n{log.read_text()[-2000:]}"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()


def graph_sizes(store) -> dict[str, int]:
    """Quads per paper graph (the store's statistics graph left out)."""
    rows = store.sparql("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]: r["n"] for r in rows if not r["g"].startswith(STATS_GRAPH_IRI)}


def check_interrupted(store_path: Path, clean_graphs: dict[str, int]) -> int:
    """The store opens, answers queries, and every paper in it was written whole."""
    store = open_store(str(store_path))
    try:
        papers = store.counts().get("Paper", 0)
        hashed = store.sparql("SELECT (COUNT(?p) AS ?n) WHERE { ?p a schema:ScholarlyArticle ; kg:contentHash ?h }")
        assert hashed == [{"n": papers}]
        graphs = graph_sizes(store)
        assert len(graphs) == papers and all(clean_graphs[g] == n for g, n in graphs.items())
        return papers
    finally:
        store.close()


@pytest.fixture(scope="module")
def arxiv_2500(shared_dir, tmp_path_factory):
    """2,500 real abstracts from the shared arXiv dump (three chunks of a build), as a JSON Lines file."""
    path = tmp_path_factory.mktemp("arxiv") / "arxiv_2500.jsonl"
    with gzip.open(shared_dir / "data" / "arxiv" / "arxiv_cs_abstracts.jsonl.gz", "rt", encoding="utf-8") as f:
        path.write_text("".join(line for _, line in zip(range(2500), f)), encoding="utf-8")
    return path


@pytest.mark.slow
def test_reliability_embedded_build_killed_midway_recovers(arxiv_2500, tmp_path):
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    kg("build", arxiv_2500, "--store", clean, "--html", "", "--fast", env=SEEDED)
    clean_store = open_store(str(clean))
    try:
        clean_graphs, clean_counts, clean_len = graph_sizes(clean_store), clean_store.counts(), len(clean_store)
    finally:
        clean_store.close()
    assert clean_counts["Paper"] == 2500
    # Killed while a batch is being written (its papers are then all there or all gone), then
    # killed again on the re-run, once a batch has landed.
    build_killed(arxiv_2500, killed, settle=False)
    check_interrupted(killed, clean_graphs)
    build_killed(arxiv_2500, killed, settle=True)
    interrupted = check_interrupted(killed, clean_graphs)
    assert 0 < interrupted < 2500
    rerun = kg("build", arxiv_2500, "--store", killed, "--html", "", "--fast", env=SEEDED)
    assert re.search(rf"papers unchanged \(already in store\)\s*│\s*{interrupted:,}\b", rerun.stdout), rerun.stdout
    store = open_store(str(killed))
    try:
        assert store.counts() == clean_counts and len(store) == clean_len
    finally:
        store.close()
    assert sorted_nt(killed, tmp_path / "k.nt") == sorted_nt(clean, tmp_path / "c.nt")


# --- hostile text through the embedded store -----------------------------------------------------

HOSTILE = [
    'Model "quoted" \\ back\\slash',
    "it's {braced} $param ${x} }",
    "line\nbreak\r\nand\ttab",
    '"} ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> "z" } #',
    "') DETACH DELETE n // MATCH (n) RETURN n",
    "\\u0022 \\n \\\\ <http://evil/> ?s $s @en ^^xsd:string",
    "\"\"\"triple quoted\"\"\" '''too'''",
    "UNION SELECT * WHERE { ?s ?p ?o } LIMIT 1",
]


def hostile_extraction(i: int, text: str) -> Extraction:
    """One paper whose id, title, abstract and every entity, result and claim carry `text`."""
    names = {label: f"{label}{i}x {text}" for label in ("Dataset", "Model", "Method", "Metric", "Task")}
    abstract = " | ".join(names.values())
    entities, at = [], 0
    for label, name in names.items():
        entities.append(Entity(name, label, entity_key(name), (Mention(at, at + len(name), name),),
                               proposed=label == "Model"))
        at += len(name) + 3
    evidence = Evidence(abstract, 0, len(abstract))
    result = Result(value=42.5, unit="%", kind="absolute", metric=names["Metric"], dataset=names["Dataset"],
                    model=names["Model"], raw=f"42.5% {text}", raw_start=0, raw_end=5, evidence=evidence)
    gain = Result(value=2.5, unit="points", kind="delta", metric=names["Metric"], dataset=names["Dataset"],
                  model=names["Model"], baseline=names["Method"], raw=f"+2.5 points {text}", raw_start=6,
                  raw_end=17, evidence=evidence)
    claim = Claim(subject=names["Model"], object=names["Method"], evidence=evidence)
    # dates grow with i and sort after any real date: "proposals since paper i's date" finds i and later
    paper = Paper(id=f"h{i} {text}", title=f"T{i} {text}", abstract=abstract, authors=(text, f"A{i}"),
                  categories=(text,), source=f"{text}:{i}", date=f"9999-{i:02d} {text}")
    return Extraction(paper, entities=tuple(entities), results=(result, gain), claims=(claim,),
                      sentences=((0, len(abstract)),), extractor_version="0.1.0")


def rows_as_sets(rows: GraphRows):
    def canon(props):
        return {k: sorted(v) if isinstance(v, list) else v for k, v in props.items()}

    return ({n.ref: canon(n.props) for n in rows.nodes},
            {(e.src, e.type, e.dst): canon(e.props) for e in rows.edges})


def expected_rows(extractions):
    """What a store gives back for these papers: entity names merged to the least spelling."""
    nodes, edges = {}, {}
    for x in extractions:
        part = graph_rows(x)
        for node in part.nodes:
            props = {k: sorted(v) if isinstance(v, list) else v for k, v in node.props.items()}
            if node.ref in nodes and "name" in props:
                props["name"] = min(props["name"], nodes[node.ref]["name"])
            nodes[node.ref] = props
        for edge in part.edges:
            edges[(edge.src, edge.type, edge.dst)] = dict(edge.props)
    return nodes, edges


@pytest.mark.parametrize("i, text", list(enumerate(HOSTILE)))
def test_reliability_hostile_text_round_trips_through_rdf_rows(i, text):
    extraction = hostile_extraction(i, text)
    store = open_store("memory:")
    try:
        store.add([graph_rows(extraction)])
        assert rows_as_sets(store.rows()) == expected_rows([extraction])
    finally:
        store.close()


@settings(max_examples=50, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=30))
@example(text="\x00 nul")
@example(text="\r\u2028\u0085 breaks")
@example(text="\U0001f600 \ufeff \u202e rtl")
def test_reliability_any_text_round_trips_through_rdf_rows(text):
    extraction = hostile_extraction(0, text)
    store = open_store("memory:")
    try:
        store.add([graph_rows(extraction)])
        assert rows_as_sets(store.rows()) == expected_rows([extraction])
        assert store.run("paper_provenance", paper=extraction.paper.id)
    finally:
        store.close()


def canned_params(i: int, text: str) -> dict[str, dict[str, str]]:
    """Parameters of every canned query, each naming the hostile paper's own facts."""
    x = hostile_extraction(i, text)
    names = {e.type: e.name for e in x.entities}
    return {
        "leaderboard": {"dataset": names["Dataset"], "metric": names["Metric"]},
        "improvements": {"metric": names["Metric"]},
        "papers_using_dataset": {"dataset": names["Dataset"]},
        "models_on_task": {"task": names["Task"]},
        "outperforms": {"entity": names["Model"]},
        "paper_provenance": {"paper": x.paper.id},
        "proposals": {"since": x.paper.date},
        "related": {"entity": names["Model"]},
        "community_members": {"entity": names["Dataset"]},
    }


@pytest.fixture(scope="module")
def hostile_store():
    from kg.analyze import analyze, usage_from_rows

    store = open_store("memory:")
    store.add(graph_rows(hostile_extraction(i, t)) for i, t in enumerate(HOSTILE))
    # every hostile entity is in one paper: analysed down to single papers, each paper's entities
    # are a community of their own and each other's neighbours
    store.write_analytics(analyze(usage_from_rows(store.run("entity_usage")), min_papers=1, min_shared=1))
    yield store
    store.close()


def test_reliability_canned_queries_cover_every_parameter():
    declared = {(name, p) for name in queries.names() for p in queries.load(name).params}
    covered = {(name, p) for name, params in canned_params(0, "x").items() for p in params}
    assert declared == covered


@pytest.mark.parametrize("i, text", list(enumerate(HOSTILE)))
@pytest.mark.parametrize("name", sorted(canned_params(0, "x")))
def test_reliability_hostile_canned_query_parameters_find_their_paper(hostile_store, name, i, text):
    before = len(hostile_store)
    rows = hostile_store.run(name, **canned_params(i, text)[name])
    x = hostile_extraction(i, text)
    assert rows, name
    names = {e.type: e.name for e in x.entities}
    expected = {
        "leaderboard": [{"model": names["Model"], "value": 42.5, "unit": "%", "paper": x.paper.id,
                         "title": x.paper.title, "evidence": x.paper.abstract}],
        "improvements": [{"model": names["Model"], "kind": "delta", "value": 2.5, "unit": "points",
                          "baseline": names["Method"], "dataset": names["Dataset"], "paper": x.paper.id,
                          "title": x.paper.title, "evidence": x.paper.abstract}],
        "papers_using_dataset": [{"paper": x.paper.id, "title": x.paper.title, "relation": "EVALUATES_ON"}],
        "models_on_task": sorted([{"model": names["Model"], "type": "Model", "papers": 1},
                                  {"model": names["Method"], "type": "Method", "papers": 1}],
                                 key=lambda r: (-r["papers"], r["model"], r["type"])),
        "outperforms": [{"winner": names["Model"], "loser": names["Method"], "paper": x.paper.id,
                         "evidence": x.paper.abstract}],
        "proposals": sorted(({"paper": later.paper.id, "title": later.paper.title, "proposed": e.name, "type": e.type}
                             for later in (hostile_extraction(j, t) for j, t in enumerate(HOSTILE) if j >= i)
                             for e in later.entities if e.proposed),
                            key=lambda r: (r["paper"], r["proposed"], r["type"])),
    }
    analysed = {names[label] for label in ("Dataset", "Metric", "Method", "Model")}
    if name == "related":
        assert {r["neighbour"] for r in rows} == analysed - {names["Model"]}
        assert {(r["name"], r["paper"], r["title"]) for r in rows} == {(names["Model"], x.paper.id, x.paper.title)}
    elif name == "community_members":
        assert {r["name"] for r in rows} == analysed and len({r["community"] for r in rows}) == 1
    elif name == "paper_provenance":
        claim = f"{names['Model']} > {names['Method']}"
        assert {r["target"] for r in rows} == {*names.values(), *(r.raw for r in x.results), claim}
        assert all(r["sentence"] == x.paper.abstract for r in rows)
    else:
        assert rows == expected[name]
    assert len(hostile_store) == before


# --- SPARQL through the command line is read-only unless --write -------------------------------

UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> 'c' }",
    "insert data { <urn:a> <urn:b> 'c' }",
    "PREFIX ex: <urn:ex:>\n# a comment\nINSERT DATA { ex:a ex:b 'c' }",
    "DELETE WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP DEFAULT",
    "# INSERT in a comment first\n  DELETE DATA { <urn:a> <urn:b> 'c' }",
]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("sparql") / "store"
    kg("build", TEST_DATA / "listing.txt", "--store", path, "--html", "", "--fast")
    return path


def store_size(path: Path) -> int:
    store = open_store(str(path))
    try:
        return len(store)
    finally:
        store.close()


@pytest.mark.parametrize("update", UPDATES[::2])
def test_reliability_sparql_cli_refuses_updates_without_write(small_store, update):
    before = store_size(small_store)
    proc = kg("sparql", update, "--store", small_store, check=False)
    assert "[Q005]" in one_line_error(proc) and proc.returncode == 1
    assert store_size(small_store) == before


def test_reliability_sparql_cli_update_with_write(small_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(small_store, store)
    ask = "ASK { <urn:paperkg:test> <urn:paperkg:p> 'added' }"
    assert json.loads(kg("sparql", ask, "--store", store, "-f", "json").stdout) == [{"answer": False}]
    kg("sparql", "INSERT DATA { <urn:paperkg:test> <urn:paperkg:p> 'added' }", "--store", store, "--write")
    assert json.loads(kg("sparql", ask, "--store", store, "-f", "json").stdout) == [{"answer": True}]


@settings(max_examples=60, deadline=None)
@given(text=st.one_of(st.text(max_size=80), st.sampled_from(UPDATES).map(lambda u: "  \n" + u.lower())))
def test_reliability_sparql_without_write_never_changes_the_store(text):
    from kg.errors import QueryError

    store = open_store("memory:")
    try:
        store.add([GraphRows([Node("Paper", "p", {"key": "p", "id": "p", "title": "T", "content_hash": "h"})])])
        before = len(store)
        try:
            store.sparql(text)
        except QueryError:
            pass
        assert len(store) == before
    finally:
        store.close()
