"""Defined abbreviations: "long form (SHORT)" and "SHORT (long form)" in a Doc.

Used by `kg_names`: `find_abbreviations` pairs the two forms (Schwartz-Hearst matching of
the short form's letters in the words before or inside the parenthesis), `later_mentions`
finds the short form again further on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from spacy.tokens import Doc, Span

from extractors.cues import NOT_NAMES
from extractors.sents import Sentences
from extractors.shapes import name_shape

__all__ = ["Abbreviation", "find_abbreviations", "later_mentions", "long_form_start"]

_LONG_FORM_STOPS = frozenset({",", ";", ":", "(", ")"})
_PLURAL_ACRONYM_RE = re.compile(r"[A-Z][\w-]*[A-Z]s")


class Abbreviation(NamedTuple):
    """A defined abbreviation: long form, short form (token offsets) and the label cue."""

    long_start: int
    long_end: int
    short_start: int
    short_end: int


def long_form_start(short: str, long: str) -> int:
    """Schwartz-Hearst: where in `long` the long form of `short` starts, or -1.

    Examples:
        >>> long_form_start("ASF", "uses Attention Score with Forgetting")
        5
        >>> long_form_start("FTP", "a method called Future Token Prediction"), long_form_start("XYZ", "no match")
        (16, -1)
    """
    chars = [c.lower() for c in short if c.isalpha()]
    lowered = long.lower()
    if len(lowered) != len(long) or any(len(c) != 1 for c in chars):
        return _long_form_start_by_char(chars, long)
    at = len(long)  # search long[:at]
    for n, c in enumerate(reversed(chars)):
        at = lowered.rfind(c, 0, at)
        if n == len(chars) - 1:  # the first letter must start a word
            while at > 0 and long[at - 1].isalnum():
                at = lowered.rfind(c, 0, at)
        if at < 0:
            return -1
    return long.rfind(" ", 0, at) + 1


def _long_form_start_by_char(chars: list[str], long: str) -> int:
    """`long_form_start` one character at a time, for text whose lower case changes its length."""
    s_idx, l_idx = len(chars) - 1, len(long) - 1
    while s_idx >= 0:
        c = chars[s_idx]
        while l_idx >= 0 and (long[l_idx].lower() != c or (s_idx == 0 and l_idx > 0 and long[l_idx - 1].isalnum())):
            l_idx -= 1
        if l_idx < 0:
            return -1
        l_idx -= 1
        s_idx -= 1
    return long.rfind(" ", 0, l_idx + 1) + 1


def find_abbreviations(
    doc: Doc, *, open_parens: Iterable[int], sents: Sentences | None = None
) -> Iterator[Abbreviation]:
    """Abbreviations defined as "long form (SHORT)" or "SHORT (long form)" at "(" tokens."""
    sents = sents or Sentences(doc)
    doc_text = sents.text
    toks = sents.tokens
    texts, starts = toks.texts, toks.starts
    n_tokens = len(texts)
    for i in open_parens:
        paren = starts[i]
        inside = doc_text[paren + 1 : paren + 90].split(")", 1)[0]
        before = doc_text[max(0, paren - 12) : paren]
        if inside == inside.lower() and before == before.lower():
            continue  # neither side can be an abbreviation
        close = next((j for j in range(i + 1, min(i + 12, n_tokens)) if texts[j] == ")"), None)
        if close is None or close == i + 1:
            continue
        if close - i > 3 and i > 0 and name_shape(texts[i - 1]) and len(texts[i - 1]) >= 3:
            if long_form_start(texts[i - 1], toks.span_text(i + 1, close)) == 0:
                yield Abbreviation(i + 1, close, i - 1, i)
            continue
        spaced = sum(toks.spaces[k] for k in range(i + 1, close - 1))
        if close - i > 6 or spaced > 1 or (spaced and not all(
                texts[k][:1].isupper() and texts[k].isalpha() for k in range(i + 1, close))):
            continue  # one space at most, between capitalised words: "(Ray PE)"
        text = toks.span_text(i + 1, close)
        n_letters = sum(c.isalpha() for c in text)
        if not (2 <= len(text) <= 12 and n_letters >= 2 and any(c.isupper() for c in text)):
            continue
        if len(text) >= 4 and text.istitle() and text.isalpha():
            continue  # "(Alert)": a capitalised word, not a short form
        sent_start = sents.start(i)
        n_words = min(n_letters + 5, 2 * n_letters)
        start = i
        while start > sent_start and i - start < n_words + 4 and texts[start - 1] not in _LONG_FORM_STOPS:
            start -= 1
        if start == i:
            continue
        core = text[:-1] if _PLURAL_ACRONYM_RE.fullmatch(text) else text
        offset = long_form_start(core, toks.span_text(start, i))
        if offset < 0:
            continue
        long = doc.char_span(starts[start] + offset, toks.end(i - 1), alignment_mode="expand")
        if long is None or long.end_char - long.start_char <= len(text):
            continue
        long_start = long.start
        while long.end - long_start > 1 and texts[long_start].lower() in NOT_NAMES and toks.spaces[long_start]:
            long_start += 1  # not "First" of "First-Order Logic"
        yield Abbreviation(long_start, long.end, i + 1, close)


def later_mentions(doc: Doc, text: str, short: str, after: int, label: str, key: str) -> Iterator[Span]:
    """Mentions of the abbreviation `short` (or its plural) in `text` after offset `after`."""
    n = len(short)
    pos = text.find(short, after)
    while pos >= 0:
        end = pos + n
        if end < len(text) and text[end] == "s":
            end += 1
        before = text[pos - 1] if pos else " "
        following = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "-") and not (following.isalnum() or following == "-"):
            span = doc.char_span(pos, end, label=label, span_id=key)
            if span is not None:
                yield span
        pos = text.find(short, end)
