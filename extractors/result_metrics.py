"""Which metric a number measures: the phrase after it ("63% accuracy", "42.0 HOTA"), before it
("a HOTA of 42.0", "mIoU: 87.3", "FID 2.16"), one per number of a list ("mIoU/mAcc/OA", "in
BLEU and METEOR, respectively"), the object of a change verb ("reduces the WER from"), or one
the sentence or an earlier one names.

Pure functions over a `SentenceView` (`extractors.result_view`), used by `kg_results`
(`extractors.results`). Each reads a few tokens on either side of a number; none scans the
whole document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span

from extractors import cues
from extractors.result_view import (
    DETERMINERS,
    JUDGEMENT,
    NP_STOP,
    SPLIT_WORDS,
    Reading,
    SentenceView,
    adverb,
    is_acronym_metric,
    skip_lead,
    verbish,
    wordlike,
)
from extractors.shapes import name_shape

__all__ = [
    "metric_after",
    "metric_before",
    "metric_in_sentence",
    "metric_list_after",
    "metric_named_after",
    "metric_named_before",
    "metric_objects_of_change",
    "phrase_at",
    "phrase_ending_at",
]

_PARTS_RE = re.compile(r"[\s_/-]+")
# Metric short names that mark a word built from them as a metric ("SCD_IoU_mean", "HR-MAE").
_METRIC_PARTS = frozenset("acc accuracy iou miou f1 auc map mae mse rmse psnr ssim bleu rouge wer cer fid".split())
_PORTION_NOUNS = frozenset("number amount fraction proportion percentage share count".split())
_RANGE_VERBS = frozenset("range ranges ranged ranging vary varies varied varying span spans spanned".split())


def phrase_at(view: SentenceView, j: int) -> Span | None:
    """The metric phrase that starts at token `j` ("top-1 accuracy", "mIoU", "F1 score"), if any."""
    if j >= view.e:
        return None
    doc, texts, lower = view.doc, view.texts, view.lower
    entity = view.cover.get(j)
    if entity is not None:
        if entity.start != j or not (entity.label_ == "METRIC" or _measured_entity(view, entity, named=True)
                                     or _metric_shaped_name(view, entity)):
            return None
        if entity.end + 1 < view.e and view.texts[entity.end] == "-" and not view.toks.spaces[entity.end - 1]:
            return None  # "perplexity-based baselines": a modifier, not the metric
        if entity.end < view.e and lower[entity.end] in {"score", "scores", "rate", "rates"}:
            return doc[j : entity.end + 1]  # "exact match rate", "BLEU score"
        return entity
    k, last_head = j, None
    while k < view.e and k - j < 5:
        entity = view.cover.get(k)
        if entity is not None:
            if entity.label_ == "METRIC":
                return doc[j : entity.end]  # "zero-shot top-1 accuracy"
            if k - j == 1 and entity.end - entity.start == 1 and entity.label_ != "DATASET" \
                    and is_acronym_metric(texts[k]) and view.is_number(j - 1) and not view.texts[j][:1].isupper():
                return doc[j : k + 1]  # "92% average ASR": a metric some rule took for a name
            break
        word = lower[k]
        if adverb(word):
            break
        if texts[k] in {"-", "/"} and k > j and not view.toks.spaces[k - 1] and not view.toks.spaces[k] \
                and k + 1 < view.e:
            k += 2 if view.is_head(k + 1) is False and k + 2 < view.e else 1  # "HD-Score", "bits/dim", "end-to-end"
            continue
        if word in NP_STOP or not wordlike(texts[k]):
            break
        if view.is_head(k) and (k - j <= 1 or not is_acronym_metric(texts[k]) or word in cues.RESULT_METRIC_HEADS):
            last_head = k  # an acronym names the metric only right after its number ("74.7 NDS")
        elif last_head is not None:
            break  # "accuracy gains" goes on; "accuracy while" stops
        k += 1
    if last_head is None:
        return None
    start = j
    while start < last_head and (lower[start] in JUDGEMENT or verbish(lower[start])):
        start += 1
    return doc[start : last_head + 1]


def phrase_ending_at(view: SentenceView, i: int, *, subject: bool = False) -> Span | None:
    """The metric phrase that ends at token `i`; with `subject`, any short noun phrase (the
    subject of a change verb: "TPR disparity drops from ...")."""
    if i < view.s:
        return None
    entity = view.cover.get(i)
    if entity is not None and entity.label_ != "METRIC":
        return None
    lower, texts = view.lower, view.texts
    if entity is not None:
        i = entity.start  # extended by its modifiers below: "Diagnosis accuracy", "clean accuracy"
    elif not view.is_head(i):
        if not subject or not wordlike(texts[i]) or lower[i] in NP_STOP or verbish(lower[i]) \
                or lower[i] in JUDGEMENT or adverb(lower[i]) \
                or texts[i][:1].isupper() and i > view.s and not is_acronym_metric(texts[i]):
            return None
    end = entity.end if entity is not None else i + 1
    if end + 1 < view.e and texts[end] == "@" and texts[end + 1].isdigit():
        end += 2  # "Recall@50"
    start = i
    spaces = view.toks.spaces
    while start > view.s and i - start < 4:
        word = lower[start - 1]
        if word == "-" and start - 2 >= view.s and not spaces[start - 2] and not spaces[start - 1]:
            start -= 2  # a hyphenated word: "pair-verification AUC", "noise-to-signal ratio"
            continue
        if word in NP_STOP or word in JUDGEMENT or verbish(word) or not wordlike(texts[start - 1]) \
                or view.label(start - 1) not in {None, "METRIC"}:
            break
        start -= 1
    # no judgement in front: "record-breaking frame rate", "state-of-the-art accuracy"
    while start < i:
        group_end = start + 1
        while group_end + 1 <= i and texts[group_end] == "-" and not spaces[group_end - 1]:
            group_end += 2  # the hyphenated word that starts at `start`
        if group_end > i or not (lower[start] in JUDGEMENT | {"state", "record"}):
            break
        start = group_end
    return view.doc[start:end]


def metric_after(view: SentenceView, r: Reading) -> Span | None:
    """The metric right after a number ("63% accuracy", "23.4 PQ", "2 points higher BLEU",
    "a 5% gain in F1", "78.9% for F1 score", "99% of its performance")."""
    lower, e = view.lower, view.e
    j = r.end
    comparative = None
    while j < e and (lower[j] in view.comparatives or lower[j] in cues.DELTA_COMPARATIVES):
        comparative = comparative if comparative is not None else j
        j += 1
    if j + 1 < e and lower[j] == "on" and lower[j + 1] == "average":
        return view.doc[j + 1 : j + 2]
    if j + 3 < e and lower[j] == "," and lower[j + 1] == "respectively" and lower[j + 2] in {",", "in", "for"}:
        j += 2 + (lower[j + 2] == ",")  # "by 16.1%, 12.7% and 19.1%, respectively, in pass@5"
    if j + 3 < e and lower[j] == "in" and lower[j + 1] == "terms" and lower[j + 2] == "of":
        j += 3
    elif j + 1 < e and lower[j] in {"in", "for"} and phrase_at(view, j + 1) is not None:
        j += 1
    elif r.quantity.unit in {"%", "points"} and j + 1 < e and lower[j] == "of":
        j += 1
        while j < e and lower[j] in DETERMINERS:
            j += 1
    phrase = phrase_at(view, j)
    if phrase is not None:
        head = lower[phrase.end - 1]
        if head in cues.DELTA_CUES and phrase.end + 1 < e and lower[phrase.end] in {"in", "of", "on"}:
            k = phrase.end + 1
            while k < e and lower[k] in DETERMINERS:
                k += 1
            deeper = phrase_at(view, k) or _object_phrase(view, k, e, names=True)
            if deeper is not None:
                return deeper  # "a 32.9% reduction in language capability forgetting"
        if head in cues.COUNT_NOUNS:
            return None
        return phrase
    if comparative is not None and (r.quantity.unit == "x" or r.quantity.unit in {"", "%"}
                                    and lower[comparative] in {"faster", "slower"}):
        return view.doc[comparative : comparative + 1]  # "5x faster", "1.84 faster", "4 times higher"
    if r.quantity.unit == "%":
        phrase = _object_phrase(view, j, e)
        if phrase is not None and lower[phrase.end - 1] not in cues.COUNT_NOUNS \
                and not (len(phrase) == 1 and lower[phrase.start].endswith("ing")):
            return phrase  # "30.8% disclosure", "89.7% charge neutrality" (not "7.1% suffering")
    return None


def metric_list_after(view: SentenceView, i: int) -> list[Span]:
    """Metrics listed after a group of numbers: "mIoU/mAcc/OA", "in accuracy and F1 (respectively)"."""
    lower, texts = view.lower, view.texts
    out: list[Span] = []
    j = i
    if j < view.e and lower[j] in {"in", "for"}:
        j += 1
    while j < view.e:
        phrase = phrase_at(view, j)
        if phrase is None or phrase.start != j:
            break
        out.append(phrase)
        j = phrase.end
        if j < view.e and texts[j] in {"/", ","}:
            j += 1
            if j < view.e and lower[j] in {"and", "or"}:
                j += 1
            continue
        if j < view.e and lower[j] in {"and", "or"}:
            j += 1
            continue
        break
    return out


def metric_before(view: SentenceView, r: Reading) -> Span | None:
    """The metric right before a number ("a HOTA of 42.0", "mIoU: 87.3", "FID 2.16",
    "accuracies reach 90.2%", "error drops from 51.3")."""
    lower = view.lower
    i = r.start - 1
    skipped = 0
    while i >= view.s and skipped < 6 and (lower[i] in cues.RESULT_SKIP_BEFORE or lower[i] in {"(", "from", "by", "~", "≈", "factor"}
                                           or lower[i] in cues.RESULT_VERBS and not view.is_head(i)):
        i -= 1
        skipped += 1
    if i < view.s or lower[i] in SPLIT_WORDS:
        return None
    if i - 2 >= view.s and view.texts[i].isdigit() and view.texts[i - 1] == "@":
        i -= 2  # "Recall@200 of 0.70": the metric's cut-off is no number of ours
    if (lower[i] in cues.CHANGE_VERBS or lower[i] in _RANGE_VERBS) and skipped:
        return phrase_ending_at(view, i - 1, subject=True)  # "Error drops from 51.3 to 30.0"
    if skipped == 1 and lower[i + 1] == "of" and (r.quantity.unit == "%" or "." in r.quantity.raw) \
            and not view.is_head(i) and view.label(i) is None:
        phrase = phrase_ending_at(view, i, subject=True)  # "an average leakage of 67.9%"
        if phrase is not None and phrase.start > view.s and lower[phrase.start - 1] in DETERMINERS | {"average", "mean"} \
                and lower[i] not in cues.SHARE_NOUNS and lower[i] not in cues.COUNT_NOUNS and lower[i] not in cues.SETTING_WORDS:
            return phrase
    if lower[i] in cues.DELTA_CUES and i - 1 >= view.s and (view.label(i - 1) is not None or
                                                       is_acronym_metric(view.texts[i - 1])):
        entity = view.cover.get(i - 1)
        if entity is None or entity.label_ != "DATASET":
            return entity or view.doc[i - 1 : i]  # "F0.5 gains of +9.9", "mIoU improvement of 2.1"
    if lower[i] == ")" and i - 3 >= view.s and view.texts[i - 2] == "(" and is_acronym_metric(view.texts[i - 1]):
        i -= 3  # "mean absolute error (MAE) of 0.79"
        skipped += 1
    if view.texts[i].isdigit() and i - 2 >= view.s and view.texts[i - 1] == "-" \
            and not view.toks.spaces[i - 2] and view.is_head(i - 2):
        metric = phrase_ending_at(view, i - 2)  # "BLEU-4 0.41"
        return view.doc[metric.start : i + 1] if metric is not None else None
    entity = view.cover.get(i)
    equals = skipped == 1 and lower[i + 1] == "="
    if entity is not None and entity.label_ not in {"METRIC", "DATASET"} and entity.end == i + 1 \
            and (_metric_shaped_name(view, entity) or _measured_entity(view, entity, named=True) or equals
                 or _metric_shaped_before_of(view, entity)):
        return entity  # "sFID 8.07", "AlignScore = 25.28", "FRAD = 0.814": a metric some rule took for a name
    if equals and entity is None:
        return phrase_ending_at(view, i, subject=True)  # "Darkness Contrast = 20.44"
    if not skipped and not view.is_head(i):
        return None
    return phrase_ending_at(view, i)


def _object_phrase(view: SentenceView, j: int, end: int, *, names: bool = False) -> Span | None:
    """The noun phrase a change verb acts on, from `j` to a stop word before `end`; with
    `names`, a capitalised word may be it ("a gain in Hypervolume")."""
    lower, texts = view.lower, view.texts
    while j < end and lower[j] in DETERMINERS:
        j += 1
    entity = view.cover.get(j)
    if entity is not None and entity.start == j and entity.end <= end and _measured_entity(view, entity):
        if entity.end + 1 < end and texts[entity.end] == "@" and texts[entity.end + 1].isdigit():
            return view.doc[j : entity.end + 2]  # "improves Recall@50 from"
        return entity  # "improved Abs Rel and Sq Rel by", "reduces HR MAE by"
    k = j
    spaces = view.toks.spaces
    while k < end and k - j < 8:
        label = view.label(k)
        if label is not None and label != "METRIC":
            break
        if texts[k] == "-" and k > j and not spaces[k - 1] and not spaces[k] and k + 1 < end:
            k += 2  # "end-to-end coding latency"
            continue
        if lower[k] in NP_STOP or not wordlike(texts[k]) or adverb(lower[k]):
            break
        k += 1
    while k > j and (lower[k - 1] in JUDGEMENT or verbish(lower[k - 1])):
        k -= 1
    if k > j and lower[k - 1] in _PORTION_NOUNS and k + 1 < end and lower[k] == "of":
        tail = _object_phrase(view, k + 1, end)
        if tail is not None:
            return view.doc[j : tail.end]  # "the number of fusion frames"
    if k == j or (k - j == 1 and texts[j][:1].isupper() and not view.is_head(j) and not names):
        return None
    return view.doc[j:k]


def _metric_shaped_name(view: SentenceView, entity: Span) -> bool:
    """A one-word name next to a number that is shaped like a metric ("43.1 AP50", "sFID 8.07"):
    its letters are a short acronym."""
    beside = (entity.start > 0 and (view.is_number(entity.start - 1) or view.texts[entity.start - 1] == "/")) \
        or (entity.end < len(view.texts) and view.is_number(entity.end))
    if entity.label_ == "DATASET" or entity.end - entity.start != 1 or not beside:
        return False  # next to its number ("43.1 AP50", "sFID 8.07"), or in a slash list ("mIoU/mAcc/OA")
    word = view.texts[entity.start]
    letters = "".join(c for c in word if c.isalpha())
    return is_acronym_metric(word) and len(letters) <= 4


def _metric_shaped_before_of(view: SentenceView, entity: Span) -> bool:
    """"an AbsRel of 11.19", "EdgeCR of 5.7": a one-word name shaped like a metric's short name
    right before "of" and a number."""
    end = entity.end
    if entity.label_ == "DATASET" or end - entity.start != 1 or end + 1 >= len(view.texts) \
            or view.lower[end] != "of" or not view.is_number(end + 1):
        return False
    word = view.texts[entity.start]
    return is_acronym_metric(word) and sum(c.isalpha() for c in word) <= 6


def _measured_entity(view: SentenceView, entity: Span, *, named: bool = False) -> bool:
    """An entity that reads as a measure, not a name: a metric, or a mistyped measure with a
    metric word in it ("HR MAE", "SCD_IoU_mean"); for what a change verb acts on (not
    `named`), also a plain phrase ("Abs Rel"). Never a dataset or a model's name."""
    if entity.label_ == "METRIC":
        return True
    if entity.label_ == "DATASET":
        return False
    parts = _PARTS_RE.split(view.toks.span_text(entity.start, entity.end).lower())
    if view.lower[entity.end - 1] in cues.RESULT_METRIC_HEADS or any(p in _METRIC_PARTS or p.endswith("score")
                                                               for p in parts):
        return True  # "HR MAE", "SCD_IoU_mean", "AlignScore"
    return not named and entity.label_ != "MODEL" \
        and not any(name_shape(view.texts[i]) for i in range(entity.start, entity.end))


