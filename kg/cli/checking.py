"""`kg validate` and `kg analyze`: the graph against its SHACL contract, and its analytics written back."""

from __future__ import annotations

import sys

import typer
from rich.table import Table

from kg.cli.app import (
    STORE_HELP,
    Arg,
    Opt,
    app,
    err,
    opened,
    out,
    progress,
)


@app.command("validate")
def validate_cmd(
    file: str | None = Arg(None, help="An exported .ttl, .nt, .nq, .trig, .jsonld or .rdf file (.gz allowed) "
                                      "instead of a store."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Check the graph against PaperKG's SHACL shapes: one line per violation, exit 1 if any."""
    from kg.validate import validate_file, validate_store

    with progress(None, "validating") as advance:
        if file:
            report = validate_file(file, on_batch=advance)
        else:
            with opened(store, read_only=True) as st:
                report = validate_store(st, on_batch=advance)
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
    import queries
    from kg.analyze import analyze_store

    with opened(store) as st:
        analysis, seconds = analyze_store(st, min_papers=min_papers, seed=seed)
        communities = queries.run(st, "communities")[:5]
        central = queries.run(st, "central_entities")
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
