"""`kg_proposals`: which named entities the paper itself proposes.

Reads the entity span group and writes the proposed mentions to
``doc.spans["kg_proposals"]``: the first name after "we propose/introduce/present ...",
the names after "namely" in such a sentence, "our proposed X", "the proposed X" and
"our model, the X".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.cues import NAMING_CUES, PROPOSAL_BLOCKERS, PROPOSAL_VERBS, SELF_REFERENCES
from extractors.sents import CueMatcher, Sentences

__all__ = ["ProposalFinder", "make_proposal_finder", "proposal_subject"]

_SUBJECTS = {"we", "paper", "work", "study", "thesis", "article", "here", "proposal", "research"}
_LIST_GLUE = {",", "and", "namely", "(", ")", "the", "a", "an", "two", "three", "both", "as", "well"}


def proposal_subject(doc: Doc, verb: int) -> bool:
    """True when the verb at `verb` has the paper as subject ("we propose", "this work introduces").

    Examples:
        >>> import spacy
        >>> doc = spacy.blank("en")("In this paper, we propose X. They present Y.")
        >>> proposal_subject(doc, 6), proposal_subject(doc, 10)
        (True, False)
    """
    start = max(0, verb - 4)
    cached = Sentences(doc).tokens.texts
    return any(w.lower() in _SUBJECTS for w in cached[start:verb])


class ProposalFinder:
    """Marks proposed entity mentions; see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, output_key: str, window: int) -> None:
        self.name = name
        self.spans_key = spans_key
        self.output_key = output_key
        self.window = window
        self.matcher = CueMatcher(nlp, {
            "VERB": PROPOSAL_VERBS,
            "NAMELY": ["namely"],
            "CALLED": NAMING_CUES - {"namely"},
            "OURS": ["our", *(f"{d} {a}" for d in ("our", "the") for a in ("proposed", "novel", "new"))],
            "APPOSITIVE": [f"our {ref} ,{art}" for ref in SELF_REFERENCES for art in ("", " the", " a", " an")],
        })

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        if not matches:
            doc.spans[self.output_key] = []
            return doc
        sents = Sentences(doc)
        texts = sents.tokens.texts
        spans = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        starts = {span.start: span for span in spans}
        found: dict[int, Span] = {}
        for rule, start, end in matches:
            if rule == "VERB" and proposal_subject(doc, start):
                for span in self._after_verb(texts, sents, end, starts):
                    found[span.start] = span
            elif rule == "NAMELY" and any(w.lower() in PROPOSAL_VERBS for w in texts[sents.start(start) : start]):
                for span in self._list(texts, sents, end, starts):
                    found[span.start] = span
            elif rule == "CALLED" and end in starts and any(
                    w.lower() in {"new", "novel"} for w in texts[max(sents.start(start), start - 8) : start]):
                found[end] = starts[end]
            elif rule in {"OURS", "APPOSITIVE"} and end in starts and self._is_name(texts, starts[end]):
                found[end] = starts[end]
        doc.spans[self.output_key] = [Span(doc, s.start, s.end, label="PROPOSED", span_id=s.id_)
                                      for _, s in sorted(found.items())]
        return doc

    def _after_verb(self, texts: list[str], sents: Sentences, i: int, starts: dict[int, Span]) -> Iterator[Span]:
        sent_end = sents.end(i - 1)
        limit = min(sent_end, i + self.window)
        novel = False
        while i < limit:
            if i in starts:
                span = starts[i]
                if (self._is_name(texts, span) or novel) and not _is_modifier_of_next(texts, span):
                    yield from self._list(texts, sents, i, starts)
                return
            word = texts[i].lower()
            if word in PROPOSAL_BLOCKERS:
                return
            novel = novel or word in {"new", "novel"}
            i += 1

    def _list(self, texts: list[str], sents: Sentences, i: int, starts: dict[int, Span]) -> Iterator[Span]:
        """Names from token `i` on, joined only by commas, "and" and articles."""
        end = sents.end(i) if i < len(texts) else i
        while i < end:
            if i in starts:
                span = starts[i]
                if span.label_ != "TASK":
                    yield span
                i = span.end
            elif texts[i].lower() in _LIST_GLUE or (texts[i][:1].isupper() and i + 1 < end and i + 1 in starts):
                i += 1
            else:
                return

    @staticmethod
    def _is_name(texts: list[str], span: Span) -> bool:
        named = span.start > 0 and texts[span.start - 1].lower() in NAMING_CUES
        if span.label_ in {"TASK", "METRIC"} and not named:
            return False
        return any(c.isupper() for w in texts[span.start : span.end] for c in w) or named


def _is_modifier_of_next(texts: list[str], span: Span) -> bool:
    """"SSM quantization method": the name modifies the noun that follows it."""
    if span.end >= len(texts):
        return False
    nxt = texts[span.end]
    return nxt.isalpha() and nxt.islower() and nxt.lower() not in _AFTER_NAME


_AFTER_NAME = frozenset(
    """and or which that to for with based in on as is are was were model models method
    framework system technique approach architecture dataset benchmark corpus network
    networks algorithm recipe pipeline toolkit library metric""".split()
)


@Language.factory(
    "kg_proposals",
    assigns=["doc.spans"],
    requires=["doc.spans", "doc.sents"],
    default_config={"spans_key": "kg_entities", "output_key": "kg_proposals", "window": 12},
)
def make_proposal_finder(nlp: Language, name: str, spans_key: str, output_key: str, window: int) -> ProposalFinder:
    """Build the `kg_proposals` component."""
    return ProposalFinder(nlp, name, spans_key=spans_key, output_key=output_key, window=window)
