"""What the words around a number say about it: result or not, metric, kind, model, dataset, baseline.

Pure functions over one sentence (a `SentenceView`), used by `kg_results`
(`extractors.results`). Each reads a few tokens on either side of a number; none scans
the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extractors.cues import (
    BASELINE_CUES,
    CHANGE_VERBS,
    COMPARATIVES,
    COUNT_NOUNS,
    DELTA_COMPARATIVES,
    DELTA_CUES,
    MODEL_LIKE,
    NOT_NAMES,
    OUTPERFORM_VERBS,
    RESULT_METRIC_HEADS,
    RESULT_SKIP_BEFORE,
    RESULT_VERBS,
    SELF_REFERENCES,
    SETTING_WORDS,
    SHARE_NOUNS,
    WEAK_METRICS,
)
from extractors.quantities import is_magnitude
from extractors.sents import Tokens
from extractors.shapes import name_shape
from kg.core.model import Quantity

__all__ = [
    "Reading", "SentenceView", "attribute_name", "baseline_of", "dataset_of", "is_acronym_metric",
    "factor_before", "is_composition", "is_result_like", "kind_of", "metric_named_after", "metric_named_before", "new_dataset_name", "metric_after", "metric_before", "metric_in_sentence", "metric_list_after",
    "metric_objects_of_change", "model_of", "not_a_result", "singular_metric", "zipped_entities",
]

# Words that end a noun phrase.
_NP_STOP = frozenset(
    """on in with by for at over than compared while when and or across after before from
    to as which that whereas using under the a an its their our is are was were be of where
    respectively both either each all achieving achieves achieved reaching reaches obtaining
    obtains yielding yields attaining attains while vs vs. versus against per via within without
    between among beyond inside outside than""".split()
)
# Words that judge a metric rather than name it ("the highest BLEU", "a new record accuracy").
_JUDGEMENT = frozenset(
    """highest best lowest worst new record state-of-the-art sota competitive superior strong
    impressive remarkable significant significantly substantial notable excellent good high low
    better higher lower relative absolute final reported published previous prior current
    our their its this these that very extremely only just even still also further additional
    consistent consistently marginal great greater large larger small smaller overall art""".split()
) - {"overall"}
# "-ed"/"-ing" words that are part of a metric's name, not a verb.
_METRIC_PARTICIPLES = frozenset(
    """weighted balanced normalized normalised averaged adjusted discounted expected squared
    corrected matched retained recovered detected unweighted standardized standardised
    macro-averaged micro-averaged rescaled calibrated scaled bounding""".split()
)
_OTHER_VERBS = frozenset(
    """using showing demonstrating leading resulting setting giving producing making bringing
    surpassing exceeding matching reported achieving remains remained shows showed being having
    been preserves preserving keeps keeping exhibits exhibiting incurs incurring provides providing
    offers offering demonstrates demonstrating attains""".split()
)
_SPLIT_WORDS = frozenset("val validation test dev train test-dev test-std".split())
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
    r"(?<![\w-])\\?([A-Za-z][\w-]*)\s*(?:\$\s*)?(?:=|<|>|≤|≥|\\leq|\\geq|\\le|\\ge|&lt;|&gt;)\s*\$?\s*$")
_ACRONYM_RE = re.compile(r"[A-Za-z][A-Za-z0-9@_\-.]*")
_PLURAL_CAPS_RE = re.compile(r"[A-Z]+s")
_COST_RE = re.compile(r".*(?:FLOPs?|FLOPS|MACs|GPUs|TPUs)$")
_PARTS_RE = re.compile(r"[\s_/-]+")
# Metric short names that mark a word built from them as a metric ("SCD_IoU_mean", "HR-MAE").
_METRIC_PARTS = frozenset("acc accuracy iou miou f1 auc map mae mse rmse psnr ssim bleu rouge wer cer fid".split())
_VS_RE = re.compile(r"\bvs\b|versus", re.IGNORECASE)
_RANGE_VERBS = frozenset("range ranges ranged ranging vary varies varied varying span spans spanned".split())
_SIZE_WORDS = frozenset("k m b t million billion thousand trillion".split())
_POSSESSIVES = frozenset({"'s", "’s"})
_OWNER_PREPOSITIONS = frozenset({"for", "of", "by"})
_PASSIVE = frozenset("is was are were been be achieved obtained reached attained reported observed seen measured".split())
_DATASET_PREPOSITIONS = frozenset({"on", "in", "for", "at", "over", "across", "of"})
_BASELINE_POSITION = BASELINE_CUES | OUTPERFORM_VERBS | frozenset(
    """with to like including e.g. e.g such as improves improve improving outperforming""".split()
)
_DETERMINERS = frozenset("the a an its their our his her this these those".split())
_LEAD_SKIP = frozenset("about around nearly over approximately roughly almost an a average additional "
                       "further only just".split())


@dataclass(slots=True)
class Reading:
    """A number in the text: its tokens `[start, end)` and the parsed quantity."""

    start: int
    end: int
    quantity: Quantity


@dataclass(slots=True)
class SentenceView:
    """One sentence of a Doc as the result rules read it (token lists shared per Doc)."""

    doc: Doc
    toks: Tokens
    lower: list[str]
    cover: dict[int, Span]  # token -> the entity span over it
    s: int  # first token of the sentence
    e: int  # end (exclusive) of the sentence
    ours: Span | None  # what the paper proposes, for "our method" and "it"
    prior_dataset: Span | None = None  # the last dataset named before this sentence
    comparatives: frozenset[str] = COMPARATIVES | {"relative", "absolute"}

    @property
    def texts(self) -> list[str]:
        return self.toks.texts

    @property
    def respectively(self) -> bool:
        return "respectively" in self.lower[self.s : self.e]

    def label(self, i: int) -> str | None:
        span = self.cover.get(i)
        return span.label_ if span is not None else None

    def nearest(self, i: int, labels: frozenset[str] | set[str], *, before: bool, window: int) -> Span | None:
        """The closest entity with one of `labels` within `window` tokens of token `i`."""
        rng = range(i - 1, max(self.s, i - window) - 1, -1) if before else range(i, min(self.e, i + window))
        for k in rng:
            entity = self.cover.get(k)
            if entity is not None and entity.label_ in labels:
                return entity
        return None

    def is_head(self, i: int) -> bool:
        """True when token `i` can end a metric phrase ("accuracy", "F1", "mIoU", "error rate")."""
        label = self.label(i)
        if label is not None:
            return label == "METRIC"
        word = self.lower[i]
        if "@" in word and word.split("@")[-1].isdigit():
            return word.split("@")[0].replace("-", "").isalpha()  # "Recall@200", "R@1", "mAP@50"
        if i - 2 >= self.s and self.texts[i - 1] == "-" and not self.toks.spaces[i - 2] \
                and not self.toks.spaces[i - 1]:
            word = f"{self.lower[i - 2]}-{word}"  # "speed-ups", "F1-scores"
        return word in RESULT_METRIC_HEADS or word.rstrip("s") in RESULT_METRIC_HEADS \
            or word.endswith(("score", "scores")) or is_acronym_metric(self.texts[i])

    def strong_metric(self, span: Span) -> bool:
        """A metric name fit for a Metric node: not a generic or comparative word."""
        text = self.toks.span_text(span.start, span.end).lower()
        if text in WEAK_METRICS or text.rstrip("s") in WEAK_METRICS:
            return False
        return self.is_head(span.end - 1) and not _verbish(self.lower[span.start])

    def is_number(self, i: int) -> bool:
        text = self.texts[i]
        return bool(text) and (text[0].isdigit() or (len(text) > 1 and text[0] in "+-." and text[1].isdigit()))

    def only_glue_between(self, previous: Reading, r: Reading) -> bool:
        between = range(previous.end, r.start)
        return len(between) <= 8 and any(self.lower[i] == "and" for i in between) \
            and not any(self.is_number(i) for i in between)

    def continues_list(self, previous: Reading, r: Reading) -> bool:
        """"an FID of 2.97 on A, 4.59 on B, and 7.72 on C": `r` follows `previous` and the place
        it was measured on, as the next item of one list."""
        lower, texts = self.lower, self.texts
        i, end = previous.end, r.start
        if not (0 < end - i <= 10) or lower[i] not in {"on", "in", "for", "at"} \
                or lower[end - 1] not in {",", "and"}:
            return False
        return all(lower[k] in {",", "and", "on", "in", "for", "at", "the"} or k in self.cover
                   or self.is_number(k) or texts[k][:1].isupper() or texts[k] == "-" for k in range(i, end))


def is_acronym_metric(word: str) -> bool:
    """A word shaped like a metric's short name ("mIoU", "HOTA", "AP50", "F1", "R@1").

    Examples:
        >>> [is_acronym_metric(w) for w in ["mIoU", "HOTA", "AP50", "F1", "R@1", "LLMs", "GFLOPs", "the", "Dice"]]
        [True, True, True, True, True, False, False, False, False]
    """
    if len(word) > 16 or not _ACRONYM_RE.fullmatch(word) or word.lower() in NOT_NAMES \
            or word.lower() in COUNT_NOUNS or _PLURAL_CAPS_RE.fullmatch(word) or _COST_RE.match(word):
        return False
    upper = sum(c.isupper() for c in word)
    if upper >= 2:
        return True
    if upper == 1 and word[0].islower():
        return True  # mAP, sFID
    return upper == 1 and any(c.isdigit() for c in word) and len(word) <= 8  # F1, R@1, Rank@1


def _skip_lead(view: SentenceView, i: int) -> int:
    """The token before "up to", "about", "an additional" ... that lead a number."""
    lower = view.lower
    while i > view.s:
        if lower[i] == "to" and lower[i - 1] == "up":
            i -= 2
        elif lower[i] in _LEAD_SKIP:
            i -= 1
        else:
            break
    return i


def singular_metric(name: str) -> str:
    """A metric's name with its last word in the singular, or "" when it already is.

    Examples:
        >>> singular_metric("top-1 accuracies"), singular_metric("WERs"), singular_metric("F1-scores")
        ('top-1 accuracy', 'WER', 'F1-score')
        >>> singular_metric("error rates"), singular_metric("loss"), singular_metric("FIDs"), singular_metric("mAP")
        ('error rate', '', 'FID', '')
        >>> singular_metric("Speed-ups")
        'Speed-up'

    """
    head = name.split()[-1] if name.split() else name
    low = head.lower()
    if low.endswith("ies") and low[:-3] + "y" in RESULT_METRIC_HEADS:
        single = head[:-3] + "y"
    elif _PLURAL_CAPS_RE.fullmatch(head) and not _COST_RE.match(head):
        single = head[:-1]  # "WERs" (not "FLOPs")
    elif low.endswith("s") and not low.endswith(("ss", "us", "is")) and (
            low[:-1] in RESULT_METRIC_HEADS or low.endswith("scores") or low[:-1] in {"fid", "wer", "cer", "auc"}):
        single = head[:-1]
    else:
        return ""
    return name[: len(name) - len(head)] + single


def _wordlike(word: str) -> bool:
    return bool(word) and word[0].isalpha() and all(c.isalnum() or c in "-_@./'’" for c in word)


def _plural_noun(word: str) -> bool:
    """A plural noun that is no metric ("submissions", "queries"), not "accuracies" or "gains"."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) and word.isalpha() \
        and word not in RESULT_METRIC_HEADS and word[:-1] not in RESULT_METRIC_HEADS \
        and not word.endswith("ies") | (word[:-3] + "y" in RESULT_METRIC_HEADS)


