"""The clauses of a comparison: `ClauseReader` finds the clause that holds a cue, its
subject (the winner side) and the phrase after the cue (the loser side).

The winner is the subject of the cue's clause: its first model or method name that is not
the object of a preposition; "our model" / "the proposed method" (a WINNER span whose
``kb_id_`` is `OURS`: the adaptor puts in what the paper proposes); "it" / "this model",
the subject of the sentence before.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extractors.claim_roles import OURS, Role, is_specific, loser_phrases, paren_depth
from extractors.cues import (
    CLASS_HEADS,
    GAIN_CUES,
    GENERIC_LOSER_HEADS,
    MODEL_LIKE,
    NEGATIONS,
    NOT_NAMES,
    OUTPERFORM_VERBS,
    PROPOSAL_VERBS,
    RESULT_VERBS,
    SELF_REFERENCES,
)
from extractors.quantities import parse_quantity
from extractors.sents import Sentences, read_spans
from extractors.shapes import SIZE_RE, name_shape
from kg.core.vocab import lower_is_better

__all__ = ["ClauseReader"]

_CLAUSE_END = frozenset(
    """; . on in while across by when at for despite without using under thanks because since
    whereas although quantitatively significantly consistently with achieving achieves reaching
    reaches matching matches remaining remains yielding yields demonstrating showing establishing
    setting sets which who where but respectively that among""".split()
)
_CLAUSE_BOUNDS = frozenset({";", ":", "whereas", "while", "but", "although", "though", "because", "since"})
_PREPOSITIONS = frozenset(
    """on in with using from of over than to by at for against via including like as into under
    across between among upon through within without after before during versus vs vs. compared
    relative beyond besides except""".split()
)
_ADVERBIALS = frozenset({",", "also", "further", "then", "thus", "more", "most", "moreover", "however", "overall",
                         "in", "addition", "furthermore", "finally", "consequently", "therefore"})
_OUR = frozenset({"our", "proposed", "new", "novel", "final", "full", "resulting"})
_REPORTS = frozenset(
    """experiments experimental experiment results result evaluations evaluation extensive
    comprehensive empirical empirically our show shows showed demonstrate demonstrates
    demonstrated reveal reveals indicate indicates confirm confirms automatic human quantitative
    qualitative ablation ablations benchmark""".split()
)
_MORE_QUALITIES = frozenset(
    """accurate robust efficient effective reliable faithful stable consistent precise
    realistic coherent""".split()
)
_MARGIN_UNITS = frozenset({"points", "point", "pp", "percent", "%", "times", "x"})  # "45.1 mAP, 3 points higher"
# Words after "our <noun>" that make it the subject of a claim ("our design can achieve ...").
_OWN_VERBS = OUTPERFORM_VERBS | RESULT_VERBS | GAIN_CUES | frozenset(
    "can could also further is was are were achieves obtains performs gives provides".split())
# Words after which the names of a clause are what is compared, not the subject.
_OBJECT_CUES = OUTPERFORM_VERBS | {"over", "upon", "than", "compared", "versus", "vs", "vs.", "against"}
# "the performance of X surpasses ...": X owns what is compared.
_OWNED = frozenset(
    """performance performances accuracy results result quality capability capabilities ability
    abilities output outputs predictions version variant superiority""".split()
)
# Words before "... over X" that make X what is beaten ("an improvement of 16.6% over X").
# Plural nouns that may follow a comma inside a list of losers ("..., humans, and X").
_COMMA_NOUNS = frozenset({"humans", "experts", "annotators", "others", "baselines", "variants", "versus", "whereas"})
# Endings of common nouns that open a sentence without a determiner ("Pretraining outperforms").
_COMMON_SUFFIXES = ("ing", "tion", "sion", "ment", "ness", "ity", "ies", "s", "ance", "ence", "ism", "ure")
# Verbs after which a bare capitalised word is a system's name ("Orchestrator achieves 37.1%").
_RESULT_VERBS = frozenset({"achieves", "reaches", "attains", "obtains", "scores", "outperforms", "surpasses",
                           "beats", "exceeds"})
# Labels a recogniser may give a system's name by mistake.
_DATA_LIKE = frozenset({"DATASET", "TASK"})
_INTRODUCERS = frozenset(
    """when while if after although though unlike using with by for in on across under to compared as given
    despite through via thanks beyond besides without based building trained evaluated combined""".split()
)


class ClauseReader:
    """One Doc's tokens, entity cover and sentences, read into clauses, subjects and phrases."""

    def __init__(self, doc: Doc, spans_key: str) -> None:
        self.doc = doc
        self.sents = Sentences(doc)
        self.texts = self.sents.tokens.texts
        self.lower = self.sents.tokens.lower
        entities = read_spans(doc, spans_key)
        self.cover = {i: span for span in sorted(entities, key=len) for i in range(span.start, span.end)}

    # --- cue handlers -------------------------------------------------------------------

    def _clause(self, cue: int) -> tuple[int, list[Role] | None]:
        """First token of the clause holding `cue`, and the name a relative pronoun
        ("X, which outperforms") stands for."""
        lower = self.lower
        sent_start = self.sents.start(cue)
        depth = 0
        for i in range(cue - 1, sent_start - 1, -1):
            word = lower[i]
            depth -= paren_depth(word)
            if depth > 0:
                continue  # "GLACIA (mIoU: 87.30) surpasses"
            if word == "and" and i > sent_start and lower[i - 1] == "," and (
                    self._name_opens_clause(i + 1) or self._noun_opens_clause(i + 1, cue)):
                return i + 1, None  # "X improves over A, and Y consistently surpasses B": Y's clause
            if word == "with" and self._absolute(i, cue):
                return i + 1, None  # "..., with X providing gains over Y": X's own clause
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

    def _absolute(self, with_: int, cue: int) -> bool:
        """"with X outperforming Y", "with X providing gains over Y": a name, then a participle
        at or right before the cue, opens a clause of its own after "with"."""
        name = None
        for k in range(with_ + 1, min(cue, with_ + 4)):  # "with (the / our / shallow) X ..."
            name = self.cover.get(k)
            if name is not None or not self.texts[k].isalpha() or not self.texts[k].islower():
                break
        between = self.lower[name.end : cue + 1] if name is not None and name.label_ in MODEL_LIKE else [","]
        return len(between) <= 5 and "," not in between and any(w.endswith("ing") and w.isalpha() for w in between)

    def _subject(self, floor: int, cue: int, antecedent: list[Role] | None, *, look_back: bool = True) -> list[Role]:
        """The winner side of a clause: see the module docstring."""
        if antecedent is not None:
            return antecedent
        lower, cover = self.lower, self.cover
        depth, in_parens, opened_after, we = 0, None, "", None
        i = opening = self._after_introduction(floor, cue)
        while i < cue:
            word = lower[i]
            if word == "(":
                depth += 1
                opened_after = lower[i - 1] if i > floor else ""
            elif word == ")" or (depth and paren_depth(word) < 0):
                depth = max(0, depth - 1)  # "(... rank 8)," closes with its last word
            elif depth:
                name = cover.get(i)
                # "the best fine-tuned model (GPT OSS 120B) achieves": the name of a generic subject
                if in_parens is None and name is not None and name.label_ in MODEL_LIKE \
                        and opened_after in SELF_REFERENCES | CLASS_HEADS | {"agent", "llm", "baseline"}:
                    in_parens = name
            elif word == "we" and all(w in _ADVERBIALS or w.endswith("ly") for w in lower[opening:i]):
                we = Role(i, i + 1, OURS)  # "we outperform X", "(results show that) we achieve gains over X",
                # unless a name in the clause is the winner ("We show, e.g., X outperforms Y")
            elif word in {"our", "the", "this"} and (ours := self._self_reference(
                    i, cue, opens=all(w in _ADVERBIALS or w.endswith("ly") for w in lower[opening:i]))) is not None:
                if ours.ref == OURS and word == "this" and look_back:
                    return self._previous_subject(floor) or [ours]
                return [ours]
            elif word in {"it", "they"} and all(w in _ADVERBIALS or w.endswith("ly") for w in lower[opening:i]):
                if not look_back:
                    return []
                # "X was evaluated on Y, and results show that it outperforms Z": X, from this sentence
                sent_start = self.sents.start(floor)
                main = self._subject(sent_start, floor, None, look_back=False) if floor > sent_start else []
                return main or self._previous_subject(floor) or self._previous_proposal(i, floor)
            elif word in {"this", "the"} and i + 1 < cue and lower[i + 1] == "baseline" and look_back:
                return self._previous_baseline(floor)  # "we evaluated a baseline (GPT-4o) ... This baseline"
            elif word in _OBJECT_CUES and i > floor:
                break  # "we obtain 2.81 EPE, improving over SEA-RAFT ... and outperforming RAFT": objects
            else:
                name = cover.get(i)
                if name is not None and name.label_ in MODEL_LIKE and name.start == i:
                    if not self._after_preposition(i, floor) and is_specific(self.texts, name) \
                            and not (name.end < cue and lower[name.end] in _OWNED):
                        return self._conjoined(name, cue)  # not "zero-shot CHM performance"
                    i = name.end
                    continue
            i += 1
        if in_parens is not None:
            return [Role(in_parens.start, in_parens.end)]
        sent_start = self.sents.start(floor)
        if look_back and floor > sent_start + 1 and lower[floor - 1] == "but" and lower[floor] in {"also", "even"}:
            return self._subject(sent_start, floor - 1, None, look_back=False)  # "X not only ..., but also beats Y"
        shaped = self._shaped_subject(self._after_introduction(floor, cue), cue)
        if shaped is None and we is not None:
            shaped = self._shaped_subject(we.end, cue) or we
        return [shaped] if shaped is not None else []

    def _bare_name(self, at: int, cue: int) -> bool:
        """A capitalised word with no determiner right before a verb of winning is a name
        ("On HLE, Orchestrator achieves 37.1%, outperforming GPT-5"; "Orchestrator surpasses GPT-5")."""
        word = self.texts[at]
        if not (word[:1].isupper() and word[1:].islower() and word.isalpha() and len(word) >= 4) \
                or word.lower() in NOT_NAMES or word.lower().endswith(_COMMON_SUFFIXES):
            return False
        verb = at + 1
        while verb < cue and self.lower[verb].endswith("ly"):
            verb += 1
        return verb == cue and self.lower[cue] in OUTPERFORM_VERBS or self.lower[verb] in _RESULT_VERBS

    def _shaped_subject(self, start: int, cue: int) -> Role | None:
        """A name-shaped word the recognisers missed or read as data, opening the clause before
        its verb ("MUSE breaks the trade-off ... and surpasses Y", "the proposed QXNet outperforms")."""
        lower, texts = self.lower, self.texts
        at = start
        while at < cue and lower[at] in {"the", "our", "proposed", "resulting"}:
            at += 1
        if at + 1 >= len(lower) or at >= cue:
            return None
        if not name_shape(texts[at]) and not self._bare_name(at, cue):
            return None
        span = self.cover.get(at)
        if span is not None and (span.label_ not in _DATA_LIKE or span.start != at or span.end != at + 1):
            return None
        after = lower[at + 1]
        if at + 1 == cue or after.endswith("ly") or after in {"also", "is", "was", "can", "not"} \
                or (after.endswith("s") and after.isalpha() and not after.endswith("ss") and after not in _OWNED):
            return Role(at, at + 1)
        return None

    def _after_introduction(self, floor: int, cue: int) -> int:
        """Where the main clause starts after an introductory phrase ("When paired with A, B,
        and C, MIRA improves ...": after the comma that no further list item follows)."""
        lower, cover = self.lower, self.cover
        participle = floor == self.sents.start(floor) and lower[floor].endswith(("ing", "ed")) \
            and not self.cover.get(floor)  # "Starting from X, Y outperforms", "Trained on A, Y beats"
        if lower[floor] not in _INTRODUCERS and not participle:
            return floor
        depth = 0
        for k in range(floor, cue):
            depth += paren_depth(lower[k])
            if lower[k] != "," or depth:
                continue
            nxt = k + 1
            while nxt < cue and lower[nxt] in {"and", "or"}:
                nxt += 1
            name = cover.get(nxt)
            if name is None or name.start != nxt or name.end >= cue or lower[name.end] not in {",", "and", "or"}:
                return k + 1
        return floor

    def _self_reference(self, i: int, cue: int, *, opens: bool = False) -> Role | None:
        """"our (proposed) X", "the proposed model", "this method" at token `i`; "the model"
        only when it opens the clause right before the cue ("The approach also outperforms Y"):
        an abstract's unqualified subject is its own system."""
        lower = self.lower
        j = i + 1
        while j < cue and (lower[j] in _OUR or SIZE_RE.match(self.texts[j])):  # "our 7B model"
            j += 1
        if lower[i] == "the" and j == i + 1:
            if not (opens and j < cue and lower[j] in SELF_REFERENCES
                    and all(w in _ADVERBIALS or w.endswith("ly") or w in {"can", "also"} for w in lower[j + 1 : cue])):
                return None  # "the model" in a longer phrase is anyone's
            return Role(i, j + 1, OURS)
        if lower[i] != "our" and j == i + 1 and lower[i] != "this":
            return None
        name = self.cover.get(j)
        if name is not None and name.label_ in MODEL_LIKE and name.start == j and lower[i] != "this":
            return Role(name.start, name.end)
        for k in range(j, min(cue, j + 3)):
            if lower[k] in SELF_REFERENCES or (lower[k].endswith("s") and lower[k][:-1] in SELF_REFERENCES):
                named = self.cover.get(k + 1)
                if named is not None and named.label_ in MODEL_LIKE and named.start == k + 1:
                    return Role(named.start, named.end)  # "our agent ZetaNet"
                return Role(i, k + 1, OURS)
            if not self.texts[k].replace("-", "").isalpha():
                break
        if lower[i] != "our" or j >= cue:
            return None
        if name_shape(self.texts[j]) and self.cover.get(j) is None:
            return Role(j, j + 1)  # "our QLMU sets ...": a name the recognisers missed
        for k in range(j, min(cue, j + 3)):  # "our design can achieve", "our tracker consistently beats"
            if not (self.texts[k].islower() and self.texts[k].replace("-", "").isalpha()) or lower[k] in _REPORTS:
                return None
            after = lower[k + 1]
            if k + 1 == cue or after in _OWN_VERBS or (after.endswith("ly") and len(after) > 4):
                return Role(i, k + 1, OURS)
        return None

    def _previous_subject(self, floor: int) -> list[Role]:
        sent_start = self.sents.start(floor)
        if sent_start == 0:
            return []
        previous = self.sents.start(sent_start - 1)
        return self._subject(previous, sent_start, None, look_back=False)

    def _previous_proposal(self, pronoun: int, floor: int) -> list[Role]:
        """"We propose a sparse retrieval model. It outperforms Y": "it" is what the paper
        proposes when the sentence before says "we propose / introduce ..." and names nothing."""
        sent_start = self.sents.start(floor)
        if sent_start == 0:
            return []
        before = self.lower[self.sents.start(sent_start - 1) : sent_start]
        if "we" in before and not PROPOSAL_VERBS.isdisjoint(before):
            return [Role(pronoun, pronoun + 1, OURS)]
        return []

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
            if name is not None and name.label_ in MODEL_LIKE and is_specific(self.texts, name):
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
        if word == "on" and (self.lower[i - 1] == "based" or self.lower[i + 1 : i + 2] == ["average"]):
            return False  # "outperforms all baselines on average, including A and B"
        if word == "both":  # "both quantitatively and qualitatively"
            return i + 1 < len(self.lower) and self.lower[i + 1].endswith("ly")
        if word == "and" and i + 1 < len(self.lower):  # "... over RAG, and (even) enables X to": a new verb
            if self._name_opens_clause(i + 1) or not OUTPERFORM_VERBS.isdisjoint(self.lower[i + 1 : i + 7]):
                return True  # "..., and RAPO consistently surpasses GRPO", "and tuned B outperforms": a new clause
            adverb = self.lower[i + 1].endswith("ly") or self.lower[i + 1] in _ADVERBIALS | {"even", "still"}
            k = i + 2 if adverb and i + 2 < len(self.lower) else i + 1
            nxt = self.texts[k]
            return nxt.islower() and nxt.isalpha() and nxt not in CLASS_HEADS and nxt not in GENERIC_LOSER_HEADS \
                and (nxt.endswith("ed") or (nxt.endswith("s") and not nxt.endswith("ss")))
        if word == "," and i + 1 < len(self.lower):  # "outperforms X, generalizes to Y": a new verb
            nxt = self.texts[i + 1]
            return nxt.islower() and nxt.isalpha() and nxt not in CLASS_HEADS and nxt not in GENERIC_LOSER_HEADS \
                and len(nxt) > 4 and nxt.endswith("s") and not nxt.endswith(("ss", "ics", "ous")) \
                and nxt not in _COMMA_NOUNS
        return word in _CLAUSE_END

    def _noun_opens_clause(self, i: int, cue: int) -> bool:
        """"..., and intent-conditioned distillation outperforms Y": a short noun phrase between
        "and" and a verb of winning is a new subject (not "and consistently outperforms")."""
        between = self.lower[i:cue]
        if self.lower[cue].endswith("ing"):
            return False  # "..., and uses half the parameters while outperforming Y": X's own clause goes on
        return self.lower[cue] in OUTPERFORM_VERBS and 0 < len(between) <= 5 and "," not in between \
            and any(not (w.endswith("ly") or w in _ADVERBIALS or w in {"even", "still", "-"}) for w in between)

    def _name_opens_clause(self, i: int) -> bool:
        """Whether a name at token `i` is the subject of a new clause: an adverb or a verb of
        winning follows it ("and RAPO consistently surpasses", "and RAPO outperforms")."""
        name = self.cover.get(i)
        if name is None or name.start != i or name.label_ not in MODEL_LIKE or name.end >= len(self.lower):
            return False
        after = self.lower[name.end]
        return after.endswith("ly") or after in OUTPERFORM_VERBS

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
            if not between and i > 0 and (lower[i - 1] in _MARGIN_UNITS or self._number(i - 1) is not None):
                between = " ".join(self.texts[max(self.sents.start(than), i - 10) : i])  # "3.2 points higher"
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
