"""Readers: every input format, page chrome, malformed records reported and skipped."""

from __future__ import annotations

import gzip

import pytest

from kg.core.errors import InputError
from kg.papers import ReadReport, detect_format, read_papers

from .conftest import SEED_LISTING, TEST_DATA


def _read(*names, **kw):
    report = ReadReport()
    papers = list(read_papers([TEST_DATA / n if not str(n).startswith("/") else n for n in names], report=report, **kw))
    return papers, report


def test_papers_seed_listing_has_35_papers_and_no_chrome():
    report = ReadReport()
    papers = list(read_papers([SEED_LISTING], report=report))
    assert len(papers) == 35 and report.skipped == 0
    titles = {p.title for p in papers}
    assert not titles & {"Subscribe", "Daily Papers", "new", "Get trending papers in your email inbox!"}
    assert all(len(p.abstract) > 300 for p in papers)


def test_papers_listing_metadata_and_missing_meta_lines():
    papers, report = _read("listing.txt")
    by_title = {p.title.split(":")[0]: p for p in papers}
    assert len(papers) == 6 and report.skipped == 0
    glacia = by_title["GLACIA"]
    assert glacia.author_count is not None and glacia.date and glacia.date[:2] == "20"
    parallel = next(p for p in papers if p.title.startswith("Efficient Parallel Samplers"))
    assert parallel.author_count is None and parallel.date is None  # the listing has no meta lines for it
    assert parallel.abstract.startswith("Language models with recurrent depth")
    mamba_like = next(p for p in papers if p.upvotes)
    assert isinstance(mamba_like.upvotes, int)


def test_papers_listing_source_points_at_title_line():
    papers, _ = _read("listing.txt")
    lines = (TEST_DATA / "listing.txt").read_text().splitlines()
    for p in papers:
        line = int(p.source.rsplit(":", 1)[1])
        assert lines[line - 1].strip() == p.title


def test_papers_jsonl_keeps_ids_and_reports_bad_lines():
    papers, report = _read("arxiv_sample.jsonl")
    assert [p.id for p in papers][:2] == ["2508.10925", "2508.11203"]
    assert len(papers) == 5
    assert report.read == 7 and report.skipped == 2
    assert {(pr.line, pr.message[:6]) for pr in report.problems} == {(5, "[R004]"), (6, "[R003]")}
    assert all("arxiv_sample.jsonl" in pr.file for pr in report.problems)
    assert papers[0].categories and papers[0].authors


def test_papers_jsonl_gz_and_truncated_gzip(tmp_path):
    papers, report = _read("arxiv_sample.jsonl.gz")
    assert len(papers) == 3 and report.skipped == 0
    data = (TEST_DATA / "arxiv_sample.jsonl.gz").read_bytes()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    papers, report = _read(str(cut))
    assert report.problems and "[I004]" in report.problems[-1].message
    assert len(papers) <= 3


def test_papers_json_array_with_summary_field_and_bad_entry():
    papers, report = _read("papers.json")
    assert len(papers) == 2 and report.skipped == 1
    assert report.problems[0].line == 30  # the line where the bad (third) entry starts
    assert papers[0].date and papers[0].id


def test_papers_csv_quoted_fields_and_missing_abstract():
    papers, report = _read("papers.csv")
    assert len(papers) == 3 and report.skipped == 1
    assert papers[0].authors and "," not in papers[0].authors[0]
    assert report.problems[0].line == 5


def test_papers_csv_without_needed_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,text\na,b\n")
    papers, report = _read(str(path))
    assert papers == [] and "[R007]" in report.problems[0].message


def test_papers_atom_feed_entries():
    papers, report = _read("arxiv_feed.atom")
    assert [p.id for p in papers] == ["2508.10925", "2508.11203"]
    assert papers[0].url.startswith("http://arxiv.org/abs/") and papers[0].authors and papers[0].categories
    assert report.skipped == 1 and "entry 3" in report.problems[0].message


def test_papers_duplicate_ids_are_read_once():
    papers, report = _read("arxiv_sample.jsonl", "arxiv_sample.jsonl.gz")
    assert len(papers) == 5 and report.duplicates == 3


@pytest.mark.parametrize(
    "content, encoding",
    [("café résumé", "latin-1"), ("naïve — test", "utf-16"), ("plain", "utf-8-sig")],
)
def test_papers_wrong_encodings_are_decoded(tmp_path, content, encoding):
    path = tmp_path / "p.jsonl"
    line = '{"id": "1", "title": "%s", "abstract": "An abstract about %s."}\n' % (content, content)
    path.write_bytes(line.encode(encoding))
    papers, report = _read(str(path))
    assert report.skipped == 0 and papers[0].title == content


@pytest.mark.parametrize("name, fmt", [("a.jsonl", "jsonl"), ("a.ndjson.gz", "jsonl"), ("a.json", "json"),
                                       ("a.csv", "csv"), ("a.xml", "atom"), ("a.txt", "listing")])
def test_papers_detect_format(name, fmt):
    assert detect_format(name) == fmt


def test_papers_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match=r"\[I001\]"):
        list(read_papers([tmp_path / "nope.jsonl"]))
    with pytest.raises(InputError, match=r"\[I002\]"):
        list(read_papers([tmp_path]))


def test_papers_empty_file(tmp_path):
    for name in ("e.jsonl", "e.csv", "e.txt", "e.json"):
        (tmp_path / name).write_text("")
        papers, report = _read(str(tmp_path / name))
        assert papers == []


def test_papers_gzip_detected_by_magic(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_bytes(gzip.compress(b'{"title": "T", "abstract": "A."}\n'))
    papers, _ = _read(str(path))
    assert papers[0].title == "T" and papers[0].id.startswith("title:")
