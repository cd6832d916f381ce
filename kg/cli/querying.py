"""`kg query`, `kg sparql` and `kg cypher`: canned and free queries, printed as a table, CSV or JSON."""

from __future__ import annotations

import os
from pathlib import Path

from rich.table import Table

from kg.cli.app import (
    ROW_FORMATS,
    STORE_HELP,
    Arg,
    Opt,
    app,
    check_choice,
    opened,
    out,
    parse_params,
    print_rows,
)
from kg.core.errors import KGError


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

    check_choice("--format", fmt, ROW_FORMATS)
    if list_ or not name:
        table = Table(show_header=True)
        for c in ("query", "params", "question"):
            table.add_column(c, overflow="fold")
        for n in queries.names():
            q = queries.load(n)
            defaults = dict(q.defaults)
            table.add_row(n, ", ".join(f"{p}={defaults[p]}" if p in defaults else p for p in q.params) or "-",
                          q.question)
        out.print(table)
        return
    params = parse_params(param)
    queries.bind(queries.load(name), params)  # an unknown name or parameter fails before the store opens
    with opened(store, read_only=True) as st:
        print_rows(queries.run(st, name, **params), fmt)


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
    check_choice("--format", fmt, ROW_FORMATS)
    with opened(store, read_only=not write) as st:
        if not getattr(st, "supports_sparql", False):
            raise KGError(f"[C005] {st.url} does not speak SPARQL; use `kg cypher` for Neo4j")
        print_rows(st.sparql(_query_text(query), write=write), fmt)


@app.command("cypher")
def cypher_cmd(
    query: str = Arg(..., help="A Cypher query, or @FILE.cypher."),
    param: list[str] = Opt([], "--param", "-p", help="Query parameter KEY=VALUE (repeatable)."),
    fmt: str = Opt("table", "--format", "-f", help="table, csv or json."),
    store: str | None = Opt(None, "--store", "-s", help="bolt:// or neo4j:// URI (default: NEO4J_URI)."),
    write: bool = Opt(False, "--write", help="Run in WRITE access mode (default READ)."),
) -> None:
    """Run any Cypher query on Neo4j (READ access mode unless --write)."""
    check_choice("--format", fmt, ROW_FORMATS)
    params = parse_params(param)
    url = store or os.environ.get("NEO4J_URI")
    if not url:
        raise KGError("[C006] no Neo4j URI: pass --store bolt://HOST:7687 or set NEO4J_URI")
    with opened(url) as st:
        if not getattr(st, "supports_cypher", False):
            raise KGError(f"[C007] {st.url} does not speak Cypher; use `kg sparql` for the RDF store")
        print_rows(st.cypher(_query_text(query), params, write=write), fmt)
