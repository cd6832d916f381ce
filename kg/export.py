"""Exports: graph rows -> Turtle, N-Triples, JSON-LD, GraphML, CSV for neo4j-admin.

Pure `generate_*` functions return text (or name -> text for CSV); `write_*`
functions write it where asked. Every export reads `store.rows()`, so each
store exports the same graph.
"""

from __future__ import annotations

import csv
import io
import shlex
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.core.errors import KGError, UsageError, did_you_mean
from kg.core.graph import GraphRows, to_networkx

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "graphml": "graphml", "csv": "csv"}


def rdf_graph(rows: GraphRows) -> Any:
    """An rdflib Graph of the rows, in the vocabulary of `kg.core.vocab`."""
    from rdflib import Graph

    from kg.core.vocab import PREFIXES
    from kg.stores.rdf import edge_triples, node_triples

    G = Graph()
    for prefix, ns in PREFIXES.items():
        G.bind(prefix, ns)
    for node in rows.nodes:
        for triple in node_triples(node):
            G.add(triple)
    for edge in rows.edges:
        for triple in edge_triples(edge):
            G.add(triple)
    return G


def generate_rdf(rows: GraphRows, fmt: str = "ttl") -> str:
    """The rows as RDF text: fmt is "ttl", "nt" or "jsonld".

    Examples:
        >>> from kg.core.graph import Node
        >>> "schema:name \\"GLUE\\"" in generate_rdf(GraphRows([Node("Dataset", "glue", {"key": "glue", "name": "GLUE"})]))
        True
    """
    return rdf_graph(rows).serialize(format=FORMATS[fmt])


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def generate_graphml(rows: GraphRows) -> str:
    """The rows as GraphML (lists joined with "; "), readable by networkx, Gephi, yEd."""
    import networkx as nx

    G = to_networkx([rows])
    H = nx.MultiDiGraph()
    for n, data in G.nodes(data=True):
        H.add_node(n, **{k: _flat(v) for k, v in data.items() if v is not None})
    for u, v, k, data in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **{a: _flat(b) for a, b in data.items() if b is not None})
    return '<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join(nx.generate_graphml(H)) + "\n"


_CSV_TYPES = {bool: "boolean", int: "long", float: "double"}


def _column(name: str, values: Iterable[Any]) -> str:
    """The neo4j-admin header of a property column, typed from its values."""
    kinds = {type(v) for v in values if v is not None}
    if kinds and all(k in (list, tuple) for k in kinds):
        return f"{name}:string[]"
    for py, neo in _CSV_TYPES.items():
        if kinds == {py}:
            return f"{name}:{neo}"
    if kinds <= {int, float} and kinds:
        return f"{name}:double"
    return name


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v).replace(";", ",") for v in value)
    return value


def generate_csv(rows: GraphRows) -> dict[str, str]:
    """CSV files for `neo4j-admin database import full`: file name -> text.

    One node file per label (`:ID` is "Label:key", `:LABEL` the label), one
    relationship file per type (`:START_ID`, `:END_ID`, `:TYPE`), and
    `import.sh` with the command that loads them.
    """
    files: dict[str, str] = {}
    nodes_by_label: dict[str, list[Any]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for node in rows.nodes:
        if node.ref not in seen:
            seen.add(node.ref)
            nodes_by_label[node.label].append(node)
    for label, nodes in sorted(nodes_by_label.items()):
        names = sorted({k for n in nodes for k in n.props})
        header = [":ID", ":LABEL"] + [_column(k, (n.props.get(k) for n in nodes)) for k in names]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for n in nodes:
            writer.writerow([f"{label}:{n.key}", label] + [_cell(n.props.get(k)) for k in names])
        files[f"nodes_{label}.csv"] = out.getvalue()
    edges_by_type: dict[str, list[Any]] = defaultdict(list)
    for edge in rows.edges:
        edges_by_type[edge.type].append(edge)
    for rel, edges in sorted(edges_by_type.items()):
        names = sorted({k for e in edges for k in e.props})
        header = [":START_ID", ":END_ID", ":TYPE"] + [_column(k, (e.props.get(k) for e in edges)) for k in names]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for e in edges:
            writer.writerow([f"{e.src[0]}:{e.src[1]}", f"{e.dst[0]}:{e.dst[1]}", rel] + [_cell(e.props.get(k)) for k in names])
        files[f"relationships_{rel}.csv"] = out.getvalue()
    args = ["neo4j-admin", "database", "import", "full", "neo4j", "--overwrite-destination",
            "--multiline-fields=true", "--array-delimiter=;"]
    args += [f"--nodes={name}" for name in files if name.startswith("nodes_")]
    args += [f"--relationships={name}" for name in files if name.startswith("relationships_")]
    files["import.sh"] = (
        "#!/bin/sh\n# Load these CSV files into an empty Neo4j database (run in this folder, server stopped).\n"
        + " \\\n  ".join(shlex.quote(a) for a in args) + "\n"
    )
    return files


def write_export(rows: GraphRows, fmt: str, path: str | Path) -> list[Path]:
    """Write the rows in `fmt` to `path` (a folder for csv); return the files written.

    Raises:
        UsageError: unknown format.
        KGError: unwritable path.
    """
    if fmt not in FORMATS:
        raise UsageError(f"[E001] unknown export format {fmt!r};{did_you_mean(fmt, FORMATS)} use one of {', '.join(FORMATS)}")
    path = Path(path)
    try:
        if fmt == "csv":
            path.mkdir(parents=True, exist_ok=True)
            written = []
            for name, text in generate_csv(rows).items():
                (path / name).write_text(text, encoding="utf-8")
                written.append(path / name)
            return written
        text = generate_graphml(rows) if fmt == "graphml" else generate_rdf(rows, fmt)
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return [path]
    except OSError as e:
        raise KGError(f"[E002] cannot write {path}: {e.strerror or e}") from e
