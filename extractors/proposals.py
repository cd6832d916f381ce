"""`kg_proposals`: which named entities the paper itself proposes.

Reads the entity span group and writes the proposed mentions to
``doc.spans["kg_proposals"]``:

- the first name after "we propose / introduce / present ..." (also "we study X and
  propose Y"), a descriptive name there ("we propose a spectral analysis framework"), and
  the names after "namely" in such a sentence;
- "our proposed X", "the proposed X", "our model, the X";
- a new name with an apposition that says what it is, in a sentence of the paper's own
  ("we integrate ADBlock, a lightweight AD module"), or after "a new ... called X";
- a component the paper describes ("The small model, Fine-grained Difference-aware Mamba
  (FD-Mamba), learns ..."), when the abstract proposes something;
- the name of the code repository it releases ("github.com/user/FD-Mamba").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.cues import NAMING_CUES, OUTPERFORM_VERBS, PROPOSAL_BLOCKERS, PROPOSAL_VERBS, SELF_REFERENCES
from extractors.descriptive import DESCRIPTIVE_HEADS, DESCRIPTIVE_KB_ID
from extractors.sents import CueMatcher, Sentences, read_spans
from extractors.shapes import name_key

__all__ = ["ProposalFinder", "make_proposal_finder", "proposal_subject"]

_SUBJECTS = {"we", "paper", "work", "study", "thesis", "article", "here", "proposal", "research"}
# "we address it by introducing X": the paper's own proposal in a gerund after "by"
_OTHERS = frozenset("prior previous recent existing earlier related other past some much".split())
_GERUNDS = frozenset("proposing introducing presenting developing designing devising".split())
_WIN_VERBS = OUTPERFORM_VERBS | frozenset("achieves attains reaches sets".split())
_NOVEL_ONLY_VERBS = frozenset("define defines formulate formulates".split())
_LIST_GLUE = {",", "and", "namely", "(", ")", "the", "a", "an", "two", "three", "both", "as", "well"}
# Verbs that take somebody else's model as object ("we use GPT-4o, a multimodal model, to").
_USE_WORDS = frozenset(
    """extend extends extended adapt adapts adapted modify modifies modified augment augments augmented
    enhance enhances enhanced improve improves improved analyze analyzes analyse analyses examine
    examines revisit revisits explore explores probe probes
    use uses used using adopt adopts adopted employ employs employed leverage leverages utilize
    utilizes compare compares compared evaluate evaluates evaluated test tests tested fine-tune
    fine-tunes fine-tuned finetune train trains trained apply applies applied benchmark prompt
    with on from of to than by against including like such via over""".split()
)
_USE_VERBS = _USE_WORDS - frozenset("with on from of to than by against including like such via over".split())
_APPOSITION_NOUNS = frozenset(DESCRIPTIVE_HEADS) | SELF_REFERENCES | frozenset(
    """benchmark dataset corpus suite metric measure system tool toolkit library module block
    component layer generator detector classifier agent engine platform environment testbed
    simulator""".split()
)
_COMPONENT_NOUNS = frozenset(
    """model module component pathway branch encoder decoder block stage network head
    mechanism unit layer""".split()
)
_REPO_RE = re.compile(r"(?:github\.com|huggingface\.co)/[\w.-]+/([\w.-]+)")


def proposal_subject(doc: Doc, verb: int, sents: Sentences | None = None) -> bool:
    """True when the verb at `verb` has the paper as subject ("we propose", "this work
    introduces", "we study X and propose").

    Examples:
        >>> import spacy
        >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
        >>> doc = nlp("In this paper, we propose XNet. They present YNet. We study A in B and propose CNet. "
        ...           "Prior work proposed DNet.")
        >>> [t.i for t in doc if t.text in {"propose", "present", "proposed"}]
        [5, 9, 18, 23]
        >>> [proposal_subject(doc, i) for i in (5, 9, 18, 23)]
        [True, False, True, False]
    """
    sents = sents or Sentences(doc)
    cached = sents.tokens.texts
    sent_start = sents.start(verb)
    window = cached[max(sent_start, verb - 4) : verb]
    if any(w.lower() in _SUBJECTS and not (k and window[k - 1].lower() in _OTHERS) for k, w in enumerate(window)):
        return True  # not "Recent work has proposed X": somebody else's work
    before = cached[sent_start:verb]
    return len(before) > 1 and before[-1].lower() in {"and", ",", "by"} and any(w.lower() == "we" for w in before)


class ProposalFinder:
    """Marks proposed entity mentions; see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, output_key: str, window: int) -> None:
        self.name = name
        self.spans_key = spans_key
        self.output_key = output_key
        self.window = window
        self.matcher = CueMatcher(nlp, {
            "VERB": PROPOSAL_VERBS | _GERUNDS | _NOVEL_ONLY_VERBS,
            "NAMELY": ["namely"],
            "CALLED": NAMING_CUES - {"namely"},
            # "a framework we call X", "which we term X": the paper names its own work
            "WECALL": [f"we {verb}" for verb in ("call", "term", "name", "dub", "coin")],
            "REFERRED": ["referred to as", "refer to", "denoted as", "denote"],
            "OURS": ["our", *(f"{d} {a}" for d in ("our", "the") for a in ("proposed", "novel", "new"))],
            "APPOSITIVE": [f"{own} {ref} ,{art}" for ref in SELF_REFERENCES for art in ("", " the", " a", " an")
                           for own in ("our", "our proposed", "the proposed", "our new", "our final")],
            "DESCRIBED": [", a", ", an"],
            "COMPONENT": [f"{noun} ," for noun in _COMPONENT_NOUNS],
            "PASSIVE": [f"{be} {verb}" for be in ("is", "are") for verb in ("proposed", "introduced", "presented",
                                                                           "developed", "designed", "devised")],
            "DESCRIBE": ["describe", "describes"],
        })

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        sents = Sentences(doc)
        if not matches and "github.com/" not in sents.text and "huggingface.co/" not in sents.text:
            doc.spans[self.output_key] = []
            return doc
        texts = sents.tokens.texts
        spans = read_spans(doc, self.spans_key)
        starts = {span.start: span for span in spans}
        ends = {span.end: span for span in spans}
        found: dict[int, Span] = {}
        components: list[int] = []
        # "The ensemble model, referred to as EL-4, ...": a name given in a paper that proposes
        proposes = any(rule == "VERB" and proposal_subject(doc, start, sents) for rule, start, _ in matches)
        for rule, start, end in matches:
            if rule == "VERB" and proposal_subject(doc, start, sents):
                for span in self._after_verb(texts, sents, end, starts):
                    found[span.start] = span
                if (span := _before_we(texts, sents, start, ends)) is not None:
                    found[span.start] = span
            elif rule == "NAMELY" and _proposes_before(texts, sents.start(start), start):
                for span in self._list(texts, sents, end, starts):
                    found[span.start] = span
            elif rule == "CALLED" and (named := self._called(texts, sents, start, end, starts, proposes)) is not None:
                found[named.start] = named
            elif rule == "WECALL" and end in starts:
                found[end] = starts[end]
            elif rule == "REFERRED" and (proposes or self._ours(texts, sents, start)):
                span = next((starts[k] for k in range(end, min(sents.end(start), end + 12))
                             if k in starts and texts[k - 1].lower() == "as"), None)
                if span is not None:
                    found[span.start] = span
            elif rule in {"OURS", "APPOSITIVE"} and end in starts and (
                    self._is_name(texts, starts[end]) or starts[end].kb_id_ == DESCRIPTIVE_KB_ID):
                found[end] = starts[end]
            elif rule in {"OURS", "APPOSITIVE"} and end in starts and (short := _defined(texts, starts[end], starts)):
                found[short.start] = short  # "our proposed deeply-gated nets (DGN) method"
            elif rule == "OURS" and (span := self._headed(texts, sents, end, starts)) is not None:
                found[span.start] = span
            elif rule == "DESCRIBED" and (span := self._described(texts, sents, start, ends)) is not None:
                found[span.start] = span
            elif rule == "COMPONENT":
                components.append(end - 1)
            elif rule == "PASSIVE" and (span := _passive_subject(texts, sents, start, end, starts)) is not None:
                found[span.start] = span
            elif rule == "DESCRIBE" and end in starts and self._is_name(texts, starts[end]) \
                    and _apposition_says(texts, sents, starts[end].end) and proposal_subject(doc, start, sents):
                found[end] = starts[end]  # "This paper describes Tacotron 2, a neural network architecture"
        if found or any(rule == "VERB" for rule, _, _ in matches):
            for comma in components:
                if (span := self._component(texts, sents, comma, starts)) is not None:
                    found[span.start] = span
        for span in self._released(doc, sents, spans):
            found.setdefault(span.start, span)
        if proposes and all(s.kb_id_ == DESCRIPTIVE_KB_ID for s in found.values()):
            if (span := _first_winner(texts, spans)) is not None:
                found[span.start] = span
        doc.spans[self.output_key] = [Span(doc, s.start, s.end, label="PROPOSED", span_id=s.id_)
                                      for _, s in sorted(found.items())]
        return doc

    def _after_verb(self, texts: list[str], sents: Sentences, i: int, starts: dict[int, Span]) -> Iterator[Span]:
        sent_end = sents.end(i - 1)
        limit = min(sent_end, i + self.window)
        novel = article = attached = headed = False
        # "we define a new metric, X": "define" proposes only what it calls new
        novel_only = texts[i - 1].lower() in _NOVEL_ONLY_VERBS
        while i < limit:
            if i in starts:
                span = starts[i]
                short = _defined(texts, span, starts)
                if short is not None and not attached and span.label_ not in {"TASK", "METRIC"} \
                        and not self._is_name(texts, span) and not _is_modifier_of_next(texts, span, short.end + 1):
                    # "we propose an image cascade network (ICNet)": a name defined on the spot
                    yield short
                elif span.kb_id_ == DESCRIPTIVE_KB_ID:
                    # "a two-stream attention framework, called FooNet": the name, not the description
                    named = self._named_after(texts, span, starts)
                    yield named if named is not None else span
                elif (novel or not novel_only and (self._is_name(texts, span) or span.label_ != "TASK"
                                                    and _apposition_says(texts, sents, span.end))) \
                        and not _is_modifier_of_next(texts, span) \
                        and not (article and span.end < len(texts) and texts[span.end].lower() in _APPOSITION_NOUNS):
                    # not "an improved RAG framework": a new thing built on a name, not the name
                    yield from self._list(texts, sents, i, starts)
                return
            word = texts[i].lower()
            if word in PROPOSAL_BLOCKERS or headed and word.isalpha() and word.endswith(("ing", "ed")) \
                    and word not in _NAMING_GLUE:
                return  # "a unified system addressing Subtask 3": a participle after the object's noun
            headed = word in SELF_REFERENCES
            novel = novel or word in {"new", "novel"}
            attached = attached or word in _ATTACHING  # "a method for speech recognition (SR)"
            article = article or word in {"a", "an"}
            i += 1

    def _named_after(self, texts: list[str], span: Span, starts: dict[int, Span]) -> Span | None:
        """The name a description is given right after it: ", called X", "(X)", ", X,"."""
        k = span.end
        while k < len(texts) and k - span.end < 3 and texts[k].lower() in NAMING_CUES | {",", "(", "dubbed", "termed"}:
            k += 1
        name = starts.get(k)
        if k == span.end or name is None or name.kb_id_ == DESCRIPTIVE_KB_ID or not self._is_name(texts, name):
            return None
        return name

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

    def _described(self, texts: list[str], sents: Sentences, comma: int, ends: dict[int, Span]) -> Span | None:
        """"we integrate ADBlock, a lightweight AD module": a new name and what it is."""
        span = ends.get(comma)
        if span is None or span.label_ in {"TASK", "METRIC"} \
                or not (self._is_name(texts, span) or any(c.isdigit() for c in span.text)) \
                or comma + 1 >= len(texts) or texts[comma + 1].lower() not in {"a", "an"}:
            return None
        sent_start = sents.start(comma)
        if span.start > sent_start and texts[span.start - 1].lower() in _USE_WORDS | {"the"}:
            return None
        if not self._ours(texts, sents, span.start):
            return None
        return span if _apposition_says(texts, sents, comma) else None

    def _component(self, texts: list[str], sents: Sentences, comma: int, starts: dict[int, Span]) -> Span | None:
        """"The small model, Fine-grained Difference-aware Mamba (FD-Mamba), learns": the
        paper's description of a part, then its name."""
        sent_start = sents.start(comma)
        span = starts.get(comma + 1)
        if span is None or texts[sent_start].lower() not in {"the", "our"} or comma - sent_start > 5 \
                or texts[comma - 1].lower() not in _COMPONENT_NOUNS or span.label_ not in {"MODEL", "METHOD"}:
            return None
        after = span.end
        if after < len(texts) and texts[after] == "(":
            after = next((k + 1 for k in range(after, min(len(texts), after + 8)) if texts[k] == ")"), after)
        return span if after < len(texts) and texts[after] == "," else None

    @staticmethod
    def _released(doc: Doc, sents: Sentences, spans: list[Span]) -> Iterator[Span]:
        """The name of the code repository the paper releases, when the abstract names it."""
        text = sents.text
        if "github.com/" not in text and "huggingface.co/" not in text:
            return
        by_key: dict[str, Span] = {}
        for span in spans:
            if span.label_ in {"MODEL", "METHOD", "DATASET"}:
                by_key.setdefault(span.id_ or name_key(span.text), span)
        for m in _REPO_RE.finditer(sents.text):
            repo = m.group(1).rstrip(".")
            for suffix in (".git", "-main", "-master", "-code", "-official"):
                repo = repo.removesuffix(suffix)
            span = by_key.get(name_key(repo))
            if span is not None:
                yield span

    def _called(self, texts: list[str], sents: Sentences, start: int, end: int, starts: dict[int, Span],
                proposes: bool) -> Span | None:
        """"a new method called X", "our model, dubbed X", "This network, called X,", "The
        proposed architecture, called a X (Y)", "we propose a detector ..., named X": a name
        the paper gives its own work."""
        if end < len(texts) and texts[end].lower() in {"a", "an", "the"}:
            end += 1
        if end not in starts or texts[start].lower() == "named" and texts[end].lower() in {"entity", "entities"}:
            return None
        sent_start = sents.start(start)
        before = [w.lower() for w in texts[max(sent_start, start - 8) : start]]
        own = any(w in {"new", "novel", "our", "we", "this", "proposed"} for w in before) or (
            start - sent_start <= 5 and texts[sent_start].lower() in {"the", "this", "these"}
            and texts[start - 1] == ",")  # "The method, called X, extends Y"
        if own and any(w in _USE_VERBS for w in before):
            return None  # "we use a model called X": somebody else's, named for the reader
        if not own and proposes:
            own = any(w.lower() in PROPOSAL_VERBS for w in texts[sent_start:start]) and self._ours(texts, sents, start)
        return starts[end] if own else None

    def _headed(self, texts: list[str], sents: Sentences, i: int, starts: dict[int, Span]) -> Span | None:
        """"our fast text classifier ZetaText": a name right after the noun that says what the
        paper's own thing is."""
        for k in range(i, min(sents.end(i), i + 5)):
            word = texts[k]
            if not (word.isalpha() or "-" in word) or not word.islower():
                return None
            if word in _APPOSITION_NOUNS or word.removesuffix("s") in _APPOSITION_NOUNS:
                span = starts.get(k + 2 if k + 1 < len(texts) and texts[k + 1] == "(" else k + 1)
                return span if span is not None and span.label_ in {"MODEL", "METHOD", "DATASET"} \
                    and self._is_name(texts, span) else None
        return None

    @staticmethod
    def _ours(texts: list[str], sents: Sentences, i: int) -> bool:
        """Whether the sentence up to token `i` speaks of the paper's own work."""
        return any(w.lower() in {"we", "our", "here"} for w in texts[sents.start(i) : i])

    @staticmethod
    def _is_name(texts: list[str], span: Span) -> bool:
        named = span.start > 0 and texts[span.start - 1].lower() in NAMING_CUES
        if span.label_ in {"TASK", "METRIC"} and not named:
            return False
        return any(c.isupper() for w in texts[span.start : span.end] for c in w) or named


