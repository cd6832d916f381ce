"""What a name looks like: pure functions over strings, shared by the rule components.

`name_shape` tells a name-shaped word ("IconShop", "A2SF", "GLACIA") from a plain one,
`shaped_words` finds such words in a text, `label_for_head` types a name by its head word,
`label_by_suffix` and `NameFamilies` type a new word by its ending or by the known name it
extends, and `name_key` is the memoised canonical key of a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from extractors.cues import DATASET_HEADS, METRIC_HEADS, MODEL_HEADS, NOT_NAMES, TASK_HEADS
from kg.core.ids import entity_key

__all__ = ["SIZE_RE", "NameFamilies", "counts_parameters", "label_by_suffix", "label_for_head", "name_key", "name_shape", "shaped_words"]

# `entity_key` normalises (NFKC) and runs a regex on every call; names repeat across papers.
name_key = lru_cache(maxsize=1 << 16)(entity_key)

# Only words that can be name-shaped: camelCase, capitals with digits, two capitals, Xx-Xx.
_WORD_RE = re.compile(
    r"(?<![\w.+*'’-])(?=[\w.+*'’-]*(?:[a-z][A-Z]|[A-Z][\w'’-]*\d|\d[\w'’-]*[A-Z]|[A-Z]{2}|[a-z]-[A-Z]))"
    r"[A-Za-z0-9][\w.+*'’-]*[\w+*](?:/\d+[A-Za-z]?(?![\w/]))?"  # "ViT-B/16", "Qwen3-8B/235B": one name
)
# Name-shaped words all hold a capital: find capitals (a fast scan) and test only their words.
# A capital that starts a plain capitalised word ("The", "Transformer.") cannot make one; the
# regex starts with a character class, so `re` skips to candidate capitals in C.
_CAPITAL_TAIL_RE = re.compile(r"[A-Z](?:(?<=[\w.+*'’-].)|(?![a-z]*[.'’]?(?![\w.+*'’-])))[\w.+*'’-]*")
_WORD_CHAR_RE = re.compile(r"[\w.+*'’-]")
_CAMEL_RE = re.compile(r"[a-z][A-Z]")
_PLURAL_CAPS_RE = re.compile(r"[A-Z]+s")
_CAPS_WORD_RE = re.compile(r"[A-Z]{2}[a-z]")  # "MVMap", "HRNet": an acronym glued to a word
SIZE_RE = re.compile(r"^(?:\d+(?:\.\d+)?[KMBT]|[vV]\d+(?:\.\d+)?)$")


@lru_cache(maxsize=1 << 15)
def name_shape(word: str) -> str:
    """How much a word looks like a name: "strong", "caps" or "".

    Examples:
        >>> [name_shape(w) for w in ["IconShop", "A2SF", "GLACIA", "LLMs", "Transformer", "8B", "MVMap"]]
        ['strong', 'strong', 'caps', '', '', '', 'strong']
    """
    if word.lower() in NOT_NAMES or SIZE_RE.match(word):
        return ""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2 and not (letters and any(c.isdigit() for c in word)):
        return ""
    if (_CAMEL_RE.search(word) or _CAPS_WORD_RE.search(word)) and not _PLURAL_CAPS_RE.fullmatch(word):
        return "strong"
    if word[0].isalpha() and any(c.isdigit() for c in word) and any(c.isupper() for c in word):
        return "strong"
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return "caps"
    return ""


# Heads after "knowledge" that make a data set of a name ("the Wikidata Knowledge Graph").
_KNOWLEDGE_HEADS = frozenset({"graph", "graphs", "base", "bases"})


def label_for_head(words: list[str], *, default: str = "METHOD") -> str:
    """Entity label from the head (last) word of a name.

    Examples:
        >>> label_for_head(["Routing", "Transformer"]), label_for_head(["Fact", "Verification"])
        ('MODEL', 'TASK')
        >>> label_for_head(["Plant", "Knowledge", "Graph"]), label_for_head(["Graph"])
        ('DATASET', 'METHOD')
    """
    head = words[-1].lower() if words else ""
    if head in MODEL_HEADS or head.endswith(("bert", "former")):
        return "MODEL"
    if head in DATASET_HEADS or (head in _KNOWLEDGE_HEADS and len(words) > 1 and words[-2].lower() == "knowledge"):
        return "DATASET"  # "... Knowledge Graph", "... Knowledge Base": data, not a method
    if head in TASK_HEADS:
        return "TASK"
    if head in METRIC_HEADS:
        return "METRIC"
    return default


def shaped_words(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_WORD_RE` in `text`, found from its capitals.

    Same matches as `_WORD_RE.finditer(text)`: every name-shaped word holds a capital,
    and the lookahead of `_WORD_RE` is tried only at the start of such words.

    Examples:
        >>> [m.group() for m in shaped_words("We train multiMentalRoBERTa and LLaMA-2 (not Mamba).")]
        ['multiMentalRoBERTa', 'LLaMA-2']
    """
    for tail in _CAPITAL_TAIL_RE.finditer(text):
        start = tail.start()
        while start and _WORD_CHAR_RE.match(text, start - 1):
            start -= 1
        match = _WORD_RE.match(text, start)
        if match is not None:
            yield match