def _adverb(word: str) -> bool:
    """"initially", "respectively", "significantly": never part of a metric's name."""
    return word.endswith(("ally", "ively", "ntly", "ously", "ately", "edly"))


def _verbish(word: str) -> bool:
    """A verb form that cannot modify a metric ("achieving", "improved"); "-ing" nouns such
    as "positioning accuracy" or "reasoning score" can."""
    if word in CHANGE_VERBS or word in RESULT_VERBS or word in OUTPERFORM_VERBS or word in _OTHER_VERBS:
        return True
    return word.endswith("ed") and word not in _METRIC_PARTICIPLES and word not in RESULT_METRIC_HEADS


# --- what is not a result ------------------------------------------------------------------


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
        if not texts[i].isalpha() or word in _NP_STOP:
            break
    if is_magnitude(raw):
        return "size"
    if end < view.e and lower[end] in _SIZE_WORDS and texts[end] not in {"k"}:
        return "size"  # "(3 M)", "1.2 billion"
    if "." not in raw and r.quantity.value >= 2:
        # "25 LLMs", "11 different MCP servers": an integer counting a plural noun
        for i in range(end, min(end + 3, view.e)):
            word, text = lower[i], texts[i]
            if view.label(i) in {"METRIC", "DATASET"} or word in _NP_STOP or not _wordlike(text) \
                    or word in RESULT_METRIC_HEADS or word.rstrip("s") in RESULT_METRIC_HEADS:
                break
            if _PLURAL_CAPS_RE.fullmatch(text) or (word.endswith("s") and not word.endswith("ss") and len(word) > 3):
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
        i = r.end
        if nxt == "of":
            i += 1
            while i < view.e and lower[i] in _DETERMINERS | {"all", "total", "only"}:
                i += 1
            words = lower[i : min(view.e, i + 3)]
            compound = "".join(words)  # "pseudo-labels"
            first = words[0] if words else ""
            if any(w in SHARE_NOUNS or w.rstrip("s") + "s" in SHARE_NOUNS for w in words[:2]) \
                    or compound in SHARE_NOUNS or _plural_noun(first) and i not in view.cover:
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
    if word in SETTING_WORDS and view.label(i) != "METRIC" and word != "k":
        return True
    return i > view.s and f"{lower[i - 1]} {word}" in _SETTING_PHRASES


