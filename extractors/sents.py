"""Per-Doc helpers for the components, so each Doc is read once, not once per component.

- `Sentences`: sentence bounds by token index (`Span.sent` rescans the Doc on every call);
- `Tokens`: token texts, offsets and spaces as plain lists (`doc[i]` builds a Token);
- `CueMatcher`: cue-word matches from one PhraseMatcher shared by all components;
- `read_spans`/`write_spans`: a span group as a list of Spans, kept as its writer wrote it;
- `remember_source`/`known_source`: the map from a Doc's normalised text back to the abstract.

What they compute is kept in `doc.user_data` under "paperkg.*" keys.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from weakref import WeakKeyDictionary

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extractors.markup import NormalizedText

__all__ = ["CueMatcher", "Sentences", "Tokens", "known_source", "known_text", "read_spans", "remember_source",
           "remember_starts", "remember_text", "remember_tokens", "write_spans"]

_CACHE_KEY = "paperkg.sentences"
_TOKENS_KEY = "paperkg.tokens"
_CUES_KEY = "paperkg.cues"
_SOURCE_KEY = "paperkg.source"
_GROUP_KEY = "paperkg.group:"


class CueMatcher:
    """Caseless matches of a component's cue words, as (label, start, end) in token order.

    Every CueMatcher built for one `nlp` adds its cue lists to a single PhraseMatcher
    (under labels of its own), and a Doc's matches are kept in `doc.user_data`, so each Doc
    is scanned once for the cue words of all components. A phrase matcher over literal
    words is much faster than `{"LOWER": {"IN": [...]}}` token patterns, whose set
    predicate runs in Python for every token.

    Examples:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> verbs, than = CueMatcher(nlp, {"VERB": ["beats"]}), CueMatcher(nlp, {"THAN": ["better than"]})
        >>> doc = nlp("A beats B, better than C.")
        >>> verbs(doc), than(doc)
        ([('VERB', 1, 2)], [('THAN', 4, 6)])
    """

    _count = 0

    def __init__(self, nlp: Language, cues: Mapping[str, Iterable[str]]) -> None:
        shared = _SHARED_CUES.get(nlp)
        if shared is None:
            shared = _SHARED_CUES[nlp] = (PhraseMatcher(nlp.vocab, attr="LOWER"), {})
        self._matcher, self._owners = shared  # shared match id -> (CueMatcher number, label)
        CueMatcher._count += 1
        self._number = CueMatcher._count
        for label, phrases in cues.items():
            key = f"paperkg.cue{self._number}:{label}"
            self._matcher.add(key, [nlp.make_doc(p) for p in sorted(set(phrases))])
            self._owners[nlp.vocab.strings[key]] = (self._number, label)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        cached = doc.user_data.get(_CUES_KEY)
        state = (id(self._matcher), len(self._matcher))
        if cached is None or cached[0] != state:
            # one pass sorts the matches out to their CueMatchers, in match order
            owners = self._owners
            by_owner: dict[int, list[tuple[str, int, int]]] = {}
            for m, start, end in self._matcher(doc):
                number, label = owners[m]
                by_owner.setdefault(number, []).append((label, start, end))
            cached = (state, by_owner)
            doc.user_data[_CUES_KEY] = cached
        return list(cached[1].get(self._number, ()))


# One cue PhraseMatcher per pipeline, shared by its components' CueMatchers, with the
# owner and label of each of its match ids.
_SHARED_CUES: WeakKeyDictionary[Language, tuple[PhraseMatcher, dict[int, tuple[int, str]]]] = WeakKeyDictionary()


def read_spans(doc: Doc, key: str) -> list[Span]:
    """The spans of group `key` (empty when there is none), as a new list.

    Iterating a SpanGroup builds a Span per member (about 3 us each), and every component
    reads the entity group: the list its writer gave `write_spans` (or the first reader
    built) is kept beside the group, and used while the group is that same object, unchanged.

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("A beats B")
        >>> write_spans(doc, "k", [doc[0:1]]); read_spans(doc, "k"), read_spans(doc, "none")
        ([A], [])
    """
    group = doc.spans.get(key)
    if group is None:
        return []
    cached = doc.user_data.get(_GROUP_KEY + key)
    if cached is None or cached[0] is not group or len(cached[1]) != len(group):
        cached = (group, list(group))
        doc.user_data[_GROUP_KEY + key] = cached
    return list(cached[1])


def write_spans(doc: Doc, key: str, spans: Iterable[Span]) -> None:
    """Set span group `key` to `spans`, and keep them for `read_spans`."""
    spans = list(spans)
    doc.spans[key] = spans
    doc.user_data[_GROUP_KEY + key] = (doc.spans[key], spans)


def remember_source(doc: Doc, normalized: NormalizedText) -> None:
    """Record that the Doc was made from normalised text, and the map back to its source."""
    doc.user_data[_SOURCE_KEY] = normalized


def known_source(doc: Doc) -> NormalizedText | None:
    """The normalised text (with its map to the source) the Doc was made from; None when the
    Doc's text is the source itself."""
    return doc.user_data.get(_SOURCE_KEY)


