"""extractors: entity names on unseen papers, by general shapes (invented sentences).

Pipelines are `load_nlp("fast")`, the rules without the trained recogniser.
"""

from __future__ import annotations

import pytest

import extractors
from kg.core.model import Paper


def _entities(nlp, text: str) -> dict[str, str]:
    """name -> type of every entity of `text`."""
    extraction = next(extractors.extract([Paper(id="t", title="A study", abstract=text)], nlp=nlp))
    return {e.name: e.type for e in extraction.entities}


def _mentions(nlp, text: str) -> set[str]:
    extraction = next(extractors.extract([Paper(id="t", title="A study", abstract=text)], nlp=nlp))
    return {m.text for e in extraction.entities for m in e.mentions}


@pytest.mark.parametrize(
    "text,metric,absent",
    [
        ("It yields a marginal AUROC improvement of 0.4 points on Kestrel-7.", "AUROC", "marginal AUROC"),
        ("We see a modest recall gain of 1.2% on the test set.", "recall", "modest recall"),
        ("A negligible F1 drop of 0.1 remains.", "F1", "negligible F1"),
    ],
)
def test_names_how_big_a_change_is_no_part_of_its_metric(nlp_fast, text, metric, absent):
    found = _entities(nlp_fast, text)
    assert found.get(metric) == "Metric" and absent not in found


@pytest.mark.parametrize(
    "text,name,etype,absent",
    [
        ("Curated datasets such as K9Set and Q4XA offer richer labels and greater domain diversity.",
         "Q4XA", "Dataset", "Q4XA offer richer labels"),
        ("Large datasets like K9Set and Q4XA lack region labels and scale.", "Q4XA", "Dataset", "Q4XA lack region labels"),
        ("Strong baselines such as K9Net, R2XB and Q4XA fail often and slowly.", "Q4XA", "Model", "Q4XA fail often"),
    ],
)
def test_names_a_listed_name_ends_where_the_clause_goes_on(nlp_fast, text, name, etype, absent):
    entities = _entities(nlp_fast, text)
    assert entities.get(name) == etype
    assert absent not in entities


@pytest.mark.parametrize(
    "text,name,etype,absent",
    [
        # ECE is a calibration metric in the vocabulary; this paper defines it as its task
        ("We study edge contour estimation (ECE) in scans. ECE remains hard.", "edge contour estimation", "Task",
         "Expected Calibration Error"),
        ("We report the expected calibration error (ECE) of each model.", "Expected Calibration Error", "Metric", None),
    ],
)
def test_names_a_paper_that_defines_a_known_short_form_otherwise_wins(nlp_fast, text, name, etype, absent):
    entities = _entities(nlp_fast, text)
    assert {k.lower(): v for k, v in entities.items()}.get(name.lower()) == etype
    assert absent not in entities


@pytest.mark.parametrize(
    "text,name,etype",
    [
        ("Evaluating on Quokka-7B-v0.2 and Wombat-13B across reasoning tasks, it helps.", "Quokka-7B-v0.2", "Model"),
        ("We report results on Quokka-1K and Wombat-100M.", "Quokka-1K", "Dataset"),
    ],
)
def test_names_a_count_of_billions_of_parameters_makes_a_model(nlp_fast, text, name, etype):
    assert _entities(nlp_fast, text).get(name) == etype


@pytest.mark.parametrize(
    "text,name,etype,absent",
    [
        # a capitalised run after a known name, with a "3D" inside, ending in a data noun: one data set
        ("We evaluate on the HQX 3D Tracking Benchmark and beat prior work.",
         "HQX 3D Tracking Benchmark", "Dataset", None),
        ("Results on the Porto 2D Pose Dataset are strong.", "Porto 2D Pose Dataset", "Dataset", None),
        # "3D" ends no run: what follows is lower case
        ("A GlintNet-based 3D face model is used.", None, None, "GlintNet-based 3D"),
    ],
)
def test_names_runs_hold_digit_capital_words(nlp_fast, text, name, etype, absent):
    found = _entities(nlp_fast, text)
    assert (name is None or found.get(name) == etype) and absent not in found


@pytest.mark.parametrize(
    "text,name,etype",
    [
        ("The Knowledge Graph Agent of Foo answers the queries.", "Knowledge Graph Agent", "Model"),
        ("We propose the Graph Base Planner for robots.", "Graph Base Planner", "Method"),
    ],
)
def test_names_other_graph_names_keep_their_type(nlp_fast, text, name, etype):
    found = _entities(nlp_fast, text)
    assert found.get(name, etype) == etype and found.get(name) != "Dataset"


@pytest.mark.parametrize(
    "text,mention,absent",
    [
        ("Our decoder improves the BLEU scores by 2.1 points on the news test set.", "BLEU", "BLEU scores"),
        ("It reaches a BLEU score of 31.2 on the Tarn test set.", "BLEU", "BLEU score"),
    ],
)
def test_names_a_metric_mention_stops_before_score(nlp_fast, text, mention, absent):
    mentions = _mentions(nlp_fast, text)
    assert mention in mentions and absent not in mentions


@pytest.mark.parametrize(
    "text,metric",
    [
        ("The Kestrel model doubles throughput from 15.2 to 32.1 images/s.", "throughput"),
        ("Pruning halves the peak memory from 19.2 GB to 9.6 GB.", "peak memory"),
    ],
)
def test_names_what_doubling_or_halving_acts_on_is_the_metric(nlp_fast, text, metric):
    found = _entities(nlp_fast, text)
    assert found.get(metric) == "Metric" and not any(" doubles " in n or " halves " in n for n in found)


@pytest.mark.parametrize(
    "text,name,absent",
    [
        # a hyphen inside a word after a naming cue belongs to the name
        ("We release an NLP pipeline called Zeta-Stanza for tweets.", "Zeta-Stanza", "Zeta"),
        ("We propose a regularization method called Drop-Zeta to reduce overfitting.", "Drop-Zeta", "Drop"),
        # "named entities" is no naming cue
        ("We annotate named entities in the Zeta corpus.", None, "entities"),
    ],
)
def test_names_after_naming_cues_keep_hyphens(nlp_fast, text, name, absent):
    found = _entities(nlp_fast, text)
    assert (name is None or name in found) and absent not in found


@pytest.mark.parametrize(
    "text,name,etype",
    [
        # a lower-case name after a proposal verb that its apposition defines
        ("We present contrastive zeta decoding, a decoding method that avoids repetition.",
         "contrastive zeta decoding", "Method"),
        ("We introduce the zeta-aware loss, a training objective that weights tokens.", "zeta-aware loss", "Method"),
        ("We propose graph zeta pooling, a pooling module for molecules.", "graph zeta pooling", "Method"),
        # no head noun of a name in the apposition, or no proposal verb: no name
        ("We present zeta results, a summary of the findings.", None, None),
        ("They present contrastive zeta decoding, a decoding method.", None, None),
    ],
)
def test_names_lower_case_name_defined_by_apposition(nlp_fast, text, name, etype):
    found = _entities(nlp_fast, text)
    if name is None:
        assert not any(n.islower() and "zeta" in n for n in found)
    else:
        assert found.get(name) == etype