def is_composition(view: SentenceView, r: Reading, readings: Sequence[Reading]) -> bool:
    """"43% Mamba-2, 7% attention, and 50% MLP layers": shares that add up to a whole, not results."""
    if r.quantity.unit != "%":
        return False
    shares = [x for x in readings if x.quantity.unit == "%" and abs(x.start - r.start) <= 12]
    return len(shares) >= 2 and 95 <= sum(x.quantity.value for x in shares) <= 101 \
        and any(x.end < view.e and view.label(x.end) in MODEL_LIKE for x in shares)


# --- metrics -------------------------------------------------------------------------------


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
        if _adverb(word):
            break
        if texts[k] in {"-", "/"} and k > j and not view.toks.spaces[k - 1] and not view.toks.spaces[k] \
                and k + 1 < view.e:
            k += 1  # "HD-Score", "bits/dim" are three tokens
            continue
        if word in _NP_STOP or not _wordlike(texts[k]):
            break
        if view.is_head(k) and (k - j <= 1 or not is_acronym_metric(texts[k]) or word in RESULT_METRIC_HEADS):
            last_head = k  # an acronym names the metric only right after its number ("74.7 NDS")
        elif last_head is not None:
            break  # "accuracy gains" goes on; "accuracy while" stops
        k += 1
    if last_head is None:
        return None
    start = j
    while start < last_head and (lower[start] in _JUDGEMENT or _verbish(lower[start])):
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
        if not subject or not _wordlike(texts[i]) or lower[i] in _NP_STOP or _verbish(lower[i]) \
                or lower[i] in _JUDGEMENT or _adverb(lower[i]) \
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
        if word in _NP_STOP or word in _JUDGEMENT or _verbish(word) or not _wordlike(texts[start - 1]) \
                or view.label(start - 1) not in {None, "METRIC"}:
            break
        start -= 1
    # no judgement in front: "record-breaking frame rate", "state-of-the-art accuracy"
    while start < i:
        group_end = start + 1
        while group_end + 1 <= i and texts[group_end] == "-" and not spaces[group_end - 1]:
            group_end += 2  # the hyphenated word that starts at `start`
        if group_end > i or not (lower[start] in _JUDGEMENT | {"state", "record"}):
            break
        start = group_end
    return view.doc[start:end]