def _first_winner(texts: list[str], spans: list[Span]) -> Span | None:
    """"We propose a two-stream framework ... ZetaFlow outperforms Y": in a paper that proposes
    only a description, a name first seen as the subject of a winning verb is its name."""
    seen: set[str] = set()
    for span in spans:
        key = span.id_ or name_key(span.text)
        if key not in seen and span.label_ in {"MODEL", "METHOD"} and span.end < len(texts) \
                and texts[span.end].lower() in _WIN_VERBS and any(c.isupper() for c in span.text):
            return span
        seen.add(key)
    return None


def _apposition_says(texts: list[str], sents: Sentences, comma: int) -> bool:
    """", a lightweight anomaly module": the apposition at the comma says what kind of thing
    the name before it is."""
    if comma + 1 >= len(texts) or texts[comma] != "," or texts[comma + 1].lower() not in {"a", "an"}:
        return False
    for k in range(comma + 2, min(sents.end(comma), comma + 10)):
        word = texts[k].lower()
        if word in _APPOSITION_NOUNS:
            return True
        if word in {",", ".", ";", "(", "that", "which", "for", "of", "with", "to"}:
            return False
    return False


def _passive_subject(texts: list[str], sents: Sentences, be: int, end: int, starts: dict[int, Span]) -> Span | None:
    """"An Online Instance Matching (OIM) loss function is proposed to ...": the name that opens
    the subject of a present passive proposal (its short form when it has one), never
    somebody else's ("X is proposed by ...", "X was proposed": past work)."""
    sent_start = sents.start(be)
    if texts[sent_start].lower() == "in" and texts[sent_start + 1].lower() == "this" and texts[sent_start + 3] == ",":
        sent_start += 4  # "In this paper, a ... is proposed"
    if texts[sent_start].lower() not in {"a", "an", "the", "our", "this"} \
            or end < len(texts) and texts[end].lower() in {"by", "in"}:
        return None
    span = next((starts[k] for k in range(sent_start, min(be, sent_start + 8)) if k in starts), None)
    if span is None or span.end > be or span.label_ in {"DATASET", "METRIC"}:
        return None
    short = _defined(texts, span, starts)
    after = short.end + 1 if short is not None else span.end
    if any(w != "," and not (w.isalpha() and w.islower()) or w in _CLAUSE_WORDS for w in texts[after:be]):
        return None  # "The encoder is based on X, and the decoder is designed": another clause's name
    if span.label_ == "TASK" and not (after < be and texts[after].lower() in _APPOSITION_NOUNS):
        return None  # "An X loss function": the noun after a task-like name says it is a method
    return short or span


