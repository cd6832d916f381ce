"""What a number in a sentence is: a result or not (a size, count, year, version, setting or
share), and a result's kind (absolute, delta, ratio).

Rules of `kg_results` (`extractors.results`) over a `SentenceView`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span

from extractors.cues import (
    CHANGE_VERBS,
    COUNT_NOUNS,
    DELTA_COMPARATIVES,
    DELTA_CUES,
    MODEL_LIKE,
    OUTPERFORM_VERBS,
    RESULT_METRIC_HEADS,
    RESULT_SKIP_BEFORE,
    RESULT_VERBS,
    SETTING_WORDS,
    SHARE_NOUNS,
)
from extractors.quantities import is_magnitude
from extractors.result_view import (
    DETERMINERS,
    NP_STOP,
    PLURAL_CAPS_RE,
    POSSESSIVES,
    SPLIT_WORDS,
    Reading,
    SentenceView,
    is_acronym_metric,
    plural_noun,
    skip_lead,
    wordlike,
)

__all__ = ["attribute_name", "continues_a_by_list", "counts_items", "factor_before", "is_composition", "is_result_like",
           "kind_of", "not_a_result"]

_SETTING_PHRASES = frozenset(
    """learning rate|batch size|beam size|window size|step size|sample size|weight decay|
    pruning ratio|masking ratio|mask ratio|noise level|context length|sequence length|
    compression rate|sampling rate|dropout rate|label smoothing|guidance scale|top k""".replace("\n", "")
    .replace("    ", "").split("|")
)
_SETTINGS_AFTER = frozenset("sparsity pruning masking compression noise dropout quantization".split())
_PRUNING_VERBS = frozenset(
    "pruning masking dropping removing discarding corrupting perturbing sampling keeping".split()
)
_VARIABLE_RE = re.compile(
    r"(?<![\w-])\\?([A-Za-zΑ-Ωα-ω][\w-]*)\s*(?:\$\s*)?(?:=|<|>|≤|≥|\\leq|\\geq|\\le|\\ge|&lt;|&gt;)\s*\$?\s*$")
# Score nouns that make the setting word before them part of a metric's name ("76.6% phase
# accuracy", "a 12.1% depth error"), not the setting a percentage is ("at 50% sparsity").
_SCORE_HEADS = frozenset("accuracy accuracies error errors precision recall f1 score scores auc iou miou map dice".split())
_SIZE_WORDS = frozenset("k m b t million billion thousand trillion".split())
# "95% CI", "CI: 0.43": a confidence interval is a spread, neither it nor its bounds a result
_INTERVAL_WORDS = frozenset({"ci", "cis"})
# "15% labeled data", "1% training samples": the kind of data a share is of
_DATA_KINDS = frozenset("labeled labelled unlabeled unlabelled annotated training train synthetic real".split())
# Change verbs whose object, when it is a number, is the change itself ("boosting 6.9% accuracy").
_GAIN_VERBS = frozenset("boost boosts boosting gain gains gaining add adds adding".split())


def attribute_name(view: SentenceView, r: Reading) -> str | None:
    """The count noun a size or count number measures ("8B-parameter", "400K molecules"), else None."""
    toks, texts, lower = view.toks, view.texts, view.lower
    end, unit = r.end, r.quantity.unit
    raw = r.quantity.raw
    if end + 1 < view.e and texts[end] == "-" and not toks.spaces[end] and not toks.spaces[end - 1]:
        word = lower[end + 1]
        if word.rstrip("s") + "s" in COUNT_NOUNS or word in COUNT_NOUNS:
            return word.rstrip("s") + "s"
        return "size" if is_magnitude(raw) else None  # "5-digit", "1-shot"
    if unit:
        return None
    for i in range(end, min(end + 3, view.e)):
        word = lower[i]
        if word in COUNT_NOUNS:
            if i + 1 < view.e and lower[i + 1] in {"/", "per"}:
                return None  # "3.43 bits/dim"
            if _modifies_a_metric(view, i):
                return None  # "0.531 edge-level F1", "0.91 token accuracy": a metric's modifier
            return word if word.endswith("s") else word + "s"
        if not texts[i].isalpha() or word in NP_STOP:
            break
    if is_magnitude(raw):
        return "size"
    if end < view.e and lower[end] in _SIZE_WORDS and texts[end] not in {"k"}:
        return "size"  # "(3 M)", "1.2 billion"
    if "." not in raw and r.quantity.value >= 2:
        # "25 LLMs", "11 different MCP servers": an integer counting a plural noun
        for i in range(end, min(end + 3, view.e)):
            word, text = lower[i], texts[i]
            if view.label(i) in {"METRIC", "DATASET"} or word in NP_STOP or not wordlike(text) \
                    or word in RESULT_METRIC_HEADS or word.rstrip("s") in RESULT_METRIC_HEADS:
                break
            if PLURAL_CAPS_RE.fullmatch(text) or (word.endswith("s") and not word.endswith("ss") and len(word) > 3):
                return word
    return None


def _modifies_a_metric(view: SentenceView, i: int) -> bool:
    """Whether the word at `i` is a modifier of the metric after it in one noun phrase ("edge"
    of "edge-level F1", "token" of "token accuracy"), not the noun a count counts."""
    for k in range(i + 1, min(i + 4, view.e)):
        if view.label(k) == "METRIC" or view.lower[k] in _SCORE_HEADS:
            return True
        if view.lower[k] in NP_STOP or not (view.texts[k] == "-" or wordlike(view.texts[k])):
            return False
    return False


# Words that end the phrase after a number before any count noun could name what it counts.
_STOPS = frozenset("on in of for with across over at by and or to from than as per".split())


def counts_items(view: SentenceView, end: int) -> bool:
    """Whether the words after a number at token `end` are what it counts: a name and its modifiers,
    then a plural count noun ("500 IGLU collaborative building tasks"), and no metric between."""
    lower = view.lower
    for k in range(end, min(view.e, end + 5)):
        if k > end and lower[k] in COUNT_NOUNS and lower[k].endswith("s"):
            return True
        span = view.cover.get(k)
        if not view.texts[k].isalpha() or span is not None and span.label_ == "METRIC" \
                or lower[k] in RESULT_METRIC_HEADS or lower[k] in DETERMINERS or lower[k] in _STOPS:
            return False
    return False


def not_a_result(view: SentenceView, r: Reading) -> bool:
    """Years, versions, list markers, settings, hyperparameters and shares of data."""
    q = r.quantity
    texts, lower = view.texts, view.lower
    unit, raw = q.unit, q.raw
    integer = "." not in raw
    prev = lower[r.start - 1] if r.start > view.s else ""
    nxt = lower[r.end] if r.end < view.e else ""
    if not unit and integer and 1900 <= q.value <= 2099 and "," not in raw:
        return True  # a year
    if prev in {"[", "(", "{"} and nxt in {"]", ")", "}"} and integer and not unit:
        return True  # "[12]", "(1)"
    if prev in {"v", "v.", "version", "ver", "ver.", "release", "#", "no", "no."}:
        return True
    text = view.toks.text
    if q.start > 1 and text[q.start - 1] == "/" and text[q.start - 2].isdigit():
        if integer and "." not in text[max(0, q.start - 8) : q.start - 1].split()[-1]:
            return True  # "23/91": the denominator of a share
        if q.value in {1.0, 5.0, 10.0, 100.0}:
            return True  # "4.55/5.0": the top of the scale
    if raw.startswith("±") or text[max(0, q.start - 3) : q.start].rstrip().endswith(("±", "+/-", "+-")):
        return True  # "81.5% ± 0.4%": a spread, not a result
    if unit in {"ms", "µs", "px"} and prev in {"at", "to"}:
        return True  # "at 160 ms", "resized to 336 pixels": settings
    if nxt in _INTERVAL_WORDS or prev == ":" and r.start - 2 >= view.s and lower[r.start - 2] in _INTERVAL_WORDS \
            or prev in _INTERVAL_WORDS:
        return True  # "(95% CI: 0.886-0.986)": a confidence interval and its bounds
    before = lower[max(view.s, r.start - 8) : r.start]
    if any(w in {"deviation", "std", "sd", "variance", "stdev", "std."} for w in before) \
            and not any(view.is_number(k) for k in range(max(view.s, r.start - 8), r.start)):
        return True  # "a standard deviation (SD) of 0.005": a spread
    if "," in raw and integer and not unit:
        return True  # "2,032 pairs": a count
    if integer and not unit and counts_items(view, r.end):
        return True  # "500 IGLU collaborative building tasks": a count
    for k in range(r.end, min(view.e, r.end + 4)):
        if lower[k] in {"orders", "order"}:
            return True  # "2-3 orders of magnitude"
        if not (lower[k] in {"-", "–", "to"} or view.is_number(k)):
            break
    if not unit and r.start > view.s:
        before = view.cover.get(r.start - 1)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        if before is not None and before.label_ != "METRIC" and decimals <= 1 \
                and not (nxt in {"to", "vs", "vs.", "versus", "→", "-", "–"} and r.end + 1 < view.e
                         and view.is_number(r.end + 1)):
            return True  # "LLaMA 3.2", "Places 2" (not "WikiText-2 5.47 to 4.91")
        word = texts[r.start - 1]
        if word[:1].isupper() and word.isalpha() and before is None and not view.is_head(r.start - 1) \
                and prev not in RESULT_SKIP_BEFORE and prev not in RESULT_VERBS and prev not in CHANGE_VERBS:
            return True  # "Subtask 3", "Table 2"
    context = view.toks.text[max(0, q.start - 24) : q.start]
    variable = _VARIABLE_RE.search(context)
    if variable is not None and not is_acronym_metric(variable.group(1)) \
            and variable.group(1).lower() not in RESULT_METRIC_HEADS:
        return True  # "k = 5", "$\varepsilon=7$", "p < 0.05"
    if _setting_before(view, r.start):
        return True
    if unit == "%":
        k = r.end
        while k < view.e and (view.is_number(k) or lower[k] in {"%", "-", "–", "to"}):
            k += 1
        if k + 1 < view.e and lower[k] == ")" and lower[k + 1] == "of":
            return True  # "a fraction (50%-70%) of the input"
        i = r.end
        if nxt == "of":
            i += 1
            while i < view.e and lower[i] in DETERMINERS | {"all", "total", "only"}:
                i += 1
            words = lower[i : min(view.e, i + 3)]
            compound = "".join(words)  # "pseudo-labels"
            first = words[0] if words else ""
            if any(w in SHARE_NOUNS or w.rstrip("s") + "s" in SHARE_NOUNS for w in words[:2]) \
                    or compound in SHARE_NOUNS or plural_noun(first) and i not in view.cover:
                return True  # "10% of the labels", "10% of the training data", "49% of submissions"
        scored = r.end + 1 < view.e and lower[r.end + 1] in _SCORE_HEADS
        if nxt in _SETTINGS_AFTER or (nxt in SETTING_WORDS and nxt not in {"k", "n", "p"} and not scored):
            return True  # "at 50% sparsity", "a 90% pruning ratio"
        if k + 1 < view.e and (lower[k] in _DATA_KINDS and lower[k + 1] in SHARE_NOUNS | {"set", "subset"}
                               or lower[k + 1] in _SETTINGS_AFTER and lower[k] in SHARE_NOUNS | {"label"}):
            return True  # "with only 15-20% labeled data", "10-25% label noise": shares and settings
        if r.end + 1 < view.e and " ".join(lower[r.end : r.end + 2]) in _SETTING_PHRASES:
            return True
        if prev in _PRUNING_VERBS:
            return True  # "when pruning 75%"
    return False


def _setting_before(view: SentenceView, start: int) -> bool:
    """"learning rate of 0.001", "temperature 0.7", "a threshold of 0.5"."""
    lower = view.lower
    i = start - 1
    skipped = 0
    while i >= view.s and skipped < 3 and lower[i] in {"of", "=", ":", "is", "to", "a", "an", "the", "set", "at", "("}:
        i -= 1
        skipped += 1
    if i < view.s:
        return False
    word = lower[i]
    if word in SETTING_WORDS and view.label(i) != "METRIC" and word != "k" \
            and not (i > view.s and lower[i - 1] in POSSESSIVES):  # "Krippendorff's alpha of 0.61" is a score
        return True
    return i > view.s and f"{lower[i - 1]} {word}" in _SETTING_PHRASES


def is_composition(view: SentenceView, r: Reading, readings: Sequence[Reading]) -> bool:
    """"43% Mamba-2, 7% attention, and 50% MLP layers": shares that add up to a whole, not results."""
    if r.quantity.unit != "%":
        return False
    shares = [x for x in readings if x.quantity.unit == "%" and abs(x.start - r.start) <= 12]
    return len(shares) >= 2 and 95 <= sum(x.quantity.value for x in shares) <= 101 \
        and any(x.end < view.e and view.label(x.end) in MODEL_LIKE for x in shares)


def is_result_like(view: SentenceView, r: Reading) -> bool:
    """A score without a metric word that still reads as a result: "X achieves 38.3%",
    "GPT-5 (43.72%)", "PASCAL VOC (val: 77.7%)"."""
    q = r.quantity
    if not q.unit and "." not in q.raw:
        return False
    lower = view.lower
    i = skip_lead(view, r.start - 1)
    if i < view.s:
        return False
    if lower[i] in RESULT_VERBS and not view.is_head(i):
        return True
    if lower[i] in {"from", "to"} and any(w in CHANGE_VERBS for w in lower[max(view.s, i - 8) : i]):
        return True  # "improves GSM8K from 10.4% to 40.7%"
    if lower[i] == "from" and i > view.s and lower[i - 1] in {"(", ",", "and"} \
            and any(w in CHANGE_VERBS or w in DELTA_CUES for w in _clause_before(lower, max(view.s, i - 16), i)):
        return True  # "improves X by 3.1 points (from 48.2 to 51.3)", "a 12.7x improvement in R, from 49.8% to 3.9%"
    if lower[i] in POSSESSIVES and view.label(i - 1) in MODEL_LIKE:
        return True  # "an improvement over U-Net's 0.8065"
    if view.label(i) in MODEL_LIKE and r.start - 1 == i and q.unit == "%":
        return True  # "HippoRAG reaches 54%, BM25 48%"
    if lower[i] in {"with", "to"} and i > view.s and lower[i - 1] in {"compared", "relative"} \
            or lower[i] in {"vs", "vs.", "versus"}:
        return True  # "0.30 F1, compared with 0.18 for the baseline"
    if lower[i] == "by" and any(w in OUTPERFORM_VERBS for w in _clause_before(lower, max(view.s, i - 16), i)):
        return True  # "surpasses X by an average of 12%", "outperforms A, B, and C by 16.1%"
    if continues_a_by_list(view, r.start):
        return True  # "... by 2.1 points on A and 3.4 points on B"
    if lower[i] == "(" and i > view.s and (view.label(i - 1) is not None or view.texts[i - 1][:1].isupper()) \
            and r.end < view.e and view.texts[r.end] == ")":
        return True  # "GPT-5 (43.72%)", "Zh-En (33.5)"
    return lower[i] == ":" and i - 1 >= view.s and (view.label(i - 1) is not None or lower[i - 1] in SPLIT_WORDS)


def _clause_before(lower: list[str], start: int, end: int) -> list[str]:
    """The words of `lower[start:end]` after its last ";" (the clause that ends at `end`)."""
    words = lower[start:end]
    return words[len(words) - words[::-1].index(";"):] if ";" in words else words


def factor_before(view: SentenceView, r: Reading) -> int | None:
    """The token of "factor" in "by a factor of 6.6", "of factor 6.6": the number is a ratio."""
    i = r.start - 1
    if i > view.s and view.lower[i] == "of":
        i -= 1
    return i if i >= view.s and view.lower[i] == "factor" else None


_ITEM_UNITS = frozenset({"%", "percent", "points", "point", "pp", "x"})


def continues_a_by_list(view: SentenceView, start: int, hops: int = 4) -> bool:
    """Whether the number at token `start` continues a list of changes that "by" opened: "surpasses
    X by 25% in A, 26% in B, and 30% in C" (26% and 30% are changes as 25% is)."""
    lower = view.lower
    i = start - 1
    while i >= view.s and lower[i] in {",", "and"}:
        i -= 1
    if i == start - 1:
        return False
    for j in range(i, max(view.s, i - 8) - 1, -1):  # back over the previous item's "in B" to its number
        if view.is_number(j):
            after = j + 1 + (j + 1 < view.e and lower[j + 1] in _ITEM_UNITS)
            if after >= view.e or lower[after] not in {"in", "on", "for"}:
                return False
            lead = skip_lead(view, j - 1)
            return lead >= view.s and lower[lead] == "by" or hops > 0 and continues_a_by_list(view, j, hops - 1)
    return False


