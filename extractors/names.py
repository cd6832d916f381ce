"""`kg_names`: entity names the gazetteer does not know, found by shape and context.

Runs after `kg_gazetteer` and adds MODEL/METHOD/DATASET/METRIC/TASK spans to the same
span group: defined abbreviations ("Accumulative ... (A2SF)"), name-shaped words
("IconShop", "LI-DiT-10B", "Mamba-2-Hybrid"), proper-noun runs ("Routing Transformer"),
names before a type noun ("the KHATT dataset", "the TCSP crystal structure prediction
algorithm"), after a naming cue ("a method called X") and in lists next to known names.
An apposition types a new name ("Ko-MuSR, the first benchmark ..."); a generic
architecture word used as a modifier ("transformer models") is no mention of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.abbreviations import Abbreviation, abbreviation_names, find_abbreviations, later_mentions
from extractors.descriptive import DESCRIPTIVE_KB_ID, GENERIC_HEADS, apposed_name, descriptive_name
from extractors.cues import (
    GENERIC_NAMES,
    LIST_CUES,
    NAMING_CUES,
    NOT_NAMES,
    OUTPERFORM_VERBS,
    PROPOSAL_VERBS,
    TYPE_NOUN_LABEL,
)
from extractors.compared_names import RESULT_VERBS, compared_names, coordinated_names
from extractors.metric_phrases import PHRASE_METRIC_HEADS, metric_phrases
from extractors.name_context import ARTICLES, acronym_before, evaluated_on, is_proposed_word, new_name_label
from extractors.name_spans import (
    POSSESSIVES,
    as_apposition_says,
    coverage,
    is_linked_name,
    is_modifier,
    with_our_modifiers,
    with_sizes,
    without_trailing_number,
)
from extractors.proposals import proposal_subject
from extractors.sents import CueMatcher, Sentences, read_spans, write_spans
from extractors.shapes import NameFamilies, label_by_suffix, label_for_head, name_key, name_shape, shaped_words

# Abbreviation, find_abbreviations, label_for_head, name_key and name_shape live in
# `extractors.abbreviations` and `extractors.shapes`, evaluated_on and new_name_label in
# `extractors.name_context`; they stay importable from here.
__all__ = ["Abbreviation", "NameFinder", "evaluated_on", "find_abbreviations", "new_name_label", "label_for_head", "make_name_finder",
           "name_key", "name_shape"]

_MODIFIER_SUFFIX_RE = re.compile(
    r"-(?:based|like|style|series|class|family|type|specific|only|free|level|wise|aware)$", re.I
)
# Capitalised words in a row ("Routing Transformer", "Midjourney V6", "Named-Entity Recognition",
# "KITTI 3D Object Detection Benchmark": a digit and one capital is a word inside the run)
_DIGIT_CAPITAL_RE = re.compile(r"\d[A-Z]")
_RUN_RE = re.compile(r"[A-Z](?<!\w.)[\w'’]*(?:-[\w]+)*(?:[ \u00a0]+(?:[A-Z][\w'’]*(?:-[\w]+)*|[vV]?\d+(?:\.\d+)?\b|\d[A-Z]\b(?=[ \u00a0]+[A-Z])))+")


class NameFinder:
    """Adds new names to `doc.spans[spans_key]`; see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, max_run: int) -> None:
        self.name = name
        self.spans_key = spans_key
        self.max_run = max_run
        self.families = NameFamilies()
        self.matcher = CueMatcher(nlp, {
            "PAREN": ["("],
            "TYPE_NOUN": TYPE_NOUN_LABEL,
            "PROPOSE": PROPOSAL_VERBS,
            "OUR": ["our"],
            "NAMING": NAMING_CUES - {"namely"},
            "LIST": (LIST_CUES - {"such", "like"}) | {"such as"},
            "COMPARE": OUTPERFORM_VERBS | {"than", "versus", "vs", "vs.", "over"},
            "ACHIEVE": RESULT_VERBS,
            "COORD": [",", "and", "or"],
            "METRIC_HEAD": PHRASE_METRIC_HEADS,
        })

    def add_families(self, patterns: Iterable[dict]) -> None:
        """Learn name families from gazetteer patterns (see `NameFamilies`)."""
        self.families.add(patterns)

    def __call__(self, doc: Doc) -> Doc:
        self._rejected: set[str] = set()
        self._redefined: set[str] = set()  # short forms the paper defines otherwise than the vocabulary
        self._sents = sents = Sentences(doc)
        self._toks = toks = sents.tokens
        known = read_spans(doc, self.spans_key)
        found: list[Span] = []
        by_label: dict[str, list[int]] = {}
        for label, start, _ in self.matcher(doc):
            by_label.setdefault(label, []).append(start)
        runs = []
        for m in _RUN_RE.finditer(sents.text):
            run = toks.contained(m.start(), m.end())
            if len(run) > 1 and not sents.is_start(run.start):
                runs.append((run.start, run.stop))
        covered = coverage(known)
        found.extend(self._abbreviations(doc, by_label.get("PAREN", []), covered))
        if self._redefined:  # Span.text joins tokens: read only when the paper redefined a short form
            known = [s for s in known if s.text not in self._redefined]
        # a task the paper defined is what a "SCD benchmark" or "SCD framework" is for, not its name
        tasks = {m.start for m in found if m.label_ == "TASK"}
        found.extend(self._before_type_nouns(doc, by_label.get("TYPE_NOUN", []), covered, tasks))
        found.extend(self._after_naming_cues(doc, by_label.get("NAMING", [])))
        found.extend(self._after_proposal_verbs(doc, by_label.get("PROPOSE", []), covered))
        for i in by_label.get("OUR", []):  # "our L2O-based inverse optimizer"
            found.extend(self._descriptive(doc, i, covered))
        sure = {s.id_: s.label_ for s in known + found}
        found.extend(self._in_lists(doc, by_label.get("LIST", []), known + found))
        compared = coverage(known + found)
        new = list(compared_names(doc, toks, by_label.get("COMPARE", []) + by_label.get("ACHIEVE", []), compared,
                                  self._rejected))
        compared.update({s.start: s for s in new})
        found.extend(new)
        found.extend(coordinated_names(doc, toks, by_label.get("COORD", []), compared, self._rejected))
        found.extend(self._shaped(doc, covered))
        found.extend(self._to_names(doc, covered))
        found.extend(self._runs(doc, runs, covered))
        found.extend(metric_phrases(doc, sents, by_label.get("METRIC_HEAD", []), covered))
        typed = [as_apposition_says(doc, toks, s) for s in found]
        # "HZNU-FCD, a large-scale ... benchmark", "we introduce VETO, a benchmark ...": every mention
        # is what the apposition says
        sure.update({t.id_: t.label_ for s, t in zip(found, typed, strict=True)
                     if t.label_ != s.label_ and t.id_ not in {k.id_ for k in known}})
        found = typed
        spans = [s for s in filter_spans(known + found) if not is_modifier(toks, s)]
        spans = [with_our_modifiers(doc, toks, s) for s in spans]
        spans = [Span(doc, s.start, s.end, label=sure[s.id_], span_id=s.id_)
                 if sure.get(s.id_, s.label_) != s.label_ else s for s in with_sizes(doc, toks, spans)]
        write_spans(doc, self.spans_key, sorted(spans, key=lambda s: s.start))
        return doc

    def _after_proposal_verbs(self, doc: Doc, verbs: list[int], covered: dict[int, Span]) -> Iterator[Span]:
        """"we introduce GLACIA": an all-caps word right after a proposal verb, or a plain
        capitalised one with its later mentions ("we introduce Vero, an ..."); "we propose a
        spectral analysis framework": a descriptive name (see `extractors.descriptive`)."""
        toks = self._toks
        texts = toks.texts
        for i in verbs:
            j = i + 1
            if j < len(texts) and name_shape(texts[j]) == "caps" and j not in covered \
                    and texts[j] not in self._rejected:
                yield Span(doc, j, j + 1, label="MODEL", span_id=name_key(texts[j]))
            elif j < len(texts) and j not in covered and is_proposed_word(texts, j) \
                    and proposal_subject(doc, i, self._sents):
                key = name_key(texts[j])
                yield Span(doc, j, j + 1, label="MODEL", span_id=key)
                yield from later_mentions(doc, self._sents.text, texts[j], toks.end(j), "MODEL", key)
            elif j < len(texts) and proposal_subject(doc, i, self._sents):
                yield from self._descriptive(doc, j, covered)
                if (found := apposed_name(toks, j, self._sents.end(j))) is not None and found.start not in covered:
                    yield Span(doc, found.start, found.end, label=found.label,
                               span_id=name_key(toks.span_text(found.start, found.end)))

    def _descriptive(self, doc: Doc, start: int, covered: dict[int, Span]) -> Iterator[Span]:
        """The descriptive name of the paper's own thing at token `start` ("a" / "our")."""
        toks = self._toks
        found = descriptive_name(toks, start, min(self._sents.end(start), start + 10))
        if found is None:
            return
        known = {covered.get(k) for k in range(found.start, found.end - 1)}
        if len(known) == 1 and None not in known and toks.texts[found.end - 1].lower() in GENERIC_HEADS:
            return  # "a contrastive learning method": a known name and a generic head
        yield Span(doc, found.start, found.end, label=found.label, kb_id=DESCRIPTIVE_KB_ID,
                   span_id=name_key(toks.span_text(found.start, found.end)))

    def _abbreviations(self, doc: Doc, parens: list[int], covered: dict[int, Span]) -> Iterator[Span]:
        return abbreviation_names(doc, self._sents, parens, covered, self._rejected, self._redefined)

    def _shaped(self, doc: Doc, covered: dict[int, Span]) -> Iterator[Span]:
        toks = self._toks
        texts = toks.texts
        for m in shaped_words(self._sents.text):
            word = m.group().rstrip(".")
            if "-" in word:
                word = _MODIFIER_SUFFIX_RE.sub("", word)
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            if word in self._rejected:
                continue
            shape = name_shape(word)
            first_char, end_char = m.start(), m.start() + len(word)
            if not shape:
                parts = word.split("-")
                if len(parts) > 1 and all(p[:1].isupper() or p[:1].isdigit() for p in parts) and (
                        any(name_shape(p) for p in parts)
                        or any(i in covered for i in toks.overlapping(first_char, end_char))):
                    shape = "strong"
                elif is_linked_name(parts) or (len(parts) == 2 and all(p[:1].isupper() for p in parts) and (
                        parts[-1].lower() in _COMPOUND_HEADS or label_by_suffix(parts[-1]) == "MODEL")):
                    shape = "strong"  # "LLM-as-a-Judge", "Lite-Encoder", "Clinical-Longformer"
            elif shape == "caps" and "-" in word and len(word.split("-")[-1]) >= 2 \
                    and sum(c.isalpha() for c in word) >= 4:
                shape = "strong"  # "HZNU-FCD", "L-BFGSB": acronyms joined
            if shape != "strong":
                continue
            bounds = toks.exact(first_char, end_char)
            if bounds is None:
                continue
            start, end = bounds
            gaz = covered.get(start)
            if gaz is not None and gaz.start == start and gaz.end >= end:
                continue
            label = gaz.label_ if gaz is not None else new_name_label(
                self.families, [word], toks, self._sents, start, default="MODEL", end=end)
            # "Pre-gated MoE": a capitalised hyphen compound right before the name belongs to it
            if start >= 3 and texts[start - 2] == "-" and not toks.spaces[start - 3] \
                    and texts[start - 3][:1].isupper() and not toks.spaces[start - 2] \
                    and texts[start - 3].lower() not in NOT_NAMES:
                start -= 3
            yield Span(doc, start, end, label=label, span_id=name_key(toks.span_text(start, end)))


    def _to_names(self, doc: Doc, covered: dict[int, Span]) -> Iterator[Span]:
        """"word2vec", "nlg2choice": lower-case names built on "2" (to)."""
        toks = self._toks
        text = self._sents.text
        at = text.find("2")
        while at > 0:
            m = _TO_NAME_RE.match(text, text.rfind(" ", 0, at) + 1) if text[at - 1].islower() else None
            at = text.find("2", at + 1)
            if m is None:
                continue
            bounds = toks.exact(m.start(), m.end())
            if bounds is not None and bounds[0] not in covered:
                yield Span(doc, bounds[0], bounds[1], label=new_name_label(
                    self.families, [m.group()], toks, self._sents, bounds[0], default="MODEL"),
                    span_id=name_key(m.group()))


    def _runs(self, doc: Doc, runs: list[tuple[int, int]], covered: dict[int, Span]) -> Iterator[Span]:
        toks = self._toks
        texts = toks.texts
        for start, end in runs:
            # a stop word opens no name, unless a hyphen glues it to the next word ("First-Order Logic")
            while start < end and (texts[start] == "-" or (texts[start].lower() in NOT_NAMES and toks.spaces[start])):
                start += 1
            while end > start and texts[end - 1] == "-":
                end -= 1
            end = without_trailing_number(texts, start, end)
            while end > start and texts[end - 1] in POSSESSIVES:  # "MetaboT's 83.67%"
                end -= 1
            # "BERT's Masked Language Modeling": the name after a possessive
            start = max([start] + [k + 1 for k in range(start, end - 1) if texts[k] in POSSESSIVES])
            words = [w for w in texts[start:end] if w != "-"]
            if len(words) < 2 or end - start > self.max_run:
                continue
            if start > 0 and texts[start - 1][:1].isupper() and self._sents.is_start(start - 1):
                continue  # "Natural Language Processing" at a sentence start
            text = toks.span_text(start, end)
            if text.lower() in GENERIC_NAMES or any(w.lower() in NOT_NAMES and not _DIGIT_CAPITAL_RE.fullmatch(w)
                                                    for w in texts[start:end]):
                continue  # ("3D" alone names nothing, but inside a run it is a word of the name)
            label = label_for_head(words, default="")
            if not label and len(words) == 2 and not any(name_shape(w) or "-" in w or w[-1:].isdigit() for w in words) \
                    and not any(k in covered and covered[k].label_ in {"MODEL", "METHOD"} for k in range(start, end)) \
                    and texts[start - 1].lower() not in PROPOSAL_VERBS:
                continue  # "Financial Analysis": two plain words and no type (not "Gemini Pro", "we propose Spectral Defense")
            if words[-1].lower() in _EVENT_HEADS:
                continue  # "ArchEHR-QA Shared Task"
            if not label:
                known = next((covered[k].label_ for k in range(start, end) if k in covered), "")
                label = known or ("DATASET" if evaluated_on(toks, self._sents, start) else "METHOD")
            yield Span(doc, start, end, label="METHOD" if label == "METRIC" else label, span_id=name_key(text))

    def _before_type_nouns(self, doc: Doc, nouns: list[int], covered: dict[int, Span],
                           tasks: set[int]) -> Iterator[Span]:
        toks, sents = self._toks, self._sents
        texts, spaces = toks.texts, toks.spaces
        for i in nouns:
            if not texts[i].islower():
                continue
            end = i
            start = end
            while start > 0 and end - start < 6:
                prev = texts[start - 1]
                # part of a hyphenated word with its right or left neighbour
                glued = (start < end and not spaces[start - 1]) or (
                    start >= 2 and texts[start - 2] == "-" and not spaces[start - 2])
                # "the emrQA-MedSQuAD corpus": a name-shaped part of a hyphen compound, whatever its case
                if (prev == "-" and glued) or (glued and (prev[:1].isupper() or name_shape(prev))) \
                        or (prev[:1].isupper() and prev.lower() not in NOT_NAMES):
                    start -= 1
                else:
                    break
            while start < end and texts[start] == "-":
                start += 1
            if start == end:
                # "the TCSP crystal structure prediction algorithm": an acronym before plain words
                if not any(k > 0 and not texts[k].islower() and texts[k - 1].lower() in ARTICLES
                           for k in (i - 2, i - 3, i - 4)):
                    continue
                acronym = acronym_before(texts, i, max(sents.start(i), i - 5))
                if acronym is not None and acronym not in covered and acronym not in tasks \
                        and texts[acronym] not in self._rejected:
                    yield Span(doc, acronym, acronym + 1, label=TYPE_NOUN_LABEL[texts[i].lower()],
                               span_id=name_key(texts[acronym]))
                continue
            gaz = covered.get(end - 1)
            if (gaz is not None and gaz.start <= start) or (end - start == 1 and start in tasks):
                continue
            text = toks.span_text(start, end)
            if text.lower() in GENERIC_NAMES or not any(
                    name_shape(texts[k]) or (texts[k].istitle() and not sents.is_start(k)) for k in range(start, end)):
                continue
            label = TYPE_NOUN_LABEL[texts[i].lower()]
            yield Span(doc, start, end, label=label, span_id=name_key(text))
            # "Uniqueness and Novelty measures"
            j = start - 1
            while j > 0 and texts[j].lower() in {"and", ",", "or"} and texts[j - 1][:1].isupper() \
                    and texts[j - 1].lower() not in NOT_NAMES and (j - 1) not in covered:
                yield Span(doc, j - 1, j, label=label, span_id=name_key(texts[j - 1]))
                j -= 2

    def _after_naming_cues(self, doc: Doc, cues: list[int]) -> Iterator[Span]:
        toks = self._toks
        texts = toks.texts
        for i in cues:
            if i > 0 and toks.texts[i - 1] == "-" or texts[i].lower() == "named" and i + 1 < len(toks) \
                    and texts[i + 1].lower() in {"entity", "entities"}:
                continue  # "so-called", "named entities"
            start = i + 1
            while start < len(toks) and texts[start] in _QUOTES:  # called ``hallucinations''
                start += 1
            end = start
            # "called Zeta-Stanza": a hyphen inside a word is part of the name
            while end < len(toks) and end - start < 5 and texts[end] not in _QUOTES \
                    and (not doc[end].is_punct or texts[end] == "-" and not toks.spaces[end - 1]) \
                    and not self._sents.is_start(end) \
                    and texts[end].lower() not in {"that", "which", "and", "to", "for", "with", "in", "on", "is", "as"}:
                end += 1
            if start < end and (texts[start][:1].isupper() or name_shape(texts[start])):
                # "a dataset called OntoGUM publicly available": a name stops at the first plain word
                end = next((k for k in range(start + 1, end) if texts[k].islower() and toks.spaces[k - 1]
                            and not name_shape(texts[k])), end)
            if end == start or texts[start].lower() in NOT_NAMES:
                continue
            label = next((TYPE_NOUN_LABEL[w.lower()] for w in reversed(texts[max(self._sents.start(i), i - 6) : i])
                          if w.lower() in TYPE_NOUN_LABEL), "METHOD")
            yield Span(doc, start, end, label=label, span_id=name_key(toks.span_text(start, end)))

    def _in_lists(self, doc: Doc, cues: list[int], spans: list[Span]) -> Iterator[Span]:
        by_token = coverage(spans)
        toks, sents = self._toks, self._sents
        texts = toks.texts
        n_tokens = len(texts)
        for i in cues:
            j = i + 1 if texts[i].lower() != "such" else i + 2
            while j < n_tokens and texts[j] in {",", ":"}:
                j += 1
            items, current = [], []
            while j < n_tokens and j - i < 25 and texts[j] not in {")", ".", ";", "("} \
                    and not (sents.is_start(j) and j > i + 2):
                if texts[j] == "," or texts[j].lower() in {"and", "or"}:
                    if current:
                        items.append(current)
                    current = []
                else:
                    current.append(j)
                j += 1
            if current:
                items.append(current)
            labels = [by_token[t].label_ for item in items for t in item if t in by_token]
            if not labels:
                labels = [TYPE_NOUN_LABEL[w.lower()] for w in texts[max(sents.start(i), i - 8) : i]
                          if w.lower() in TYPE_NOUN_LABEL][-1:]
            if not labels:
                continue
            label = Counter(labels).most_common(1)[0][0]  # a tie goes to the first seen, whatever the hash seed
            for item in items:
                # the clause goes on after the list ("such as M6Doc and D4LA offer richer labels"):
                # a name ends before a run of two or more plain lower-case words; one is its head
                # noun ("MLP and Attention layers")
                plain = [k for k in range(1, len(item)) if texts[item[k]][:1].islower()
                         and texts[item[k]].isalpha() and not name_shape(texts[item[k]])]
                if len(plain) >= 2:
                    item = item[: plain[0]]
                if any(t in by_token for t in item) or len(item) > 4:
                    continue
                first = texts[item[0]]
                if not (first[:1].isupper() or name_shape(first)) or first.lower() in NOT_NAMES:
                    continue
                yield Span(doc, item[0], item[-1] + 1, label=label,
                           span_id=name_key(toks.span_text(item[0], item[-1] + 1)))


_COMPOUND_HEADS = frozenset("encoder decoder net network former transformer attention block module".split())
_EVENT_HEADS = frozenset({"task", "challenge", "competition", "workshop", "track", "conference", "act"})


_TO_NAME_RE = re.compile(r"[a-z]{2,}2[a-z]{2,}(?![\w-])")


_QUOTES = frozenset({"`", "``", "'", "''", '"', "“", "”", "‘", "’", "«", "»"})


@Language.factory(
    "kg_names",
    assigns=["doc.spans"],
    requires=["doc.sents"],
    default_config={"spans_key": "kg_entities", "max_run": 6},
)
def make_name_finder(nlp: Language, name: str, spans_key: str, max_run: int) -> NameFinder:
    """Build the `kg_names` component."""
    return NameFinder(nlp, name, spans_key=spans_key, max_run=max_run)