def metric_after(view: SentenceView, r: Reading) -> Span | None:
    """The metric right after a number ("63% accuracy", "23.4 PQ", "2 points higher BLEU",
    "a 5% gain in F1", "78.9% for F1 score", "99% of its performance")."""
    lower, e = view.lower, view.e
    j = r.end
    comparative = None
    while j < e and (lower[j] in view.comparatives or lower[j] in DELTA_COMPARATIVES):
        comparative = comparative if comparative is not None else j
        j += 1
    if j + 1 < e and lower[j] == "on" and lower[j + 1] == "average":
        return view.doc[j + 1 : j + 2]
    if j + 3 < e and lower[j] == "in" and lower[j + 1] == "terms" and lower[j + 2] == "of":
        j += 3
    elif j + 1 < e and lower[j] in {"in", "for"} and phrase_at(view, j + 1) is not None:
        j += 1
    elif r.quantity.unit in {"%", "points"} and j + 1 < e and lower[j] == "of":
        j += 1
        while j < e and lower[j] in _DETERMINERS:
            j += 1
    phrase = phrase_at(view, j)
    if phrase is not None:
        head = lower[phrase.end - 1]
        if head in DELTA_CUES and phrase.end + 1 < e and lower[phrase.end] in {"in", "of", "on"}:
            k = phrase.end + 1
            while k < e and lower[k] in _DETERMINERS:
                k += 1
            deeper = phrase_at(view, k) or _object_phrase(view, k, e, names=True)
            if deeper is not None:
                return deeper  # "a 32.9% reduction in language capability forgetting"
        if head in COUNT_NOUNS:
            return None
        return phrase
    if comparative is not None and (r.quantity.unit == "x" or not r.quantity.unit
                                    and lower[comparative] in {"faster", "slower"}):
        return view.doc[comparative : comparative + 1]  # "5x faster", "1.84 faster", "4 times higher"
    if r.quantity.unit == "%":
        phrase = _object_phrase(view, j, e)
        if phrase is not None and lower[phrase.end - 1] not in COUNT_NOUNS \
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
    while i >= view.s and skipped < 6 and (lower[i] in RESULT_SKIP_BEFORE or lower[i] in {"(", "from", "by", "~", "≈", "factor"}
                                           or lower[i] in RESULT_VERBS and not view.is_head(i)):
        i -= 1
        skipped += 1
    if i < view.s or lower[i] in _SPLIT_WORDS:
        return None
    if i - 2 >= view.s and view.texts[i].isdigit() and view.texts[i - 1] == "@":
        i -= 2  # "Recall@200 of 0.70": the metric's cut-off is no number of ours
    if (lower[i] in CHANGE_VERBS or lower[i] in _RANGE_VERBS) and skipped:
        return phrase_ending_at(view, i - 1, subject=True)  # "Error drops from 51.3 to 30.0"
    if lower[i] in DELTA_CUES and i - 1 >= view.s and (view.label(i - 1) is not None or
                                                       is_acronym_metric(view.texts[i - 1])):
        entity = view.cover.get(i - 1)
        if entity is None or entity.label_ != "DATASET":
            return entity or view.doc[i - 1 : i]  # "F0.5 gains of +9.9", "mIoU improvement of 2.1"
    if lower[i] == ")" and i - 3 >= view.s and view.texts[i - 2] == "(" and is_acronym_metric(view.texts[i - 1]):
        i -= 3  # "mean absolute error (MAE) of 0.79"
        skipped += 1
    entity = view.cover.get(i)
    equals = skipped == 1 and lower[i + 1] == "="
    if entity is not None and entity.label_ not in {"METRIC", "DATASET"} and entity.end == i + 1 \
            and (_metric_shaped_name(view, entity) or _measured_entity(view, entity, named=True) or equals):
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
    while j < end and lower[j] in _DETERMINERS:
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
        if lower[k] in _NP_STOP or not _wordlike(texts[k]) or _adverb(lower[k]):
            break
        k += 1
    while k > j and (lower[k - 1] in _JUDGEMENT or _verbish(lower[k - 1])):
        k -= 1
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


