"""Per-Doc helpers for the components: sentence lookup by token index (`Span.sent`
rescans the whole doc on every call) and cue-word phrase matchers."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from collections.abc import Iterable, Mapping

from spacy.attrs import IDX, LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

__all__ = ["Sentences", "Tokens", "cue_matcher", "remember_text"]

_CACHE_KEY = "paperkg.sentences"
_TOKENS_KEY = "paperkg.tokens"


def cue_matcher(nlp: Language, cues: Mapping[str, Iterable[str]]) -> PhraseMatcher:
    """A caseless PhraseMatcher with one match label per cue list.

    A phrase matcher over literal words is much faster than `{"LOWER": {"IN": [...]}}`
    token patterns, whose set predicate runs in Python for every token.
    """
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, phrases in cues.items():
        matcher.add(label, [nlp.make_doc(p) for p in sorted(set(phrases))])
    return matcher


def remember_text(doc: Doc, text: str) -> Doc:
    """Record the text a Doc was made from, so components need not rebuild `doc.text`."""
    doc.user_data[_CACHE_KEY] = (text, len(doc), None)
    return doc


class Sentences:
    """Sentence bounds of one Doc.

    Examples:
        >>> import spacy
        >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
        >>> sents = Sentences(nlp("One two. Three four."))
        >>> sents.start(4), sents.end(0), sents.span(4).text
        (3, 3, 'Three four.')
    """

    __slots__ = ("doc", "starts", "ends", "text", "_tokens", "_starts_set")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # Doc.text joins every token on each access and doc.sents scans tokens in
        # Python, so both are computed once per Doc and kept as plain data.
        cached = doc.user_data.get(_CACHE_KEY)
        if cached is None or cached[1] != len(doc) or cached[2] is None:
            flags = doc.to_array(SENT_START).tolist() if len(doc) else []
            starts = [0] + [i for i, flag in enumerate(flags) if flag == 1 and i] if flags else []
            text = cached[0] if cached is not None and cached[1] == len(doc) else doc.text
            cached = (text, len(doc), starts)
            doc.user_data[_CACHE_KEY] = cached
        self.text, _, self.starts = cached
        self.ends = self.starts[1:] + [len(doc)] if self.starts else []
        self._tokens: Tokens | None = None
        self._starts_set: frozenset[int] | None = None

    @property
    def tokens(self) -> Tokens:
        """The Doc's token table (computed once per Doc, shared by the components)."""
        if self._tokens is None:
            cached = self.doc.user_data.get(_TOKENS_KEY)
            if cached is None or len(cached.texts) != len(self.doc):
                cached = Tokens(self.doc, self.text)
                self.doc.user_data[_TOKENS_KEY] = cached
            self._tokens = cached
        return self._tokens

    def is_start(self, i: int) -> bool:
        """True when token `i` starts a sentence (`Token.is_sent_start` without a Token)."""
        if self._starts_set is None:
            self._starts_set = frozenset(self.starts)
        return i in self._starts_set

    def _k(self, i: int) -> int:
        return max(0, bisect_right(self.starts, i) - 1)

    def start(self, i: int) -> int:
        """First token of the sentence holding token `i`."""
        return self.starts[self._k(i)] if self.starts else 0

    def end(self, i: int) -> int:
        """End (exclusive) of the sentence holding token `i`."""
        return self.ends[self._k(i)] if self.ends else len(self.doc)

    def span(self, i: int) -> Span:
        """The sentence holding token `i`."""
        return self.doc[self.start(i) : self.end(i)]


class Tokens:
    """Token texts, lower-case forms, character offsets and trailing-space flags as lists.

    `doc[i].text` builds a Token object and looks its string up on every access; the
    rules read tokens by index thousands of times per Doc, so they read these lists.

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("GPT-4 wins (big).")
        >>> toks = Tokens(doc, doc.text)
        >>> toks.texts, toks.lowers[0], toks.spaces[:3], toks.starts[4], toks.ends[4]
        (['GPT-4', 'wins', '(', 'big', ')', '.'], 'gpt-4', [True, True, False], 15, 16)
    """

    __slots__ = ("text", "texts", "lowers", "starts", "ends", "spaces")

    def __init__(self, doc: Doc, text: str) -> None:
        self.text = text
        if len(doc):
            starts, lengths, spaces = doc.to_array([IDX, LENGTH, SPACY]).T.tolist()
        else:
            starts, lengths, spaces = [], [], []
        self.starts: list[int] = starts
        self.ends: list[int] = [s + n for s, n in zip(starts, lengths)]
        self.texts: list[str] = [text[s:e] for s, e in zip(starts, self.ends)]
        self.lowers: list[str] = [t.lower() for t in self.texts]
        self.spaces: list[bool] = [bool(s) for s in spaces]

    def __len__(self) -> int:
        return len(self.texts)

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text` without building the Span."""
        return self.text[self.starts[start] : self.ends[end - 1]] if end > start else ""

    def exact(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """Token bounds of the characters `[start_char, end_char)` when they fall on token bounds."""
        first = bisect_left(self.starts, start_char)
        last = bisect_left(self.ends, end_char)
        if first < len(self.starts) and self.starts[first] == start_char and last < len(self.ends) \
                and self.ends[last] == end_char and last >= first:
            return first, last + 1
        return None

    def overlapping(self, start_char: int, end_char: int) -> range:
        """Indices of the tokens that overlap `[start_char, end_char)` (`alignment_mode="expand"`)."""
        return range(bisect_right(self.ends, start_char), bisect_left(self.starts, end_char))