def metric_objects_of_change(view: SentenceView, r: Reading) -> list[Span]:
    """What a change verb acts on, one per coordinated object: "improved Abs Rel and Sq Rel by
    5.6% and 9.8%", "reduces the WER from 51.3", "improves the accuracy of X by 7.8%"."""
    lower = view.lower
    i = skip_lead(view, r.start - 1)
    if i <= view.s or lower[i] not in {"by", "from", "to", "("}:
        return []
    prep = i
    verb_end = prep
    while verb_end - 1 > view.s and adverb(lower[verb_end - 1]):
        verb_end -= 1  # "drops sharply to 0.50"
    for j in range(prep - 1, max(view.s, prep - 12) - 1, -1):
        word = lower[j]
        if word in cues.CHANGE_VERBS and j == verb_end - 1:
            k = j - 1
            while k > view.s and (adverb(lower[k]) or lower[k] in {"further", "also", "even", "still"}):
                k -= 1
            subject = phrase_ending_at(view, k, subject=True)  # "performance further dropping by 40%"
            return [subject] if subject is not None else []
        if word in cues.CHANGE_VERBS:
            objects: list[Span] = []
            k = j + 1
            while k < prep:
                phrase = _object_phrase(view, k, prep)
                if phrase is None:
                    break
                objects.append(phrase)
                k = phrase.end
                while k < prep and lower[k] in {",", "and", "or"}:
                    k += 1
                if k < prep and lower[k] not in DETERMINERS and not wordlike(view.texts[k]):
                    break
                if k < prep and lower[k] in NP_STOP - {"the", "a", "an", "its", "their", "our"}:
                    break  # "the accuracy of LLaMA 2": the object ends at "of"
            return objects
        if word in {",", "and"} and j > view.s and (view.is_number(j - 1) or lower[j - 1] in {"%", ","}):
            verb = next((w for w in reversed(lower[view.s : j]) if w in cues.CHANGE_VERBS or w in cues.OUTPERFORM_VERBS), "")
            phrase = _object_phrase(view, j + 1, prep) if verb in cues.CHANGE_VERBS else None
            return [phrase] if phrase is not None else []  # "reduces A to 1.4% and B to 0.4%": B
        if word in {".", ";", ":"} or view.is_number(j) or word in cues.RESULT_VERBS:
            return []
    return []


