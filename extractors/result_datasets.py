"""Where a result was measured: the dataset of a number (`dataset_of`), the datasets a list pairs
with a list of numbers (`listed_datasets`), and names no rule typed that stand where a dataset
does (`new_dataset_name`).

Rules of `kg_results` (`extractors.results`) over a `SentenceView`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from collections.abc import Callable, Sequence
from itertools import accumulate

from spacy.tokens import Span

from extractors.cues import (
    COUNT_NOUNS,
    MODEL_LIKE,
    NER_KB_ID,
    NOT_NAMES,
)
from extractors.language_pairs import pair_end, pair_start_before, with_language_pair
from extractors.result_view import (
    DETERMINERS,
    SPLIT_WORDS,
    Reading,
    SentenceView,
)
from extractors.sents import Tokens
from extractors.shapes import name_key, name_shape
from kg.core.taxonomy import lookup

__all__ = ["dataset_name", "dataset_of", "elided_name", "listed_datasets", "new_dataset_name", "result_dataset_name"]

_DATASET_PREPOSITIONS = frozenset({"on", "in", "for", "at", "over", "across", "of"})
# Prepositions that open a list of the places numbers were measured on ("on A, B and C").
_LIST_OPENERS = frozenset({"on", "in", "across", "over"})
# Words that may stand between the names of one list of datasets ("A dataset, B, and the C benchmark").
_LIST_GLUE = DETERMINERS | SPLIT_WORDS | frozenset(
    ", and or & set sets split splits dataset datasets benchmark benchmarks corpus corpora".split())
# The words of "on the validation set of X" between the preposition and the name
_SPLIT_OF = SPLIT_WORDS | frozenset({"set", "sets", "split", "splits", "subset", "of"})
# A task's noun after a dataset's name in a list ("COCO detection"), not a verb ("using")
_TASK_NOUN_ENDINGS = ("tion", "sion", "ment", "sis")
# Words after a dataset's name that say what it is or which part was used, never part of its
# name: "the ADE20K dataset", "the Haze4k test dataset", "ATIS public datasets". ("Corpus",
# "Treebank" are: "British National Corpus".)
_NAME_TAILS = SPLIT_WORDS | frozenset(
    "set sets split splits subset dataset datasets data-set benchmark benchmarks public".split())


def dataset_name(toks: Tokens, span: Span) -> int:
    """The end token of the name of the dataset a result's `span` stands for, as written: the
    words that spell the key of its entity ("ADE20K dataset" of `ade20k`: "ADE20K"), else the
    span without the words that say what it is or which split ("Haze4k test dataset": "Haze4k")."""
    start, end = span.start, span.end
    if span.id_:
        for k in range(end, start, -1):
            if name_key(toks.span_text(start, k)) == span.id_:
                return k
    while end - start > 1 and toks.texts[end - 1].lower() in _NAME_TAILS:
        end -= 1
    return end


def elided_name(toks: Tokens, start: int, end: int) -> str:
    """The name of tokens `start:end` as written, or, when they repeat the end of the name
    listed before them without its first words ("KernelBench Level-2 and Level-3"), with those
    words: "KernelBench Level-3"."""
    text = toks.span_text(start, end)
    if start < 3 or toks.texts[start - 1] not in {"and", "or", ","} or not toks.texts[start][:1].isupper():
        return text
    k = start - 2  # the last token of the name before
    while k > 0 and start - k < 8 and toks.texts[k - 1] not in {"and", "or", ",", "on", "in", "(", "of"} \
            and (toks.texts[k - 1][:1].isupper() or toks.texts[k - 1] == "-" or toks.texts[k - 1].isdigit()):
        k -= 1
    stems = [re.split(r"[-\d]", w)[0] for w in toks.texts[k : start - 1]]  # "Level-2": "Level"
    head = re.split(r"[-\d]", toks.texts[start])[0]
    if head and head in stems[1:]:
        return f"{toks.span_text(k, k + stems.index(head, 1))} {text}"
    return text


def result_dataset_name(toks: Tokens, span: Span, s: int, e: int) -> str:
    """The name a result keeps for the dataset `span` (in the sentence `s:e`): the benchmark
    joined to its language pair where the vocabulary knows the pair's leaderboard ("WMT14
    English-to-German"), else the name as written (`dataset_name`, `elided_name`)."""
    name = dataset_name(toks, span)
    return with_language_pair(toks, span.start, name, s, e) or elided_name(toks, span.start, name)


