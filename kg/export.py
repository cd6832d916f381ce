"""Exports: graph rows -> Turtle, N-Triples, JSON-LD, GraphML, CSV for neo4j-admin.

Pure `generate_*` functions return text (or name -> text for CSV); `write_*`
functions write it where asked. Every export reads `store.rows()`, so each
store exports the same graph. The RDF exports hold the same triples (`kg.core.rdf`); JSON-LD
is compact: an `@context` of the vocabulary prefixes (`kg.core.vocab.PREFIXES`) and one object
per node, ready for JSON-LD tools.
"""

from __future__ import annotations

import json
import shlex
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.core.errors import KGError, UsageError, did_you_mean
from kg.core.graph import GraphRows, to_networkx
from kg.core.rdf import RDF_TYPE, edge_quads, node_quads
from kg.core.vocab import PREFIXES

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "graphml": "graphml", "csv": "csv"}
_OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
_PREFIX_IRIS = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
# longest namespace first, so an IRI takes the most specific prefix
_PREFIX_ORDER = sorted(_PREFIX_IRIS.items(), key=lambda item: -len(item[1]))
_RDF_TYPE = str(RDF_TYPE.value)
_XSD = str(PREFIXES["xsd"])
# datatypes written as JSON values: their lexical forms in our literals are the ones JSON-LD
# gives back (canonical integers, true/false); a double keeps its own lexical form
_JSON_NATIVE = {_XSD + "integer": int, _XSD + "boolean": lambda text: text == "true"}


def rdf_triples(rows: GraphRows) -> Iterator[ox.Triple]:
    """The rows as RDF triples, in the one mapping the embedded store writes too (`kg.core.rdf`)."""
    for node in rows.nodes:
        for quad in node_quads(node):
            yield quad.triple
    for edge in rows.edges:
        for quad in edge_quads(edge):
            yield quad.triple


def generate_rdf(rows: GraphRows, fmt: str = "ttl") -> str:
    """The rows as RDF text: fmt is "ttl", "nt" (Oxigraph's serialisers) or "jsonld" (`generate_jsonld`).

    Examples:
        >>> from kg.core.graph import Node
        >>> 'schema:name "GLUE"' in generate_rdf(GraphRows([Node("Dataset", "glue", {"key": "glue", "name": "GLUE"})]))
        True
    """
    # One triple once, as a graph holds it (two papers may give the same node).
    triples = dict.fromkeys(rdf_triples(rows))
    if fmt == "jsonld":
        return jsonld_text(triples)
    prefixes = _PREFIX_IRIS if fmt == "ttl" else None
    return ox.serialize(triples, format=_OX_FORMATS[fmt], prefixes=prefixes).decode("utf-8")


def generate_jsonld(rows: GraphRows) -> str:
    """The rows as compact JSON-LD: the triples of the Turtle export, one object per node.

    Examples:
        >>> from kg.core.graph import Node
        >>> doc = json.loads(generate_jsonld(GraphRows([Node("Dataset", "glue", {"key": "glue", "name": "GLUE"})])))
        >>> doc["@context"]["schema"], doc["@graph"]
        ('https://schema.org/', [{'@id': 'https://w3id.org/paperkg/id/dataset/glue', '@type': 'kg:Dataset', 'kg:key': 'glue', 'schema:name': 'GLUE'}])
    """
    return generate_rdf(rows, "jsonld")


def jsonld_text(triples: Iterable[ox.Triple]) -> str:
    """Triples as a compact JSON-LD document: `@context` the vocabulary prefixes, `@graph` one
    object per subject, in the order subjects first appear; a key or type is a prefixed name
    where a prefix fits, a plain string literal a JSON string, an integer or boolean a JSON
    value, a double `{"@value": lexical form, "@type": "xsd:double"}` (so it reads back as the
    same literal)."""
    nodes: dict[str, dict[str, Any]] = {}
    for triple in triples:
        subject = triple.subject.value
        node = nodes.setdefault(subject, {"@id": subject})
        if triple.predicate.value == _RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            key, value = "@type", _compact(triple.object.value)
        else:
            key, value = _compact(triple.predicate.value), _jsonld_value(triple.object)
        if key in node:
            node[key] = [*node[key], value] if isinstance(node[key], list) else [node[key], value]
        else:
            node[key] = value
    # one node a line: a large graph stays small and greppable
    graph = ",\n".join(json.dumps(node, ensure_ascii=False) for node in nodes.values())
    return f'{{"@context": {json.dumps(_PREFIX_IRIS, indent=1)},\n"@graph": [\n{graph}\n]}}\n'


def _compact(iri: str) -> str:
    """An IRI as a prefixed name where a vocabulary prefix fits ("schema:name"), else as it is."""
    for prefix, namespace in _PREFIX_ORDER:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _jsonld_value(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return {"@id": _compact(term.value)}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    datatype = term.datatype.value
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if datatype == _XSD + "string":
        return term.value
    if datatype in _JSON_NATIVE:
        return _JSON_NATIVE[datatype](term.value)
    return {"@value": term.value, "@type": _compact(datatype)}


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
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v).replace(";", ",") for v in value)
    return value


def _csv_line(fields: Iterable[Any]) -> str:
    """One CSV line as neo4j-admin reads it: a missing value is an empty field (no property), an
    empty string is a quoted `""` (the importer keeps it as ""; csv.writer would write it as nothing,
    and the imported node would lack a property the Cypher writer sets)."""
    out = []
    for value in fields:
        text = "" if value is None else str(value)
        if value is not None and (not text or any(c in text for c in ',"\r\n')):
            text = '"' + text.replace('"', '""') + '"'
        out.append(text)
    return ",".join(out) + "\n"


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
        files[f"nodes_{label}.csv"] = _csv_line(header) + "".join(
            _csv_line([f"{label}:{n.key}", label] + [_cell(n.props.get(k)) for k in names]) for n in nodes)
    edges_by_type: dict[str, list[Any]] = defaultdict(list)
    for edge in rows.edges:
        edges_by_type[edge.type].append(edge)
    for rel, edges in sorted(edges_by_type.items()):
        names = sorted({k for e in edges for k in e.props})
        header = [":START_ID", ":END_ID", ":TYPE"] + [_column(k, (e.props.get(k) for e in edges)) for k in names]
        files[f"relationships_{rel}.csv"] = _csv_line(header) + "".join(
            _csv_line([f"{e.src[0]}:{e.src[1]}", f"{e.dst[0]}:{e.dst[1]}", rel] + [_cell(e.props.get(k)) for k in names])
            for e in edges)
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