def remember_text(doc: Doc, text: str) -> Doc:
    """Record the text a Doc was made from, so components need not rebuild `doc.text`."""
    doc.user_data[_CACHE_KEY] = (text, len(doc), None)
    return doc


def known_text(doc: Doc) -> str:
    """The text the Doc was made from: as `remember_text` recorded it, else `doc.text`."""
    cached = doc.user_data.get(_CACHE_KEY)
    return cached[0] if cached is not None and cached[1] == len(doc) and cached[0] is not None else doc.text


def remember_tokens(doc: Doc, tokens: Tokens) -> None:
    """Keep the Doc's token table for the components that follow."""
    doc.user_data[_TOKENS_KEY] = tokens


def remember_starts(doc: Doc, starts: list[int]) -> None:
    """Record the first token of every sentence, as the component that sets them knows them."""
    cached = doc.user_data.get(_CACHE_KEY)
    text = cached[0] if cached is not None and cached[1] == len(doc) else None
    doc.user_data[_CACHE_KEY] = (text, len(doc), starts)


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
        if cached is None or cached[1] != len(doc) or cached[0] is None or cached[2] is None:
            valid = cached is not None and cached[1] == len(doc)
            text = cached[0] if valid and cached[0] is not None else doc.text
            starts = cached[2] if valid and cached[2] is not None else \
                [0, *(numpy.flatnonzero(doc.to_array(SENT_START)[1:] == 1) + 1).tolist()] if len(doc) else []
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
                remember_tokens(self.doc, cached)
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
    """Token texts, character offsets and trailing-space flags of one Doc, as plain lists.

    `doc[i].text` builds a Token object and looks its string up on every access; the
    rules read tokens by index many times per Doc, so they read these lists instead
    (`texts[i].lower()` is `doc[i].lower_`, `spaces[i]` is `bool(doc[i].whitespace_)`).

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("GPT-4 wins (big).")
        >>> toks = Tokens(doc, doc.text)
        >>> toks.texts, toks.spaces[:3], toks.starts[4], toks.end(4), toks.span_text(2, 5)
        (['GPT-4', 'wins', '(', 'big', ')', '.'], [1, 1, 0], 15, 16, '(big)')
        >>> toks.exact(11, 16), toks.exact(13, 16), list(toks.overlapping(8, 13))
        ((2, 5), None, [1, 2, 3])
    """

    __slots__ = ("text", "texts", "starts", "lens", "spaces", "_lower")

    def __init__(self, doc: Doc, text: str) -> None:
        starts, lens, spaces = doc.to_array([IDX, LENGTH, SPACY]).T.tolist() if len(doc) else ([], [], [])
        self._set(text, starts, lens, spaces)

    @classmethod
    def from_lists(cls, text: str, starts: list[int], lens: list[int], spaces: list[int]) -> Tokens:
        """The table of a Doc whose IDX, LENGTH and SPACY columns were read already."""
        toks = cls.__new__(cls)
        toks._set(text, starts, lens, spaces)
        return toks

    def _set(self, text: str, starts: list[int], lens: list[int], spaces: list[int]) -> None:
        self.text = text
        self.starts: list[int] = starts
        self.lens: list[int] = lens
        self.spaces: list[int] = spaces
        self.texts: list[str] = [text[s : s + n] for s, n in zip(starts, lens, strict=True)]
        self._lower: list[str] | None = None

    @property
    def lower(self) -> list[str]:
        """The token texts in lower case, computed once per Doc for the components that read them."""
        if self._lower is None:
            self._lower = [t.lower() for t in self.texts]
        return self._lower

    def __len__(self) -> int:
        return len(self.texts)

    def end(self, i: int) -> int:
        """End offset (exclusive) of token `i`."""
        return self.starts[i] + self.lens[i]

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text` without building the Span."""
        return self.text[self.starts[start] : self.starts[end - 1] + self.lens[end - 1]] if end > start else ""

    def exact(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """Token bounds of `[start_char, end_char)` when both fall on token bounds, else None."""
        starts = self.starts
        first = bisect_left(starts, start_char)
        last = bisect_left(starts, end_char) - 1
        if first < len(starts) and starts[first] == start_char and last >= first \
                and starts[last] + self.lens[last] == end_char:
            return first, last + 1
        return None

    def overlapping(self, start_char: int, end_char: int) -> range:
        """Indices of the tokens overlapping `[start_char, end_char)` (`alignment_mode="expand"`)."""
        first = bisect_right(self.starts, start_char) - 1
        if first < 0 or self.starts[first] + self.lens[first] <= start_char:
            first += 1
        return range(first, bisect_left(self.starts, end_char))

    def contained(self, start_char: int, end_char: int) -> range:
        """Indices of the tokens inside `[start_char, end_char)` (`alignment_mode="contract"`)."""
        first = bisect_left(self.starts, start_char)
        last = bisect_left(self.starts, end_char) - 1
        if last >= first and self.starts[last] + self.lens[last] > end_char:
            last -= 1
        return range(first, last + 1)