def _in_parentheses_after(view: SentenceView, r: Reading) -> Span | None:
    """The name alone in parentheses right after a number: "97.0% (ESC-10)"."""
    if r.end + 2 < view.e and view.texts[r.end] == "(":
        inside = view.cover.get(r.end + 1)
        if inside is not None and inside.start == r.end + 1 and inside.end < view.e \
                and view.texts[inside.end] == ")" and inside.label_ != "METRIC":
            return inside
    return None


def dataset_of(view: SentenceView, r: Reading, metric: Span | None,
               chain: Sequence[Reading] = (), measured: Sequence[tuple[Span | None, Span | None]] = ()) -> Span | None:
    """The dataset a number is measured on: "on D" after it, "D (val: 77.7)", "On D, ...",
    else that of the last of the sentence's results before it (`measured`: their metric and
    dataset; a delta's) of the same metric, else the closest in the sentence, else the last one the
    abstract named before. A name no rule typed that stands where a dataset does ("91.4% F1 on
    LEVIR-CD") is one (its span comes back without an entity over it)."""
    lower, texts = view.lower, view.texts
    lead = _dataset_in_metric(view, metric) if metric is not None else None
    if lead is not None:
        return lead  # "80% ImageNet top-1 accuracy", "an MS-COCO FID of 4.88": the metric names its dataset
    inside = _in_parentheses_after(view, r)
    if inside is not None and (_is_dataset(view, inside) or any(
            (other := _in_parentheses_after(view, x)) is not None and _is_dataset(view, other) for x in chain)):
        return inside  # "97.0% (ESC-10), 91.5% (ESC-50)": one list, each number its dataset
    if r.end + 2 < view.e and texts[r.end] == "(":
        named = new_dataset_name(view, r.end + 1) if view.cover.get(r.end + 1) is None else None
        if named is not None and named.end < view.e and texts[named.end] == ")":
            return named
    j = metric.end if metric is not None and metric.start >= r.end else r.end
    k = j
    while k < min(view.e, j + 16):
        if lower[k] in {"at", "with"} and (after := _condition_end(view, k)) is not None:
            k = after  # "77.4 mIoU at 102 FPS on Cityscapes": the place after the condition
            continue
        if lower[k] == "and" and k + 1 < view.e and view.is_number(k + 1):
            # "91.4% F1 and 84.2% IoU on LEVIR-CD": the place after the group
            k += 2
            while k < view.e and not view.is_number(k) and (texts[k] in {"%", "x"} or view.is_head(k)):
                k += 1
            continue
        if lower[k] in _DATASET_PREPOSITIONS:
            for m in range(k + 1, min(view.e, k + 8)):
                entity = view.cover.get(m)
                if entity is not None:
                    if _is_dataset(view, entity) or lower[k] == "on" and entity.kb_id_ == NER_KB_ID \
                            and entity.label_ in {"METHOD", "TASK"}:
                        return entity  # the statistical recogniser's types are a guess; "on" is not
                    if lower[k] == "on" and entity.label_ != "METRIC":
                        return None  # "29.7 dB PSNR on LOLv2-Real", a name typed otherwise: no guess
                    break
                if lower[k] in {"on", "in"} and (pair := pair_end(view.toks, m, view.e)) is not None:
                    return view.doc[m:pair]  # "33.5 BLEU on Zh-En": the pair of a translation benchmark
                if lower[k] in {"on", "across"} and (named := new_dataset_name(view, m, titled=True)) is not None:
                    return named
                if view.is_number(m) or texts[m] in {",", ";", "(", ")"} or lower[m] not in DETERMINERS \
                        and not (lower[m] in _SPLIT_OF and m - k <= 5):
                    break  # past "the", and "the val set of", "the test split of"
            break
        if view.is_number(k) or texts[k] in {",", ";", ")"} or k >= j + 6:
            break
        k += 1
    owner = _owner_before_list(view, r)
    if owner is not None:
        return owner  # "PASCAL VOC (val: 77.7%)", "ADAM: 25.4", "Cityscapes val set with 68.4% PQ, 83.5% mIoU"
    if lower[view.s] == "on" and view.label(view.s + 1) is None:
        named = new_dataset_name(view, view.s + 1)
        if named is not None and named.end < view.e and texts[named.end] == ",":
            return named  # "On Harvard OCT-RNFL, NIR reduces ..."
    if metric is not None:
        # "89.3 EPDMS on A and 28.9 HD-Score on B, surpassing X by 3.2 EPDMS": measured on A
        key = name_key(view.toks.span_text(metric.start, metric.end))
        same = [d for m, d in measured if m is not None and d is not None
                and name_key(view.toks.span_text(m.start, m.end)) == key]
        if same:
            return same[-1]
    best, best_dist = None, None
    for i in range(view.s, view.e):
        entity = view.cover.get(i)
        if entity is None or entity.label_ != "DATASET" or entity.start != i:
            continue
        dist = r.start - entity.end if entity.end <= r.start else entity.start - r.end + 1
        if best_dist is None or abs(dist) < best_dist:
            best, best_dist = entity, abs(dist)
    return best if best is not None else view.prior_dataset


