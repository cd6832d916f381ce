"""The graph's contract: SHACL shapes from the vocabulary, `kg validate` on good and hand-broken graphs."""

from __future__ import annotations

import gzip
import shutil

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from kg.core.graph import graph_rows
from kg.core.ids import BASE, node_iri
from kg.core.model import Claim, Entity, Evidence, Extraction, Mention, Paper, Result
from kg.core.vocab import (
    ANALYTICS_CLASSES,
    ANALYTICS_LINKS,
    ANALYTICS_PROPERTIES,
    EXACT_MATCH,
    KG,
    NODE_CLASSES,
    PROPERTIES,
    RELATIONS,
)
from kg.shapes import generate_shapes, load_shapes, shape_terms
from kg.stores import open_store
from kg.core.rdf import statement_iri
from kg.validate import Violation, load_file, validate_file, validate_native, validate_store

from .test_cli import kg

# The embedded store's own bookkeeping: statistics and the journal of a bulk load, in graphs of their own, no part of the contract.
STATISTICS_TERMS = {KG.paperCount, KG.modelPaperCounts, KG.statsPending, KG.bulkLoading}
REIFICATION = {RDF.subject, RDF.predicate, RDF.object}


def test_shapes_shipped_file_is_what_the_vocabulary_gives():
    assert isomorphic(load_shapes(), generate_shapes()), "run `python -m kg.shapes` after changing kg/core/vocab.py"


def test_shapes_cover_every_vocabulary_term_and_no_other():
    written = {*NODE_CLASSES.values(), *RELATIONS.values(), *(p for p, _ in PROPERTIES.values()), *REIFICATION,
               EXACT_MATCH,
               *ANALYTICS_CLASSES.values(), *(p for p, _ in ANALYTICS_PROPERTIES.values()),
               *(p for p, _ in ANALYTICS_LINKS.values())}
    assert shape_terms(load_shapes()) == written
    declared = {URIRef(KG._NS + name) for name in KG.__annotations__}
    assert declared - STATISTICS_TERMS <= written, "a KG term no shape covers"


def test_shapes_cover_every_term_a_built_and_analysed_store_holds(rdf_seed_store):
    found = set()
    for quad in rdf_seed_store.native.quads_for_pattern(None, None, None, None):
        if not (isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value.startswith(f"{BASE}graph/stats")):
            found.add(URIRef(quad.predicate.value))
            if quad.predicate.value == str(RDF.type):
                found.add(URIRef(quad.object.value))
    assert found - {RDF.type} <= shape_terms(load_shapes())
    assert {KG.CoUsage, KG.QuarterUsage, KG.communityId} <= found  # the analysis is in the store


def test_shapes_vocabulary_concepts_are_those_of_the_shipped_taxonomies():
    from kg.core import taxonomy
    from kg.core.vocab import TAXONOMY_LABELS

    assert set(TAXONOMY_LABELS) == set(taxonomy._FILES)


def test_shapes_one_closed_node_shape_per_class():
    G = load_shapes()
    targets = {G.value(shape, SH.targetClass) or G.value(shape, SH.targetSubjectsOf): shape
               for shape in G.subjects(RDF.type, SH.NodeShape)}
    assert set(targets) == {*NODE_CLASSES.values(), RDF.subject, *ANALYTICS_CLASSES.values()}
    assert all(G.value(shape, SH.closed).toPython() is True for shape in targets.values())


# --- a small valid graph, and each kind of damage ----------------------------------------------

ABSTRACT = ("We propose Lumen, a retrieval model. Lumen reaches 81.5 accuracy on the Quillbank corpus. "
            "Lumen outperforms Sparrow.")


