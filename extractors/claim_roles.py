"""The roles of a comparative claim: `Role` spans, the winner kinds `OURS` and
`OURS_IMPLIED`, and the losers a compared phrase names (`loser_phrases`).

A loser is each model or method name in the compared phrase ("baselines such as A and B",
"baselines A and B", "A baselines", "a standard LLM (A)"), or a descriptive class of them
("sparse attention models"), never a generic one ("baselines", "prior work",
"state-of-the-art methods", "existing approaches", "much larger models").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Doc, Span

from extractors.cues import (
    CLASS_HEADS,
    GAIN_CUES,
    GENERIC_LOSER_HEADS,
    GENERIC_MODIFIERS,
    GENERIC_NAMES,
    LOSER_DETERMINERS,
    MODEL_LIKE,
    NOT_NAMES,
    OUTPERFORM_VERBS,
)
from extractors.sents import Sentences
from extractors.shapes import name_shape

__all__ = ["OURS", "OURS_IMPLIED", "Role", "is_specific", "loser_phrases", "names_in", "paren_depth"]

OURS = "ours"  # kb_id of a WINNER span that says "our model": what the paper proposes
OURS_IMPLIED = "ours?"  # kb_id of a WINNER the sentence leaves out ("Experiments show a gain over Y")


class Role(NamedTuple):
    """A winner or loser: tokens [start, end) and, for a winner, `OURS`/`OURS_IMPLIED` or
    "", for a loser, a head word its name shares with the next one ("image-based and
    language-based methods") or ""."""

    start: int
    end: int
    ref: str = ""


_SPLIT = frozenset({",", "and", "or", "including", "like", "&"})
# Labels a recogniser may give a system's name by mistake ("outperforms MedCPT (0.44)" read as data).
_DATA_LIKE = frozenset({"DATASET", "TASK"})
# Singular heads after a loser's name: "the MLNet baseline".
_LOSER_NOUNS = frozenset({"baseline", "baselines", "model", "method", "approach", "system"})


def loser_phrases(doc: Doc, start: int, end: int, cover: dict[int, Span]) -> Iterator[Role]:
    """Losers named in doc[start:end], one per conjunct.

    A conjunct yields its last model or method name ("vanilla MVSplat", "GPT-4's 62%",
    "AWQ quantization baselines"), that name with its plural class head ("Geo-foundation
    models"), the names in a parenthesis after a generic phrase or a class ("a standard LLM
    (GPT-4o)", "vision transformers (Segformer, SwinV2-B)"), a name-shaped word the
    recognisers missed ("standard OPD"), or a descriptive class of models with a content
    modifier ("sparse attention models"); generic phrases ("strong baselines", "prior
    pruning approaches", "existing quantization and compression baselines") yield nothing.
    """
    texts = Sentences(doc).tokens.texts
    lower = [w.lower() for w in texts[start:end]]
    conjuncts: list[tuple[list[int], list[int]]] = []  # (tokens outside, tokens inside parentheses)
    current: list[int] = []
    inside: list[int] = []
    depth = 0
    i = start
    while i < end:
        word = lower[i - start]
        if word == "(":
            depth += 1
        elif word == ")":
            depth = max(0, depth - 1)
        elif depth:
            inside.append(i)
        elif word == "as" and i + 2 < end and lower[i + 1 - start] == "well" and lower[i + 2 - start] == "as":
            conjuncts.append((current, inside))
            current, inside = [], []
            i += 3
            continue
        elif word in {"such", "e.g.", "i.e."}:
            conjuncts.append((current, inside))
            current, inside = [], []
            i += 2 if word == "such" and i + 1 < end and lower[i + 1 - start] == "as" else 1
            continue
        elif word in _SPLIT:
            conjuncts.append((current, inside))
            current, inside = [], []
        else:
            current.append(i)
        i += 1
    conjuncts.append((current, inside))
    conjuncts = [c for c in conjuncts if c[0] or c[1]]
    # "existing quantization and model compression baselines": a generic modifier before the
    # first conjunct and a loser head after the last make a lower-case name in between generic
    generic_family = len(conjuncts) > 1 and len(conjuncts[0][0]) > 1 and bool(conjuncts[-1][0]) \
        and lower[conjuncts[0][0][-1] - start] not in GENERIC_LOSER_HEADS | CLASS_HEADS \
        and _PHRASE_BREAKS.isdisjoint(w.lower() for w in _words_of(texts, conjuncts[0][0])) \
        and lower[conjuncts[-1][0][-1] - start] in GENERIC_LOSER_HEADS | CLASS_HEADS \
        and any(_is_generic(w) or w.lower() == "existing"
                for w in _words_of(texts, conjuncts[0][0])[:1] + _words_of(
                    texts, _after_determiners(conjuncts[0][0], lower, start))[:1])
    for n, (conjunct, in_parens) in enumerate(conjuncts):
        k = 0
        while k < len(conjunct) and lower[conjunct[k] - start] in LOSER_DETERMINERS:
            k += 1
        if k < len(conjunct) and lower[conjunct[k] - start] == "other" and not in_parens:
            continue  # "other methods"; but "other GeoFMs (TerraMind, SatMAE)" names them
        if conjunct and texts[conjunct[0]][:1].isdigit() and not any(lower[t - start] in {"over", "than"}
                                                                        for t in conjunct):
            continue  # "..., and 94.6% Rank-1 on X": a result, not a loser (but "and 2.0% over Y")
        named = _named_loser(texts, conjunct, cover)
        parenthesised = [s for s in names_in(in_parens, cover) if is_specific(texts, s)]
        members = _members(texts, in_parens, cover)
        exemplified = bool(parenthesised) and (parenthesised[0].start == in_parens[0]
                                               or lower[in_parens[0] - start] in _EXAMPLES) or bool(members)
        if members:
            parenthesised = members
        plain = named is not None and _is_plain(texts, named.start, named.end)
        if named is not None and ((exemplified and (plain or texts[named.end - 1].endswith("s")))
                                  or (plain and generic_family)):
            named = None  # "vision transformers (Segformer, SwinV2-B)": the names, not the class
        elif named is not None:
            yield named
        if named is not None or (not exemplified and any(t in cover and cover[t].label_ in MODEL_LIKE
                                                         for t in conjunct)):
            continue
        if exemplified:
            yield from (Role(s.start, s.end) for s in parenthesised)
            continue
        words = conjunct[k:]
        if not words or words[-1] - words[0] + 1 != len(words) or texts[words[-1]] == "-":
            continue  # "CNN-, GAN-, and transformer-based denoisers": a suspended hyphen is no class
        shaped = _shaped_loser(texts, words, cover)
        if shaped is not None:
            yield shaped
            continue
        if any(not (texts[t].isalpha() or texts[t] == "-") or lower[t - start] in _FUNCTION_WORDS for t in words):
            continue
        joined = _words_of(texts, words)
        if len(joined) > 5 or any(_is_generic(w) or w.lower() in _VERBS for w in joined) \
                or " ".join(joined[:-1]).lower() in GENERIC_NAMES or " ".join(joined).lower() in GENERIC_NAMES:
            continue  # "strong baselines", "best-performing literature methods", "deep learning approaches"
        if generic_family or "existing" in lower[conjunct[0] - start : words[0] - start]:
            continue  # "existing sparse retrieval methods", "state-of-the-art A and B methods": generic classes
        head = lower[words[-1] - start]
        following = conjuncts[n + 1][0] if n + 1 < len(conjuncts) else []
        if head in CLASS_HEADS and _is_specific_class(joined[:-1]):
            yield Role(words[0], words[-1] + 1)
        elif head == "based" and following and lower[following[-1] - start] in CLASS_HEADS \
                and _is_specific_class(joined):
            yield Role(words[0], words[-1] + 1, texts[following[-1]])  # "image-based and ... methods"
        elif len(in_parens) == 1 and _abbreviates(texts[in_parens[0]], joined):
            yield Role(in_parens[0], in_parens[0] + 1)  # "factorization machine (FM)": the name it defines


def _shaped_loser(texts: list[str], words: list[int], cover: dict[int, Span]) -> Role | None:
    """A name-shaped word the recognisers missed or typed as data, after plain lower-case
    modifiers ("standard OPD", "MedCPT (0.44)", "the REPA baseline").

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("standard OPD and prior work")
        >>> _shaped_loser([t.text for t in doc], [0, 1], {}), _shaped_loser([t.text for t in doc], [3, 4], {})
        (Role(start=1, end=2, ref=''), None)
    """
    numbers = [t for t in words if texts[t][:1].isdigit()]
    if numbers and numbers[0] > words[0]:
        words = [t for t in words if t < numbers[0]]  # "HPSv3 9.8%": the name before its margin
    at = words[-1]
    if len(words) > 1 and texts[at].lower() in _LOSER_NOUNS:
        at -= 1
    span = cover.get(at)
    start, end = (span.start, span.end) if span is not None else (at, at + 1)
    if span is not None and (span.label_ not in _DATA_LIKE or span.end != at + 1 or span.start < words[0]):
        return None
    if not any(name_shape(texts[t]) for t in range(start, end)):
        return None
    # hyphenated modifiers count as one word, and "state of the art" as "state-of-the-art"
    modifiers = [w.lower() if w.lower() in GENERIC_MODIFIERS else w  # "the previous SOTA SSKD"
                 for w in " ".join(_words_of(texts, [t for t in words if t < start])).replace(
                     "state of the art", "state-of-the-art").split()]
    if any(w != w.lower() or not w.replace("-", "").isalpha() or w in _FUNCTION_WORDS for w in modifiers):
        return None  # "Pascal VOC 2012 and ...", "linear fitting of MDE": not a name on its own
    if end - start == 1 and f"{texts[start]}s" in texts:
        return None  # "TSRM baselines" where the text says "TSRMs": a class, not a system
    return Role(start, end)


def _after_determiners(tokens: list[int], lower: list[str], start: int) -> list[int]:
    """`tokens` without the determiners that open them ("the previous A and B methods": "previous ...")."""
    k = 0
    while k < len(tokens) and lower[tokens[k] - start] in LOSER_DETERMINERS:
        k += 1
    return tokens[k:]


def _abbreviates(short: str, words: list[str]) -> bool:
    """Whether `short` is an acronym the lower-case `words` before it define: its letters,
    in order, start words or hyphenated parts of them, the first letter the first word's.

    Examples:
        >>> [_abbreviates(s, w.split()) for s, w in [("FM", "factorization machine"),
        ...     ("FFM", "field-aware factorization machine"), ("XQ", "factorization machine"),
        ...     ("fm", "factorization machine")]]
        [True, True, False, False]
    """
    core = short[:-1] if short.endswith("s") else short
    if not (2 <= len(core) <= 8 and core.isalpha() and core.isupper()) \
            or any(w != w.lower() for w in words):
        return False
    initials = [part[:1] for w in words for part in w.split("-") if part]
    letters = [c for c in short.lower() if c.isalpha()]
    if not initials or not letters or letters[0] != initials[0]:
        return False
    k = 0
    for c in letters:
        while k < len(initials) and initials[k] != c:
            k += 1
        if k == len(initials):
            return False
        k += 1
    return True


def _is_plain(texts: list[str], start: int, end: int) -> bool:
    """A lower-case name ("distillation", "vision transformers"): a technique or a class."""
    return all(texts[t] == texts[t].lower() for t in range(start, end))


def _members(texts: list[str], tokens: list[int], cover: dict[int, Span]) -> list[Span | Role]:
    """The names a parenthesised list of capitalised words gives ("(Segformer, SwinV2-B)"),
    or none when anything else is in it."""
    out: list[Span | Role] = []
    if not tokens or tokens[-1] - tokens[0] + 1 != len(tokens):
        return []  # two parentheses: "from A (AIGC) to B (UGC)"
    for t in tokens:
        span = cover.get(t)
        if texts[t] in {",", "and", "or", "&"}:
            continue
        if span is not None and span.label_ in MODEL_LIKE:
            if not out or out[-1] is not span:
                out.append(span)
        elif texts[t][:1].isupper() and texts[t].replace("-", "").isalnum() and texts[t].lower() not in NOT_NAMES:
            if out and out[-1].end == t:  # "GPT-5.4 Nano": the word goes with the name before it
                out[-1] = Role(out[-1].start, t + 1)
            else:
                out.append(Role(t, t + 1))
        elif not (out and span is not None and out[-1] is span):
            return []
    return out if len(out) >= 2 else []


def paren_depth(word: str) -> int:
    """How far a token opens (+) or closes (-) parentheses; the tokenizer leaves some glued
    to their word ("rank 8),").

    Examples:
        >>> [paren_depth(w) for w in ["(", ")", "8)", "word", "(a)"]]
        [1, -1, -1, 0, 0]
    """
    return word.count("(") - word.count(")")


def _words_of(texts: list[str], tokens: list[int]) -> list[str]:
    """The words of consecutive tokens, hyphen compounds joined."""
    return " ".join(texts[t] for t in tokens).replace(" - ", "-").split()


def _is_specific_class(modifiers: list[str]) -> bool:
    """Whether modifier words make a class of models with its own name: two content words
    ("sparse attention models") or a capitalised one ("Geo-foundation models"), not one
    adjective ("lightweight methods", "prompt-based methods").

    Examples:
        >>> [_is_specific_class(w.split()) for w in ["sparse attention", "Geo-foundation", "prompt-based",
        ...                                          "fully supervised"]]
        [True, True, False, False]
    """
    if not modifiers or any(w.lower().endswith("ly") for w in modifiers):
        return False
    return len(modifiers) >= 2 or modifiers[0][:1].isupper()


def _is_generic(word: str) -> bool:
    """"strong", "state-of-the-art", "best-performing": a word that makes a phrase generic."""
    word = word.lower()
    return word in GENERIC_MODIFIERS or not GENERIC_MODIFIERS.isdisjoint(word.split("-"))


def names_in(tokens: list[int], cover: dict[int, Span]) -> list[Span]:
    """The distinct model and method names over `tokens`, in order."""
    out: list[Span] = []
    for t in tokens:
        span = cover.get(t)
        if span is not None and span.label_ in MODEL_LIKE and (not out or out[-1] is not span):
            out.append(span)
    return out


# Words inside a conjunct that end the modifiers of the name after them ("method based on CNNs").
_PHRASE_BREAKS = frozenset({"on", "of", "in", "for", "with", "from", "by", "based"})
_EXAMPLES = frozenset({"e.g.", "e.g", "eg", "i.e.", "including", "such", "like"})
_VERBS = OUTPERFORM_VERBS | GAIN_CUES | frozenset({"achieves", "achieve", "yields", "remains", "shows"})
_FUNCTION_WORDS = frozenset("that the a an to of for in on with which this these our their".split())
_AFFIXES = frozenset({"based", "like", "style", "driven", "guided", "free", "only", "inspired", "aware", "specific",
                      "oriented", "centric", "agnostic", "level", "enhanced", "augmented", "powered"})


def is_specific(texts: list[str], span: Span) -> bool:
    """A name, not a generic class ("Large Language Model") or a modifier ("LLM-based")."""
    start, end = span.start, span.end
    if " ".join(texts[start:end]).lower() in GENERIC_NAMES \
            or (end - start > 2 and texts[end - 2] == "-" and texts[end - 1].lower() in _AFFIXES):
        return False
    return not (end + 1 < len(texts) and texts[end] == "-" and texts[end + 1].lower() in _AFFIXES)


def _named_loser(texts: list[str], conjunct: list[int], cover: dict[int, Span]) -> Role | None:
    """The name in a conjunct; "Geo-foundation models" with its class head; none for a
    family of generic ones ("strong RAG baselines", "existing QAT methods")."""
    names = [s for s in names_in(conjunct, cover) if is_specific(texts, s)]
    if not names:
        return None
    named = [s for s in names if not _is_plain(texts, s.start, s.end)]
    name = named[-1] if named else names[-1]  # "AWQ quantization baselines": AWQ
    last = conjunct[-1]
    head = texts[last].lower()
    before = _words_of(texts, [t for t in conjunct if t < name.start])
    generic = any(_is_generic(w) or w.lower() == "existing" for w in before)
    # the words right before the name ("method based on CNNs": none of "state-of-the-art method")
    adjacent: list[str] = []
    for w in reversed(before):
        if w.lower() in _PHRASE_BREAKS:
            break
        adjacent.append(w)
    modifies = any(_is_generic(w) or w.lower() == "existing" for w in adjacent)
    if last >= name.end and head.endswith("s") and head in CLASS_HEADS | GENERIC_LOSER_HEADS:
        if generic:
            return None
        tail = [t for t in conjunct if t >= name.end]
        if head in CLASS_HEADS and tail == list(range(name.end, last + 1)) \
                and all(texts[t].isalpha() or texts[t] == "-" for t in tail) \
                and not any(name_shape(texts[t]) for t in range(name.start, name.end)):
            return Role(name.start, last + 1)  # "Geo-foundation models"; but "the DAIN methods" is DAIN
    elif modifies and (_is_plain(texts, name.start, name.end) and texts[name.end - 1].endswith("s")
                       or name.end - name.start == 1 and _plural_acronym(texts[name.start])):
        return None  # "state-of-the-art recurrent networks", "existing GNNs": a class, not a system
    return Role(name.start, name.end)


def _plural_acronym(word: str) -> bool:
    """"GNNs", "LLMs": the plural of an all-caps acronym, a class of systems."""
    return len(word) >= 3 and word.endswith("s") and word[:-1].isalpha() and word[:-1].isupper()
