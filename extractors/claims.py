"""`kg_claims`: comparative claims ("X outperforms Y"), one per named loser.

Reads the entity span group and writes WINNER/LOSER spans (one ``span_id`` per claim) to
``doc.spans["kg_claims"]``. The forms, by cue:

- "X outperforms / surpasses / exceeds / beats / dominates Y", "X is better than / superior
  to Y", "X's improvement / gain / advantage over Y", "X improves over / upon Y": the
  winner before the cue, the losers after it; the passive ("Y is outperformed by X") and
  "Y underperforms / lags behind / falls short of / is inferior to X" swap them.
- "Compared with Y, X improves ...", "X improves ... compared to Y": a win only when X's
  clause has a word of gain ("competitive compared to Y" is none).
- "X reaches N, compared to (only) M for Y", "X: N vs. M for Y", "X (N) vs. Y (M)",
  "N for X vs. M for Y": the numbers decide, by the direction of the metric ("only" marks
  the loser's number); model sizes ("300M params vs 1B") decide nothing.
- "X achieves the best ... among A, B and C".

The winner is the subject of the cue's clause: its first model or method name that is not
the object of a preposition; "our model" / "the proposed method" (a WINNER span whose
``kb_id_`` is `OURS`: the adaptor puts in what the paper proposes); "it" / "this model",
the subject of the sentence before (of its own sentence first, in a subordinate clause);
a name-shaped word the recognisers missed ("MUSE breaks ..., surpassing Y"), or a bare
capitalised word right before a verb of winning ("Orchestrator surpasses Y"), is a winner
too, and is typed a model. "Experiments show a 5% gain over Y", with no subject,
gives a WINNER of kind `OURS_IMPLIED`, which only a name the title announces fills.
A loser is each model or method name in the compared phrase ("baselines such as A and B",
"baselines A and B", "A baselines", "a standard LLM (A)", "vision transformers (A, B)",
a name-shaped word the recognisers missed or read as data), or a descriptive class of them
("sparse attention models"), never a generic one ("baselines", "prior work",
"state-of-the-art methods", "existing approaches", "much larger models").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.claim_clauses import ClauseReader
from extractors.claim_roles import OURS, OURS_IMPLIED, Role, loser_phrases, paren_depth
from extractors.cues import (
    COMPARISON_CUES,
    EXACT_KB_ID,
    DRAW_CUES,
    GAIN_CUES,
    HEDGES,
    MODEL_LIKE,
    OUTPERFORM_VERBS,
    OVER_CUES,
    UNDERPERFORM_CUES,
)
from extractors.sents import CueMatcher, Sentences, read_spans, write_spans
from extractors.shapes import name_key, name_shape
from kg.core.vocab import lower_is_better

# OURS, OURS_IMPLIED, Role and loser_phrases live in `extractors.claim_roles`; they stay importable from here.
__all__ = ["OURS", "OURS_IMPLIED", "ClaimFinder", "Role", "loser_phrases", "make_claim_finder"]

_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_ONLY = frozenset({"only", "just", "merely", "mere"})
_GAIN_NOUNS = frozenset(
    """improvement improvements gain gains improve improves improved improving advantage
    advantages boost boosts speedup speedups speed-up margin edge lead superiority""".split()
)
# Nouns after a number that make it a model's size: "300M params vs 1B params" compares no results.
_SIZE_NOUNS = frozenset({"parameter", "parameters", "param", "params", "weights"})
_SUPERLATIVES = frozenset({"best", "highest", "top", "first", "strongest", "lowest", "leading"})


class ClaimFinder:
    """Writes WINNER/LOSER spans to ``doc.spans[output_key]``; see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, output_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.output_key = output_key
        self.matcher = CueMatcher(nlp, {
            "VERB": OUTPERFORM_VERBS,
            "OVER": OVER_CUES,
            "OVER_AFTER": ["over", "upon"],
            "THAN": ["than", "superior to"],
            "UNDER": UNDERPERFORM_CUES,
            "COMPARED": COMPARISON_CUES,
            "VS": ["vs", "vs.", "versus"],
            "AMONG": ["among"],
            "FROM": ["from"],
            "AHEAD": ["ahead of", "followed by", "followed closely by", "closely followed by"],
            "CONTRAST": ["while", "whereas"],
        })

    def __call__(self, doc: Doc) -> Doc:
        out: list[Span] = []
        matches = self.matcher(doc)
        if matches:
            texts = Sentences(doc).tokens.texts
            matches = [m for m in matches if _may_compare(texts, *m)]
        if matches:
            reader = _Reader(doc, self.spans_key)
            handlers = {"VERB": reader.verb, "OVER": reader.over, "OVER_AFTER": reader.over_after,
                        "THAN": reader.than, "UNDER": reader.under,
                        "COMPARED": reader.compared, "VS": reader.versus, "AMONG": reader.among,
                        "FROM": reader.from_theirs, "AHEAD": reader.ahead, "CONTRAST": reader.contrast}
            seen: set[tuple[int, int]] = set()
            for rule, start, end in matches:
                claim = handlers[rule](start, end)
                if claim is None:
                    continue
                winners, losers = claim
                losers = [r for r in losers if (r.start, r.end) not in {(w.start, w.end) for w in winners}]
                if not winners or not losers or (start, end) in seen:
                    continue
                seen.add((start, end))
                cid = f"c{len(seen)}"
                out.extend(Span(doc, w.start, w.end, label="WINNER", span_id=cid, kb_id=w.ref) for w in winners)
                out.extend(Span(doc, s, e, label="LOSER", span_id=cid, kb_id=head) for s, e, head in losers)
        doc.spans[self.output_key] = out
        if out:
            _type_compared(doc, self.spans_key, out)
        return doc