def _paper_rows():
    paper = Paper(id="p-lumen", title="Lumen", abstract=ABSTRACT, date="2025-09-03")

    def at(text, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = ABSTRACT.index(text, start + 1)
        return Mention(start, start + len(text), text)

    second = ABSTRACT.index("Lumen reaches")
    third = ABSTRACT.index("Lumen outperforms")
    ev = Evidence(ABSTRACT[second:third - 1], second, third - 1)
    entities = (Entity("Lumen", "Model", "lumen", (at("Lumen"),), proposed=True),
                Entity("Quillbank", "Dataset", "quillbank", (at("Quillbank"),)),
                Entity("accuracy", "Metric", "accuracy", (at("accuracy"),)),
                Entity("Sparrow", "Model", "sparrow", (at("Sparrow"),)))
    results = (Result(81.5, "", "absolute", "accuracy", "Quillbank", "Lumen", "81.5", at("81.5").start,
                      at("81.5").end, ev),)
    claims = (Claim("Lumen", "Sparrow", Evidence(ABSTRACT[third:], third, len(ABSTRACT))),)
    sentences = ((0, second - 1), (second, third - 1), (third, len(ABSTRACT)))
    return graph_rows(Extraction(paper, entities, results, claims, sentences=sentences, extractor_version="t"))


@pytest.fixture()
def small_graph():
    store = open_store("memory:")
    rows = _paper_rows()
    store.add([rows])
    yield store.native, rows
    store.close()


def _iri(rows, label):
    return next(node_iri(n.label, n.key) for n in rows.nodes if n.label == label)


def _set(native, subject, predicate, obj):
    """Replace every value of subject's predicate by obj (None: remove them)."""
    s, p = ox.NamedNode(subject), ox.NamedNode(str(predicate))
    for quad in list(native.quads_for_pattern(s, p, None, None)):
        native.remove(quad)
    if obj is not None:
        native.add(ox.Quad(s, p, obj, ox.DefaultGraph()))


def _add(native, subject, predicate, obj):
    native.add(ox.Quad(ox.NamedNode(subject), ox.NamedNode(str(predicate)), obj, ox.DefaultGraph()))


DAMAGE = {
    "missing required property": (
        lambda n, r: _set(n, _iri(r, "Dataset"), KG.key, None), "Dataset", "kg:key", "MinCount"),
    "wrong datatype": (
        lambda n, r: _set(n, _iri(r, "Result"), PROPERTIES["value"][0], ox.Literal("high")),
        "Result", "schema:value", "Datatype"),
    "ill-typed number": (
        lambda n, r: _set(n, _iri(r, "Result"), KG.rawStart, ox.Literal("x", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer"))), "Result", "kg:rawStart", "Datatype"),
    "wrong cardinality": (
        lambda n, r: _add(n, _iri(r, "Metric"), PROPERTIES["name"][0], ox.Literal("ACC")),
        "Metric", "schema:name", "MaxCount"),
    "two winners": (
        lambda n, r: _add(n, _iri(r, "Claim"), KG.winner, ox.NamedNode(node_iri("Model", "sparrow"))),
        "Claim", "kg:winner", "MaxCount"),
    "wrong object class": (
        lambda n, r: _set(n, _iri(r, "Result"), KG.onDataset, ox.NamedNode(node_iri("Model", "lumen"))),
        "Result", "kg:onDataset", "Class"),
    "wrong object class among several": (
        lambda n, r: _set(n, _iri(r, "Claim"), KG.winner, ox.NamedNode(node_iri("Dataset", "quillbank"))),
        "Claim", "kg:winner/rdf:type", "In"),
    "unknown property on a closed shape": (
        lambda n, r: _add(n, _iri(r, "Dataset"), KG.sentence, ox.Literal("invented")),
        "Dataset", "kg:sentence", "Closed"),
    "a concept link outside the vocabularies": (
        lambda n, r: _add(n, _iri(r, "Dataset"), EXACT_MATCH, ox.NamedNode("https://example.org/dataset/quillbank")),
        "Dataset", "skos:exactMatch", "Pattern"),
    "value outside its set": (
        lambda n, r: _set(n, _iri(r, "Result"), KG.resultKind, ox.Literal("bogus")), "Result", "kg:resultKind", "In"),
    "result without its paper": (
        lambda n, r: [n.remove(q) for q in list(n.quads_for_pattern(None, ox.NamedNode(str(KG.reports)), None, None))],
        "Result", "^kg:reports", "MinCount"),
    "statement of a relation that is no mention": (
        lambda n, r: _set(n, str(statement_iri(next(e for e in r.edges if e.type == "EVALUATES_ON"))), RDF.predicate,
                          ox.NamedNode(str(KG.reports))), "Statement", "rdf:predicate", "In"),
}


def _focus(rows, label):
    if label == "Statement":
        return str(statement_iri(next(e for e in rows.edges if e.type == "EVALUATES_ON")))
    return _iri(rows, label)


def test_shapes_small_graph_conforms(small_graph):
    native, _ = small_graph
    report = validate_native(native)
    assert report.conforms, [v.line() for v in report.violations]
    assert report.nodes > 10


@pytest.mark.parametrize("batch_triples", [100_000, 1])
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_shapes_each_kind_of_damage_is_reported_on_one_line(small_graph, damage, batch_triples):
    native, rows = small_graph
    apply, label, path, component = DAMAGE[damage]
    apply(native, rows)
    report = validate_native(native, batch_triples=batch_triples)  # 1: every node in a batch of its own
    focus = _focus(rows, label)
    assert {(v.focus, v.path, v.component) for v in report.violations} == {(focus, path, component)}
    line = report.violations[0].line()
    assert "\n" not in line
    got_focus, got_path, message = line.split("\t")
    assert (got_focus, got_path) == (focus, path) and message.startswith(f"[{component}] ") and len(message) > 15


def test_shapes_violation_line_names_focus_path_and_message():
    line = Violation(f"{BASE}id/result/1", "schema:value", "Value is not a double", "Datatype").line()
    assert line == f"{BASE}id/result/1\tschema:value\t[Datatype] Value is not a double"


# --- whole graphs: the seed, exports, the CLI, the 5k slice ------------------------------------


def test_shapes_seed_graph_and_its_analysis_conform(rdf_seed_store):
    report = validate_store(rdf_seed_store)
    assert report.conforms, [v.line() for v in report.violations[:20]]
    assert report.nodes > 500 and report.triples > 5000


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_shapes_exported_seed_conforms(rdf_seed_store, tmp_path, fmt):
    from kg.export import write_export

    path = tmp_path / f"seed.{fmt}"
    write_export(rdf_seed_store.rows(), fmt, path)
    report = validate_file(path)
    assert report.conforms, [v.line() for v in report.violations[:20]]
    assert report.triples == validate_file(path).triples > 4000


def test_shapes_gzipped_file_loads(tmp_path, small_graph):
    native, _ = small_graph
    path = tmp_path / "g.nq"
    native.dump(path, format=ox.RdfFormat.N_QUADS)
    with open(path, "rb") as src, gzip.open(tmp_path / "g.nq.gz", "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert len(load_file(tmp_path / "g.nq.gz")) == len(load_file(path)) == len(native) > 30


def test_shapes_cli_prints_one_line_per_violation_and_exits_1(tmp_path, small_graph):
    native, rows = small_graph
    good = tmp_path / "good.nq"
    native.dump(good, format=ox.RdfFormat.N_QUADS)
    proc = kg("validate", good)
    assert proc.stdout == "" and "conforms" in proc.stderr
    for damage in ("missing required property", "unknown property on a closed shape"):
        DAMAGE[damage][0](native, rows)
    bad = tmp_path / "bad.nq"
    native.dump(bad, format=ox.RdfFormat.N_QUADS)
    proc = kg("validate", bad, check=False)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert [line.split("\t")[1:2] for line in lines] == [["kg:key"], ["kg:sentence"]]
    assert "2 violations on 1 node" in proc.stderr


@pytest.mark.parametrize("name, code", [("missing.ttl", "V002"), ("graph.csv", "V003")])
def test_shapes_cli_unreadable_file_is_one_line(tmp_path, name, code):
    if name.endswith(".csv"):
        (tmp_path / name).write_text("a,b\n")
    proc = kg("validate", tmp_path / name, check=False)
    assert proc.returncode == 1 and f"[{code}]" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_shapes_unparsable_file_is_a_coded_error(tmp_path):
    from kg.core.errors import KGError

    (tmp_path / "broken.ttl").write_text("<a> <b> ")
    with pytest.raises(KGError, match=r"\[V004\]"):
        load_file(tmp_path / "broken.ttl")


@pytest.mark.slow
def test_shapes_5k_arxiv_build_conforms(shared_dir, tmp_path):
    """The first 5,000 abstracts of the arXiv slice, built with --fast and analysed: zero violations."""
    from kg.analyze import analyze_store
    from kg.build import build

    corpus = tmp_path / "first-5k.jsonl"
    with gzip.open(shared_dir / "data" / "arxiv" / "arxiv_cs_abstracts.jsonl.gz", "rt", encoding="utf-8") as f:
        corpus.write_text("".join(line for _, line in zip(range(5000), f)), encoding="utf-8")
    store = open_store("memory:")
    stats = build([corpus], store, profile="fast")
    assert stats.load.papers == 5000
    analyze_store(store)
    report = validate_store(store)
    assert report.conforms, [v.line() for v in report.violations[:20]]
    assert report.nodes > 30_000
    store.close()


def test_shapes_store_read_back_as_rows_conforms(rdf_seed_store):
    """Any store that is not the embedded one is validated through its rows (as Neo4j is)."""

    class RowsOnly:
        def rows(self):
            return rdf_seed_store.rows()

    report = validate_store(RowsOnly())
    assert report.conforms and report.nodes > 500


def test_shapes_graph_rows_link_results_and_claims_to_nodes_of_the_right_label():
    """A name the paper's entities type one way, a result or claim reads another: the link still fits the contract."""
    text = "We use the Kestrel benchmark. Kestrel scores 70.1 F1 on Kestrel. Kestrel beats Heron."
    paper = Paper(id="p-k", title="K", abstract=text)
    m = Mention(text.index("Kestrel"), text.index("Kestrel") + 7, "Kestrel")
    ev = Evidence(text, 0, len(text))
    rows = graph_rows(Extraction(paper, (Entity("Kestrel", "Dataset", "kestrel", (m,)),),
                                 (Result(70.1, "", "absolute", "F1", "Kestrel", "Kestrel", "70.1", 46, 50, ev),),
                                 (Claim("Kestrel", "Heron", ev),)))
    links = {(e.type, e.dst) for e in rows.edges}
    assert ("ON_DATASET", ("Dataset", "kestrel")) in links
    assert ("OF_MODEL", ("Model", "kestrel")) in links and ("WINNER", ("Method", "kestrel")) in links
    store = open_store("memory:")
    store.add([rows])
    assert validate_store(store).conforms
    store.close()


def test_shapes_validation_skips_only_the_statistics_graphs(small_graph):
    native, rows = small_graph
    stats = ox.NamedNode(f"{BASE}graph/stats/Dataset")
    native.add(ox.Quad(ox.NamedNode(_iri(rows, "Dataset")), ox.NamedNode(str(KG.paperCount)),
                       ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), stats))
    assert validate_native(native).conforms
    native.add(ox.Quad(ox.NamedNode(_iri(rows, "Dataset")), ox.NamedNode(str(KG.paperCount)),
                       ox.Literal("1"), ox.NamedNode(f"{BASE}graph/other")))
    assert [v.path for v in validate_native(native).violations] == ["kg:paperCount"]


def test_shapes_graph_of_shapes_parses_as_shacl():
    G = Graph().parse(data=load_shapes().serialize(format="turtle"), format="turtle")
    assert len(list(G.subjects(RDF.type, SH.PropertyShape))) > 80
