"""The `kg` command: thin wrappers over kg.build, kg.export, kg.viz and the stores.

The only module that prints. Errors are one readable line on stderr and a
non-zero exit; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import KGError, OptionError, ParameterError, UsageError, did_you_mean

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="PaperKG: turn paper listings and abstracts into a queryable knowledge graph.",
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
STATE: dict[str, Any] = {"debug": False}

Arg = typer.Argument
Opt = typer.Option
HTML_MAX_PAPERS = 5000
STORE_HELP = "Store: a directory (default ./kg-store), memory:, or bolt://HOST:PORT / neo4j://HOST:PORT."


@app.callback()
def main_options(
    debug: bool = Opt(False, "--debug", help="Show full tracebacks and debug logs."),
    quiet: bool = Opt(False, "--quiet", "-q", help="Only errors and results; no progress."),
) -> None:
    """PaperKG command line."""
    STATE["debug"] = debug
    STATE["quiet"] = quiet
    logging.basicConfig(level=logging.DEBUG if debug else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")


def _store_url(store: str | None) -> str | None:
    return store or os.environ.get("PAPERKG_STORE") or None


def _open(store: str | None) -> Any:
    from kg.stores import open_store

    return open_store(_store_url(store))


def _progress(total: int | None, description: str) -> Any:
    """A rich progress bar on a terminal; plain periodic lines otherwise."""
    from kg.progress import progress_reporter

    return progress_reporter(total=total, description=description, console=err, quiet=STATE.get("quiet", False))


def _stages(stages: tuple[str, ...]) -> Any:
    """Progress of the stages of a job that run at the same time, one line or bar each."""
    from kg.progress import stage_reporter

    return stage_reporter(stages, console=err, quiet=STATE.get("quiet", False))


def _problem_printer(problem: Any) -> None:
    err.print(f"[yellow]skipped[/yellow] {problem}", markup=True)


# --- build / extract ------------------------------------------------------------------------


@app.command("build")
def build_cmd(
    inputs: list[str] = Arg(..., help="Input files: Daily-Papers listing .txt, .jsonl(.gz), .json, .csv, Atom .xml."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
    html: str | None = Opt("graph.html", "--html", help="Also write the interactive graph here ('' to skip)."),
    profile: str = Opt("default", "--profile", help="Extraction profile: default, or fast (rules only)."),
    fast: bool = Opt(False, "--fast", help="Same as --profile fast."),
    workers: int = Opt(1, "--workers", "-w", min=1, help="Extraction processes."),
    dask: str | None = Opt(None, "--dask", help="Extract on the Dask cluster at this scheduler address."),
) -> None:
    """Extract facts from INPUTS and load them into the store; print a summary."""
    from kg.build import build
    from kg.papers import ReadReport, check_inputs

    paths = check_inputs(inputs)
    report = ReadReport(on_problem=_problem_printer)
    st = _open(store)
    try:
        with _stages(("extracted", "loaded")) as (extracted, loaded):
            stats = build(paths, st, profile="fast" if fast else profile, workers=workers, dask=dask, report=report,
                          on_extracted=extracted, on_progress=loaded)
        _print_build_summary(stats, st)
        if html:
            from kg.viz import write_html

            papers = st.counts().get("Paper", 0)
            if papers > HTML_MAX_PAPERS:
                # Drawing needs every node and edge read back; on big graphs draw a focus instead.
                out.print(f"graph not drawn: {papers:,} papers; use `kg viz --focus NAME` for a view of part of it")
            else:
                write_html(st.rows(), html)
                out.print(f"graph written to {html}")
    finally:
        st.close()


def _print_build_summary(stats: Any, store: Any) -> None:
    table = Table(title="PaperKG build", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("records read", stats.read),
        ("records skipped (malformed)", stats.skipped),
        ("duplicates skipped", stats.duplicates),
        ("papers", stats.papers),
        ("papers loaded", stats.loaded),
        ("papers unchanged (already in store)", stats.unchanged),
    ]
    rows += [(f"entities: {t}", stats.entities.get(t, 0)) for t in ("Model", "Method", "Dataset", "Metric", "Task")]
    rows += [("results", stats.results), ("claims", stats.claims), ("nodes written", stats.nodes),
             ("relationships written", stats.edges), ("triples written", stats.triples)]
    for what, n in rows:
        table.add_row(what, f"{n:,}")
    rate = stats.papers / stats.seconds if stats.seconds else 0.0
    table.add_row("time", f"{stats.seconds:.1f} s ({rate:,.0f} papers/s)")
    if stats.load_seconds:
        table.add_row("load rate", f"{stats.nodes / stats.load_seconds:,.0f} nodes/s, {stats.edges / stats.load_seconds:,.0f} rels/s")
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

    _check_choice("--format", fmt, ("jsonl",))
    paths = check_inputs(inputs)
    report = ReadReport(on_problem=_problem_printer)
    started = time.perf_counter()
    target = open(output, "w", encoding="utf-8") if output else sys.stdout
    written = 0
    try:
        with _progress(None, "extracting") as advance:
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


# --- queries --------------------------------------------------------------------------------


def _check_choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    """A usage error unless `value` is one of `choices` (checked before any work starts)."""
    if value not in choices:
        raise UsageError(f"[C001] invalid value for {option}: {value!r};{did_you_mean(value, choices)} "
                         f"choose from {', '.join(choices)}")


def _parse_params(params: list[str]) -> dict[str, str]:
    out = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"[C002] -p needs KEY=VALUE, got {item!r}")
        out[key.strip()] = value
    return out


TABLE_CELL_CHARS = 90
ROW_FORMATS = ("table", "csv", "json")


def _short(text: str) -> str:
    """A table cell: one line, long text cut (csv and json keep it whole)."""
    text = " ".join(text.split())
    return text if len(text) <= TABLE_CELL_CHARS else text[: TABLE_CELL_CHARS - 1] + "…"


def _print_rows(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        out.print_json(json.dumps(rows, ensure_ascii=False, default=str)) if rows else out.print("[]")
        return
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(buf.getvalue())
        return
    table = Table(show_header=True, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*(_short("" if v is None else str(v)) for v in row.values()))
    out.print(table)
    out.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


@app.command("query")
def query_cmd(
    name: str | None = Arg(None, help="Canned query name (see --list)."),
    param: list[str] = Opt([], "--param", "-p", help="Query parameter KEY=VALUE (repeatable)."),
    fmt: str = Opt("table", "--format", "-f", help="table, csv or json."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
    list_: bool = Opt(False, "--list", "-l", help="List the canned queries and their parameters."),
) -> None:
    """Run a canned query (leaderboards, who proposes what, who beats whom, ...)."""
    import queries

    _check_choice("--format", fmt, ROW_FORMATS)
    if list_ or not name:
        table = Table(show_header=True)
        for c in ("query", "params", "question"):
            table.add_column(c, overflow="fold")
        for n in queries.names():
            q = queries.load(n)
            table.add_row(n, ", ".join(q.params) or "-", q.question)
        out.print(table)
        return
    params = _parse_params(param)
    queries.bind(queries.load(name), params)  # an unknown name or parameter fails before the store opens
    st = _open(store)
    try:
        _print_rows(st.run(name, **params), fmt)
    finally:
        st.close()


def _query_text(text: str) -> str:
    if text.startswith("@"):
        path = Path(text[1:])
        if not path.is_file():
            raise KGError(f"[C004] query file not found: {path}")
        return path.read_text(encoding="utf-8")
    return text


@app.command("sparql")
def sparql_cmd(
    query: str = Arg(..., help="A SPARQL query, or @FILE.rq. Prefixes kg:, schema:, dcterms:, prov:, rdf:, rdfs:, xsd: are predefined."),
    fmt: str = Opt("table", "--format", "-f", help="table, csv or json."),
    store: str | None = Opt(None, "--store", "-s", help="An RDF store directory (default ./kg-store) or memory:."),
    write: bool = Opt(False, "--write", help="Allow SPARQL updates (INSERT/DELETE)."),
) -> None:
    """Run any SPARQL query on the RDF store (read-only unless --write)."""
    _check_choice("--format", fmt, ROW_FORMATS)
    st = _open(store)
    try:
        if not getattr(st, "supports_sparql", False):
            raise KGError(f"[C005] {st.url} does not speak SPARQL; use `kg cypher` for Neo4j")
        _print_rows(st.sparql(_query_text(query), write=write), fmt)
    finally:
        st.close()


@app.command("cypher")
def cypher_cmd(
    query: str = Arg(..., help="A Cypher query, or @FILE.cypher."),
    param: list[str] = Opt([], "--param", "-p", help="Query parameter KEY=VALUE (repeatable)."),
    fmt: str = Opt("table", "--format", "-f", help="table, csv or json."),
    store: str | None = Opt(None, "--store", "-s", help="bolt:// or neo4j:// URI (default: NEO4J_URI)."),
    write: bool = Opt(False, "--write", help="Run in WRITE access mode (default READ)."),
) -> None:
    """Run any Cypher query on Neo4j (READ access mode unless --write)."""
    _check_choice("--format", fmt, ROW_FORMATS)
    params = _parse_params(param)
    url = store or os.environ.get("NEO4J_URI")
    if not url:
        raise KGError("[C006] no Neo4j URI: pass --store bolt://HOST:7687 or set NEO4J_URI")
    st = _open(url)
    try:
        if not getattr(st, "supports_cypher", False):
            raise KGError(f"[C007] {st.url} does not speak Cypher; use `kg sparql` for the RDF store")
        _print_rows(st.cypher(_query_text(query), params, write=write), fmt)
    finally:
        st.close()


# --- the contract and analytics ---------------------------------------------------------------


@app.command("validate")
def validate_cmd(
    file: str | None = Arg(None, help="An exported .ttl, .nt, .nq, .trig, .jsonld or .rdf file (.gz allowed) "
                                      "instead of a store."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Check the graph against PaperKG's SHACL shapes: one line per violation, exit 1 if any."""
    from kg.validate import validate_file, validate_store

    with _progress(None, "validating") as advance:
        if file:
            report = validate_file(file, on_batch=advance)
        else:
            st = _open(store)
            try:
                report = validate_store(st, on_batch=advance)
            finally:
                st.close()
    for violation in report.violations:
        sys.stdout.write(violation.line() + "\n")  # tab-separated as it is: rich would expand the tabs
    err.print(report.summary(), markup=False)
    if not report.conforms:
        raise typer.Exit(1)


