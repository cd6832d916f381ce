"""Language pairs, and the translation benchmark a result on one was measured on.

Machine translation scores are reported per language pair of a benchmark ("28.4 BLEU on the
WMT14 English-to-German task", "English-German WMT 2014", "WMT 2022 ... Zh-En (33.5)"), and the
leaderboards name the pair with the benchmark ("WMT2014 English-German"). `pair_end` reads a
pair at a token, `with_language_pair` joins a result's dataset to the pair beside it, or a bare
pair to the benchmark the abstract named before it, when the dataset vocabulary knows the joined
name (`kg.core.taxonomy.lookup`): no joined name is ever invented. Pure functions over `Tokens`.
"""

from __future__ import annotations

import re

from extractors.name_spans import language_pair_end
from extractors.sents import Tokens
from kg.core.taxonomy import lookup

__all__ = ["pair_end", "pair_start_before", "with_language_pair"]

# a benchmark a pair's scores belong to: an acronym, its year glued or after it ("WMT14", "WMT'14",
# "IWSLT 2017", "WMT 2022")
_BENCHMARK = re.compile(r"^[A-Z]{3,}(?:['’]?\d{2}|\d{4})?$")
_YEAR = re.compile(r"^(?:19|20)\d\d$|^['’]\d\d$")
# how far back a bare pair looks for its benchmark (tokens): an abstract's length
_LOOK_BACK = 600


def pair_end(toks: Tokens, i: int, limit: int) -> int | None:
    """The end token of a language pair starting at token `i` and ending by `limit`, or None:
    "En-De", "English-to-German", "English to German", "En→De" (`name_spans.language_pair_end`).

    Examples:
        >>> from spacy.lang.en import English
        >>> from extractors.sents import Tokens
        >>> doc = English()("on English-to-German and En-De, not to-do")
        >>> toks = Tokens(doc, doc.text)
        >>> pair_end(toks, 1, len(doc)), pair_end(toks, 7, len(doc)), pair_end(toks, 12, len(doc))
        (6, 10, None)
    """
    end = language_pair_end(toks.texts, i)
    return end if end is not None and end <= limit else None


def pair_start_before(toks: Tokens, end: int, lo: int) -> int | None:
    """The first token of a language pair that ends at token `end` (exclusive), not before `lo`."""
    for start in range(end - 1, max(lo, end - 5) - 1, -1):
        if pair_end(toks, start, end) == end:
            return start
    return None


def _known(benchmark: str, pair: str) -> str | None:
    name = f"{benchmark} {pair}"
    return name if lookup("Dataset", name) is not None else None


def with_language_pair(toks: Tokens, start: int, end: int, s: int, e: int) -> str | None:
    """The name of the dataset of tokens `start:end` (in the sentence `s:e`) joined to its
    language pair, when the dataset vocabulary knows the joined name: the pair right after it
    ("WMT14 English-to-German task") or right before it ("English-German WMT 2014"); for a bare
    pair, the benchmark the abstract named last before it ("WMT 2022 ... Zh-En (33.5)"). Else None.

    Examples:
        >>> from spacy.lang.en import English
        >>> from extractors.sents import Tokens
        >>> doc = English()("We get 28.4 BLEU on WMT14 English-to-German and 22.5 on English-French WMT 2014.")
        >>> toks = Tokens(doc, doc.text)
        >>> with_language_pair(toks, 5, 6, 0, len(doc)), with_language_pair(toks, 17, 19, 0, len(doc))
        ('WMT14 English-to-German', 'WMT 2014 English-French')
        >>> with_language_pair(toks, 3, 4, 0, len(doc)) is None
        True
    """
    name = toks.span_text(start, end)
    own = pair_end(toks, start, end)
    if own is not None and own == end:  # a bare pair: the benchmark after it, else the one named before
        if end < e and _BENCHMARK.match(toks.texts[end]):
            year = end + 1 < e and _YEAR.match(toks.texts[end + 1]) is not None
            joined = _known(toks.span_text(end, end + 2 if year else end + 1), name)
            if joined is not None:
                return joined
        for k in range(start - 1, max(0, start - _LOOK_BACK) - 1, -1):
            if not _BENCHMARK.match(toks.texts[k]):
                continue
            year = k + 1 < len(toks.texts) and _YEAR.match(toks.texts[k + 1]) is not None
            joined = _known(toks.span_text(k, k + 2 if year else k + 1), name)
            if joined is not None:
                return joined
        return None
    if any(pair_end(toks, k, end) is not None for k in range(start, end)):
        return None  # the name holds its pair already ("WMT 2014 English-German")
    after = end + (end < e and toks.texts[end].lower() == "the")
    if after < e and (pair := pair_end(toks, after, e)) is not None:
        return _known(name, toks.span_text(after, pair))
    before = pair_start_before(toks, start, s)
    if before is not None:
        return _known(name, toks.span_text(before, start))
    return None