def kind_of(view: SentenceView, r: Reading, chain: Sequence[Reading], metric: Span | None) -> str:
    """"ratio" (speed-ups, x-fold), "delta" (an improvement or a drop) or "absolute"."""
    lower = view.lower
    unit = r.quantity.unit or chain[-1].quantity.unit
    metric_head = lower[metric.end - 1] if metric is not None else ""
    if unit == "x" or factor_before(view, chain[0]) is not None:
        return "ratio"
    if metric_head in {"speedup", "speedups", "speed-up", "speed-ups", "faster"}:
        return "ratio" if unit != "%" else "delta"  # "3.1 speedup", "a 48.4% speedup"
    if unit == "points" or r.quantity.raw.startswith("+"):
        return "delta"
    i = skip_lead(view, chain[0].start - 1)
    if i >= view.s and (lower[i] == "by" or lower[i] in DELTA_CUES or lower[i] in _GAIN_VERBS
                        or (lower[i] == "of" and i > view.s and lower[i - 1] in DELTA_CUES)) \
            or continues_a_by_list(view, chain[0].start):
        return "delta"  # "improves F1 by 2.1", "an improvement of 3.2%", "boosting up to 6.9% accuracy"
    j = chain[-1].end
    if j < view.e and (lower[j] in DELTA_COMPARATIVES or lower[j] in {"relative", "absolute"}):
        return "delta"  # "2.3% higher accuracy", "5% relative"
    if metric is not None and metric.start >= r.end:
        if metric_head in DELTA_CUES or any(w in DELTA_CUES for w in lower[chain[-1].end : metric.start]):
            return "delta"  # "a 5% gain", "a 0.9% drop in accuracy"
        after = metric.end
        if after < view.e and lower[after] in DELTA_CUES:
            return "delta"  # "3% accuracy gain"
    if metric_head in DELTA_CUES and not (i > view.s and lower[i] in {"(", "from", "to"}
                                          and lower[i - 1] not in DELTA_CUES | {"ranging", "range"}):
        return "delta"  # "improvements of 6.7% on A and 4.4% on B", "gains (up to 14%)"; not "over X (74%)"
    return "absolute"
