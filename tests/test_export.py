"""Exports: Turtle round trip is isomorphic, GraphML loads in networkx, CSV fits neo4j-admin."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.export import generate_csv, generate_graphml, generate_rdf, rdf_graph, write_export


@pytest.fixture(scope="module")
def rows(rdf_seed_store):
    return rdf_seed_store.rows()


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_rdf_round_trip_is_isomorphic(rows, fmt, rdflib_format):
    text = generate_rdf(rows, fmt)
    back = Graph().parse(data=text, format=rdflib_format)
    assert isomorphic(back, rdf_graph(rows))


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