def metric_in_sentence(view: SentenceView, r: Reading, used: Sequence[Span | None]) -> Span | None:
    """A metric the sentence names before the number and no other number of it measures
    ("new state-of-the-art accuracies ...: 58.5% on A and 95.6% on B")."""
    taken = {m.start for m in used if m is not None}
    for i in range(r.start - 1, view.s - 1, -1):
        if view.label(i) == "METRIC":
            metric = view.cover[i]
            return metric if metric.start not in taken else None
    if not r.quantity.unit:
        return None
    weak = None
    for i in range(r.start - 1, view.s - 1, -1):
        word = view.lower[i]
        if (word in cues.RESULT_METRIC_HEADS or word.rstrip("s") in cues.RESULT_METRIC_HEADS) and view.label(i) is None:
            metric = phrase_ending_at(view, i)
            if metric is not None and len(metric) == 1 and word in cues.WEAK_METRICS:
                weak = weak or metric  # a bare "performance": only when nothing better is named
                continue
            return metric if metric is not None and metric.start not in taken else None
    return weak if weak is not None and weak.start not in taken else None


def metric_named_after(view: SentenceView, r: Reading) -> Span | None:
    """A metric the sentence names after a number that reads as a result ("GPT-5 (43.7%) ...
    show significant performance limitations")."""
    for i in range(r.end, view.e):
        if view.is_head(i) and not view.is_number(i):
            return phrase_ending_at(view, i)
    return None


def metric_named_before(view: SentenceView, r: Reading) -> Span | None:
    """The last metric the abstract names before a number (in any earlier sentence)."""
    for i in range(r.start - 1, -1, -1):
        entity = view.cover.get(i)
        if entity is not None and entity.label_ == "METRIC":
            return entity
    return None