def _measured_entity(view: SentenceView, entity: Span, *, named: bool = False) -> bool:
    """An entity that reads as a measure, not a name: a metric, or a mistyped measure with a
    metric word in it ("HR MAE", "SCD_IoU_mean"); for what a change verb acts on (not
    `named`), also a plain phrase ("Abs Rel"). Never a dataset or a model's name."""
    if entity.label_ == "METRIC":
        return True
    if entity.label_ == "DATASET":
        return False
    parts = _PARTS_RE.split(view.toks.span_text(entity.start, entity.end).lower())
    if view.lower[entity.end - 1] in RESULT_METRIC_HEADS or any(p in _METRIC_PARTS or p.endswith("score")
                                                               for p in parts):
        return True  # "HR MAE", "SCD_IoU_mean", "AlignScore"
    return not named and entity.label_ != "MODEL" \
        and not any(name_shape(view.texts[i]) for i in range(entity.start, entity.end))


def metric_objects_of_change(view: SentenceView, r: Reading) -> list[Span]:
    """What a change verb acts on, one per coordinated object: "improved Abs Rel and Sq Rel by
    5.6% and 9.8%", "reduces the WER from 51.3", "improves the accuracy of X by 7.8%"."""
    lower = view.lower
    i = _skip_lead(view, r.start - 1)
    if i <= view.s or lower[i] not in {"by", "from", "to"}:
        return []
    prep = i
    for j in range(prep - 1, max(view.s, prep - 12) - 1, -1):
        word = lower[j]
        if word in CHANGE_VERBS and j == prep - 1:
            k = j - 1
            while k > view.s and (_adverb(lower[k]) or lower[k] in {"further", "also", "even", "still"}):
                k -= 1
            subject = phrase_ending_at(view, k, subject=True)  # "performance further dropping by 40%"
            return [subject] if subject is not None else []
        if word in CHANGE_VERBS:
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
                if k < prep and lower[k] not in _DETERMINERS and not _wordlike(view.texts[k]):
                    break
                if k < prep and lower[k] in _NP_STOP - {"the", "a", "an", "its", "their", "our"}:
                    break  # "the accuracy of LLaMA 2": the object ends at "of"
            return objects
        if word in {",", "and"} and j > view.s and (view.is_number(j - 1) or lower[j - 1] in {"%", ","}):
            verb = next((w for w in reversed(lower[view.s : j]) if w in CHANGE_VERBS or w in OUTPERFORM_VERBS), "")
            phrase = _object_phrase(view, j + 1, prep) if verb in CHANGE_VERBS else None
            return [phrase] if phrase is not None else []  # "reduces A to 1.4% and B to 0.4%": B
        if word in {".", ";", ":"} or view.is_number(j) or word in RESULT_VERBS:
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
        if (word in RESULT_METRIC_HEADS or word.rstrip("s") in RESULT_METRIC_HEADS) and view.label(i) is None:
            metric = phrase_ending_at(view, i)
            if metric is not None and len(metric) == 1 and word in WEAK_METRICS:
                weak = weak or metric  # a bare "performance": only when nothing better is named
                continue
            return metric if metric is not None and metric.start not in taken else None
    return weak if weak is not None and weak.start not in taken else None


