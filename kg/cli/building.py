"""`kg build` and `kg extract`: the data path from input files, into a store or to JSON Lines."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from rich.table import Table

from kg.cli.app import (
    STORE_HELP,
    Arg,
    Opt,
    app,
    check_choice,
    err,
    opened,
    out,
    print_problem,
    progress,
    stages,
)


@app.command("build")
def build_cmd(
    inputs: list[str] = Arg(..., help="Input files: Daily-Papers listing .txt, .jsonl(.gz), .json, .csv, Atom .xml."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
    html: str | None = Opt("graph.html", "--html", help="Also write the interactive graph here ('' to skip)."),
    profile: str = Opt("default", "--profile", help="Extraction profile: default, or fast (rules only)."),
    fast: bool = Opt(False, "--fast", help="Same as --profile fast."),
    workers: int = Opt(1, "--workers", "-w", min=1, help="Extraction processes."),
    dask: str | None = Opt(None, "--dask", help="Extract on the Dask cluster at this scheduler address."),
    chunk_size: int | None = Opt(None, "--chunk-size", min=1,
                                 help="Papers per write (default: the store's own, 5,000 embedded, 1,000 Neo4j)."),
) -> None:
    """Extract facts from INPUTS and load them into the store; print a summary."""
    from kg.build import MAX_PAPERS_DRAWN, build
    from kg.papers import ReadReport, check_inputs

    paths = check_inputs(inputs)
    report = ReadReport(on_problem=print_problem)
    with opened(store) as st:
        with stages(("extracted", "loaded")) as (extracted, loaded):
            stats = build(paths, st, profile="fast" if fast else profile, workers=workers, dask=dask, report=report,
                          chunk_size=chunk_size, on_extracted=extracted, on_progress=loaded)
        _print_build_summary(stats, st)
        if html:
            from kg.viz import write_store_html

            if write_store_html(st, html, max_papers=MAX_PAPERS_DRAWN):
                out.print(f"graph written to {html}")
            else:
                out.print(f"graph not drawn: more than {MAX_PAPERS_DRAWN:,} papers; "
                          "use `kg viz --focus NAME` for a view of part of it")


def _print_build_summary(stats: Any, store: Any) -> None:
    table = Table(title="PaperKG build", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    read, load = stats.report, stats.load
    rows = [
        ("records read", read.read),
        ("records skipped (malformed)", read.skipped),
        ("duplicates skipped", read.duplicates),
        ("papers", read.papers),
        ("papers loaded", load.papers),
        ("papers unchanged (already in store)", stats.unchanged),
    ]
    rows += [(f"entities: {t}", stats.entities.get(t, 0)) for t in ("Model", "Method", "Dataset", "Metric", "Task")]
    rows += [("results", stats.results), ("claims", stats.claims), ("nodes written", load.nodes),
             ("relationships written", load.edges), ("triples written", load.triples)]
    for what, n in rows:
        table.add_row(what, f"{n:,}")
    rate = read.papers / stats.seconds if stats.seconds else 0.0
    table.add_row("time", f"{stats.seconds:.1f} s ({rate:,.0f} papers/s)")
    if load.seconds:
        table.add_row("load rate", f"{load.nodes / load.seconds:,.0f} nodes/s, {load.edges / load.seconds:,.0f} rels/s")
    table.add_row("store", str(store.url))
    out.print(table)


@app.command("extract")
def extract_cmd(
    inputs: list[str] = Arg(..., help="Input files (any supported format)."),
    output: str | None = Opt(None, "--output", "-o", help="JSON Lines output file (default: standard output)."),
    profile: str = Opt("default", "--profile", help="Extraction profile: default, or fast (rules only)."),
    fast: bool = Opt(False, "--fast", help="Same as --profile fast."),
    workers: int = Opt(1, "--workers", "-w", min=1, help="Extraction processes."),
    fmt: str = Opt("jsonl", "--format", help="Output format (jsonl)."),
    dask: str | None = Opt(None, "--dask", help="Extract on the Dask cluster at this scheduler address."),
    mentions: str = Opt("names", "--mentions",
                        help="names: the entity mentions the graph keeps; all: every mention the statistical "
                             "recogniser finds, generic ones included, as span benchmarks (SciERC) score them."),
) -> None:
    """Write one JSON Lines extraction record per paper (entities, results, claims, offsets)."""
    from kg.build import extract_records
    from kg.papers import ReadReport, check_inputs, read_papers

    check_choice("--format", fmt, ("jsonl",))
    paths = check_inputs(inputs)
    report = ReadReport(on_problem=print_problem)
    started = time.perf_counter()
    target = open(output, "w", encoding="utf-8") if output else sys.stdout
    written = 0
    try:
        with progress(None, "extracting") as advance:
            papers = read_papers(paths, report=report)
            records = extract_records(papers, profile="fast" if fast else profile, mentions=mentions,
                                      workers=workers, dask=dask)
            for record in records:
                target.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
                written += 1
                advance(1)
    finally:
        if output:
            target.close()
    seconds = time.perf_counter() - started
    err.print(
        f"read {report.read} records, skipped {report.skipped} malformed, {report.duplicates} duplicates; "
        f"wrote {written} records{' to ' + output if output else ''} in {seconds:.1f} s"
    )
