"""Metric names `kg_names` finds by shape: modifiers and a metric's head noun in a
sentence that reports a number ("the clinical hallucination rate", "end-to-end coding
latency"), when `kg.core.taxonomy.metric_name` says the words name one.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from extractors.cues import OUTPERFORM_VERBS, PROPOSAL_VERBS, RESULT_SKIP_BEFORE
from extractors.name_context import NP_BREAKS
from extractors.sents import Sentences
from extractors.shapes import name_key
from kg.core.taxonomy import VALUE_COMMENTS, metric_name

__all__ = ["PHRASE_METRIC_HEADS", "metric_phrases"]

# Heads of metric phrases kg_names finds by shape, and modifiers that make no metric of them:
# settings ("learning rate"), changes, comments ("high accuracy").
PHRASE_METRIC_HEADS = frozenset("accuracy rate error latency precision recall auc f1 score distance".split())
_METRIC_NOT_MODIFIERS = VALUE_COMMENTS | frozenset(
    """learning sampling dropout frame bit refresh growth birth death interest tax heart mutation
    decay warmup base baseline high higher low lower good better best overall average mean total
    improves reduces boosts raises increases maintains shows show reports report measures yields gets
    gives give provides provide lists list
    increasing decreasing improving reducing boosting achieving reaching attaining obtaining yielding
    raising lowering highest lowest greatest
    final same similar comparable competitive strong superior state-of-the-art sota new our their its
    this that these which model's models' significant substantial notable
    marginal modest minor moderate negligible slight considerable noticeable dramatic striking""".split()
)  # the last line: how big a change is ("a marginal AUC improvement"), never part of what it measures


def metric_phrases(doc: Doc, sents: Sentences, heads: list[int], covered: dict[int, Span]) -> Iterator[Span]:
    """"the clinical hallucination rate", "end-to-end coding latency": modifiers and a
    metric's head noun, in a sentence that reports a number, named as a metric when
    `kg.core.taxonomy.metric_name` says the words name one."""
    toks = sents.tokens
    texts = toks.texts
    numbered: dict[int, bool] = {}  # sentence start -> whether the sentence has a digit
    for i in heads:
        known = covered.get(i)  # a known metric word alone ("accuracy") may take its modifiers
        if known is not None and not (known.label_ == "METRIC" and known.start == i and known.end == i + 1):
            continue
        floor = sents.start(i)
        if floor not in numbered:
            numbered[floor] = any(c.isdigit() for c in toks.span_text(floor, sents.end(i)))
        if not numbered[floor]:
            continue
        start = i
        spaces = toks.spaces
        while start > floor and i - start < 8:
            prev = texts[start - 1]
            lowered = prev.lower()
            j = start - 1
            if j > floor and not spaces[j] and (prev == "-" and not spaces[j - 1] or texts[start] == "-"):
                start -= 1  # inside a hyphen compound: "end-to-end coding latency"
                continue
            if start - 1 in covered or lowered in NP_BREAKS or lowered in _METRIC_NOT_MODIFIERS \
                    or lowered in RESULT_SKIP_BEFORE or lowered in PROPOSAL_VERBS or lowered in OUTPERFORM_VERBS \
                    or not (prev.replace("-", "").isalnum() and prev[:1].isalpha()) \
                    or (lowered.endswith(("ed", "ly")) and prev.islower()):
                break
            start -= 1
        while start < i and texts[start] == "-":
            start += 1
        if start == i or (start > floor and texts[start - 1] == "-" and not spaces[start - 1]):
            continue  # none, or the walk stopped inside a hyphen compound ("state-of-the-art")
        phrase = toks.span_text(start, i + 1)
        named = metric_name(phrase)
        if named is None or named != phrase or texts[start].lower() in _METRIC_NOT_MODIFIERS:
            continue
        yield Span(doc, start, i + 1, label="METRIC", span_id=name_key(phrase))
