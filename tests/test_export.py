"""Exports: Turtle round trip is isomorphic, JSON-LD is compact and holds the Turtle triples, GraphML loads
in networkx, CSV fits neo4j-admin."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.core.graph import Edge, GraphRows, Node
from kg.core.rdf import rows_from_quads
from kg.core.vocab import PREFIXES
from kg.export import generate_csv, generate_graphml, generate_jsonld, generate_rdf, rdf_triples, write_export


@pytest.fixture(scope="module")
def rows(rdf_seed_store):
    return rdf_seed_store.rows()


def _facts(rows):
    return (sorted((n.ref, sorted(n.props.items())) for n in rows.nodes),
            sorted((e.type, e.src, e.dst, sorted(e.props.items())) for e in rows.edges))


RDF_FORMATS = [("ttl", "turtle", ox.RdfFormat.TURTLE), ("nt", "nt", ox.RdfFormat.N_TRIPLES),
               ("jsonld", "json-ld", ox.RdfFormat.JSON_LD)]


@pytest.mark.parametrize("fmt, rdflib_format, ox_format", RDF_FORMATS)
def test_export_rdf_reads_back_as_the_same_rows(rows, fmt, rdflib_format, ox_format):
    text = generate_rdf(rows, fmt)
    assert _facts(rows_from_quads(ox.parse(text, ox_format))) == _facts(rows)
    # and rdflib reads every triple of it
    assert len(Graph().parse(data=text, format=rdflib_format)) == len(set(rdf_triples(rows))) > 1000


def test_export_graphml_loads_in_networkx(rows, tmp_path):
    (path,) = write_export(rows, "graphml", tmp_path / "g.graphml")
    G = nx.read_graphml(path)
    assert G.number_of_nodes() == len({n.ref for n in rows.nodes})
    assert G.number_of_edges() == len(rows.edges)
    labels = {d["label"] for _, d in G.nodes(data=True)}
    assert {"Paper", "Model", "Dataset", "Metric", "Result"} <= labels
    assert generate_graphml(rows).startswith("<?xml")


def test_export_csv_headers_for_neo4j_admin(rows):
    files = generate_csv(rows)
    ids = set()
    for name, text in files.items():
        if not name.endswith(".csv"):
            continue
        reader = csv.reader(io.StringIO(text))
        header = next(reader)
        body = list(reader)
        assert all(len(r) == len(header) for r in body)
        if name.startswith("nodes_"):
            assert header[:2] == [":ID", ":LABEL"]
            ids.update(r[0] for r in body)
        else:
            assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
            assert all(r[0] in ids and r[1] in ids for r in body), name
    result_header = next(csv.reader(io.StringIO(files["nodes_Result.csv"])))
    assert "value:double" in result_header and "start:long" in result_header
    assert "--nodes=nodes_Paper.csv" in files["import.sh"]


def test_export_unknown_format(rows, tmp_path):
    from kg.core.errors import KGError

    with pytest.raises(KGError, match=r"\[E001\]"):
        write_export(rows, "xlsx", tmp_path / "x")


def _rdflib_triples(text, rdflib_format):
    return set(Graph().parse(data=text, format=rdflib_format))


def test_export_jsonld_is_compact_with_the_vocabulary_prefixes_as_context(rows):
    doc = json.loads(generate_jsonld(rows))
    assert list(doc) == ["@context", "@graph"]
    assert doc["@context"] == {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    assert {"schema", "dcterms", "prov", "kg"} <= set(doc["@context"])
    keys = {key for node in doc["@graph"] for key in node}
    # every predicate of ours is a prefixed name, no full IRI; one object per node
    assert {"@id", "@type", "schema:name", "kg:uses", "dcterms:identifier"} <= keys
    assert not [key for key in keys if "://" in key]
    ids = [node["@id"] for node in doc["@graph"]]
    assert len(ids) == len(set(ids)) == len({n.ref for n in rows.nodes}) + len({e for e in rows.edges if e.props})


def test_export_jsonld_reads_back_as_the_turtle_triples(rows):
    """What a JSON-LD tool reads from the file is what the Turtle export holds, triple for triple."""
    jsonld = _rdflib_triples(generate_rdf(rows, "jsonld"), "json-ld")
    assert jsonld == _rdflib_triples(generate_rdf(rows, "ttl"), "turtle")
    assert len(jsonld) == len(set(rdf_triples(rows))) > 1000


_PAPER = Node("Paper", "p/1 x", {"id": "p/1 x", "title": 'A "quoted" title\nover two lines, é 中',
                                 "authors": ["Ada", "B. O'Neil"], "upvotes": 0, "author_count": 2})


@pytest.mark.parametrize("rows", [
    GraphRows([_PAPER]),
    GraphRows([_PAPER, Node("Result", "r1", {"value": 85.30000001, "unit": "%", "own": True, "raw_start": 3}),
               Node("Result", "r2", {"value": -1e-07, "own": False, "confidence": 0.5})]),
    GraphRows([_PAPER, Node("Dataset", "wikitext103", {"key": "wikitext103", "name": "WikiText-103",
                                                     "canonical_id": "wikitext-103", "aliases": ["WT103", "wikitext"]})],
              [Edge("USES", _PAPER.ref, ("Dataset", "wikitext103"), {"mentions": 2, "confidence": 1.0}),
               Edge("OUTPERFORMS", ("Model", "a"), ("Model", "b"))]),
], ids=["text", "numbers", "edges"])
def test_export_jsonld_round_trips_invented_rows(rows):
    """Quotes, line breaks, non-ASCII text, lists, integers, booleans and doubles (their lexical
    forms kept) read back, in rdflib and in Oxigraph, as the triples the Turtle export holds."""
    jsonld, turtle = generate_rdf(rows, "jsonld"), generate_rdf(rows, "ttl")
    assert _rdflib_triples(jsonld, "json-ld") == _rdflib_triples(turtle, "turtle")
    def oxigraph(text, fmt):
        return {quad.triple for quad in ox.parse(text, fmt)}

    assert oxigraph(jsonld, ox.RdfFormat.JSON_LD) == oxigraph(turtle, ox.RdfFormat.TURTLE) == set(rdf_triples(rows))


@pytest.mark.parametrize("value, field", [
    (None, ""),                      # no property: neo4j-admin leaves it unset
    ("", '""'),                      # an empty string stays an empty string
    ("top-1 accuracy", "top-1 accuracy"),
    ("A, B and C", '"A, B and C"'),
    ('the "base" model', '"the ""base"" model"'),
    ("two\nlines", '"two\nlines"'),
    (87.3, "87.3"),
])
def test_export_csv_field_keeps_missing_and_empty_apart(value, field):
    from kg.export import _csv_line

    line = _csv_line(["id", value])
    assert line == f"id,{field}\n"
    assert next(csv.reader(io.StringIO(line))) == ["id", "" if value is None else str(value)]
