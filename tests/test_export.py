"""Exports: Turtle round trip is isomorphic, GraphML loads in networkx, CSV fits neo4j-admin."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.core.rdf import rows_from_quads
from kg.export import generate_csv, generate_graphml, generate_rdf, rdf_triples, write_export


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
