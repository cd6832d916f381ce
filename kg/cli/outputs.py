"""`kg export`, `kg viz` and `kg plot`: the graph as files, as a page and as charts."""

from __future__ import annotations

from collections.abc import Callable

import typer

from kg.cli.app import (
    STORE_HELP,
    Opt,
    app,
    check_choice,
    opened,
    out,
)


@app.command("export")
def export_cmd(
    fmt: str = Opt(..., "--format", "-f", help="ttl, nt, jsonld, graphml or csv (a folder for neo4j-admin import)."),
    output: str = Opt(..., "--output", "-o", help="Output file (or folder for csv)."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Export the whole graph."""
    from kg.export import FORMATS, write_export

    check_choice("--format", fmt, FORMATS)
    with opened(store, read_only=True) as st:
        rows = st.rows()
    written = write_export(rows, fmt, output)
    out.print(f"exported {len(rows.nodes):,} nodes and {len(rows.edges):,} relationships to "
              + (output if len(written) == 1 else f"{output}/ ({len(written)} files)"))


@app.command("viz")
def viz_cmd(
    output: str = Opt("graph.html", "--output", "-o", help="HTML file to write."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
    focus: str | None = Opt(None, "--focus", help="Show only the neighbourhood of this entity, paper id or title."),
    max_nodes: int = Opt(500, "--max-nodes", min=1,
                         help="Keep at most this many nodes (the most connected); up to ~2000 stay readable."),
) -> None:
    """Write the graph explorer (search, type filters, evidence panel): one offline HTML file."""
    from kg.viz import write_store_html

    with opened(store, read_only=True) as st:
        write_store_html(st, output, focus=focus, max_nodes=max_nodes)
    out.print(f"graph written to {output}")


plot_app = typer.Typer(help="Plots: leaderboards, progress over time, the most-used datasets and metrics, usage trends.",
                       no_args_is_help=True)
app.add_typer(plot_app, name="plot")

# A results chart's drawing: (store, output file, query parameters) -> the line to print.
DrawResults = Callable[[str | None, str, dict[str, str]], str]


def ask(store: str | None, *names: str, **params: str) -> list[list[dict]]:
    """The rows of each canned query `names` with `params`, from the store opened read-only (a
    build may be writing it)."""
    import queries

    with opened(store, read_only=True) as st:
        return [queries.run(st, name, **params) for name in names]


def results_plot(name: str, files: str, summary: str) -> Callable[[DrawResults], DrawResults]:
    """Register the decorated drawing as `kg plot NAME`: a chart of the results on one dataset for
    one metric. `leaderboard` and `progress` take the same options, the parameters of the queries
    they read, so these are declared here once; `files` names the output suffixes the help offers.
    The drawing gets the store, the output file and the query parameters and returns what to print."""

    def register(draw: DrawResults) -> DrawResults:
        @plot_app.command(name, help=summary)
        def command(
            dataset: str = Opt(..., "--dataset", "-d", help="Dataset name."),
            metric: str = Opt(..., "--metric", "-m", help="Metric name."),
            output: str = Opt(f"{name}.png", "--output", "-o", help=f"A {files} file."),
            setting: str = Opt("any", "--setting", help='Only results under this setting '
                               '("zero-shot", "test", "256x256"; "none": none stated).'),
            quoted: bool = Opt(False, "--quoted",
                               help="Also the baseline numbers papers quote (own results only by default)."),
            store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
        ) -> None:
            params = {"dataset": dataset, "metric": metric, "setting": setting, "quoted": "yes" if quoted else "no"}
            out.print(draw(store, output, params))

        return draw

    return register


@results_plot("leaderboard", ".png or .html", "Bar chart of every result on DATASET for METRIC, best first.")
def draw_leaderboard(store: str | None, output: str, params: dict[str, str]) -> str:
    from kg.plots import write_leaderboard

    (rows,) = ask(store, "leaderboard", **params)
    write_leaderboard(rows, output, dataset=params["dataset"], metric=params["metric"])
    return f"leaderboard of {len(rows)} results written to {output}"


@results_plot("progress", ".png, .svg or .html",
              "Step line of the best result so far on DATASET for METRIC by paper date, every result behind it.")
def draw_progress(store: str | None, output: str, params: dict[str, str]) -> str:
    from kg.plots import write_progress

    steps, points = ask(store, "progress", "leaderboard", **params)
    write_progress(steps, output, points, dataset=params["dataset"], metric=params["metric"])
    return f"progress of {len(steps)} steps over {len(points)} results written to {output}"


@plot_app.command("usage")
def plot_usage_cmd(
    output: str = Opt("usage.png", "--output", "-o", help="A .png or .html file."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Bar charts of the most-used datasets and metrics."""
    from kg.plots import write_top_entities

    datasets, metrics = ask(store, "top_datasets", "top_metrics")
    write_top_entities(datasets, metrics, output)
    out.print(f"usage plot written to {output}")


@plot_app.command("trends")
def plot_trends_cmd(
    output: str = Opt("trends.png", "--output", "-o", help="A .png, .svg or .html file."),
    store: str | None = Opt(None, "--store", "-s", help=STORE_HELP),
) -> None:
    """Papers per quarter of the most central datasets, methods and models (after `kg analyze`)."""
    from kg.plots import write_trends

    (rows,) = ask(store, "trends")
    write_trends(rows, output)
    out.print(f"usage trends of {len({(r['type'], r['rank']) for r in rows})} entities written to {output}")