def _dataset_in_metric(view: SentenceView, metric: Span) -> Span | None:
    """The known dataset a metric phrase starts with ("ImageNet top-1 accuracy", "MS-COCO FID"),
    the longest, when words of the metric follow it."""
    for k in range(metric.end - 1, metric.start, -1):
        text = view.toks.span_text(metric.start, k)
        if view.texts[k] != "-" and lookup("Dataset", text) is not None and lookup("Metric", text) is None:
            return view.doc[metric.start : k]
    return None


def _condition_end(view: SentenceView, k: int) -> int | None:
    """After "at" / "with" at token `k`, a condition a number was measured under ("at 102 FPS",
    "with inference speed of 93.2 FPS", "with 250 labels"): the token after it, else None."""
    lower = view.lower
    for m in range(k + 1, min(view.e, k + 6)):
        if view.is_number(m):
            end = m + 1
            while end < view.e and not view.is_number(end) and end - m <= 3 \
                    and (view.texts[end] in {"%", "x"} or view.is_head(end) or view.texts[end].isupper()
                         or lower[end] in COUNT_NOUNS):
                end += 1
            return end
        if not view.texts[m].isalpha() or lower[m] in _DATASET_PREPOSITIONS - {"of"} or m in view.cover:
            return None
    return None


def _owner_before_list(view: SentenceView, r: Reading) -> Span | None:
    """The dataset a list of numbers follows: "PASCAL VOC (val: 77.7%, test: 77.2%)", "ADAM: 25.4",
    "Cityscapes val set with 68.4% PQ, 44.0% AP, and 83.5% mIoU"."""
    texts, lower = view.texts, view.lower
    i = r.start - 1
    while i > view.s and (view.is_number(i) or texts[i] in {"%", ",", "x"} or lower[i] in {"and"} | SPLIT_WORDS
                          or view.is_head(i) or texts[i] == ":" and lower[i - 1] in SPLIT_WORDS
                          or lower[i] == "of" and i - 1 > view.s and (view.label(i - 1) == "METRIC" or view.is_head(i - 1))):
        i -= 1  # "ADAM: ED of 25.4": over the metric that names the number
        if view.label(i) == "METRIC" and lower[i + 1] == "of":
            i = view.cover[i].start - 1
    if i <= view.s or r.start - i > 24:
        return None
    if texts[i] in {"(", ":"}:
        # "XSum (49.07 ROUGE-1)": a name the dataset vocabulary knows, whatever a rule typed it
        owner = view.cover.get(i - 1)
        if owner is None and texts[i] == "(" and (pair := pair_start_before(view.toks, i, view.s)) is not None:
            return view.doc[pair:i]  # "Zh-En (33.5), En-Zh (49.7)": a translation benchmark's pairs
        return owner if owner is not None and _is_dataset(view, owner) else None
    if lower[i] != "with":
        return None
    k = i - 1
    while k > view.s and lower[k] in _LIST_GLUE - {",", "and", "or", "&"}:
        k -= 1  # "Cityscapes val set with"
    owner = view.cover.get(k)
    return owner if owner is not None and owner.label_ == "DATASET" and k < i - 1 or \
        owner is not None and owner.label_ == "DATASET" and lower[i - 1] not in {",", "and"} else None


