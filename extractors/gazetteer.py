"""`kg_gazetteer`: known names from `extractors/patterns/*.jsonl` into the entity span group.

The first component after the sentencizer. It takes the same pattern records as spaCy's
`span_ruler` (``{"label", "pattern", "id"}``, the id being the canonical entity key) and
writes what two `span_ruler`s would write, a caseless one and then a case-sensitive one
that adds only where the first found nothing (`first_longest_spans_filter`, no overwrite).
It exists for speed: per call, `span_ruler` opens a `warnings.catch_warnings()` context,
runs its (here empty) token Matcher and rebuilds its span group, which cost three times
the phrase matching itself on an abstract. One difference: an exact-case match glued by a
hyphen to a word ("MAP" in "MAP-Elites", "CAM" in "Grad-CAM") is part of another name, not
the short form the pattern means, and is left out; glued to capitals or digits ("WHU-CD",
"SST-5") it is a variant of the name, kept whole and without the pattern's id.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.sents import write_spans

__all__ = ["Gazetteer", "make_gazetteer", "split_patterns"]


def split_patterns(patterns: Iterable[dict]) -> tuple[list[dict], list[dict]]:
    """Caseless phrase patterns, and exact-case ones.

    A string pattern matches caselessly. A one-token ``[{"ORTH": "OPT"}]`` pattern
    matches only as written ("OPT", not "opt"); it becomes the phrase "OPT" for the
    case-sensitive phrase matcher.

    Examples:
        >>> split_patterns([{"label": "MODEL", "pattern": "BERT"}, {"label": "MODEL", "pattern": [{"ORTH": "OPT"}]}])
        ([{'label': 'MODEL', 'pattern': 'BERT'}], [{'label': 'MODEL', 'pattern': 'OPT'}])
    """
    caseless, cased = [], []
    for pattern in patterns:
        body = pattern["pattern"]
        if isinstance(body, str):
            caseless.append(pattern)
        elif isinstance(body, list) and len(body) == 1 and set(body[0]) == {"ORTH"}:
            cased.append({**pattern, "pattern": body[0]["ORTH"]})
        else:
            raise ValueError(f"[X003] unsupported gazetteer pattern {body!r}: "
                             "use a phrase or one {'ORTH': ...} token")
    return caseless, cased


class Gazetteer:
    """Phrase gazetteer writing labelled spans with canonical ids; see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self._tokenizer = nlp.tokenizer
        self._pattern_tokenizer: Tokenizer | None = None
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._labels: dict[int, tuple[str, str]] = {}  # match id -> (label, entity id)
        self._patterns: list[dict] = []

    @property
    def patterns(self) -> list[dict]:
        """The pattern records added so far."""
        return list(self._patterns)

    def __len__(self) -> int:
        return len(self._patterns)

    def add_patterns(self, patterns: Iterable[dict]) -> None:
        """Add `span_ruler`-style pattern records.

        Raises:
            ValueError: a pattern is neither a phrase nor a single ``ORTH`` token.
        """
        patterns = list(patterns)
        caseless, cased = split_patterns(patterns)
        if self._pattern_tokenizer is None:
            # Pattern texts go through a copy of the pipeline's tokenizer: thousands of them in
            # its cache would make it tokenise every abstract twice as slowly.
            self._pattern_tokenizer = Tokenizer(self._tokenizer.vocab)
            self._pattern_tokenizer.from_bytes(self._tokenizer.to_bytes())
        for matcher, group in ((self.caseless, caseless), (self.cased, cased)):
            by_key: dict[str, list[Doc]] = {}
            for pattern in group:
                label, entity_id = pattern["label"], pattern.get("id") or ""
                key = f"{label}\x1f{entity_id}"
                self._labels[self.caseless.vocab.strings.add(key)] = (label, entity_id)
                by_key.setdefault(key, []).append(self._pattern_tokenizer(pattern["pattern"]))
            for key, docs in by_key.items():
                matcher.add(key, docs)
        self._patterns.extend(patterns)

    def _spans(self, doc: Doc, matcher: PhraseMatcher, *, whole_words: bool = False) -> list[Span]:
        labels = self._labels
        found = set()
        matches = matcher(doc)
        # a pattern that matches a hyphenated name whole ("VQA-CP", a dataset) names it, not
        # the variant of a shorter name glued to its end ("VQA", a task)
        whole = {(start, end) for _, start, end in matches} if whole_words else set()
        for m, start, end in matches:
            if start == end:
                continue
            label, entity_id = labels[m]
            if whole_words:
                glue = _hyphen_glue(doc, start, end)
                if glue == "word":
                    continue
                if glue == "variant":
                    if (start, end + 2) in whole:
                        continue
                    end, entity_id = end + 2, ""
            found.add(Span(doc, start, end, label=label, span_id=entity_id))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        first = filter_spans(self._spans(doc, self.caseless))
        # As a second, non-overwriting span_ruler extends its group: the kept spans come again.
        write_spans(doc, self.spans_key, first + filter_spans(first + self._spans(doc, self.cased, whole_words=True)))
        return doc


def _hyphen_glue(doc: Doc, start: int, end: int) -> str | None:
    """How tokens [start, end) are glued by a hyphen to their neighbours: "word" when to a
    word ("MAP-Elites", "Grad-CAM"), "variant" when followed by capitals or digits ("WHU-CD"),
    else None."""
    if start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ \
            and not doc[start - 1].whitespace_ and doc[start - 2].is_alpha:
        return "word"
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        following = doc[end + 1].text
        if following.isupper() or following.isdigit():
            return "variant"
        if following.isalpha():
            return "word"
    return None


@Language.factory(
    "kg_gazetteer",
    assigns=["doc.spans"],
    default_config={"spans_key": "kg_entities"},
)
def make_gazetteer(nlp: Language, name: str, spans_key: str) -> Gazetteer:
    """Build the `kg_gazetteer` component; add patterns with `add_patterns`."""
    return Gazetteer(nlp, name, spans_key=spans_key)
