"""`kg_sentencizer`: spaCy's rule-based sentence boundaries, computed on token arrays.

The first component of the pipeline. It sets exactly the boundaries of spaCy's
`sentencizer` (a sentence starts at the first word after a sentence-final punctuation
mark), but reads the tokens once with `doc.to_array` instead of building a Token object
per token, and leaves what it read (the token table and the sentence starts) in
`doc.user_data`, where `extractors.sents.Sentences` finds them for the later components.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from extractors.sents import Tokens, known_text, remember_starts, remember_tokens

__all__ = ["FastSentencizer", "make_sentencizer", "sentence_starts"]


def sentence_starts(texts: list[str], is_punct: Callable[[int], bool], marks: frozenset[str] | set[str]) -> list[int]:
    """First token of every sentence, as spaCy's `Sentencizer.predict` finds them.

    Args:
        texts: the tokens' texts.
        is_punct: `Token.is_punct` of the token at an index.
        marks: the sentence-final marks.

    A token starts a sentence when it is neither punctuation nor a final mark and a final
    mark stands between it and the previous such token.

    Examples:
        >>> texts = ["Hi", "there", ".", "Is", "it", "?", "(", "Yes", ".", ")", "OK"]
        >>> sentence_starts(texts, lambda i: texts[i] in ".?()", {".", "?"})  # "(" stays with "Is it?"
        [0, 3, 7, 10]
    """
    if not texts:
        return []
    starts = [0]
    n = len(texts)
    for i in [i for i, text in enumerate(texts) if text in marks]:
        j = i + 1
        while j < n and (texts[j] in marks or is_punct(j)):
            j += 1
        if j < n and j != starts[-1]:
            starts.append(j)
    return starts


class FastSentencizer:
    """Sets `Token.is_sent_start` like spaCy's `sentencizer`; see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, punct_chars: Iterable[str] | None, overwrite: bool) -> None:
        self.name = name
        self.punct_chars = frozenset(punct_chars or Sentencizer.default_punct_chars)
        self.overwrite = overwrite

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # one read of the token arrays gives the token table the later components use
        toks = Tokens(doc, known_text(doc))
        remember_tokens(doc, toks)
        starts = sentence_starts(toks.texts, lambda j: doc[j].is_punct, self.punct_chars)
        flags = numpy.full(len(doc), -1, dtype="int64")
        flags[starts] = 1
        if not self.overwrite and doc.has_annotation("SENT_START"):  # keep boundaries set before
            before = doc.to_array(SENT_START).astype("int64")
            flags = numpy.where(before != 0, before, flags)
            starts = numpy.flatnonzero(flags == 1).tolist()
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
        remember_starts(doc, starts)
        return doc


@Language.factory(
    "kg_sentencizer",
    assigns=["token.is_sent_start", "doc.sents"],
    default_config={"punct_chars": None, "overwrite": False},
)
def make_sentencizer(nlp: Language, name: str, punct_chars: list[str] | None, overwrite: bool) -> FastSentencizer:
    """Build the `kg_sentencizer` component (spaCy's `sentencizer` boundaries, vectorised)."""
    return FastSentencizer(nlp, name, punct_chars=punct_chars, overwrite=overwrite)
