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

from extractors.cues import GENERIC_NAMES, NOT_NAMES, PROPOSAL_VERBS, TYPE_NOUN_LABEL
from extractors.proposals import proposal_subject
from extractors.sents import Sentences
from extractors.shapes import label_for_head, name_key, name_shape

__all__ = ["Abbreviation", "abbreviation_names", "defined_otherwise", "find_abbreviations", "later_mentions", "long_form_start"]

_LONG_FORM_STOPS = frozenset({",", ";", ":", "(", ")"})
_PLURAL_ACRONYM_RE = re.compile(r"[A-Z][\w-]*[A-Z]s")


class Abbreviation(NamedTuple):
    """A defined abbreviation: long form, short form (token offsets) and the label cue."""

    long_start: int
    long_end: int
    short_start: int
    short_end: int


def defined_otherwise(known_key: str, short: str, long: str) -> bool:
    """Whether a paper defines a known short form as something else: the vocabulary knows "ECE"
    as expected calibration error (`known_key`, the key of its long form), the paper writes
    "emotion cause extraction (ECE)". A known key that is the short form itself ("fid") says
    nothing of a long form.

    Examples:
        >>> defined_otherwise("expectedcalibrationerror", "ECE", "emotion cause extraction")
        True
        >>> defined_otherwise("expectedcalibrationerror", "ECE", "expected calibration errors")
        False
        >>> defined_otherwise("fid", "FID", "Frechet Inception Distance")
        False
    """
    if known_key.rstrip("s") == name_key(short).rstrip("s"):
        return False
    return known_key.rstrip("s") != name_key(long).rstrip("s")


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


def _proposed_here(doc: Doc, sents: Sentences, start: int) -> bool:
    """"we devise a recurrent scale approximation (RSA)", "our locally decorrelated features
    (LDCF)": a long form that is the object of the paper's own proposal verb (after an article
    and up to three plain modifiers) or follows "our" / "the proposed" names the paper's own
    work, whatever its head noun ("rule", "unit", "approximation", "features")."""
    texts, sent_start = sents.tokens.texts, sents.start(start)
    k = start - 1
    while k > sent_start and start - k <= 4 and (texts[k].isalpha() and texts[k].islower() or texts[k] in _QUOTES) \
            and texts[k] not in PROPOSAL_VERBS and texts[k] != "our":
        k -= 1
    if texts[k].lower() == "our" or texts[k] == "proposed" and k > 0 and texts[k - 1].lower() in {"our", "the"}:
        return True  # "using our locally decorrelated channel features (LDCF)", "the proposed ..."
    return texts[k].lower() in PROPOSAL_VERBS and texts[k + 1] in _PROPOSAL_ARTICLES and proposal_subject(doc, k, sents)


_PROPOSAL_ARTICLES = frozenset({"a", "an", "the", "two", "three"})
_QUOTES = frozenset({'"', "“", "‘", "'", "``"})
# "Unified Language for Learning and Reasoning": the head comes before these words
_HEAD_ENDS = frozenset({"for", "via", "using", "through"})


def abbreviation_names(doc: Doc, sents: Sentences, parens: list[int], covered: dict[int, Span],
                       rejected: set[str], redefined: set[str]) -> Iterator[Span]:
    """The spans of each defined abbreviation, both forms and the short form's later mentions,
    labelled and keyed by what the vocabulary knows of either form (`covered`: the gazetteer's
    spans by token), else by the long form's head. A short form the vocabulary knows as another
    long form than the paper spells out is the paper's (`defined_otherwise`) and goes to
    `redefined`, so that the vocabulary's spans of it are dropped; the short forms of generic
    names and non-names go to `rejected`.

    Examples:
        >>> from spacy.lang.en import English
        >>> doc = English()("We study emotion cause extraction (ECE) and text summarization (TS) .")
        >>> sents, rejected, redefined = Sentences(doc), set(), set()
        >>> known = {6: Span(doc, 6, 7, label="METRIC", span_id="expectedcalibrationerror")}
        >>> parens = [i for i, t in enumerate(doc) if t.text == "("]
        >>> [(s.text, s.label_) for s in abbreviation_names(doc, sents, parens, known, rejected, redefined)]
        [('emotion cause extraction', 'TASK'), ('ECE', 'TASK'), ('text summarization', 'TASK'), ('TS', 'TASK')]
        >>> redefined
        {'ECE'}
    """
    toks = sents.tokens
    for abbr in find_abbreviations(doc, open_parens=parens, sents=sents):
        long_text = toks.span_text(abbr.long_start, abbr.long_end)
        short_text = toks.span_text(abbr.short_start, abbr.short_end)
        if long_text.lower() in GENERIC_NAMES or short_text.lower() in NOT_NAMES:
            rejected.add(short_text)
            continue
        gaz_long, gaz_short = covered.get(abbr.long_end - 1), covered.get(abbr.short_start)
        after_i = max(abbr.short_end, abbr.long_end) + (1 if abbr.short_start > abbr.long_start else 0)
        after = toks.texts[after_i].lower() if after_i < len(toks) else ""
        exact_short = gaz_short is not None and (gaz_short.start, gaz_short.end) == (abbr.short_start, abbr.short_end)
        if exact_short and gaz_long is None and defined_otherwise(gaz_short.id_, short_text, long_text):
            redefined.add(short_text)
            exact_short = False
        if exact_short:
            label, key = gaz_short.label_, gaz_short.id_
        elif gaz_long is not None and gaz_long.start <= abbr.long_start:
            label, key = gaz_long.label_, gaz_long.id_
        else:
            words = [w for w in toks.texts[abbr.long_start : abbr.long_end] if w != "-"]
            # "Unified Language for Learning and Reasoning": the head comes before "for"
            head_words = next((words[:k] for k, w in enumerate(words) if k and w in _HEAD_ENDS), words)
            label = TYPE_NOUN_LABEL.get(after) or label_for_head(head_words, default="")
            if toks.texts[abbr.long_end - 1].lower() in {"modeling", "modelling"}:
                label = "METHOD"
            reverse = abbr.short_start < abbr.long_start
            if not label and (reverse or sum(w[:1].isupper() for w in words) >= 2
                              or _proposed_here(doc, sents, abbr.long_start)):
                label = "MODEL" if reverse else "METHOD"
            if not label:
                rejected.add(short_text)
                continue
            branded = " " not in short_text and (reverse or name_shape(short_text) == "strong"
                                                 or any(c.islower() for c in short_text.rstrip("s")))
            if label == "TASK" and any(c.islower() for c in short_text.rstrip("s")):
                label = "METHOD"  # "LePREC (... Reasoning Elicitation and Classification)": a branded method
            key = name_key(short_text if branded else long_text)
        later = list(later_mentions(doc, sents.text, short_text, toks.end(abbr.short_end - 1), label, key))
        if len(later) >= 2 and key == name_key(long_text) and not (gaz_long or gaz_short):
            key = name_key(short_text)  # the paper names it by the acronym
            later = [Span(doc, m.start, m.end, label=label, span_id=key) for m in later]
        yield Span(doc, abbr.long_start, abbr.long_end, label=label, span_id=key)
        yield Span(doc, abbr.short_start, abbr.short_end, label=label, span_id=key)
        yield from later
