"""Descriptive names of what a paper proposes: "we propose a spectral analysis framework".

Used by `kg_names` right after a proposal verb. Many papers name their method by what it
does rather than by a coined word; the name is then the noun phrase after the article:
content words ("spectral analysis", "tonemapping-aware training", "Alert-Confirm
evaluation") before a method or model head noun ("framework", "pipeline", "protocol").
Generic adjectives in front ("a novel", "a simple yet effective", "an end-to-end") are not
part of it, and a phrase of one adjective ("a comprehensive framework"), a task with a
head ("a depth estimation method") or a name the gazetteer knows plus a head ("a deep
learning approach") is no name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from extractors.cues import GENERIC_NAMES, TASK_HEADS
from extractors.sents import Tokens

__all__ = ["DESCRIPTIVE_HEADS", "DESCRIPTIVE_KB_ID", "GENERIC_HEADS", "DescriptiveName", "apposed_name",
           "descriptive_name"]

DESCRIPTIVE_KB_ID = "kg_descriptive"  # `Span.kb_id_` of a descriptive name in the entity group
# Heads that say only what kind of thing the paper proposes ("framework"), not which part of it.
GENERIC_HEADS = frozenset("method approach framework technique scheme paradigm model architecture "
                          "network system pipeline".split())

# Head nouns of a descriptive name, and the label they give it.
DESCRIPTIVE_HEADS: dict[str, str] = {
    **{w: "METHOD" for w in """framework method approach strategy pipeline filter protocol optimizer
       mechanism module algorithm technique scheme paradigm loss objective regularizer estimator
       procedure policy sampler""".split()},
    **{w: "MODEL" for w in "architecture model network encoder decoder agent".split()},
}
_ARTICLES = frozenset({"a", "an", "the", "our"})
_GENERIC_ADJECTIVES = frozenset(
    """novel new simple effective efficient lightweight light-weight general unified comprehensive
    principled robust scalable flexible end-to-end real-time systematic automated automatic
    practical powerful generic universal plug-and-play modular holistic innovative elegant
    straightforward versatile yet and data-driven learning-based first fast accurate
    training-free tractable proposed fine-tuned finetuned pre-trained pretrained best final largest
    smallest overall""".split()
)
_MAX_WORDS = 4
_SIZE_RE = re.compile(r"\d+(?:\.\d+)?[KMBT]?|\d+(?:\.\d+)?[kmb]?")
_FUNCTION_WORDS = frozenset(
    """that which who the a an of for to in on with and or is are was were be been by as at from this
    these those it its their our we can will may also not than then""".split()
)
# Task heads that end "a depth estimation method" (a method for a task, not its name); process
# nouns such as "inference" or "reasoning" name what a method does ("memory-augmented inference").
_TASK_WORDS = TASK_HEADS - {"inference", "reasoning", "generation", "understanding", "selection", "matching",
                            "extraction", "linking", "labeling", "labelling", "parsing", "verification"}


class DescriptiveName(NamedTuple):
    """Tokens [start, end) of a descriptive name and its label."""

    start: int
    end: int
    label: str


def descriptive_name(toks: Tokens, start: int, stop: int) -> DescriptiveName | None:
    """The descriptive name of the noun phrase at token `start` (an article), ending before `stop`.

    Words are runs of tokens without spaces between them ("tonemapping-aware").

    Examples:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> def name(text):
        ...     doc = nlp(text)
        ...     found = descriptive_name(Tokens(doc, text), 0, len(doc))
        ...     return found and doc[found.start : found.end].text
        >>> name("a novel tonemapping-aware training pipeline that integrates")
        'tonemapping-aware training pipeline'
        >>> name("a spectral analysis framework"), name("an Alert-Confirm evaluation protocol")
        ('spectral analysis framework', 'Alert-Confirm evaluation protocol')
        >>> name("our proposed L2O-based inverse optimizer improves")
        'L2O-based inverse optimizer'
        >>> name("a comprehensive framework for"), name("a monocular depth estimation method")
        (None, None)
        >>> name("an end-to-end adaptive sampling and denoising pipeline")
    """
    texts = toks.texts
    if start >= stop or texts[start].lower() not in _ARTICLES \
            or not any(t.lower() in DESCRIPTIVE_HEADS for t in texts[start + 3 : stop]):
        return None  # no article, or no head noun far enough for two content words
    words = _words(toks, start, stop)
    k = 1
    while k < len(words) and _text(toks, words[k]).lower().rstrip(",") in _GENERIC_ADJECTIVES:
        k += 1
    content: list[tuple[int, int]] = []
    for first, end in words[k : k + _MAX_WORDS + 1]:
        text = _text(toks, (first, end))
        head = DESCRIPTIVE_HEADS.get(text.lower())
        if head is not None:
            if len(content) < 2 or _text(toks, content[-1]).lower() in _TASK_WORDS:
                return None
            phrase = toks.span_text(content[0][0], content[-1][1]).lower()
            if phrase in GENERIC_NAMES or f"{phrase} {text.lower()}" in GENERIC_NAMES:
                return None
            return DescriptiveName(content[0][0], end, head)
        if not _is_content_word(text):
            return None
        content.append((first, end))
    return None


def apposed_name(toks: Tokens, start: int, stop: int) -> DescriptiveName | None:
    """A lower-case name at token `start` that an apposition defines ("contrastive zeta decoding,
    a decoding method that ..."), ending before `stop`: two to four content words, a comma, "a" or
    "an" and a head noun of `DESCRIPTIVE_HEADS` within eight words, which gives the label.

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("the zeta-aware loss, a training objective; data, a model")
        >>> found = apposed_name(Tokens(doc, doc.text), 0, 9)
        >>> doc[found.start : found.end].text, found.label, apposed_name(Tokens(doc, doc.text), 10, len(doc))
        ('zeta-aware loss', 'METHOD', None)
    """
    texts = toks.texts
    if start < stop and texts[start].lower() == "the":
        start += 1
    words = _words(toks, start, stop)
    comma = next((k for k, w in enumerate(words[: _MAX_WORDS + 1]) if _text(toks, w) == ","), None)
    if comma is None or comma < 2 or not all(_is_content_word(_text(toks, w)) and _text(toks, w).islower()
                                             for w in words[:comma]):
        return None
    rest = [_text(toks, w).lower() for w in words[comma + 1 : comma + 10]]
    if not rest or rest[0] not in {"a", "an"}:
        return None
    for word in rest[1:]:
        if word in DESCRIPTIVE_HEADS:
            return DescriptiveName(words[0][0], words[comma - 1][1], DESCRIPTIVE_HEADS[word])
        if word in _FUNCTION_WORDS or not word.replace("-", "").isalnum():
            return None
    return None


def _words(toks: Tokens, start: int, stop: int) -> list[tuple[int, int]]:
    """Token ranges of the space-separated words in [start, stop)."""
    out: list[tuple[int, int]] = []
    first = start
    for i in range(start, stop):
        if _is_punct(toks.texts[i]):  # "framework," and "(SAF)": punctuation stands alone
            if first < i:
                out.append((first, i))
            out.append((i, i + 1))
            first = i + 1
        elif toks.spaces[i] or i + 1 == stop or _is_punct(toks.texts[i + 1]):
            out.append((first, i + 1))
            first = i + 1
    return out


@lru_cache(maxsize=1 << 14)  # read for every word of a candidate name; token texts repeat
def _is_punct(text: str) -> bool:
    return text != "-" and not any(c.isalnum() for c in text)


def _text(toks: Tokens, word: tuple[int, int]) -> str:
    return toks.span_text(word[0], word[1])


def _is_content_word(text: str) -> bool:
    """A lower-case word or hyphen compound, or a capitalised compound ("Alert-Confirm");
    not an acronym, a number or a word with punctuation."""
    parts = text.split("-")
    if len(parts) > 1 and parts[-1].isalpha() and parts[-1].islower() and all(p.isalnum() for p in parts):
        # "tonemapping-aware", "L2O-based"; not a size ("20B-parameter")
        return text.lower() not in _GENERIC_ADJECTIVES and not _SIZE_RE.fullmatch(parts[0])
    if not all(p.isalpha() for p in parts):
        return False
    if text.islower():
        return text not in _GENERIC_ADJECTIVES and text not in _FUNCTION_WORDS
    return len(parts) > 1 and all(p[:1].isupper() and p[1:].islower() for p in parts)
