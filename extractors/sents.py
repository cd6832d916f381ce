"""Per-Doc helpers for the components: sentence lookup by token index (`Span.sent`
rescans the whole doc on every call) and cue-word phrase matchers."""

from __future__ import annotations

from bisect import bisect_right

from collections.abc import Iterable, Mapping

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

__all__ = ["Sentences", "cue_matcher", "remember_text"]

_CACHE_KEY = "paperkg.sentences"


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

    __slots__ = ("doc", "starts", "ends", "text")

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