def is_result_like(view: SentenceView, r: Reading) -> bool:
    """A score without a metric word that still reads as a result: "X achieves 38.3%",
    "GPT-5 (43.72%)", "PASCAL VOC (val: 77.7%)"."""
    q = r.quantity
    if not q.unit and "." not in q.raw:
        return False
    lower = view.lower
    i = _skip_lead(view, r.start - 1)
    if i < view.s:
        return False
    if lower[i] in RESULT_VERBS and not view.is_head(i):
        return True
    if lower[i] in {"from", "to"} and any(w in CHANGE_VERBS for w in lower[max(view.s, i - 4) : i]):
        return True  # "improves GSM8K from 10.4% to 40.7%"
    if lower[i] in _POSSESSIVES and view.label(i - 1) in MODEL_LIKE:
        return True  # "an improvement over U-Net's 0.8065"
    if lower[i] == "(" and i > view.s and (view.label(i - 1) is not None or view.texts[i - 1][:1].isupper()) \
            and r.end < view.e and view.texts[r.end] == ")":
        return True  # "GPT-5 (43.72%)", "Zh-En (33.5)"
    return lower[i] == ":" and i - 1 >= view.s and (view.label(i - 1) is not None or lower[i - 1] in _SPLIT_WORDS)


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


# --- kind, model, dataset, baseline --------------------------------------------------------


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
    i = _skip_lead(view, chain[0].start - 1)
    if i >= view.s and (lower[i] == "by" or lower[i] in DELTA_CUES
                        or (lower[i] == "of" and i > view.s and lower[i - 1] in DELTA_CUES)):
        return "delta"  # "improves F1 by 2.1", "an improvement of 3.2%"
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
                if lower[m] not in _DETERMINERS:
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
    r, first = chain[pos], chain[0]
    text = view.toks.text
    if pos > 0 and any(_VS_RE.search(text[a.quantity.end : b.quantity.start]) for a, b in zip(chain, chain[1:])):
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
    if first.start - 2 >= view.s and lower[first.start - 1] in _POSSESSIVES:
        owner = view.cover.get(first.start - 2)
        if owner is not None and owner.label_ in MODEL_LIKE:
            return owner, "owner"  # "U-Net's 0.8065"
    # "the accuracy of LLaMA 2 by 7.8%", "0.03 loss for GPT-2 XL"
    lo, hi = (metric.end, first.start) if metric.end <= first.start else (chain[-1].end, metric.start)
    for i in range(lo, hi if hi - lo <= 8 and "," not in view.texts[lo:hi] else lo):
        entity = view.cover.get(i)
        if entity is not None and entity.label_ in MODEL_LIKE and not _in_baseline_position(view, entity) \
                and phrase_at(view, entity.start) is None \
                and not any(m is not None and m.start == entity.start for m in metrics):  # not a metric of a list
            return entity, "owner"
    after = chain[-1].end if metric.start < chain[-1].end else metric.end
    owner = _owner_after(view, after)
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
                and (i <= view.s + 2 or lower[i - 1] == "that"):
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
        if view.lower[k] in _NP_STOP or view.lower[k] in RESULT_VERBS or view.lower[k] in CHANGE_VERBS:
            return None
    return None