def _is_dataset(view: SentenceView, entity: Span) -> bool:
    """A dataset: so typed, or a name the dataset vocabulary knows that a rule typed otherwise
    ("on CamVid" read as a model's name)."""
    if entity.label_ == "DATASET":
        return True
    if entity.label_ == "METRIC":
        return False
    text = view.toks.span_text(entity.start, entity.end)
    # "ImageNet 256256", "COCO test-dev": a known dataset and a size or split after it
    return lookup("Dataset", text) is not None or lookup("Dataset", view.texts[entity.start]) is not None


def new_dataset_name(view: SentenceView, m: int, *, titled: bool = False) -> Span | None:
    """A name no rule typed, starting at token `m`: name-shaped words joined by hyphens or
    spaces ("LEVIR-CD", "Harvard OCT-RNFL", "KernelBench Level-2"), or capitalised words hyphenated
    around small ones ("Moments-in-Time"), none under an entity; with
    `titled` (where a number's place is named), also two or more capitalised words ("Civil Comments")."""
    texts, spaces = view.texts, view.toks.spaces
    k, shaped, small = m, False, False
    while k < view.e and k - m < 6 and view.cover.get(k) is None:
        text = texts[k]
        if text == "-" and k > m and not spaces[k - 1] and not spaces[k] and k + 1 < view.e:
            k += 1
            continue
        if name_shape(text):
            shaped = True
        elif text.isalpha() and text.islower() and k > m + 1 and texts[k - 1] == "-" and not spaces[k - 1] \
                and not spaces[k] and k + 2 < view.e and texts[k + 1] == "-" and texts[m][:1].isupper():
            small = True  # "Moments-in-Time": capitalised words glued by hyphens around small ones
        elif not (text[:1].isupper() and text.isalnum() or text.isdigit() and k > m and not spaces[k - 1]):
            break
        k += 1
    while k > m and texts[k - 1] == "-":
        k -= 1
    shaped = shaped or small and texts[k - 1][:1].isupper()
    if not (shaped or titled and k - m >= 2 and all(t[:1].isupper() for t in texts[m:k])) \
            or k == m or view.lower[m] in NOT_NAMES:
        return None
    return view.doc[m:k]


def listed_datasets(view: SentenceView, readings: Sequence[Reading]) -> dict[int, Span]:
    """The dataset of each number a list of datasets pairs with a list of numbers, in order, by
    the number's first token: "86.4, 85.5 and 94.2 F1 on A, B and C(, respectively)", "71.1% AUC,
    89.3% NP and 73.0% AO on A, B and C", "On A and B, X reaches 80% and 90%, respectively".

    The numbers are those between the list and the one before it (or a ";"): as many as the
    list has names, after "on"/"in"/"across" or with "respectively"; with "respectively", also
    the last ones of more, or, when none come before, those after the list."""
    pairs: dict[int, Span] = {}
    cover = view.cover
    if len(readings) < 2:
        return pairs  # no list of numbers
    if sum(i in cover for i in range(view.s, view.e)) < 2:  # no two names
        return _pairs_with_the_list_before(view, readings) if view.respectively else pairs
    bound = view.s
    runs = _dataset_runs(view)
    for k, (start, end, names, opened) in enumerate(runs):
        n = len(names)
        bound = max([bound] + [i + 1 for i in range(bound, start) if view.texts[i] == ";"])
        before = [r for r in readings if r.start >= bound and r.end <= start]
        if before and len(before) == n and (opened or view.respectively):
            chosen = before
        elif before and len(before) > n and view.respectively:
            chosen = before[-n:]
        elif not before and view.respectively:
            limit = runs[k + 1][0] if k + 1 < len(runs) else view.e
            chosen = [r for r in readings if r.start >= end and r.end <= limit]
            chosen = chosen if len(chosen) == n else []
        else:
            chosen = []
        pairs.update((r.start, name) for r, name in zip(chosen, names))
        bound = end
    if not runs and view.respectively:
        pairs.update(_pairs_with_the_list_before(view, readings))
    return pairs