def _type_compared(doc: Doc, spans_key: str, roles: list[Span]) -> None:
    """Type a name-shaped winner or loser as a model when no model or method span covers it:
    what a paper compares with its own system is one ("outperforms MedCPT (0.44)", which the
    recognisers read as data, or "standard OPD", which they missed)."""
    # Spans in group order, and the spans over each token: a long abstract holds thousands of both,
    # so a role finds its overlaps through its tokens rather than by a scan of every span.
    entities = dict(enumerate(read_spans(doc, spans_key)))
    on_token: dict[int, set[int]] = {}
    for number, span in entities.items():
        for i in range(span.start, span.end):
            on_token.setdefault(i, set()).add(number)
    next_number, added = len(entities), False
    for role in roles:
        last = role[-1].text
        if role.kb_id_ or not (name_shape(last) or (len(role) == 1 and last[:1].isupper() and last[1:].islower())):
            continue  # "our model", or a loser sharing a head ("image-based and language-based methods")
        over = {n for i in range(role.start, role.end) for n in on_token.get(i, ())}
        if any(s.label_ in MODEL_LIKE or s.label_ == "METRIC" or s.kb_id_ == EXACT_KB_ID
               or s.start < role.start or s.end > role.end for s in (entities[n] for n in over)):
            continue
        for number in over:
            for i in range(entities[number].start, entities[number].end):
                on_token[i].discard(number)
            del entities[number]
        number = next_number
        next_number += 1
        entities[number] = Span(doc, role.start, role.end, label="MODEL", span_id=name_key(role.text))
        for i in range(role.start, role.end):
            on_token.setdefault(i, set()).add(number)
        added = True
    if added:
        write_spans(doc, spans_key, entities.values())


Claim = tuple[list[Role], list[Role]]
# Words one of which must come shortly before a cue that needs them (a cheap first test).
_NEEDS = {
    "OVER_AFTER": _GAIN_NOUNS,
    "THAN": frozenset({"better", "superior", "stronger", "faster", "worse", "weaker", "slower", "more", "higher",
                       "greater", "lower", "less", "fewer"}),
    "AMONG": _SUPERLATIVES,
}
# Words of a clause that leads a ranking ("X performs best, followed by Y").
_LEADS = _SUPERLATIVES | frozenset({"leads", "led", "lead", "ranks", "ranked", "tops", "topped"})


def _may_compare(texts: list[str], rule: str, start: int, end: int) -> bool:
    """Whether a cue can start a claim: the word it needs is near ("better ... than")."""
    if rule == "VS":
        return any(w[:1].isdigit() for w in texts[max(0, start - 7) : start])
    if rule == "FROM":  # "from X's 0.118": a named system's number
        return texts[end + 1 : end + 2] in (["'s"], ["’s"]) and texts[end + 2 : end + 3][:1] != [] \
            and texts[end + 2][:1].isdigit()
    needs = _NEEDS.get(rule)
    if rule == "OVER_AFTER" and start and (texts[start - 1][:1].isdigit() or texts[start - 1] in {"%", "points"}):
        return True  # "... by 7% over Y": the handler looks for the verb of gain in the clause
    return needs is None or end - start > 1 or any(w.lower() in needs for w in texts[max(0, start - 7) : start])


