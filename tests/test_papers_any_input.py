"""kg.papers under any input: whatever the bytes, no exception escapes a reader; every bad record
is reported with its file and line; the good records around it are kept (hypothesis)."""

from __future__ import annotations

import codecs
import csv
import gc
import gzip
import io
import json
import warnings
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.core.ids import paper_id_from_title
from kg.core.model import Paper
from kg.papers import ReadReport, read_papers

from .conftest import CODE

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ATOM_NS = "http://www.w3.org/2005/Atom"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """One folder for the files hypothesis writes (each example overwrites its file)."""
    return tmp_path_factory.mktemp("any-input")


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
def test_papers_any_bytes_never_raise(scratch, suffix, prefix_index, data):
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
def test_papers_any_text_in_any_encoding_never_raises(scratch, suffix, encoding, text):
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
def test_papers_jsonl_good_and_bad_records(scratch, plan, blanks, encoding, gz):
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
def test_papers_json_good_and_bad_records(scratch, plan, wrapped, encoding):
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
def test_papers_csv_good_and_bad_records(scratch, plan, encoding):
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
def test_papers_atom_good_and_bad_entries(scratch, plan, encoding):
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
def test_papers_listing_good_and_bad_entries(scratch, plan, encoding):
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
def test_papers_latin1_files_read_like_utf8(scratch, plan, fmt):
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
def test_papers_good_bad_good_is_two_papers_and_one_problem(tmp_path, fmt):
    text, bad_line = GOOD_BAD_GOOD[fmt]
    path = tmp_path / f"gbg.{fmt}"
    papers, report = read_file(path, text.encode())
    assert [norm(p.title) for p in papers] == ["Good 1", "Good 2"]
    assert [(p.file, p.line) for p in report.problems] == [(str(path), bad_line)]
    assert f"{path}:{bad_line}: " in str(report.problems[0])


def test_papers_listing_first_title_that_looks_like_a_date_is_kept(tmp_path):
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
def test_papers_truncated_gzip_keeps_a_prefix_and_says_so(scratch, n, cut):
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
def test_papers_corrupt_gzip_never_raises(scratch, n, flips):
    data = bytearray(gzip.compress(jsonl_of(n)))
    for at, mask in flips:
        data[at % len(data)] ^= mask
    path = scratch / "flip.jsonl.gz"
    papers, report = read_file(path, bytes(data))
    check_report(papers, report, path, None)


def test_papers_gzip_inputs_leave_no_file_open(tmp_path):
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
def test_papers_ten_megabyte_lines(tmp_path, fmt):
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
def test_papers_empty_files(tmp_path, fmt, content):
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
def test_papers_json_of_any_shape(scratch, value):
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
def test_papers_csv_header_needs_title_and_abstract(scratch, header):
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
def test_papers_atom_entries_with_missing_fields(scratch, entries):
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
