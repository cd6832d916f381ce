"""What every `kg` command shares: the typer app, the consoles, opening a store, printing rows.

The commands live in `kg.cli.building`, `querying`, `checking`, `outputs` and `evaluation`;
`kg.cli` registers them and turns errors into one line and an exit code. Each command imports
the library it wraps inside its function: not to dodge a cycle (`tests/test_layers.py` reads
those imports too), but so that `kg --help` loads none of spaCy, rdflib, pySHACL or matplotlib.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from kg.core.errors import ParameterError, UsageError, did_you_mean

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


@contextmanager
def opened(store: str | None, *, read_only: bool = False) -> Iterator[Any]:
    """The store `store` names (else $PAPERKG_STORE, else ./kg-store), closed when the block ends;
    `read_only` for the commands that only read, so they run while a build writes the store."""
    from kg.stores import open_store

    with closing(open_store(store or os.environ.get("PAPERKG_STORE") or None, read_only=read_only)) as st:
        yield st


def progress(total: int | None, description: str) -> Any:
    """A rich progress bar on a terminal; plain periodic lines otherwise."""
    from kg.progress import progress_reporter

    return progress_reporter(total=total, description=description, console=err, quiet=STATE.get("quiet", False))


def stages(names: tuple[str, ...]) -> Any:
    """Progress of the stages of a job that run at the same time, one line or bar each."""
    from kg.progress import stage_reporter

    return stage_reporter(names, console=err, quiet=STATE.get("quiet", False))


def print_problem(problem: Any) -> None:
    err.print(f"[yellow]skipped[/yellow] {problem}", markup=True)


def check_choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    """A usage error unless `value` is one of `choices` (checked before any work starts)."""
    if value not in choices:
        raise UsageError(f"[C001] invalid value for {option}: {value!r};{did_you_mean(value, choices)} "
                         f"choose from {', '.join(choices)}")


def parse_params(params: list[str]) -> dict[str, str]:
    out = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"[C002] -p needs KEY=VALUE, got {item!r}")
        out[key.strip()] = value
    return out


TABLE_CELL_CHARS = 90
ROW_FORMATS = ("table", "csv", "json")


def short(text: str) -> str:
    """A table cell: one line, long text cut (csv and json keep it whole)."""
    text = " ".join(text.split())
    return text if len(text) <= TABLE_CELL_CHARS else text[: TABLE_CELL_CHARS - 1] + "…"


def print_rows(rows: list[dict[str, Any]], fmt: str) -> None:
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
        table.add_row(*(short("" if v is None else str(v)) for v in row.values()))
    out.print(table)
    out.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
