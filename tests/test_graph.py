"""Extractions -> nodes and edges: deterministic keys, provenance on every fact, networkx view."""

from __future__ import annotations

import pytest

from kg.core.graph import graph_rows, to_networkx
from kg.core.ids import entity_key
from kg.core.model import Claim, Entity, Evidence, Extraction, Mention, Paper, Result

ABSTRACT = "We propose the Routing Transformer. It gets 15.8 vs 18.3 perplexity on WikiText-103 and beats Transformer-XL."


def _extraction(paper_id="p1", dataset_name="WikiText-103"):
    s2 = ABSTRACT.index("It gets")
    ev = Evidence(ABSTRACT[s2:], s2, len(ABSTRACT))
    abstract = ABSTRACT.replace("WikiText-103", dataset_name)
    paper = Paper(id=paper_id, title="Routing", abstract=abstract)

    def at(text):
        start = abstract.index(text)
        return Mention(start, start + len(text), text)

    ents = (
        Entity("Routing Transformer", "Model", "routingtransformer", (at("Routing Transformer"),), proposed=True),
        Entity(dataset_name, "Dataset", entity_key(dataset_name), (at(dataset_name),)),
        Entity("perplexity", "Metric", "perplexity", (at("perplexity"),)),
    )
    results = (
        Result(15.8, "", "absolute", "perplexity", dataset_name, "Routing Transformer", "15.8", at("15.8").start, at("15.8").end, ev),
        Result(18.3, "", "absolute", "perplexity", dataset_name, None, "18.3", at("18.3").start, at("18.3").end, ev),
    )
    claims = (Claim("Routing Transformer", "Transformer-XL", ev),)
    return Extraction(paper, ents, results, claims, sentences=((0, 35), (s2, len(ABSTRACT))), extractor_version="t")


def test_graph_rows_are_deterministic():
    a, b = graph_rows(_extraction()), graph_rows(_extraction())
    assert [(n.ref, n.props) for n in a.nodes] == [(n.ref, n.props) for n in b.nodes]
    assert [(e.type, e.src, e.dst, e.props) for e in a.edges] == [(e.type, e.src, e.dst, e.props) for e in b.edges]


def test_graph_rows_relations_and_nary_results():
    rows = graph_rows(_extraction())
    types = sorted(e.type for e in rows.edges)
    assert types.count("REPORTS") == 2 and types.count("MEASURES") == 2 and types.count("ON_DATASET") == 2
    assert types.count("OF_MODEL") == 1  # the baseline's value has no model
    assert {"PROPOSES", "EVALUATES_ON", "USES", "MAKES", "WINNER", "LOSER", "OUTPERFORMS"} <= set(types)
    result = next(n for n in rows.nodes if n.label == "Result" and n.props["value"] == 15.8)
    assert result.props["sentence"].startswith("It gets") and result.props["raw"] == "15.8"
    assert ABSTRACT[result.props["raw_start"]:result.props["raw_end"]] == "15.8"


@pytest.mark.parametrize("rel", ["PROPOSES", "EVALUATES_ON", "USES"])
def test_graph_mention_edges_carry_provenance(rel):
    rows = graph_rows(_extraction())
    edge = next(e for e in rows.edges if e.type == rel)
    p = edge.props
    assert ABSTRACT[p["start"]:p["end"]] == p["name"]
    assert p["name"] in p["sentence"] and p["extractor"] and 0 < p["confidence"] <= 1 and p["paper"] == "p1"


def test_graph_same_entity_across_papers_is_one_node():
    G = to_networkx([graph_rows(_extraction("p1", "WikiText-103")), graph_rows(_extraction("p2", "Wikitext-103"))])
    datasets = [n for n, d in G.nodes(data=True) if d["label"] == "Dataset"]
    assert datasets == ["Dataset:wikitext103"]
    assert G.in_degree("Dataset:wikitext103") == 2 + 4  # two papers, four results
