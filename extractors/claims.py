"""`kg_claims`: "X outperforms Y" claims, one per named loser.

Cues: "outperform/surpass/exceed/beat" (not after "match or"), "better/superior ...
than/to". The winner is the name just before the cue, or what the paper proposes
when it says "our model"; losers are the names (or descriptive noun phrases,
"sparse attention models") in the clause after it. Generic losers ("baselines",
"existing methods", "other X") are dropped.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.cues import (
    GENERIC_LOSER_HEADS,
    GENERIC_MODIFIERS,
    HEDGES,
    MODEL_LIKE,
    OUTPERFORM_VERBS,
    SELF_REFERENCES,
)
from extractors.sents import CueMatcher, Sentences

__all__ = ["ClaimFinder", "loser_phrases", "make_claim_finder"]

_CLAUSE_END = frozenset({";", ".", "on", "in", "while", "across", "by", "when", "at", "for", "despite",
                         "without", "using", "under", "thanks", "because", "since", "whereas", "although",
                         "quantitatively", "significantly", "consistently"})
_SPLIT = frozenset({",", "and", "or", "including", "like"})
_DETERMINERS = frozenset({"the", "a", "an", "both", "all", "its", "their"})


def loser_phrases(doc: Doc, start: int, end: int, cover: dict[int, Span]) -> Iterator[tuple[int, int, str]]:
    """Losers named in doc[start:end]: (start, end, shared head word or "").

    Each conjunct yields its last named entity, or its descriptive noun phrase when
    that has a content modifier ("Geo-foundation models"); generic phrases yield nothing.
    """
    conjuncts: list[list[int]] = []
    current: list[int] = []
    depth = 0
    i = start
    while i < end:
        token = doc[i]
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            if token.lower_ == "as" and i + 2 < end and doc[i + 1].lower_ == "well" and doc[i + 2].lower_ == "as":
                conjuncts.append(current)
                current = []
                i += 3
                continue
            if token.lower_ == "such" and i + 1 < end and doc[i + 1].lower_ == "as":
                conjuncts.append(current)
                current = []
                i += 2
                continue
            if token.lower_ in _SPLIT:
                conjuncts.append(current)
                current = []
            else:
                current.append(i)
        i += 1
    conjuncts.append(current)
    conjuncts = [c for c in conjuncts if c]
    for n, conjunct in enumerate(conjuncts):
        k = 0
        while k < len(conjunct) and doc[conjunct[k]].lower_ in _DETERMINERS:
            k += 1
        if k < len(conjunct) and doc[conjunct[k]].lower_ == "other":
            continue
        entities = [cover[t] for t in conjunct if t in cover and cover[t].label_ in MODEL_LIKE]
        if entities:
            entity = entities[-1]
            last = doc[conjunct[-1]]
            if last.i >= entity.end and last.lower_ in GENERIC_LOSER_HEADS and last.lower_.endswith("s") \
                    and all(doc[t].is_alpha or doc[t].text == "-" for t in conjunct if t >= entity.end):
                yield entity.start, last.i + 1, ""
            else:
                yield entity.start, entity.end, ""
            continue
        words = conjunct[k:]
        if not words or words[-1] - words[0] + 1 != len(words):
            continue
        if any(not (doc[t].is_alpha or doc[t].text == "-") for t in words):
            continue
        phrase = doc[words[0] : words[-1] + 1]
        content = phrase.text.split()
        while content and content[0].lower() in GENERIC_MODIFIERS:
            content = content[1:]
        if not content:
            continue
        start_char = phrase.end_char - len(" ".join(content))
        span = doc.char_span(start_char, phrase.end_char)
        if span is None:
            continue
        head = span[-1].lower_
        if head in GENERIC_LOSER_HEADS:
            if len(content) > 1:
                yield span.start, span.end, ""
        elif n + 1 < len(conjuncts) and doc[conjuncts[n + 1][-1]].lower_ in GENERIC_LOSER_HEADS and head == "based":
            yield span.start, span.end, doc[conjuncts[n + 1][-1]].text  # "image-based and language-based methods"


class ClaimFinder:
    """Writes WINNER/LOSER spans to ``doc.spans[output_key]``; see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, output_key: str, proposals_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.output_key = output_key
        self.proposals_key = proposals_key
        self.matcher = CueMatcher(nlp, {"VERB": OUTPERFORM_VERBS, "THAN": ["than", "superior to"]})

    def __call__(self, doc: Doc) -> Doc:
        out: list[Span] = []
        matches = self.matcher(doc)
        if not matches:
            doc.spans[self.output_key] = out
            return doc
        sents = Sentences(doc)
        texts = sents.tokens.texts
        entities = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        cover = {i: span for span in sorted(entities, key=len) for i in range(span.start, span.end)}
        ours = next((cover[s.start] for s in doc.spans.get(self.proposals_key, [])
                     if s.start in cover and cover[s.start].label_ in MODEL_LIKE), None)
        for rule, start, end in matches:
            if rule == "VERB":
                if start >= 2 and texts[start - 1].lower() == "or" and texts[start - 2].lower() in HEDGES:
                    continue
                cue = start
            else:
                cue = self._comparative_before(doc, texts, sents, start)
                if cue is None:
                    continue
            winners = self._winners(texts, sents, cue, cover, ours)
            if not winners:
                continue
            sent_end = sents.end(start)
            stop = end
            while stop < sent_end and not self._ends_clause(texts, stop):
                stop += 1
            losers = list(loser_phrases(doc, end, stop, cover))
            if not losers:
                continue
            cid = f"c{len(out)}"
            out.extend(Span(doc, w.start, w.end, label="WINNER", span_id=cid) for w in winners)
            out.extend(Span(doc, s, e, label="LOSER", span_id=cid, kb_id=head) for s, e, head in losers)
        doc.spans[self.output_key] = out
        return doc

    @staticmethod
    def _ends_clause(texts: list[str], i: int) -> bool:
        word = texts[i].lower()
        if word == "on" and texts[i - 1].lower() == "based":
            return False
        if word == "both":  # "both quantitatively and qualitatively"
            return i + 1 < len(texts) and texts[i + 1].lower().endswith("ly")
        return word in _CLAUSE_END

    @staticmethod
    def _comparative_before(doc: Doc, texts: list[str], sents: Sentences, than: int) -> int | None:
        if texts[than].lower() == "superior":
            return than
        if than + 1 < len(texts) and doc[than + 1].like_num:
            return None  # "more than 4 times"
        for i in range(than - 1, max(sents.start(than), than - 5) - 1, -1):
            word = texts[i].lower()
            if word in {"better", "superior", "stronger"} or (word == "more" and texts[i + 1].lower().endswith("ly")):
                return i
        return None

    @staticmethod
    def _winners(texts: list[str], sents: Sentences, cue: int, cover: dict[int, Span], ours: Span | None) -> list[Span]:
        sent_start = sents.start(cue)
        i = cue - 1
        while i >= sent_start:
            word = texts[i].lower()
            if word in SELF_REFERENCES and i > sent_start and texts[i - 1].lower() in {"our", "proposed"}:
                return [ours] if ours is not None else []
            entity = cover.get(i)
            if entity is not None and entity.label_ in MODEL_LIKE:
                winners = [entity]
                j = entity.start - 1
                while j > sent_start and texts[j].lower() in {"and", ","}:
                    prev = cover.get(j - 1)
                    if prev is None or prev.label_ not in MODEL_LIKE:
                        break
                    winners.insert(0, prev)
                    j = prev.start - 1
                return winners
            if texts[i] == ";" or word in {"than", "whereas", "while"}:
                return []
            i -= 1
        return []


@Language.factory(
    "kg_claims",
    assigns=["doc.spans"],
    requires=["doc.spans", "doc.sents"],
    default_config={"spans_key": "kg_entities", "output_key": "kg_claims", "proposals_key": "kg_proposals"},
)
def make_claim_finder(nlp: Language, name: str, spans_key: str, output_key: str, proposals_key: str) -> ClaimFinder:
    """Build the `kg_claims` component."""
    return ClaimFinder(nlp, name, spans_key=spans_key, output_key=output_key, proposals_key=proposals_key)
