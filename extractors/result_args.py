"""What else the words around a number say: whether it is a result at all (not a size, count,
year, version, setting or share), its kind (absolute, delta, ratio), its model, dataset and, for a
delta, the baseline it is measured against.

Pure functions over a `SentenceView` (`extractors.result_view`), used by `kg_results`
(`extractors.results`). Each reads a few tokens on either side of a number; none scans the
whole document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span

from extractors.cues import (
    BASELINE_CUES,
    CHANGE_VERBS,
    COUNT_NOUNS,
    DELTA_COMPARATIVES,
    DELTA_CUES,
    MODEL_LIKE,
    NER_KB_ID,
    NOT_NAMES,
    OUTPERFORM_VERBS,
    RESULT_METRIC_HEADS,
    RESULT_SKIP_BEFORE,
    RESULT_VERBS,
    SELF_REFERENCES,
    SETTING_WORDS,
    SHARE_NOUNS,
)
from extractors.quantities import is_magnitude
from extractors.result_metrics import phrase_at
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
from extractors.shapes import name_shape
from kg.core.taxonomy import lookup

__all__ = [
    "attribute_name",
    "baseline_of",
    "dataset_of",
    "factor_before",
    "is_composition",
    "is_result_like",
    "kind_of",
    "model_of",
    "new_dataset_name",
    "not_a_result",
    "zipped_entities",
]

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
_VS_RE = re.compile(r"\bvs\b|versus", re.IGNORECASE)
_SIZE_WORDS = frozenset("k m b t million billion thousand trillion".split())
_OWNER_PREPOSITIONS = frozenset({"for", "of", "by"})
# A name after these is where or with what a number was measured, not whose it is ("on LLaMA-3").
_PLACE_PREPOSITIONS = frozenset("on in at across from with using via under".split())
# Change verbs whose object, when it is a number, is the change itself ("boosting 6.9% accuracy").
_GAIN_VERBS = frozenset("boost boosts boosting gain gains gaining add adds adding".split())
_PASSIVE = frozenset("is was are were been be achieved obtained reached attained reported observed seen measured".split())
_DATASET_PREPOSITIONS = frozenset({"on", "in", "for", "at", "over", "across", "of"})
_BASELINE_POSITION = BASELINE_CUES | OUTPERFORM_VERBS | frozenset(
    """with to like including e.g. e.g such as improves improve improving outperforming""".split()
)


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
    before = lower[max(view.s, r.start - 8) : r.start]
    if any(w in {"deviation", "std", "sd", "variance", "stdev", "std."} for w in before) \
            and not any(view.is_number(k) for k in range(max(view.s, r.start - 8), r.start)):
        return True  # "a standard deviation (SD) of 0.005": a spread
    if "," in raw and integer and not unit:
        return True  # "2,032 pairs": a count
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
        if nxt in _SETTINGS_AFTER or (nxt in SETTING_WORDS and nxt not in {"k", "n", "p"}):
            return True  # "at 50% sparsity", "a 90% pruning ratio"
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
    if lower[i] in POSSESSIVES and view.label(i - 1) in MODEL_LIKE:
        return True  # "an improvement over U-Net's 0.8065"
    if view.label(i) in MODEL_LIKE and r.start - 1 == i and q.unit == "%":
        return True  # "HippoRAG reaches 54%, BM25 48%"
    if lower[i] in {"with", "to"} and i > view.s and lower[i - 1] in {"compared", "relative"} \
            or lower[i] in {"vs", "vs.", "versus"}:
        return True  # "0.30 F1, compared with 0.18 for the baseline"
    if lower[i] == "by" and any(w in OUTPERFORM_VERBS for w in lower[max(view.s, i - 8) : i]):
        return True  # "surpasses X by an average of 12%"
    if lower[i] == "(" and i > view.s and (view.label(i - 1) is not None or view.texts[i - 1][:1].isupper()) \
            and r.end < view.e and view.texts[r.end] == ")":
        return True  # "GPT-5 (43.72%)", "Zh-En (33.5)"
    return lower[i] == ":" and i - 1 >= view.s and (view.label(i - 1) is not None or lower[i - 1] in SPLIT_WORDS)


def factor_before(view: SentenceView, r: Reading) -> int | None:
    """The token of "factor" in "by a factor of 6.6", "of factor 6.6": the number is a ratio."""
    i = r.start - 1
    if i > view.s and view.lower[i] == "of":
        i -= 1
    return i if i >= view.s and view.lower[i] == "factor" else None


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
                        or (lower[i] == "of" and i > view.s and lower[i - 1] in DELTA_CUES)):
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
    return "absolute"


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
            if owner is not None and owner.label_ in MODEL_LIKE:
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
        if view.lower[k] in NP_STOP or view.lower[k] in RESULT_VERBS or view.lower[k] in CHANGE_VERBS:
            return None
    return None


def _in_parentheses_after(view: SentenceView, r: Reading) -> Span | None:
    """The name alone in parentheses right after a number: "97.0% (ESC-10)"."""
    if r.end + 2 < view.e and view.texts[r.end] == "(":
        inside = view.cover.get(r.end + 1)
        if inside is not None and inside.start == r.end + 1 and inside.end < view.e \
                and view.texts[inside.end] == ")" and inside.label_ != "METRIC":
            return inside
    return None


def dataset_of(view: SentenceView, r: Reading, metric: Span | None,
               chain: Sequence[Reading] = ()) -> Span | None:
    """The dataset a number is measured on: "on D" after it, "D (val: 77.7)", "On D, ...",
    else the closest in the sentence, else the last one the abstract named before. A name
    no rule typed that stands where a dataset does ("91.4% F1 on LEVIR-CD") is one (its span
    comes back without an entity over it)."""
    lower, texts = view.lower, view.texts
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
    while k < min(view.e, j + 12):
        if lower[k] == "and" and k + 1 < view.e and view.is_number(k + 1):
            # "91.4% F1 and 84.2% IoU on LEVIR-CD": the place after the group
            k += 2
            while k < view.e and not view.is_number(k) and (texts[k] in {"%", "x"} or view.is_head(k)):
                k += 1
            continue
        if lower[k] in _DATASET_PREPOSITIONS:
            for m in range(k + 1, min(view.e, k + 5)):
                entity = view.cover.get(m)
                if entity is not None:
                    if _is_dataset(view, entity) or lower[k] == "on" and entity.kb_id_ == NER_KB_ID \
                            and entity.label_ in {"METHOD", "TASK"}:
                        return entity  # the statistical recogniser's types are a guess; "on" is not
                    if lower[k] == "on" and entity.label_ != "METRIC":
                        return None  # "29.7 dB PSNR on LOLv2-Real", a name typed otherwise: no guess
                    break
                if lower[k] in {"on", "across"} and (named := new_dataset_name(view, m)) is not None:
                    return named
                if view.is_number(m) or texts[m] in {",", ";", "(", ")"} or lower[m] not in DETERMINERS:
                    break
            break
        if view.is_number(k) or texts[k] in {",", ";", ")"} or k >= j + 6:
            break
        k += 1
    for i in range(r.start - 1, max(view.s, r.start - 6) - 1, -1):
        if texts[i] in {"(", ":"}:
            owner = view.cover.get(i - 1)
            if owner is not None and owner.label_ == "DATASET":
                return owner  # "PASCAL VOC (val: 77.7%)", "ADAM: 25.4"
    if lower[view.s] == "on" and view.label(view.s + 1) is None:
        named = new_dataset_name(view, view.s + 1)
        if named is not None and named.end < view.e and texts[named.end] == ",":
            return named  # "On Harvard OCT-RNFL, NIR reduces ..."
    best, best_dist = None, None
    for i in range(view.s, view.e):
        entity = view.cover.get(i)
        if entity is None or entity.label_ != "DATASET" or entity.start != i:
            continue
        dist = r.start - entity.end if entity.end <= r.start else entity.start - r.end + 1
        if best_dist is None or abs(dist) < best_dist:
            best, best_dist = entity, abs(dist)
    return best if best is not None else view.prior_dataset


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


def new_dataset_name(view: SentenceView, m: int) -> Span | None:
    """A name no rule typed, starting at token `m`: name-shaped words joined by hyphens or
    spaces ("LEVIR-CD", "Harvard OCT-RNFL", "KernelBench Level-2"), none under an entity."""
    texts, spaces = view.texts, view.toks.spaces
    k, shaped = m, False
    while k < view.e and k - m < 6 and view.cover.get(k) is None:
        text = texts[k]
        if text == "-" and k > m and not spaces[k - 1] and not spaces[k] and k + 1 < view.e:
            k += 1
            continue
        if name_shape(text):
            shaped = True
        elif not (text[:1].isupper() and text.isalnum() or text.isdigit() and k > m and not spaces[k - 1]):
            break
        k += 1
    while k > m and texts[k - 1] == "-":
        k -= 1
    if not shaped or k == m or view.lower[m] in NOT_NAMES:
        return None
    return view.doc[m:k]


def zipped_entities(view: SentenceView, chain: Sequence[Reading], label: str) -> list[Span]:
    """With "respectively", the datasets (or models) a sentence lists together, in order, one per
    number: "on CIFAR-100 and SVHN, respectively", "A, B and C achieve x, y and z, respectively"."""
    if len(chain) < 2 or not view.respectively:
        return []
    labels = MODEL_LIKE if label == "MODEL_LIKE" else {label}
    runs: list[list[Span]] = [[]]
    depth, i = 0, view.s
    while i < view.e:
        text = view.texts[i]
        entity = view.cover.get(i)
        if entity is not None and entity.start == i and entity.label_ in labels and depth <= 0:
            runs[-1].append(entity)
            i = entity.end
            continue
        depth += (text == "(") - (text == ")")
        if not (depth > 0 or text in {",", ")"} or view.lower[i] in {"and", "or"} | DETERMINERS):
            runs.append([])  # anything else ends a list
        i += 1
    if label == "MODEL_LIKE":  # the models of "A, B and C achieve x, y and z" come before the numbers
        runs = [run for run in runs if run and run[-1].end <= chain[0].start]
    return next((run for run in runs if len(run) == len(chain)), [])


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