def dataset_of(view: SentenceView, r: Reading, metric: Span | None) -> Span | None:
    """The dataset a number is measured on: "on D" after it, "D (val: 77.7)", "On D, ...",
    else the closest in the sentence, else the last one the abstract named before. A name
    no rule typed that stands where a dataset does ("91.4% F1 on LEVIR-CD") is one (its span
    comes back without an entity over it)."""
    lower, texts = view.lower, view.texts
    if r.end + 2 < view.e and texts[r.end] == "(" and view.label(r.end + 1) == "DATASET":
        return view.cover[r.end + 1]  # "97.0% (ESC-10)"
    j = metric.end if metric is not None and metric.start >= r.end else r.end
    for k in range(j, min(view.e, j + 6)):
        if lower[k] in _DATASET_PREPOSITIONS:
            for m in range(k + 1, min(view.e, k + 5)):
                entity = view.cover.get(m)
                if entity is not None:
                    if entity.label_ == "DATASET":
                        return entity
                    if lower[k] == "on" and entity.label_ != "METRIC":
                        return None  # "29.7 dB PSNR on LOLv2-Real", a name typed otherwise: no guess
                    break
                if lower[k] in {"on", "across"} and (named := new_dataset_name(view, m)) is not None:
                    return named
                if view.is_number(m) or texts[m] in {",", ";", "(", ")"} or lower[m] not in _DETERMINERS:
                    break
            break
        if view.is_number(k) or texts[k] in {",", ";", ")"}:
            break
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
        if not (depth > 0 or text in {",", ")"} or view.lower[i] in {"and", "or"} | _DETERMINERS):
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
    i = _skip_lead(view, chain[0].start - 1)
    if i > view.s and lower[i] == "by":
        entity = view.cover.get(i - 1)
        if entity is not None and entity.label_ in MODEL_LIKE:
            before = lower[max(view.s, entity.start - 3) : entity.start]
            if any(w in OUTPERFORM_VERBS or w in CHANGE_VERBS for w in before):
                return entity  # "outperforms MapTRv2 by +10.5 mAP", "surpassing the 80B X by 28%"
    if view.e - view.s > 2 and lower[view.s] in {"compared", "relative", "over", "against", "unlike"}:
        for m in range(view.s + 1, min(view.e, view.s + 6)):
            entity = view.cover.get(m)
            if entity is not None:
                return entity if entity.label_ in MODEL_LIKE else None
            if view.texts[m] in {",", ";"}:
                break
    return None
