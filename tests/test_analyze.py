"""kg analyze: co-usage, Louvain communities, PageRank by quarter, nearest neighbours, written back."""

from __future__ import annotations

import random

import pytest

import queries
from kg.analyze import (
    Usage,
    analyze,
    co_usage_graph,
    communities,
    nearest_neighbours,
    quarter_of,
    usage_from_rows,
)

from .test_cli import kg


@pytest.mark.parametrize("date, quarter", [
    ("2025-01-31", "2025Q1"), ("2025-03-01", "2025Q1"), ("2025-04-01", "2025Q2"), ("2025-09-30", "2025Q3"),
    ("2025-12-01", "2025Q4"), ("2026-02", "2026Q1"), ("2025-13-01", None), ("Aug 18, 2025", None), ("", None),
    (None, None),
])
def test_analyze_quarter_of(date, quarter):
    assert quarter_of(date) == quarter


def _usage(papers: dict[str, list[str]], dates: dict[str, str] | None = None) -> Usage:
    """Usage from 'Label:key' strings; names are the keys capitalised."""
    rows = [{"paper": p, "date": (dates or {}).get(p), "type": e.split(":")[0], "key": e.split(":")[1],
             "name": e.split(":")[1].capitalize()} for p, entities in papers.items() for e in entities]
    return usage_from_rows(rows)


# Two fields that never meet: vision (three papers) and speech (three papers), plus a one-off.
FIELDS = {
    "v1": ["Dataset:imagenet", "Model:resnet", "Metric:top1"],
    "v2": ["Dataset:imagenet", "Model:resnet", "Metric:top1", "Dataset:cifar"],
    "v3": ["Dataset:imagenet", "Model:vit", "Metric:top1", "Dataset:cifar"],
    "s1": ["Dataset:librispeech", "Model:whisper", "Metric:wer"],
    "s2": ["Dataset:librispeech", "Model:whisper", "Metric:wer"],
    "s3": ["Dataset:librispeech", "Model:conformer", "Metric:wer"],
    "x1": ["Dataset:oneoff", "Model:resnet"],
}
DATES = {"v1": "2025-02-01", "v2": "2025-05-01", "v3": "2025-05-20", "s1": "2025-02-10", "s2": "2025-06-01",
         "s3": "2025-06-02", "x1": "2025-02-03"}


def test_analyze_usage_rows_keep_only_analysed_labels_and_the_least_name():
    rows = [{"paper": "p", "date": "2025-01-01", "type": "Task", "key": "qa", "name": "QA"},
            {"paper": "p", "date": "2025-01-01", "type": "Model", "key": "bert", "name": "bert"},
            {"paper": "q", "date": None, "type": "Model", "key": "bert", "name": "BERT"}]
    usage = usage_from_rows(rows)
    assert usage.papers == {"p": {("Model", "bert")}, "q": {("Model", "bert")}}
    assert usage.names == {("Model", "bert"): "BERT"} and usage.dates == {"p": "2025-01-01"}


def test_analyze_co_usage_weights_are_shared_papers_and_rare_entities_are_left_out():
    G = co_usage_graph(_usage(FIELDS).papers)
    assert ("Dataset", "oneoff") not in G and ("Model", "vit") not in G  # one paper each
    assert G[("Dataset", "imagenet")][("Metric", "top1")]["weight"] == 3
    assert G[("Dataset", "imagenet")][("Model", "resnet")]["weight"] == 2
    assert G.nodes[("Model", "resnet")]["papers"] == 3  # x1 counts for its papers, not as a tie
    assert not G.has_edge(("Dataset", "imagenet"), ("Dataset", "librispeech"))


def test_analyze_communities_are_the_two_fields_named_by_their_core():
    usage = _usage(FIELDS)
    found = communities(co_usage_graph(usage.papers), usage.names)
    assert [set(members) for _, members in found] == [
        {("Dataset", "imagenet"), ("Model", "resnet"), ("Metric", "top1"), ("Dataset", "cifar")},
        {("Dataset", "librispeech"), ("Model", "whisper"), ("Metric", "wer")},
    ]
    assert found[0][0] == "Imagenet · Top1 · Cifar" and found[1][0] == "Librispeech · Wer · Whisper"


def test_analyze_is_deterministic_whatever_the_row_order():
    rows = [{"paper": p, "date": DATES[p], "type": e.split(":")[0], "key": e.split(":")[1], "name": e}
            for p, entities in FIELDS.items() for e in entities]
    first = analyze(usage_from_rows(rows))
    for seed in range(3):
        random.Random(seed).shuffle(rows)
        assert analyze(usage_from_rows(rows)) == first


