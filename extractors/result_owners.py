"""Whose a result is: the model a number measures (`model_of`) and, for a delta, the baseline it
is measured against (`baseline_of`).

Rules of `kg_results` (`extractors.results`) over a `SentenceView`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span

from extractors.cues import (
    BASELINE_CUES,
    CHANGE_VERBS,
    MODEL_LIKE,
    OUTPERFORM_VERBS,
    RESULT_VERBS,
    SELF_REFERENCES,
)
from extractors.result_metrics import phrase_at
from extractors.result_view import (
    DETERMINERS,
    NP_STOP,
    POSSESSIVES,
    Reading,
    SentenceView,
    skip_lead,
)

__all__ = ["baseline_of", "model_of", "zipped_models"]

_VS_RE = re.compile(r"\bvs\b|versus", re.IGNORECASE)
_OWNER_PREPOSITIONS = frozenset({"for", "of", "by"})
# A name after these is where or with what a number was measured, not whose it is ("on LLaMA-3").
_PLACE_PREPOSITIONS = frozenset("on in at across from with using via under".split())
# Before a benchmark's name, never a model's ("on XSum (49.07)"; "compared with BERT (85.1)" is BERT's).
_BENCHMARK_PREPOSITIONS = frozenset("on at across over".split())
_PASSIVE = frozenset("is was are were been be achieved obtained reached attained reported observed seen measured".split())
_BASELINE_POSITION = BASELINE_CUES | OUTPERFORM_VERBS | frozenset(
    """with to like including e.g. e.g such as improves improve improving outperforming""".split()
)


def _first_model(entity: Span, view: SentenceView) -> Span:
    """"Mamba 2.8B SSM achieves": the first of adjacent names."""
    while entity.start > view.s and (before := view.cover.get(entity.start - 1)) is not None \
            and before.label_ in MODEL_LIKE:
        entity = before
    return entity


def _subject_of_result_verb(view: SentenceView, end: int) -> Span | None:
    """"MentalNet achieves ..., with macro F1 of 0.839": the model just before the last result
    verb; a verb after a comma ("X achieves ..., outperforming Y by 3%") passes to the one before."""
    texts, lower = view.texts, view.lower
    for i in range(end - 1, view.s, -1):
        if not (lower[i] in RESULT_VERBS or lower[i] in CHANGE_VERBS or lower[i] in OUTPERFORM_VERBS) \
                or view.is_head(i):
            continue
        for j in range(i - 1, max(view.s, i - 3) - 1, -1):
            entity = view.cover.get(j)
            if entity is None:
                if texts[j] == ",":
                    break  # try the verb before
                if not texts[j].isalpha():
                    return None
                if lower[j] in {"it", "we"} | SELF_REFERENCES:
                    return view.ours
                if lower[j] in {"baseline", "baselines"}:
                    return None
                continue
            if entity.label_ not in MODEL_LIKE:
                return None
            return _first_model(entity, view)
        else:
            return None
    return None


def _owner_after(view: SentenceView, end: int, *, prepositions: frozenset[str] = _OWNER_PREPOSITIONS) -> Span | None:
    """"42% for FD", "is achieved by X": a model named right after a number."""
    lower = view.lower
    for k in range(end, min(view.e, end + 4)):
        if k > end + 1 and lower[k - 1] not in _PASSIVE:
            break  # "is achieved by X" reaches further than "for X"
        if lower[k] in prepositions:
            for m in range(k + 1, min(view.e, k + 4)):
                entity = view.cover.get(m)
                if entity is not None:
                    return entity if entity.label_ in MODEL_LIKE else None
                if lower[m] not in DETERMINERS:
                    break
            return None
    return None


def _in_baseline_position(view: SentenceView, entity: Span) -> bool:
    lower = view.lower
    return any(lower[k] in _BASELINE_POSITION for k in range(max(view.s, entity.start - 2), entity.start))


def model_of(view: SentenceView, chain: Sequence[Reading], pos: int, metric: Span,
             metrics: Sequence[Span | None] = ()) -> tuple[Span | None, str]:
    """The model a number measures, and how it was found: "owner" (a name attached to the number:
    "GPT-5 (43.7%)", "U-Net's 0.81", "42% for FD"), "subject" (the subject of the sentence or of
    its result verb), "self" ("our method", "it": what the paper proposes, `view.ours`, None
    when the abstract never names it) or "default" (no owner named: also the paper's own).
    `metrics` are the metrics of the number's group, never its model ("improved Abs Rel and Sq Rel by")."""
    texts, lower = view.texts, view.lower
    first = chain[0]
    text = view.toks.text
    versus = any(_VS_RE.search(text[a.quantity.end : b.quantity.start]) for a, b in zip(chain, chain[1:]))
    if pos > 0 and versus:
        return _owner_after(view, chain[-1].end), "owner"  # the second of "A vs B" is the baseline's
    if len(chain) > 1 and pos == 0 and first.start > view.s and lower[first.start - 1] == "from":
        return baseline_of(view, first, chain), "owner"  # "from 51.3 to 30.0": the starting point
    # "GPT-5 (43.72%)", "CNNs (mIoU: 78.55)": the name right before the parenthesis
    for i in range(first.start - 1, max(view.s, first.start - 5) - 1, -1):
        if texts[i] == ")":
            break
        if texts[i] == "(":
            owner = view.cover.get(i - 1)
            # "on XSum (49.07 ROUGE-1)": a name after "on" is where the number was measured
            if owner is not None and owner.label_ in MODEL_LIKE \
                    and not (owner.start > view.s and lower[owner.start - 1] in _BENCHMARK_PREPOSITIONS):
                return owner, "owner"
            break
    if first.start - 2 >= view.s and lower[first.start - 1] in POSSESSIVES:
        owner = view.cover.get(first.start - 2)
        if owner is not None and owner.label_ in MODEL_LIKE:
            return owner, "owner"  # "U-Net's 0.8065"
    # "the accuracy of LLaMA 2 by 7.8%", "0.03 loss for GPT-2 XL"
    lo, hi = (metric.end, first.start) if metric.end <= first.start else (chain[-1].end, metric.start)
    near = hi - lo <= 8 and "," not in view.texts[lo:hi] \
        and not any(view.is_number(k) and k not in view.cover for k in range(lo, hi))
    for i in range(lo, hi if near else lo):
        entity = view.cover.get(i)
        if entity is not None and entity.label_ in MODEL_LIKE and not _in_baseline_position(view, entity) \
                and not (entity.start > view.s and lower[entity.start - 1] in _PLACE_PREPOSITIONS) \
                and phrase_at(view, entity.start) is None \
                and not any(m is not None and m.start == entity.start for m in metrics):  # not a metric of a list
            return entity, "owner"
    after = chain[-1].end if metric.start < chain[-1].end else metric.end
    owner = _owner_after(view, after) if len(chain) == 1 or not versus else None  # "4.5 (vs. 3.1 for X)": X's is 3.1
    if owner is None and first.start - 2 >= view.s and lower[first.start - 1] == "to" \
            and any(w in CHANGE_VERBS for w in lower[max(view.s, first.start - 4) : first.start - 1]):
        owner = _owner_after(view, after, prepositions=_OWNER_PREPOSITIONS | {"with"})  # "enhanced to 0.95 with X"
    if owner is not None:
        return owner, "owner"
    subject = _subject_of_result_verb(view, first.start)
    if subject is not None:
        return subject, "self" if subject is view.ours else "subject"
    for i in range(view.s, first.start):
        word = lower[i]
        if word == "our":
            named = _named_after_our(view, i, first.start)
            if named is not None:
                return named, "self" if named is view.ours else "subject"  # "our enhanced biomedical BERT model"
        if word in {"our", "this", "proposed"} and i + 1 < first.start and lower[i + 1] in SELF_REFERENCES \
                or word in {"it", "we", "ours"}:
            return view.ours, "self"
        entity = view.cover.get(i)
        if entity is not None and entity.label_ in MODEL_LIKE and entity.start == i \
                and (i <= view.s + 2 or lower[i - 1] == "that") \
                and not (i > view.s and lower[i - 1] in _PLACE_PREPOSITIONS):
            return _first_model(entity, view), "subject"  # "FooNet gets 80.1%", "show that FooNet ..."
        if word in {"baseline", "baselines"} and i + 1 < first.start and lower[i + 1] in RESULT_VERBS:
            return None, "owner"  # "This baseline achieved only 8.16%" 
    return view.ours, "default"


def _named_after_our(view: SentenceView, i: int, end: int) -> Span | None:
    """"Our 8-bit quantized Mamba 2.8B": the model named in the noun phrase "our" opens."""
    for k in range(i + 1, min(end, i + 9)):
        entity = view.cover.get(k)
        if entity is not None:
            return entity if entity.label_ in MODEL_LIKE else None
        if view.lower[k] in NP_STOP or view.lower[k] in RESULT_VERBS or view.lower[k] in CHANGE_VERBS \
                or view.lower[k] in OUTPERFORM_VERBS:
            return None  # "our agent outperforms ReAct": the verb ends the noun phrase
    return None


def baseline_of(view: SentenceView, r: Reading, chain: Sequence[Reading]) -> Span | None:
    """What a delta is measured against: "over BERT", "than X", "outperforms X by", "Compared with X, ..."."""
    lower = view.lower
    for k in range(chain[-1].end, min(view.e, chain[-1].end + 10)):
        if lower[k] in {"relative", "compared"} and (k + 1 >= view.e or lower[k + 1] not in {"to", "with"}):
            continue  # "a 12% relative gain", not "relative to X"
        if lower[k] in BASELINE_CUES:
            for m in range(k + 1, min(view.e, k + 5)):
                entity = view.cover.get(m)
                if entity is not None:
                    return entity if entity.label_ in MODEL_LIKE else None
                if view.texts[m] in {",", ";"}:
                    break
            break
        if view.is_number(k) or view.texts[k] in {";"}:
            break
    i = skip_lead(view, r.start - 1)
    if i > view.s and lower[i] == "by":
        entity = view.cover.get(i - 1)
        if entity is not None and entity.label_ in MODEL_LIKE:
            before = lower[max(view.s, entity.start - 3) : entity.start]
            if any(w in OUTPERFORM_VERBS or w in CHANGE_VERBS for w in before) \
                    or r is not chain[0] or before[-1:] in (["and"], [","]):
                return entity  # "outperforms MapTRv2 by +10.5 mAP", "improves A by 16%, B by 9%"
    if view.e - view.s > 2 and lower[view.s] in {"compared", "relative", "over", "against", "unlike"}:
        for m in range(view.s + 1, min(view.e, view.s + 6)):
            entity = view.cover.get(m)
            if entity is not None:
                return entity if entity.label_ in MODEL_LIKE else None
            if view.texts[m] in {",", ";"}:
                break
    return None


def zipped_models(view: SentenceView, chain: Sequence[Reading]) -> list[Span]:
    """With "respectively", the models a sentence lists before its numbers, in order, one per
    number: "A, B and C achieve x, y and z, respectively" (`listed_datasets` pairs datasets)."""
    if len(chain) < 2 or not view.respectively:
        return []
    runs: list[list[Span]] = [[]]
    depth, i = 0, view.s
    while i < view.e:
        text = view.texts[i]
        entity = view.cover.get(i)
        if entity is not None and entity.start == i and entity.label_ in MODEL_LIKE and depth <= 0:
            runs[-1].append(entity)
            i = entity.end
            continue
        depth += (text == "(") - (text == ")")
        if not (depth > 0 or text in {",", ")"} or view.lower[i] in {"and", "or"} | DETERMINERS):
            runs.append([])  # anything else ends a list
        i += 1
    # never the losers of "outperforms A, B and C by x, y and z, respectively"
    runs = [run for run in runs if run and run[-1].end <= chain[0].start and not _in_baseline_position(view, run[0])]
    return next((run for run in runs if len(run) == len(chain)), [])
