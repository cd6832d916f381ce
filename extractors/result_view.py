"""How the result rules see one sentence: a `Reading` (a number and its tokens), a
`SentenceView` (the sentence's tokens, entity cover and the paper's own model) and the word
shapes they share (what ends a noun phrase, what judges rather than names, verbs).

Used by `extractors.result_metrics`, `extractors.result_numbers`, `extractors.result_owners`,
`extractors.result_datasets` and `kg_results` (`extractors.results`); pure functions and plain
data, no spaCy component.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extractors.cues import (
    CHANGE_VERBS,
    COMPARATIVES,
    COUNT_NOUNS,
    NOT_NAMES,
    OUTPERFORM_VERBS,
    RESULT_METRIC_HEADS,
    RESULT_VERBS,
    WEAK_METRICS,
)
from extractors.sents import Tokens
from kg.core.model import Quantity

__all__ = [
    "COST_RE",
    "DETERMINERS",
    "JUDGEMENT",
    "NP_STOP",
    "PLURAL_CAPS_RE",
    "POSSESSIVES",
    "Reading",
    "SPLIT_WORDS",
    "SentenceView",
    "adverb",
    "is_acronym_metric",
    "metric_acronyms",
    "plural_noun",
    "singular_metric",
    "skip_lead",
    "verbish",
    "wordlike",
]

# Words that end a noun phrase.
NP_STOP = frozenset(
    """on in with by for at over than compared while when and or across after before from
    to as which that whereas using under the a an its their our is are was were be of where
    respectively both either each all achieving achieves achieved reaching reaches obtaining
    obtains yielding yields attaining attains while vs vs. versus against per via within without
    between among beyond inside outside than yet however moreover thus hence notably specifically
    importantly finally furthermore additionally near nearly around approximately about roughly
    almost it its they them this these those we us one""".split()
)
# Words that judge a metric rather than name it ("the highest BLEU", "a new record accuracy").
JUDGEMENT = frozenset(
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
    offers offering demonstrates demonstrating attains pushing driving causing allowing enabling
    getting taking reports report reported""".split()
)
SPLIT_WORDS = frozenset("val validation test dev train test-dev test-std".split())
# "(ASR)": a short form in parentheses, as an abstract defines one
_DEFINED_RE = re.compile(r"\((?=[A-Za-z][\w@-]{0,11}\))")
_ACRONYM_RE = re.compile(r"[A-Za-z][A-Za-z0-9@_\-.]*")
PLURAL_CAPS_RE = re.compile(r"[A-Z]+s")
COST_RE = re.compile(r".*(?:FLOPs?|FLOPS|MACs|GPUs|TPUs)$")
POSSESSIVES = frozenset({"'s", "’s"})
DETERMINERS = frozenset("the a an its their our his her this these those".split())
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
    metric_acronyms: frozenset[str] = frozenset()  # short forms the abstract gives metrics: "attack success rate (ASR)"

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
        if self.texts[i] in self.metric_acronyms:
            return True
        label = self.label(i)
        if label is not None:
            return label == "METRIC"
        word = self.lower[i]
        if word in {"alpha", "kappa", "tau", "rho"} and i > self.s and self.lower[i - 1] in POSSESSIVES:
            return True  # "Krippendorff's alpha", "Cohen's kappa", "Kendall's tau"
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
        return self.is_head(span.end - 1) and not verbish(self.lower[span.start])

    def is_number(self, i: int) -> bool:
        text = self.texts[i]
        return bool(text) and (text[0].isdigit() or (len(text) > 1 and text[0] in "+-." and text[1].isdigit()))

    def only_glue_between(self, previous: Reading, r: Reading) -> bool:
        between = range(previous.end, r.start)
        return len(between) <= 8 and any(self.lower[i] == "and" for i in between) \
            and not any(self.is_number(i) for i in between)

    def continues_list(self, previous: Reading, r: Reading, after: int | None = None) -> bool:
        """"an FID of 2.97 on A, 4.59 on B, and 7.72 on C", "+23.9 AUROC on A, +8.8 on B": `r`
        follows `previous` (and its metric, ending at `after`) and the place it was measured on,
        as the next item of one list."""
        lower = self.lower
        i, end = max(previous.end, after or 0), r.start
        if not (0 < end - i <= 12) or lower[i] not in {"on", "in", "for", "at"} \
                or lower[end - 1] not in {",", "and"}:
            return False
        return end - i <= 12 and not any(lower[k] in {";", ".", ":"} or lower[k] in RESULT_VERBS
                                         or lower[k] in CHANGE_VERBS for k in range(i, end))