def test_analyze_nearest_neighbours_by_cosine_with_enough_shared_papers():
    G = co_usage_graph(_usage(FIELDS).papers)
    near = nearest_neighbours(G, ("Dataset", "imagenet"))
    assert [n for n, _, _ in near] == [("Metric", "top1"), ("Dataset", "cifar"), ("Model", "resnet")]
    assert near[0][1:] == (3, 0.6)  # always together, on three papers: 1.0 x 3 / (3 + 2)
    assert near[1][2] == round(2 / (3 * 2) ** 0.5 * 2 / 4, 4)
    assert nearest_neighbours(G, ("Dataset", "imagenet"), min_shared=3) == near[:1]
    assert nearest_neighbours(G, ("Dataset", "nothing")) == []


def test_analyze_figures_ranks_ties_and_quarters():
    analysis = analyze(_usage(FIELDS, DATES))
    figures = {(e.label, e.key): e for e in analysis.entities}
    assert figures[("Dataset", "imagenet")].centrality_rank == 1 and figures[("Dataset", "imagenet")].papers == 3
    ranks = sorted(e.centrality_rank for e in analysis.entities if e.label == "Dataset")
    assert ranks == list(range(1, len(ranks) + 1))
    assert abs(sum(e.centrality for e in analysis.entities) - 1) < 1e-9
    assert figures[("Model", "whisper")].community_name == "Librispeech · Wer · Whisper"
    link = next(c for c in analysis.co_usage if c.src == ("Dataset", "imagenet") and c.dst == ("Metric", "top1"))
    assert link.rank == 1 and link.tie_papers == ("v3", "v2", "v1")  # newest first
    quarters = {(q.entity, q.quarter): q for q in analysis.quarters}
    assert quarters[(("Dataset", "imagenet"), "2025Q1")].papers == 1
    assert quarters[(("Dataset", "imagenet"), "2025Q2")].papers == 2
    for quarter in ("2025Q1", "2025Q2"):
        assert abs(sum(q.centrality for (_, qq), q in quarters.items() if qq == quarter) - 1) < 1e-9


def test_analyze_empty_graph_gives_empty_analysis():
    analysis = analyze(Usage())
    assert (analysis.entities, analysis.co_usage, analysis.quarters, analysis.communities) == ([], [], [], 0)


def test_analyze_rewrites_the_embedded_store_without_touching_its_facts(seed_rows):
    from kg.analyze import analyze_store
    from kg.stores import open_store
    from kg.stores.rdf_analytics import ANALYTICS_GRAPH_IRI

    store = open_store("memory:")
    store.add(seed_rows)
    before = (queries.counts(store), store.rows())
    analysis, _ = analyze_store(store)
    size = sum(1 for _ in store.native.quads_for_pattern(None, None, None, _graph(ANALYTICS_GRAPH_IRI)))
    analyze_store(store)
    assert sum(1 for _ in store.native.quads_for_pattern(None, None, None, _graph(ANALYTICS_GRAPH_IRI))) == size > 0
    after = (queries.counts(store), store.rows())
    assert after[0] == before[0]
    assert {n.ref: n.props for n in after[1].nodes} == {n.ref: n.props for n in before[1].nodes}
    assert len(queries.run(store, "central_entities")) == sum(
        1 for e in analysis.entities if e.label in ("Dataset", "Method", "Model") and e.centrality_rank <= 10)
    store.close()


def _graph(iri):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def test_analyze_cli_prints_communities_and_the_most_central(tmp_path):
    from .conftest import SEED_LISTING

    kg("build", SEED_LISTING, "--store", tmp_path / "store", "--html", "", "--fast")
    proc = kg("analyze", "--store", tmp_path / "store")
    assert "communities" in proc.stdout and "community 1 (" in proc.stdout
    assert "most central models: Transformer" in proc.stdout
    trends = tmp_path / "trends.html"
    kg("plot", "trends", "--store", tmp_path / "store", "-o", trends)
    page = trends.read_text()
    assert "<svg" in page and "Transformer" in page and "<script" not in page


def test_analyze_plot_trends_before_analyze_is_one_line(tmp_path):
    proc = kg("plot", "trends", "--store", tmp_path / "empty", "-o", tmp_path / "t.png", check=False)
    assert proc.returncode == 1 and "[P006]" in proc.stderr