# how far back from the last dataset before a sentence its list may start (tokens)
_LIST_WINDOW = 40


def _pairs_with_the_list_before(view: SentenceView, readings: Sequence[Reading]) -> dict[int, Span]:
    """A sentence that names no dataset and gives as many numbers "respectively" as the list of
    datasets that ends the text before it: "We test on A and B. X reaches 95.1% and 78.2%,
    respectively": the numbers in the list's order."""
    prior = view.prior_dataset
    if prior is None or any(_is_dataset(view, x) for i in range(view.s, view.e) if (x := view.cover.get(i)) is not None):
        return {}
    before = replace(view, s=max(0, prior.start - _LIST_WINDOW), e=prior.end)
    runs = _dataset_runs(before)
    if not runs or runs[-1][1] != prior.end or len(runs[-1][2]) != len(readings):
        return {}
    return {r.start: name for r, name in zip(readings, runs[-1][2])}


def _dataset_runs(view: SentenceView) -> list[tuple[int, int, list[Span], bool]]:
    """The lists of two or more datasets of a sentence: (first token, end, names, whether "on" /
    "in" / "across" opens it). A name the statistical recogniser typed otherwise counts in a
    list "on" opens; a name no rule typed, after a name of the list ("ACE2004, ACE2005 and NNE")."""
    lower, texts = view.lower, view.texts
    runs: list[tuple[int, int, list[Span], bool]] = []
    names: list[Span] = []
    start, opened, opener, depth, i = view.s, False, view.s, 0, view.s

    def close() -> None:
        if len(names) >= 2 and any(_is_dataset(view, name) for name in names):
            runs.append((start, names[-1].end, list(names), opened))
        names.clear()

    while i < view.e:
        if depth == 0:
            entity = view.cover.get(i)
            if entity is not None and entity.start == i:
                if _is_dataset(view, entity) or (opened or names) and entity.kb_id_ == NER_KB_ID \
                        and entity.label_ in {"METHOD", "TASK"}:
                    if not names:
                        start = i
                    names.append(entity)
                    i = entity.end
                    if (task := view.cover.get(i)) is not None and task.start == i and task.label_ == "TASK":
                        i = task.end  # "on ADE20K semantic segmentation and COCO object detection"
                    elif i < view.e and i not in view.cover and lower[i].endswith(_TASK_NOUN_ENDINGS) and texts[i].islower():
                        i += 1  # "on COCO detection and ADE20K segmentation"
                    continue
            elif entity is None and names and (lower[i - 1] in _LIST_GLUE):
                named = new_dataset_name(view, i)
                if named is not None:
                    names.append(named)
                    i = named.end
                    continue
        if texts[i] == "(":
            depth += 1
        elif texts[i] == ")" and depth > 0:
            depth -= 1
        elif depth == 0 and lower[i] not in _LIST_GLUE:
            if names or lower[i] in _LIST_OPENERS:
                close()
                opened, opener = lower[i] in _LIST_OPENERS, i
            elif not (texts[i].isalpha() and texts[i].islower() and i - opener <= 4):
                opened = False  # "on the publicly available A, B and C" stays opened
        i += 1
    close()
    return runs


def last_ending_before(spans: list[Span]) -> Callable[[int], Span | None]:
    """A function of a token index giving the latest of `spans` (in their order) that ends at or
    before it, or None; by bisection, since a long abstract asks it once a sentence of thousands.

    Examples:
        >>> from spacy.lang.en import English
        >>> doc = English()("CIFAR and SVHN and MNIST")
        >>> before = last_ending_before([doc[4:5], doc[0:1], doc[2:3]])
        >>> before(0), before(1).text, before(3).text, before(5).text
        (None, 'CIFAR', 'SVHN', 'SVHN')
    """
    by_end = sorted(range(len(spans)), key=lambda k: spans[k].end)
    ends = [spans[k].end for k in by_end]
    latest = list(accumulate(by_end, max))  # the latest in list order among the first k to end

    def last_before(token: int) -> Span | None:
        count = bisect_right(ends, token)
        return spans[latest[count - 1]] if count else None

    return last_before