@app.command("analyze")
def analyze_cmd(
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
    min_papers: int = Opt(2, "--min-papers", min=1, help="Leave out entities named by fewer papers."),
    seed: int = Opt(42, "--seed", help="Louvain's random seed (the same seed gives the same communities)."),
) -> None:
    """Co-usage, communities, centrality by quarter and nearest neighbours; written back to the store."""
    from kg.analyze import analyze_store

    st = _open(store)
    try:
        analysis, seconds = analyze_store(st, min_papers=min_papers, seed=seed)
        communities = st.run("communities")[:5]
        central = st.run("central_entities")
    finally:
        st.close()
    table = Table(title="PaperKG analysis", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for what, n in (("papers read", analysis.papers), ("entities analysed", len(analysis.entities)),
                    ("co-usage ties", analysis.edges), ("communities", analysis.communities),
                    ("nearest-neighbour links", len(analysis.co_usage)), ("entity-quarter figures", len(analysis.quarters))):
        table.add_row(what, f"{n:,}")
    table.add_row("time", f"{seconds:.1f} s")
    out.print(table)
    for row in communities:
        out.print(f"community {row['community']} ({row['members']} members): {row['name']}", markup=False)
    for kind in ("Dataset", "Method", "Model"):
        names = [row["name"] for row in central if row["type"] == kind][:5]
        out.print(f"most central {kind.lower()}s: {', '.join(names) or '-'}", markup=False)


# --- outputs --------------------------------------------------------------------------------


@app.command("export")
def export_cmd(
    fmt: str = Opt(..., "--format", "-f", help="ttl, nt, jsonld, graphml or csv (a folder for neo4j-admin import)."),
    output: str = Opt(..., "--output", "-o", help="Output file (or folder for csv)."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Export the whole graph."""
    from kg.export import FORMATS, write_export

    _check_choice("--format", fmt, FORMATS)
    st = _open(store)
    try:
        rows = st.rows()
    finally:
        st.close()
    written = write_export(rows, fmt, output)
    out.print(f"exported {len(rows.nodes):,} nodes and {len(rows.edges):,} relationships to "
              + (output if len(written) == 1 else f"{output}/ ({len(written)} files)"))


@app.command("viz")
def viz_cmd(
    output: str = Opt("graph.html", "--output", "-o", help="HTML file to write."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
    focus: str | None = Opt(None, "--focus", help="Show only the neighbourhood of this entity, paper id or title."),
    max_nodes: int = Opt(300, "--max-nodes", min=1, help="Keep at most this many nodes (the most connected)."),
) -> None:
    """Write the interactive graph as one self-contained HTML file (works offline)."""
    from kg.viz import write_html

    st = _open(store)
    try:
        # A focused view reads only the neighbourhood, so it stays fast on a large graph.
        rows = st.neighbourhood(focus, hops=2, limit=max(5000, max_nodes)) if focus else st.rows()
    finally:
        st.close()
    write_html(rows, output, focus=focus, max_nodes=max_nodes)
    out.print(f"graph written to {output}")


plot_app = typer.Typer(help="Plots: leaderboards, the most-used datasets and metrics, usage trends.", no_args_is_help=True)
app.add_typer(plot_app, name="plot")


@plot_app.command("leaderboard")
def plot_leaderboard_cmd(
    dataset: str = Opt(..., "--dataset", "-d", help="Dataset name."),
    metric: str = Opt(..., "--metric", "-m", help="Metric name."),
    output: str = Opt("leaderboard.png", "--output", "-o", help="A .png or .html file."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Bar chart of every result on DATASET for METRIC, best first."""
    from kg.plots import write_leaderboard
    from kg.vocab import lower_is_better

    st = _open(store)
    try:
        rows = st.run("leaderboard", dataset=dataset, metric=metric)
    finally:
        st.close()
    write_leaderboard(rows, output, dataset=dataset, metric=metric, lower_is_better=lower_is_better(metric))
    out.print(f"leaderboard of {len(rows)} results written to {output}")


@plot_app.command("usage")
def plot_usage_cmd(
    output: str = Opt("usage.png", "--output", "-o", help="A .png or .html file."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Bar charts of the most-used datasets and metrics."""
    from kg.plots import write_top_entities

    st = _open(store)
    try:
        datasets, metrics = st.run("top_datasets"), st.run("top_metrics")
    finally:
        st.close()
    write_top_entities(datasets, metrics, output)
    out.print(f"usage plot written to {output}")


@plot_app.command("trends")
def plot_trends_cmd(
    output: str = Opt("trends.png", "--output", "-o", help="A .png, .svg or .html file."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Papers per quarter of the most central datasets, methods and models (after `kg analyze`)."""
    from kg.plots import write_trends

    st = _open(store)
    try:
        rows = st.run("trends")
    finally:
        st.close()
    write_trends(rows, output)
    out.print(f"usage trends of {len({(r['type'], r['rank']) for r in rows})} entities written to {output}")


# --- evaluation -----------------------------------------------------------------------------


@app.command("eval")
def eval_cmd(
    profile: str = Opt("default", "--profile", help="Extraction profile: default, fast (rules only), or both."),
    fast: bool = Opt(False, "--fast", help="Same as --profile fast."),
    shared: str | None = Opt(None, "--shared", help="Shared data folder DIR (default: $PAPERKG_SHARED or ../shared)."),
) -> None:
    """Extract and score with the shared scorers: dev gold (unseen, then tuning), SciERC dev,
    TDMSci and SOTA? (unseen), and the seed gold last (the tuning set)."""
    from kg.evaluate import EVAL_PROFILES, default_shared_dir, evaluate, load_scorers

    profile = "fast" if fast else profile
    if profile not in EVAL_PROFILES:
        raise OptionError(f"[X001] unknown profile {profile!r};{did_you_mean(profile, EVAL_PROFILES)} "
                          f"available: {', '.join(EVAL_PROFILES)}")
    base = Path(shared) if shared else default_shared_dir()
    scorers = load_scorers(base)
    for name in ("fast", "default") if profile == "both" else (profile,):
        started = time.perf_counter()
        err.print(f"scoring profile {name!r} with the scorers and data of {base}", markup=False)
        lines = evaluate(base, profile=name, scorers=scorers)
        out.print(f"== profile {name} ==", markup=False, emoji=False, highlight=False)
        for line in lines:
            out.print(line.text(), markup=False, emoji=False, highlight=False)
        err.print(f"profile {name!r} scored in {time.perf_counter() - started:.0f} s", markup=False)


def _is_click(error: BaseException, kind: str) -> bool:
    """Whether `error` is one of click's exceptions of that class name.

    By name, because typer 0.2x raises the exceptions of the click it vendors (`typer._click`),
    which are not the classes of the `click` package; older typer raises click's own.
    """
    return any(cls.__name__ == kind for cls in type(error).__mro__)


def _usage_line(error: BaseException) -> str:
    """A click usage error as one line: "Error: ..." with click's hint, and a suggestion when close."""
    message = " ".join(error.format_message().split())  # type: ignore[attr-defined]
    ctx = getattr(error, "ctx", None)
    command = getattr(ctx, "command", None)
    if message.startswith("No such command") and "Did you mean" not in message and command is not None:
        name = message.split("'")[1] if message.count("'") >= 2 else ""
        message += did_you_mean(name, getattr(command, "commands", {}))
    if message and message[-1] not in ".?!":
        message += "."
    hint = f" Try '{ctx.command_path} --help' for help." if ctx is not None else ""
    return f"Error: {message}{hint}"


class ReaderLeft(Exception):
    """Standard output's reader went away (`kg ... | head`): not an error, and not an OSError,
    which typer would turn into exit 1 before `main` sees it."""


class _GuardedStdout:
    """sys.stdout whose broken pipe raises `ReaderLeft`; rich and `extract` write through it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError as e:
            raise ReaderLeft from e

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError as e:
            raise ReaderLeft from e

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main() -> None:
    """Entry point: run the app, turning errors into one line and an exit code.

    Exit codes: 0 success (and help), 1 a runtime error (its message has a code), 2 a usage
    error (unknown command, option, query, parameter or format), 130 interrupted.
    """
    debug = "--debug" in sys.argv
    sys.stdout = _GuardedStdout(sys.stdout)  # type: ignore[assignment]
    try:
        code = app(standalone_mode=False)
        sys.stdout.flush()
    except (ReaderLeft, BrokenPipeError):  # `kg query ... | head`: the reader left, which is not an error
        _silence_stdout()
        sys.exit(0)
    except UsageError as e:
        if debug:
            raise
        err.print(f"Error: {e}", markup=False)
        sys.exit(2)
    except KGError as e:
        if debug:
            raise
        err.print(f"error: {e}", markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except OSError as e:  # an output path that cannot be written, a full disk: the user's to fix
        if debug:
            raise
        where = f": {e.filename}" if e.filename else ""
        err.print(f"error: [C008] {e.strerror or e}{where}", markup=False)
        sys.exit(1)
    except Exception as e:  # noqa: BLE001 - the CLI's promise: one line, not a traceback
        if _is_click(e, "NoArgsIsHelpError"):
            # `kg` or `kg plot` alone: the help is the answer. Rich help is already printed; plain
            # click carries it in the message.
            text = e.format_message()  # type: ignore[attr-defined]
            if text.strip():
                out.print(text, markup=False, highlight=False)
            sys.exit(0)
        if _is_click(e, "UsageError"):
            err.print(_usage_line(e), markup=False, highlight=False)
            sys.exit(e.exit_code)  # type: ignore[attr-defined]
        if _is_click(e, "Abort"):
            err.print("aborted")
            sys.exit(130)
        if _is_click(e, "ClickException"):
            err.print(f"Error: {' '.join(e.format_message().split())}", markup=False)  # type: ignore[attr-defined]
            sys.exit(e.exit_code)  # type: ignore[attr-defined]
        if debug:
            raise
        err.print(f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)", markup=False)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