class _Reader(ClauseReader):
    """One Doc's cues read into (winners, losers); each method handles one kind of cue."""

    # --- cue handlers -------------------------------------------------------------------

    def verb(self, start: int, end: int) -> Claim | None:
        lower = self.lower
        floor, antecedent = self._clause(start)
        if self._negated(floor, start) or (start >= 2 and lower[start - 1] == "or" and (
                lower[start - 2] in HEDGES or any(w in DRAW_CUES for w in lower[max(floor, start - 5) : start]))):
            return None  # "match or exceed", "comparable to or exceeding"
        if end < len(lower) and lower[end] == "by":
            if any(w in _BE for w in lower[max(floor, start - 3) : start]):  # "Y is outperformed by X"
                return self._phrase(end + 1), self._as_losers(self._subject(floor, start, antecedent))
            if not self.doc[end + 1 : end + 2].text[:1].isdigit() and lower[start].endswith("ed") \
                    and not any(w in _BE for w in lower[max(floor, start - 3) : start]):
                return None  # "settings dominated by X"
        return self._subject(floor, start, antecedent), self._phrase(self._after_that_of(end))

    def over(self, start: int, end: int) -> Claim | None:
        floor, antecedent = self._clause(start)
        if self._negated(floor, start):
            return None
        winners = self._subject(floor, start, antecedent)
        if not winners and self._reports_only(floor, start):
            winners = [Role(start, end, OURS_IMPLIED)]
        return winners, self._phrase(end)

    def over_after(self, start: int, end: int) -> Claim | None:
        """"an improvement of 16.6% over X", "gains of 3 points over X"."""
        window = self.lower[max(self.sents.start(start), start - 6) : start - 1]
        if not any(w in _GAIN_NOUNS for w in window):
            # "improves accuracy by 12% over X and by 7% over Y": a margin after a verb of gain
            floor, _ = self._clause(start)
            margin = self._number(start - 1) is not None or self.lower[start - 1] in {"%", "points", "point"}
            if not (margin and any(w in GAIN_CUES for w in self.lower[floor:start])):
                return None
        return self.over(start, end)

    def than(self, start: int, end: int) -> Claim | None:
        lower = self.lower
        if end - start == 2:  # "superior to"
            comparative, polarity = start, 1
        else:
            if end < len(lower) and (self.doc[end].like_num or lower[end] in {"that", "those", "in", "on"}) \
                    and self._after_that_of(end) == end:
                return None  # "more than 4 times", "better than that"; but "better than that of X"
            comparative, polarity = self._comparative(start)
            if comparative is None:
                return None
        floor, antecedent = self._clause(comparative)
        if self._negated(floor, comparative) or any(
                w in DRAW_CUES for w in self.lower[max(floor, comparative - 5) : comparative]):
            return None  # "comparable to, or better than"
        subject, other = self._subject(floor, comparative, antecedent), self._phrase(self._after_that_of(end))
        return (subject, other) if polarity > 0 else (other, self._as_losers(subject))

    def under(self, start: int, end: int) -> Claim | None:
        floor, antecedent = self._clause(start)
        if self._negated(floor, start):
            return None
        stop = end
        while stop < len(self.lower) and self.lower[stop] in {"compared", "to", "with", "that", "of", "even"}:
            stop += 1
        winners = self._phrase(stop)
        if not winners and floor >= 2 and self.lower[floor - 1] in {"while", "whereas"}:
            # "X performs best, while Y lags far behind": the main clause's subject leads
            main, main_antecedent = self._clause(floor - 1)
            winners = self._subject(main, floor - 1, main_antecedent)
        return winners, self._as_losers(self._subject(floor, start, antecedent))

    def contrast(self, start: int, end: int) -> Claim | None:
        """"X achieves 62.3%, while Y achieves only 31.2%": "only" marks the loser's number."""
        lower, sent_end = self.lower, self.sents.end(start)
        at = end + 1 if end < sent_end and lower[end] == "the" else end
        name = self.cover.get(at)
        if name is None or name.start != at or name.label_ not in MODEL_LIKE:
            return None
        only = next((k for k in range(name.end, min(sent_end, name.end + 5)) if lower[k] in _ONLY), None)
        if only is None or only + 1 >= sent_end or self._number(only + 1) is None:
            return None
        floor, antecedent = self._clause(start)
        if not any(self._number(k) is not None for k in range(floor, start)):
            return None
        return self._subject(floor, start, antecedent), [Role(name.start, name.end)]

    def compared(self, start: int, end: int) -> Claim | None:
        lower = self.lower
        sent_start, sent_end = self.sents.start(start), self.sents.end(start)
        floor, antecedent = self._clause(start)
        number = end
        if number < sent_end and lower[number] in _ONLY:
            number += 1
        name = self.cover.get(number)
        if name is not None and name.start == number and name.end + 1 < sent_end \
                and lower[name.end] in {"'s", "’s"}:
            number = name.end + 1  # "compared to MetaboT's 83.67%"
        if number < sent_end and self._number(number) is not None:
            return self._numbers_after(floor, antecedent, start, number, sent_end)
        subject = self._subject(floor, start, antecedent)
        if start == sent_start or lower[start - 1] in {"and", "when", ";", "("} \
                or (lower[start - 1] == "," and not subject):
            return self._fronted_comparison(start, end, sent_end)
        region = lower[floor:start]
        if not any(w in GAIN_CUES for w in region) or any(w in DRAW_CUES for w in region) \
                or self._negated(floor, start):
            return None
        return subject, self._phrase(end)

    def versus(self, start: int, end: int) -> Claim | None:
        """"X reaches N vs. M for Y" and "X (N) vs. Y (M)"."""
        lower, sent_end = self.lower, self.sents.end(start)
        floor, antecedent = self._clause(start)
        owner = self.cover.get(start - 1)  # "42.66 for Gemini-2.5-Pro vs. 30.45 for GLM-4.5V"
        if owner is None or owner.label_ not in MODEL_LIKE or owner.start < floor + 2 \
                or lower[owner.start - 1] != "for" or self._number(owner.start - 2) is None:
            owner = None
        left = owner.start - 2 if owner is not None else \
            next((i for i in range(start - 1, max(floor, start - 4) - 1, -1) if self._number(i) is not None), None)
        if left is None or any(w in _SIZE_NOUNS for w in lower[left + 1 : left + 3]):
            return None  # "300M params vs 1B params": sizes, not results
        mine, theirs = self._number(left), None
        right = end
        name = self.cover.get(right)
        if name is not None and name.label_ in MODEL_LIKE and name.start == right:  # "X (N) vs. Y (M)"
            theirs = next((self._number(k) for k in range(name.end, min(sent_end, name.end + 3))
                           if self._number(k) is not None), None)
            other = [Role(name.start, name.end)]
            first = self.cover.get(left - 2) if left >= 2 and lower[left - 1] == "(" else None
            subject = [Role(first.start, first.end)] if first is not None and first.label_ in MODEL_LIKE else []
        else:
            if right < sent_end and lower[right] in _ONLY:
                right += 1
            theirs = self._number(right) if right < sent_end else None
            k = right + 1
            while k < min(sent_end, right + 5) and lower[k] not in {"for", "of", "by", "with", "from"}:
                k += 1
            other = self._phrase(k + 1) if k < min(sent_end, right + 5) else []
            subject = [Role(owner.start, owner.end)] if owner is not None else self._subject(floor, left, antecedent)
        if mine is None or theirs is None or mine == theirs or not subject or not other:
            return None
        lower_wins = lower_is_better(" ".join(self.texts[max(floor, left - 8) : min(sent_end, right + 6)]))
        if (mine < theirs) == lower_wins:
            return subject, other
        return other, self._as_losers(subject)

    def among(self, start: int, end: int) -> Claim | None:
        floor, antecedent = self._clause(start)
        superlative = next((i for i in range(start - 1, max(floor, start - 7) - 1, -1)
                            if self.lower[i] in _SUPERLATIVES), None)
        if superlative is None:
            return None
        losers = [r for r in self._phrase(end) if self.cover.get(r.start) is not None]
        return self._subject(floor, superlative, antecedent), losers

    def ahead(self, start: int, end: int) -> Claim | None:
        """"X ranks first, ahead of Y", "X achieves the best score (43.7%), followed by Y (33.3%)
        and Z": the winner leads, each name after the cue trails it."""
        floor, antecedent = self._clause(start)
        if self._negated(floor, start) or ("followed" in self.lower[start:end]
                                           and not any(w in _LEADS for w in self.lower[floor:start])):
            return None  # "trained first, followed by fine-tuning on Y" ranks nothing
        losers = [r for r in self._phrase(end) if self.cover.get(r.start) is not None or r.end - r.start == 1]
        return self._subject(floor, start, antecedent), losers

    def from_theirs(self, start: int, end: int) -> Claim | None:
        """"X reduced the loss to 0.09 from Y's 0.12", "X raises F1 from Y's 61.2 to 70.4": a
        change verb in X's clause moves the number away from a named system's."""
        floor, antecedent = self._clause(start)
        name = self.cover.get(end)
        if name is not None and (name.start != end or name.label_ not in MODEL_LIKE):
            return None
        if name is None and not name_shape(self.texts[end]):
            return None  # a name the recognisers missed counts ("from QFPN's 0.12")
        if not any(w in GAIN_CUES for w in self.lower[floor:start]) or self._negated(floor, start):
            return None
        loser = Role(end, end + 1) if name is None else Role(name.start, name.end)
        return self._subject(floor, start, antecedent), [loser]

    # --- parts ----------------------------------------------------------------------------

    def _after_that_of(self, at: int) -> int:
        """Where the compared names start: after "that of" / "those of" ("surpasses that of X")."""
        return at + 2 if self.lower[at : at + 2] in (["that", "of"], ["those", "of"]) else at

    def _fronted_comparison(self, start: int, end: int, sent_end: int) -> Claim | None:
        """"Compared with Y, X improves ...": Y up to the comma, X in the clause after it."""
        lower = self.lower
        comma, depth = end, 0
        while comma < sent_end and (lower[comma] != "," or depth):
            depth += paren_depth(lower[comma])
            comma += 1
        gain = next((i for i in range(comma + 1, sent_end) if lower[i] in GAIN_CUES), None)
        if comma >= sent_end or gain is None or any(w in DRAW_CUES for w in lower[comma:gain]) \
                or self._negated(comma, gain):
            return None
        main = max(i for i in range(comma, gain) if lower[i] == ",") + 1
        return self._subject(main, gain, None), list(loser_phrases(self.doc, end, comma, self.cover))

    def _numbers_after(self, floor: int, antecedent: list[Role] | None, cue: int, number: int,
                       sent_end: int) -> Claim | None:
        """"X reaches 95%, compared to (just) 42% for Y" / "compared to Y's 83%"."""
        lower = self.lower
        theirs = self._number(number)
        mine_at = next((i for i in range(cue - 1, floor - 1, -1) if self._number(i) is not None), None)
        if theirs is None or mine_at is None:
            return None
        k = number + 1
        while k < min(sent_end, number + 5) and lower[k] not in {"for", "of", "by", "with", "from", "on"}:
            k += 1
        other = self._phrase(k + 1) if k < min(sent_end, number + 5) and lower[k] != "on" else []
        if not other and number >= 2 and lower[number - 1] in {"'s", "’s"}:
            name = self.cover.get(number - 2)
            other = [Role(name.start, name.end)] if name is not None and name.label_ in MODEL_LIKE else []
        subject = self._subject(floor, cue, antecedent)
        if not subject or not other:
            return None
        if any(w in OUTPERFORM_VERBS for w in lower[floor:cue]):
            return subject, other  # "X outperforms existing models, achieving 0.68, compared with 0.63 for Y"
        # "0.68 on A and 0.59 on B, compared with 0.63 and 0.50 for Y, respectively": the first of each
        after_subject = max([r.end for r in subject if r.end <= cue] + [floor])
        mine_at = next((i for i in range(after_subject, cue) if self._number(i) is not None), mine_at)
        mine = self._number(mine_at)
        if lower[number - 1] in _ONLY:
            return subject, other
        if mine_at > 0 and lower[mine_at - 1] in _ONLY:
            return other, self._as_losers(subject)
        if mine is None or mine == theirs:
            return None
        lower_wins = lower_is_better(" ".join(self.texts[floor:min(sent_end, number + 6)]))
        if (mine < theirs) == lower_wins:
            return subject, other
        return other, self._as_losers(subject)


@Language.factory(
    "kg_claims",
    assigns=["doc.spans"],
    requires=["doc.spans", "doc.sents"],
    default_config={"spans_key": "kg_entities", "output_key": "kg_claims"},
)
def make_claim_finder(nlp: Language, name: str, spans_key: str, output_key: str) -> ClaimFinder:
    """Build the `kg_claims` component."""
    return ClaimFinder(nlp, name, spans_key=spans_key, output_key=output_key)
