"""Generic metric words ("accuracy", "recall", "latency") that no number measures are Metric
entities only where their words name them as measures (extractors.metric_use): listed with
another metric, or after a cue of measuring. Sentences are invented; pipelines are `load_nlp("fast")`.
"""

from __future__ import annotations

import pytest

from .test_extractors import _assert_offsets, _extract


def _metrics(extraction) -> set[str]:
    return {m.text.lower() for e in extraction.entities if e.type == "Metric" for m in e.mentions}


# text, generic metric words that are Metric mentions
@pytest.mark.parametrize("text,expected", [
    ("Systems are compared by precision and recall on the new corpus.", {"precision", "recall"}),
    ("We report precision, recall, and F1 for each relation type.", {"precision", "recall", "f1"}),
    ("The tagger is evaluated with BLEU and accuracy against the reference.", {"bleu", "accuracy"}),
    ("Table 2 gives precision/recall for every class.", {"precision", "recall"}),
    ("We compare the parsers in terms of accuracy.", {"accuracy"}),
    ("Quality is measured by recall over the top ten answers.", {"recall"}),
    ("We use two evaluation metrics: accuracy and coverage.", {"accuracy"}),
    ("We evaluate the accuracy of chunking on three treebanks.", {"accuracy"}),
    ("In a second experiment we report recall for rare words.", {"recall"}),
    ("The accuracy was computed over all tokens of the test files.", {"accuracy"}),
])
def test_generic_metric_named_as_a_measure(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    assert expected <= _metrics(extraction)
    _assert_offsets(extraction)


# a generic metric word in passing is no Metric: a judgement, a change, a weak partner
@pytest.mark.parametrize("text,word", [
    ("The model reaches high accuracy with little data.", "accuracy"),
    ("Pruning improves accuracy and speed of the tagger.", "accuracy"),
    ("We trade performance and accuracy for a smaller memory budget.", "accuracy"),
    ("It is helpful to recall the definition of a lattice.", "recall"),
    ("Pruning keeps the accuracy of the tagger while halving its size.", "accuracy"),
])
def test_generic_metric_in_passing_is_no_metric(nlp_fast, text, word):
    assert word not in _metrics(_extract(nlp_fast, text))