def _proposes_before(texts: list[str], start: int, end: int) -> bool:
    """A proposal verb among tokens [start, end) whose object is not built on somebody else's
    name ("a new architecture based on contextual embeddings, namely X")."""
    verb = next((k for k in range(start, end) if texts[k].lower() in PROPOSAL_VERBS), None)
    return verb is not None and not any(w.lower() in _USE_VERBS | {"based"} for w in texts[verb + 1 : end])


def _before_we(texts: list[str], sents: Sentences, verb: int, ends: dict[int, Span]) -> Span | None:
    """"The Zeta Transfer Network (ZTN) we present employs": the sentence's subject right before
    "we" and the proposal verb, its short form when it has one."""
    k = verb - 1
    if k < 1 or texts[k].lower() != "we":
        return None
    short = ends.get(k - 1) if texts[k - 1] == ")" else None
    span = ends.get(short.start - 1 if short is not None else k)
    if span is None or span.label_ not in {"MODEL", "METHOD", "DATASET"} \
            or span.start - sents.start(k) > 1:  # not "a loss for these networks we present"
        return None
    return short or span


def _defined(texts: list[str], span: Span, starts: dict[int, Span]) -> Span | None:
    """The short form defined right after `span` ("image cascade network (ICNet)"), not the
    long form that spells a name out ("ZetaNet (Zeta Encoding Network)")."""
    k = span.end
    if k + 1 >= len(texts) or texts[k] != "(" or (short := starts.get(k + 1)) is None \
            or len(short.text) >= len(span.text):
        return None
    return short if short.end < len(texts) and texts[short.end] == ")" \
        and any(c.isupper() for c in short.text) else None


def _is_modifier_of_next(texts: list[str], span: Span, end: int | None = None) -> bool:
    """"SSM quantization method", "PPO-based", "a neural network (NN) architecture": the name
    (ending before token `end`, the span's end when None) modifies the noun that follows it."""
    end = span.end if end is None else end
    if end >= len(texts):
        return False
    nxt = texts[end]
    if nxt == "-" and end + 1 < len(texts) and texts[end + 1].lower() in {"based", "like", "style", "driven"}:
        return True  # "a PPO-based framework"
    if end != span.end and nxt.lower() in _AFTER_NAME - _FUNCTION_WORDS:
        return True  # "a neural network (NN) architecture": a kind of thing, not its name
    return nxt.isalpha() and nxt.islower() and nxt.lower() not in _AFTER_NAME


_NAMING_GLUE = NAMING_CUES | {"dubbed", "termed", "coined", "and", "or"}
_CLAUSE_WORDS = PROPOSAL_BLOCKERS | frozenset("is are was were be and or but based".split())
# Words after a proposal verb that attach what follows to something else than the proposal.
_ATTACHING = frozenset("for using via under across over against like such including and or".split())
_FUNCTION_WORDS = frozenset("and or which that to for with based in on as is are was were".split())
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
