"""`kg_claims`: comparative claims ("X outperforms Y"), one per named loser.

Reads the entity span group and writes WINNER/LOSER spans (one ``span_id`` per claim) to
``doc.spans["kg_claims"]``. The forms, by cue:

- "X outperforms / surpasses / exceeds / beats / dominates Y", "X is better than / superior
  to Y", "X's improvement / gain / advantage over Y", "X improves over / upon Y": the
  winner before the cue, the losers after it; the passive ("Y is outperformed by X") and
  "Y underperforms / lags behind / falls short of / is inferior to X" swap them.
- "Compared with Y, X improves ...", "X improves ... compared to Y": a win only when X's
  clause has a word of gain ("competitive compared to Y" is none).
- "X reaches N, compared to (only) M for Y", "X: N vs. M for Y", "X (N) vs. Y (M)": the
  numbers decide, by the direction of the metric ("only" marks the loser's number).
- "X achieves the best ... among A, B and C".

The winner is the subject of the cue's clause: its first model or method name that is not
the object of a preposition; "our model" / "the proposed method" (a WINNER span whose
``kb_id_`` is `OURS`: the adaptor puts in what the paper proposes); "it" / "this model",
the subject of the sentence before. "Experiments show a 5% gain over Y", with no subject,
gives a WINNER of kind `OURS_IMPLIED`, which only a name the title announces fills.
A loser is each model or method name in the compared phrase ("baselines such as A and B",
"baselines A and B", "A baselines", "a standard LLM (A)"), or a descriptive class of them
("sparse attention models"), never a generic one ("baselines", "prior work",
"state-of-the-art methods", "existing approaches", "much larger models").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.cues import (
    CLASS_HEADS,
    COMPARISON_CUES,
    DRAW_CUES,
    GAIN_CUES,
    GENERIC_LOSER_HEADS,
    GENERIC_MODIFIERS,
    GENERIC_NAMES,
    HEDGES,
    LOSER_DETERMINERS,
    MODEL_LIKE,
    NEGATIONS,
    OUTPERFORM_VERBS,
    OVER_CUES,
    SELF_REFERENCES,
    UNDERPERFORM_CUES,
)
from extractors.quantities import parse_quantity
from extractors.sents import CueMatcher, Sentences
from kg.core.vocab import lower_is_better

__all__ = ["OURS", "OURS_IMPLIED", "ClaimFinder", "Role", "loser_phrases", "make_claim_finder"]

OURS = "ours"  # kb_id of a WINNER span that says "our model": what the paper proposes
OURS_IMPLIED = "ours?"  # kb_id of a WINNER the sentence leaves out ("Experiments show a gain over Y")


class Role(NamedTuple):
    """A winner or loser: tokens [start, end) and, for a winner, `OURS`/`OURS_IMPLIED` or
    "", for a loser, a head word its name shares with the next one ("image-based and
    language-based methods") or ""."""

    start: int
    end: int
    ref: str = ""


_CLAUSE_END = frozenset(
    """; . on in while across by when at for despite without using under thanks because since
    whereas although quantitatively significantly consistently with achieving achieves reaching
    reaches matching matches remaining remains yielding yields demonstrating showing establishing
    setting sets which who where but respectively that""".split()
)
_SPLIT = frozenset({",", "and", "or", "including", "like", "&"})
_CLAUSE_BOUNDS = frozenset({";", ":", "whereas", "while", "but", "although", "though", "because", "since"})
_PREPOSITIONS = frozenset(
    """on in with using from of over than to by at for against via including like as into under
    across between among upon through within without after before during versus vs vs. compared
    relative beyond besides except""".split()
)
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_ONLY = frozenset({"only", "just", "merely", "mere"})
_ADVERBIALS = frozenset({",", "also", "further", "then", "thus", "more", "most", "moreover", "however", "overall",
                         "in", "addition", "furthermore", "finally", "consequently", "therefore"})
_OUR = frozenset({"our", "proposed", "new", "novel", "final", "full", "resulting"})
_REPORTS = frozenset(
    """experiments experimental experiment results result evaluations evaluation extensive
    comprehensive empirical empirically our show shows showed demonstrate demonstrates
    demonstrated reveal reveals indicate indicates confirm confirms""".split()
)
_MORE_QUALITIES = frozenset(
    """accurate robust efficient effective reliable faithful stable consistent precise
    realistic coherent""".split()
)
# "the performance of X surpasses ...": X owns what is compared.
_OWNED = frozenset(
    """performance performances accuracy results result quality capability capabilities ability
    abilities output outputs predictions version variant""".split()
)
# Words before "... over X" that make X what is beaten ("an improvement of 16.6% over X").
_GAIN_NOUNS = frozenset(
    """improvement improvements gain gains improve improves improved improving advantage
    advantages boost boosts speedup speedups speed-up margin edge lead""".split()
)
# Words that open an introductory phrase before the subject ("When paired with X, ...").
_INTRODUCERS = frozenset(
    """when while if after although though unlike using with by for in on across under to compared as given
    despite through via thanks beyond besides without based building trained evaluated combined""".split()
)
_SUPERLATIVES = frozenset({"best", "highest", "top", "first", "strongest", "lowest", "leading"})


def loser_phrases(doc: Doc, start: int, end: int, cover: dict[int, Span]) -> Iterator[Role]:
    """Losers named in doc[start:end], one per conjunct.

    A conjunct yields its last model or method name ("vanilla MVSplat", "GPT-4's 62%"),
    that name with its plural class head ("Geo-foundation models"), the names in a
    parenthesis after a generic phrase ("a standard LLM (GPT-4o)"), or a descriptive
    class of models with a content modifier ("sparse attention models"); generic
    phrases ("strong baselines", "prior pruning approaches") yield nothing.
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
    for n, (conjunct, in_parens) in enumerate(conjuncts):
        k = 0
        while k < len(conjunct) and lower[conjunct[k] - start] in LOSER_DETERMINERS:
            k += 1
        if k < len(conjunct) and lower[conjunct[k] - start] == "other":
            continue
        if conjunct and texts[conjunct[0]][:1].isdigit() and not any(lower[t - start] in {"over", "than"}
                                                                        for t in conjunct):
            continue  # "..., and 94.6% Rank-1 on X": a result, not a loser (but "and 2.0% over Y")
        named = _named_loser(texts, conjunct, cover)
        if named is not None:
            yield named
        if named is not None or any(t in cover and cover[t].label_ in MODEL_LIKE for t in conjunct):
            continue
        parenthesised = [s for s in _names_in(in_parens, cover) if _is_specific(texts, s)]
        if parenthesised and (parenthesised[0].start == in_parens[0] or lower[in_parens[0] - start] in _EXAMPLES):
            yield from (Role(s.start, s.end) for s in parenthesised)
            continue
        words = conjunct[k:]
        if not words or words[-1] - words[0] + 1 != len(words):
            continue
        if any(not (texts[t].isalpha() or texts[t] == "-") or lower[t - start] in _FUNCTION_WORDS for t in words):
            continue
        joined = _words_of(texts, words)
        if len(joined) > 5 or any(_is_generic(w) or w.lower() in _VERBS for w in joined) \
                or " ".join(joined[:-1]).lower() in GENERIC_NAMES:
            continue  # "strong baselines", "best-performing literature methods", "deep learning approaches"
        head = lower[words[-1] - start]
        following = conjuncts[n + 1][0] if n + 1 < len(conjuncts) else []
        if head in CLASS_HEADS and _is_specific_class(joined[:-1]):
            yield Role(words[0], words[-1] + 1)
        elif head == "based" and following and lower[following[-1] - start] in CLASS_HEADS \
                and _is_specific_class(joined):
            yield Role(words[0], words[-1] + 1, texts[following[-1]])  # "image-based and ... methods"


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


def _names_in(tokens: list[int], cover: dict[int, Span]) -> list[Span]:
    """The distinct model and method names over `tokens`, in order."""
    out: list[Span] = []
    for t in tokens:
        span = cover.get(t)
        if span is not None and span.label_ in MODEL_LIKE and (not out or out[-1] is not span):
            out.append(span)
    return out


_EXAMPLES = frozenset({"e.g.", "e.g", "eg", "i.e.", "including", "such", "like"})
_VERBS = OUTPERFORM_VERBS | GAIN_CUES | frozenset({"achieves", "achieve", "yields", "remains", "shows"})
_FUNCTION_WORDS = frozenset("that the a an to of for in on with which this these our their".split())
_AFFIXES = frozenset({"based", "like", "style", "driven", "guided", "free", "only", "inspired", "aware", "specific",
                      "oriented", "centric", "agnostic", "level", "enhanced", "augmented", "powered"})


def _is_specific(texts: list[str], span: Span) -> bool:
    """A name, not a generic class ("Large Language Model") or a modifier ("LLM-based")."""
    start, end = span.start, span.end
    if " ".join(texts[start:end]).lower() in GENERIC_NAMES \
            or (end - start > 2 and texts[end - 2] == "-" and texts[end - 1].lower() in _AFFIXES):
        return False
    return not (end + 1 < len(texts) and texts[end] == "-" and texts[end + 1].lower() in _AFFIXES)


def _named_loser(texts: list[str], conjunct: list[int], cover: dict[int, Span]) -> Role | None:
    """The name in a conjunct; "Geo-foundation models" with its class head; none for a
    family of generic ones ("strong RAG baselines", "existing QAT methods")."""
    names = [s for s in _names_in(conjunct, cover) if _is_specific(texts, s)]
    if not names:
        return None
    name = names[-1]
    last = conjunct[-1]
    head = texts[last].lower()
    if last >= name.end and head.endswith("s") and head in CLASS_HEADS | GENERIC_LOSER_HEADS:
        before = _words_of(texts, [t for t in conjunct if t < name.start])
        if any(_is_generic(w) or w.lower() == "existing" for w in before):
            return None
        tail = [t for t in conjunct if t >= name.end]
        if head in CLASS_HEADS and tail == list(range(name.end, last + 1)) \
                and all(texts[t].isalpha() or texts[t] == "-" for t in tail):
            return Role(name.start, last + 1)  # "Geo-foundation models"
    return Role(name.start, name.end)


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
                        "COMPARED": reader.compared, "VS": reader.versus, "AMONG": reader.among}
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
        return doc


Claim = tuple[list[Role], list[Role]]
# Words one of which must come shortly before a cue that needs them (a cheap first test).
_NEEDS = {
    "OVER_AFTER": _GAIN_NOUNS,
    "THAN": frozenset({"better", "superior", "stronger", "faster", "worse", "weaker", "slower", "more", "higher",
                       "greater", "lower", "less", "fewer"}),
    "AMONG": _SUPERLATIVES,
}


def _may_compare(texts: list[str], rule: str, start: int, end: int) -> bool:
    """Whether a cue can start a claim: the word it needs is near ("better ... than")."""
    if rule == "VS":
        return any(w[:1].isdigit() for w in texts[max(0, start - 4) : start])
    needs = _NEEDS.get(rule)
    return needs is None or end - start > 1 or any(w.lower() in needs for w in texts[max(0, start - 7) : start])


class _Reader:
    """One Doc's cues read into (winners, losers); each method handles one kind of cue."""

    def __init__(self, doc: Doc, spans_key: str) -> None:
        self.doc = doc
        self.sents = Sentences(doc)
        self.texts = self.sents.tokens.texts
        self.lower = [t.lower() for t in self.texts]
        entities = list(doc.spans[spans_key]) if spans_key in doc.spans else []
        self.cover = {i: span for span in sorted(entities, key=len) for i in range(span.start, span.end)}

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
        return self._subject(floor, start, antecedent), self._phrase(end)

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
            return None
        return self.over(start, end)

    def than(self, start: int, end: int) -> Claim | None:
        lower = self.lower
        if end - start == 2:  # "superior to"
            comparative, polarity = start, 1
        else:
            if end < len(lower) and (self.doc[end].like_num or lower[end] in {"that", "those", "in", "on"}):
                return None  # "more than 4 times", "better than that of"
            comparative, polarity = self._comparative(start)
            if comparative is None:
                return None
        floor, antecedent = self._clause(comparative)
        if self._negated(floor, comparative) or any(
                w in DRAW_CUES for w in self.lower[max(floor, comparative - 5) : comparative]):
            return None  # "comparable to, or better than"
        subject, other = self._subject(floor, comparative, antecedent), self._phrase(end)
        return (subject, other) if polarity > 0 else (other, self._as_losers(subject))

    def under(self, start: int, end: int) -> Claim | None:
        floor, antecedent = self._clause(start)
        if self._negated(floor, start):
            return None
        stop = end
        while stop < len(self.lower) and self.lower[stop] in {"compared", "to", "with", "that", "of", "even"}:
            stop += 1
        return self._phrase(stop), self._as_losers(self._subject(floor, start, antecedent))

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
        left = next((i for i in range(start - 1, max(floor, start - 4) - 1, -1) if self._number(i) is not None), None)
        if left is None:
            return None
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
            subject = self._subject(floor, left, antecedent)
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

    # --- parts ----------------------------------------------------------------------------

    def _fronted_comparison(self, start: int, end: int, sent_end: int) -> Claim | None:
        """"Compared with Y, X improves ...": Y up to the comma, X in the clause after it."""
        lower = self.lower
        comma, depth = end, 0
        while comma < sent_end and (lower[comma] != "," or depth):
            depth += {"(": 1, ")": -1}.get(lower[comma], 0)
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

    def _clause(self, cue: int) -> tuple[int, list[Role] | None]:
        """First token of the clause holding `cue`, and the name a relative pronoun
        ("X, which outperforms") stands for."""
        lower = self.lower
        sent_start = self.sents.start(cue)
        depth = 0
        for i in range(cue - 1, sent_start - 1, -1):
            word = lower[i]
            depth += {")": 1, "(": -1}.get(word, 0)
            if depth > 0:
                continue  # "GLACIA (mIoU: 87.30) surpasses"
            if word in _CLAUSE_BOUNDS and not (word in {"while", "whereas"} and lower[i + 1].endswith("ing")):
                return i + 1, None  # but "X improves ..., while achieving ... compared to Y" is X's
            if word == "that" and i > sent_start and lower[i - 1] not in {"so", "such"}:
                name = self.cover.get(i - 1)
                if name is not None and name.label_ in MODEL_LIKE:
                    return i + 1, [Role(name.start, name.end)]
                return i + 1, None
            if word in {"which", "who"}:
                j = i - 1 if i > sent_start and lower[i - 1] == "," else i
                name = self.cover.get(j - 1)
                named = [Role(name.start, name.end)] if name is not None and name.label_ in MODEL_LIKE else []
                return i + 1, named
        return sent_start, None

    def _subject(self, floor: int, cue: int, antecedent: list[Role] | None, *, look_back: bool = True) -> list[Role]:
        """The winner side of a clause: see the module docstring."""
        if antecedent is not None:
            return antecedent
        lower, cover = self.lower, self.cover
        depth, in_parens = 0, None
        i = self._after_introduction(floor, cue)
        while i < cue:
            word = lower[i]
            if word == "(":
                depth += 1
            elif word == ")":
                depth = max(0, depth - 1)
            elif depth:
                name = cover.get(i)
                if in_parens is None and name is not None and name.label_ in MODEL_LIKE:
                    in_parens = name
            elif word in {"our", "the", "this"} and (ours := self._self_reference(i, cue)) is not None:
                if ours.ref == OURS and word == "this" and look_back:
                    return self._previous_subject(floor) or [ours]
                return [ours]
            elif word in {"it", "they"} and all(w in _ADVERBIALS or w.endswith("ly") for w in lower[floor:i]):
                return self._previous_subject(floor) if look_back else []
            elif word in {"this", "the"} and i + 1 < cue and lower[i + 1] == "baseline" and look_back:
                return self._previous_baseline(floor)  # "we evaluated a baseline (GPT-4o) ... This baseline"
            else:
                name = cover.get(i)
                if name is not None and name.label_ in MODEL_LIKE and name.start == i:
                    if not self._after_preposition(i, floor) and _is_specific(self.texts, name):
                        return self._conjoined(name, cue)
                    i = name.end
                    continue
            i += 1
        return [Role(in_parens.start, in_parens.end)] if in_parens is not None else []

    def _after_introduction(self, floor: int, cue: int) -> int:
        """Where the main clause starts after an introductory phrase ("When paired with A, B,
        and C, MIRA improves ...": after the comma that no further list item follows)."""
        lower, cover = self.lower, self.cover
        if lower[floor] not in _INTRODUCERS:
            return floor
        depth = 0
        for k in range(floor, cue):
            depth += {"(": 1, ")": -1}.get(lower[k], 0)
            if lower[k] != "," or depth:
                continue
            nxt = k + 1
            while nxt < cue and lower[nxt] in {"and", "or"}:
                nxt += 1
            name = cover.get(nxt)
            if name is None or name.start != nxt or name.end >= cue or lower[name.end] not in {",", "and", "or"}:
                return k + 1
        return floor

    def _self_reference(self, i: int, cue: int) -> Role | None:
        """"our (proposed) X", "the proposed model", "this method" at token `i`."""
        lower = self.lower
        j = i + 1
        while j < cue and lower[j] in _OUR:
            j += 1
        if lower[i] != "our" and j == i + 1 and lower[i] != "this":
            return None  # "the model" is anyone's
        name = self.cover.get(j)
        if name is not None and name.label_ in MODEL_LIKE and name.start == j and lower[i] != "this":
            return Role(name.start, name.end)
        for k in range(j, min(cue, j + 3)):
            if lower[k] in SELF_REFERENCES:
                return Role(i, k + 1, OURS)
            if not self.texts[k].replace("-", "").isalpha():
                break
        return None

    def _previous_subject(self, floor: int) -> list[Role]:
        sent_start = self.sents.start(floor)
        if sent_start == 0:
            return []
        previous = self.sents.start(sent_start - 1)
        return self._subject(previous, sent_start, None, look_back=False)

    def _previous_baseline(self, floor: int) -> list[Role]:
        """The name the sentence before gives its baseline: the first after the word "baseline"."""
        sent_start = self.sents.start(floor)
        if sent_start == 0:
            return []
        previous = self.sents.start(sent_start - 1)
        at = next((k for k in range(previous, sent_start) if self.lower[k] == "baseline"), None)
        if at is None:
            return []
        for k in range(at + 1, sent_start):
            name = self.cover.get(k)
            if name is not None and name.label_ in MODEL_LIKE and _is_specific(self.texts, name):
                return [Role(name.start, name.end)]
        return []

    def _conjoined(self, name: Span, cue: int) -> list[Role]:
        """"X and Y outperform": the names joined to the first."""
        winners = [Role(name.start, name.end)]
        j = name.end
        while j + 1 < cue and self.lower[j] in {"and", ","}:
            k = j + 1 if self.lower[j + 1] != "and" else j + 2
            nxt = self.cover.get(k)
            if nxt is None or nxt.label_ not in MODEL_LIKE or nxt.start != k:
                break
            winners.append(Role(nxt.start, nxt.end))
            j = nxt.end
        return winners

    def _after_preposition(self, i: int, floor: int) -> bool:
        """"On nuScenes and RE10K, ...", "with GPT-4 as judge": a name in a prepositional
        phrase; not "the performance of X", "referred to as X"."""
        k = i - 1
        name = self.cover.get(i)
        listed = name is not None and name.end < len(self.lower) and self.lower[name.end] in {",", "and", "or"}
        while k >= max(floor, i - 8):
            word = self.lower[k]
            if word in {",", "and"} and k > floor and (word == "and" or listed) \
                    and (before := self.cover.get(k - 1)) is not None:
                k = before.start - 1  # "On nuScenes and RE10K": the name before is in the same list
                continue
            if word in {",", ";", "and"}:
                return False
            if word in _PREPOSITIONS:
                if word == "of" and k > floor and self.lower[k - 1] in _OWNED:
                    return False
                return not (word == "as" and k > floor and self.lower[k - 1] in {"to", "known", "denoted"})
            if word in {"called", "named", "dubbed", "termed"}:
                return False
            if sum(1 for w in self.lower[k:i] if w != "-") >= 4:
                return False
            k -= 1
        return False

    def _phrase(self, start: int) -> list[Role]:
        """The losers from token `start` to the end of their clause."""
        sent_end = self.sents.end(start) if start < len(self.lower) else start
        stop = start
        while stop < sent_end and not self._ends_clause(stop):
            stop += 1
        return list(loser_phrases(self.doc, start, stop, self.cover))

    def _ends_clause(self, i: int) -> bool:
        word = self.lower[i]
        if word == "on" and self.lower[i - 1] == "based":
            return False
        if word == "both":  # "both quantitatively and qualitatively"
            return i + 1 < len(self.lower) and self.lower[i + 1].endswith("ly")
        if word == "and" and i + 1 < len(self.lower):  # "... over RAG, and (even) enables X to": a new verb
            adverb = self.lower[i + 1].endswith("ly") or self.lower[i + 1] in _ADVERBIALS | {"even", "still"}
            k = i + 2 if adverb and i + 2 < len(self.lower) else i + 1
            nxt = self.texts[k]
            return nxt.islower() and nxt.isalpha() and nxt not in CLASS_HEADS and nxt not in GENERIC_LOSER_HEADS \
                and (nxt.endswith("ed") or (nxt.endswith("s") and not nxt.endswith("ss")))
        return word in _CLAUSE_END

    def _as_losers(self, roles: list[Role]) -> list[Role]:
        """Winner-side roles turned losers: a self-reference has no name to lose with."""
        return [r for r in roles if not r.ref]

    def _negated(self, floor: int, cue: int) -> bool:
        """"none of them could outperform", but not "not only outperforms"."""
        window = self.lower[max(floor, cue - 3) : cue]
        return any(w in NEGATIONS and (w != "not" or "only" not in window[n:]) for n, w in enumerate(window))

    def _reports_only(self, floor: int, cue: int) -> bool:
        """"Experiments show a 5% improvement over": the clause names no subject."""
        sent_start = self.sents.start(floor)
        return self.lower[sent_start] in _REPORTS and not any(
            (s := self.cover.get(i)) is not None and s.label_ in MODEL_LIKE for i in range(sent_start, cue))

    def _comparative(self, than: int) -> tuple[int | None, int]:
        """The comparative before "than" and whether it says the subject wins (1) or loses (-1)."""
        lower = self.lower
        for i in range(than - 1, max(self.sents.start(than), than - 6) - 1, -1):
            word = lower[i]
            between = " ".join(self.texts[i + 1 : than])
            if word in {"better", "superior", "stronger", "faster"}:
                return i, 1
            if word in {"worse", "weaker", "slower"}:
                return i, -1
            if word == "more" and i + 1 < than and (lower[i + 1] in _MORE_QUALITIES or lower[i + 1].endswith("ly")):
                return i, 1
            if word in {"higher", "greater"} and between:
                return i, -1 if lower_is_better(between) else 1
            if word in {"lower", "less", "fewer"} and between and lower_is_better(between):
                return i, 1
        return None, 0

    def _number(self, i: int) -> float | None:
        """The value of a number token ("42%", "0.8065", "13.7\\%"), else None."""
        text = self.texts[i]
        if not text[:1].isdigit() and not (text[:1] in "+-." and text[1:2].isdigit()):
            return None
        quantity = parse_quantity(text)
        return None if quantity is None else quantity.value


@Language.factory(
    "kg_claims",
    assigns=["doc.spans"],
    requires=["doc.spans", "doc.sents"],
    default_config={"spans_key": "kg_entities", "output_key": "kg_claims"},
)
def make_claim_finder(nlp: Language, name: str, spans_key: str, output_key: str) -> ClaimFinder:
    """Build the `kg_claims` component."""
    return ClaimFinder(nlp, name, spans_key=spans_key, output_key=output_key)
