"""extractors.leaderboard_metrics: a score printed with no metric, or with a generic word, takes
the metric its dataset's leaderboards mostly report, marked as inferred, in the record and in
the graph; nothing is inferred for a dataset without a dominant metric, for a value whose unit
the metric does not take, for a change, or when the sentence names its metric.

Sentences are invented; the datasets are real ones of the shipped vocabulary, whose leaderboard
counts come from `make vocab` (Cityscapes: mIoU, WikiText-103: perplexity, Penn Treebank: no
dominant metric). Pipelines are `load_nlp("fast")`.
"""

from __future__ import annotations

import pytest

from kg.core import taxonomy
from kg.core.graph import graph_rows
from kg.core.model import Result

from .test_extractors import _extract


def _result(extraction, value: float) -> Result:
    return next(r for r in extraction.results if r.value == pytest.approx(value))


@pytest.mark.parametrize("text,value,metric", [
    ("FooSeg reaches 82.7% on Cityscapes.", 82.7, "mIoU"),
    ("On Cityscapes, the performance of FooSeg is further improved to 81.9%.", 81.9, "mIoU"),
    ("The results of BarNet reach 80.4% on Cityscapes.", 80.4, "mIoU"),
    ("BazLM obtains an average score of 17.2 on WikiText-103.", 17.2, "perplexity"),
    ("QuuxLM achieves 18.3 on WikiText-103, a new state of the art.", 18.3, "perplexity"),
])
def test_leaderboard_metric_stands_in_for_a_missing_or_generic_one(nlp_fast, text, value, metric):
    result = _result(_extract(nlp_fast, text), value)
    assert result.metric is not None and result.metric.lower() == metric.lower()
    assert result.metric_source == "leaderboard"


@pytest.mark.parametrize("text,value,metric", [
    # the sentence names its metric: kept as written, even where the leaderboards report another
    ("FooSeg reaches 96.1% pixel accuracy on Cityscapes.", 96.1, "pixel accuracy"),
    ("BazLM obtains a test perplexity of 17.2 on WikiText-103.", 17.2, "test perplexity"),
])
def test_leaderboard_metric_never_replaces_a_named_one(nlp_fast, text, value, metric):
    result = _result(_extract(nlp_fast, text), value)
    assert result.metric == metric
    assert result.metric_source == "text"


@pytest.mark.parametrize("text,value", [
    # Penn Treebank's leaderboards spread over perplexity, F1, LAS ...: no dominant metric
    ("FooParse reaches 47.3% on Penn Treebank.", 47.3),
    # perplexity is no share: a percentage on WikiText-103 measures something else
    ("BazLM obtains 17.2% on WikiText-103.", 17.2),
    # a change is no score on the leaderboard
    ("FooSeg improves the performance by 2.1% on Cityscapes.", 2.1),
    # no dataset named
    ("FooSeg reaches a performance of 82.7%.", 82.7),
])
def test_leaderboard_metric_not_inferred_without_a_fitting_dominant_metric(nlp_fast, text, value):
    result = _result(_extract(nlp_fast, text), value)
    assert result.metric_source != "leaderboard"
    assert result.metric is None or taxonomy.lookup("Metric", result.metric) is None \
        or result.metric_source == "text"


def test_leaderboard_metric_is_told_apart_in_the_graph(nlp_fast):
    """The Result node carries `metric_source`, and MEASURES links it to the metric's node; the
    paper itself names no such metric (no USES edge to it)."""
    extraction = _extract(nlp_fast, "FooSeg reaches 82.7% on Cityscapes. It runs at 30 FPS with 81.0 mIoU on CamVid.")
    rows = graph_rows(extraction)
    results = {n.props["value"]: n for n in rows.nodes if n.label == "Result"}
    assert results[82.7].props["metric_source"] == "leaderboard"
    assert results[81.0].props["metric_source"] == "text"
    measured = {e.src: e.dst for e in rows.edges if e.type == "MEASURES"}
    assert measured[results[82.7].ref] == ("Metric", taxonomy.canonical_key("Metric", "mIoU"))
    round_trip = Result.from_dict(_result(extraction, 82.7).to_dict())
    assert round_trip.metric_source == "leaderboard"


@pytest.mark.parametrize("dataset,unit,expected", [
    ("Cityscapes", "%", "mIoU"),
    ("Cityscapes", "", "mIoU"),
    ("Cityscapes", "FPS", None),  # a unit of measurement is no score of mIoU
    ("WikiText-103", "", "perplexity"),
    ("WikiText-103", "%", None),
    ("Penn Treebank", "", None),
])
def test_leaderboard_metric_of_a_dataset(dataset, unit, expected):
    metric = taxonomy.leaderboard_metric(dataset, unit)
    assert (metric.name.lower() if metric is not None else None) == (expected.lower() if expected else None)