# Endings that say what a new name is ("MentalBERT", "Harness-Bench", "SV-QA").
_SUFFIX_LABELS = (("bert", "MODEL"), ("former", "MODEL"), ("gpt", "MODEL"), ("net", "MODEL"),
                  ("qa", "DATASET"), ("bench", "DATASET"), ("corpus", "DATASET"))
_FAMILY_RE = re.compile(r"[A-Za-z]{3,}")


def label_by_suffix(word: str) -> str | None:
    """The label a word's ending gives it, if any.

    Examples:
        >>> label_by_suffix("MentalBERT"), label_by_suffix("Harness-Bench"), label_by_suffix("GLACIA")
        ('MODEL', 'DATASET', None)
    """
    lowered = word.lower()
    return next((label for suffix, label in _SUFFIX_LABELS if lowered.endswith(suffix)), None)


# A part that counts billions of parameters ("Mistral-7B-v0.1", "Foo 1.5B"): a model's size. Not K
# or M, which count a data set's items as often ("ImageNet-1K", "YFCC-100M").
_PARAMETER_PART_RE = re.compile(r"(?:^|[-_ ])\d+(?:\.\d+)?B(?=$|[-_ ])")


def counts_parameters(name: str) -> bool:
    """Whether a part of the name is a count of billions of parameters, which only models have.

    Examples:
        >>> [counts_parameters(n) for n in ["Mistral-7B-v0.1", "Foo 1.5B", "ImageNet-1K", "B2B-Eval", "Foo-4Bench"]]
        [True, True, False, False, False]
    """
    return _PARAMETER_PART_RE.search(name) is not None


class NameFamilies:
    """Known one-word names (from the gazetteer patterns) and their labels: a new name
    that extends one takes its label ("Qwen2.5-VL" a MODEL, "ImageNet-100-LT" a DATASET).

    Examples:
        >>> families = NameFamilies()
        >>> families.add([{"label": "MODEL", "pattern": "Qwen"}, {"label": "DATASET", "pattern": "ImageNet"}])
        >>> families.label_of("Qwen2.5-VL"), families.label_of("ImageNet-100-LT"), families.label_of("Qwen")
        ('MODEL', 'DATASET', None)
    """

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}

    def add(self, patterns: Iterable[dict]) -> None:
        """Learn the one-word string patterns (three letters or more)."""
        for pattern in patterns:
            text = pattern.get("pattern")
            if isinstance(text, str) and _FAMILY_RE.fullmatch(text):
                self.labels.setdefault(text.lower(), pattern["label"])

    def label_of(self, word: str) -> str | None:
        """The label of the known name `word` starts with and extends, if any."""
        head = _FAMILY_RE.match(word)
        if head is None or head.end() == len(word):
            return None
        return self.labels.get(head.group().lower())