def metric_acronyms(toks: Tokens, is_metric_word: Callable[[int], bool]) -> frozenset[str]:
    """Short forms an abstract defines for metrics: "attack success rate (ASR)", "mean absolute
    error (MAE)" give ASR and MAE, whatever a name rule typed them as. Reads only the text's
    parentheses.

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("The attack success rate (ASR) is high; ASR reaches 44.4% on AdvBench (AB).")
        >>> toks = Tokens(doc, doc.text)
        >>> sorted(metric_acronyms(toks, lambda i: toks.texts[i] == "rate"))
        ['ASR']
    """
    found = set()
    for match in _DEFINED_RE.finditer(toks.text):
        i = bisect_left(toks.starts, match.start())
        if 0 < i and i + 2 < len(toks.texts) and toks.texts[i + 2] == ")" \
                and is_acronym_metric(toks.texts[i + 1]) and is_metric_word(i - 1):
            found.add(toks.texts[i + 1])
    return frozenset(found)


def is_acronym_metric(word: str) -> bool:
    """A word shaped like a metric's short name ("mIoU", "HOTA", "AP50", "F1", "R@1").

    Examples:
        >>> [is_acronym_metric(w) for w in ["mIoU", "HOTA", "AP50", "F1", "R@1", "LLMs", "GFLOPs", "the", "Dice"]]
        [True, True, True, True, True, False, False, False, False]
    """
    if len(word) > 16 or not _ACRONYM_RE.fullmatch(word) or word.lower() in NOT_NAMES \
            or word.lower() in COUNT_NOUNS or PLURAL_CAPS_RE.fullmatch(word) or COST_RE.match(word):
        return False
    upper = sum(c.isupper() for c in word)
    if upper >= 2:
        return True
    if upper == 1 and word[0].islower():
        return True  # mAP, sFID
    return upper == 1 and any(c.isdigit() for c in word) and len(word) <= 8  # F1, R@1, Rank@1


def skip_lead(view: SentenceView, i: int) -> int:
    """The token before "up to", "about", "an additional" ... that lead a number."""
    lower = view.lower
    while i > view.s:
        if lower[i] == "to" and lower[i - 1] == "up" or lower[i] == "of" and lower[i - 1] in {"average", "total"}:
            i -= 2  # "up to", "an average of"
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
    elif PLURAL_CAPS_RE.fullmatch(head) and not COST_RE.match(head):
        single = head[:-1]  # "WERs" (not "FLOPs")
    elif low.endswith("s") and not low.endswith(("ss", "us", "is")) and (
            low[:-1] in RESULT_METRIC_HEADS or low.endswith("scores") or low[:-1] in {"fid", "wer", "cer", "auc"}):
        single = head[:-1]
    else:
        return ""
    return name[: len(name) - len(head)] + single


def wordlike(word: str) -> bool:
    return bool(word) and word[0].isalpha() and all(c.isalnum() or c in "-_@./'’" for c in word)


def plural_noun(word: str) -> bool:
    """A plural noun that is no metric ("submissions", "queries"), not "accuracies" or "gains"."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) and word.isalpha() \
        and word not in RESULT_METRIC_HEADS and word[:-1] not in RESULT_METRIC_HEADS \
        and not word.endswith("ies") | (word[:-3] + "y" in RESULT_METRIC_HEADS)


def adverb(word: str) -> bool:
    """"initially", "respectively", "significantly": never part of a metric's name."""
    return word.endswith(("ally", "ively", "ntly", "ously", "ately", "edly"))


def verbish(word: str) -> bool:
    """A verb form that cannot modify a metric ("achieving", "improved"); "-ing" nouns such
    as "positioning accuracy" or "reasoning score" can."""
    if word in CHANGE_VERBS or word in RESULT_VERBS or word in OUTPERFORM_VERBS or word in _OTHER_VERBS:
        return True
    return word.endswith("ed") and word not in _METRIC_PARTICIPLES and word not in RESULT_METRIC_HEADS
