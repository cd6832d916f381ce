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

from extractors.abbreviations import Abbreviation, find_abbreviations, later_mentions
from extractors.descriptive import DESCRIPTIVE_KB_ID, GENERIC_HEADS, descriptive_name
from extractors.cues import (
    EVALUATION_CUES,
    GENERIC_NAMES,
    LIST_CUES,
    MODEL_HEADS,
    NAMING_CUES,
    NOT_NAMES,
    OUTPERFORM_VERBS,
    PROPOSAL_VERBS,
    RESULT_SKIP_BEFORE,
    SELF_REFERENCES,
    TYPE_NOUN_LABEL,
)
from extractors.proposals import proposal_subject
from extractors.sents import CueMatcher, Sentences, Tokens
from extractors.shapes import SIZE_RE, NameFamilies, label_by_suffix, label_for_head, name_key, name_shape, shaped_words
from kg.core.taxonomy import metric_name

# Abbreviation, find_abbreviations, label_for_head, name_key and name_shape live in
# `extractors.abbreviations` and `extractors.shapes`; they stay importable from here.
__all__ = ["Abbreviation", "NameFinder", "evaluated_on", "find_abbreviations", "new_name_label", "label_for_head", "make_name_finder",
           "name_key", "name_shape"]

_MODIFIER_SUFFIX_RE = re.compile(
    r"-(?:based|like|style|series|class|family|type|specific|only|free|level|wise|aware)$", re.I
)
# Generic architecture words, and nouns they modify rather than name ("transformer models").
_CLASS_WORDS = frozenset("transformer transformers network networks encoder encoders decoder decoders "
                         "transducer transducers".split())
_CLASS_NOUNS = frozenset(
    """model models architecture architectures encoder encoders decoder decoders layer layers block blocks
    backbone backbones language framework frameworks network networks variant variants module modules
    structure structures family families pruning""".split()
)
# Acronyms of architecture families: "CNN-based" names no model.
_GENERIC_ARCHITECTURES = frozenset(
    "cnn cnns rnn rnns gnn gnns dnn dnns mlp mlps lstm lstms gru grus gan gans vae vaes llm llms vlm vlms "
    "mllm mllms ssm ssms moe snn snns ann anns".split()
)
_MODIFIER_WORDS = frozenset({"based", "like", "style", "series", "class", "family", "type", "specific", "only"})
# Capitalised words in a row ("Routing Transformer", "Midjourney V6", "Named-Entity Recognition")
_RUN_RE = re.compile(r"[A-Z](?<!\w.)[\w'’]*(?:-[\w]+)*(?:[ \u00a0]+(?:[A-Z][\w'’]*(?:-[\w]+)*|[vV]?\d+(?:\.\d+)?\b))+")

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
            "ACHIEVE": _RESULT_VERBS,
            "COORD": [",", "and", "or"],
            "METRIC_HEAD": _PHRASE_METRIC_HEADS,
        })

    def add_families(self, patterns: Iterable[dict]) -> None:
        """Learn name families from gazetteer patterns (see `NameFamilies`)."""
        self.families.add(patterns)

    def __call__(self, doc: Doc) -> Doc:
        self._rejected: set[str] = set()
        self._sents = sents = Sentences(doc)
        self._toks = toks = sents.tokens
        known = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        found: list[Span] = []
        by_label: dict[str, list[int]] = {}
        for label, start, _ in self.matcher(doc):
            by_label.setdefault(label, []).append(start)
        runs = []
        for m in _RUN_RE.finditer(sents.text):
            run = toks.contained(m.start(), m.end())
            if len(run) > 1 and not sents.is_start(run.start):
                runs.append((run.start, run.stop))
        covered = _coverage(known)
        found.extend(self._abbreviations(doc, by_label.get("PAREN", []), covered))
        # a task the paper defined is what a "SCD benchmark" or "SCD framework" is for, not its name
        tasks = {m.start for m in found if m.label_ == "TASK"}
        found.extend(self._before_type_nouns(doc, by_label.get("TYPE_NOUN", []), covered, tasks))
        found.extend(self._after_naming_cues(doc, by_label.get("NAMING", [])))
        found.extend(self._after_proposal_verbs(doc, by_label.get("PROPOSE", []), covered))
        for i in by_label.get("OUR", []):  # "our L2O-based inverse optimizer"
            found.extend(self._descriptive(doc, i, covered))
        sure = {s.id_: s.label_ for s in known + found}
        found.extend(self._in_lists(doc, by_label.get("LIST", []), known + found))
        compared = _coverage(known + found)
        new = list(self._compared(doc, by_label.get("COMPARE", []) + by_label.get("ACHIEVE", []), compared))
        compared.update({s.start: s for s in new})
        found.extend(new)
        found.extend(self._coordinated(doc, by_label.get("COORD", []), compared))
        found.extend(self._shaped(doc, covered))
        found.extend(self._to_names(doc, covered))
        found.extend(self._runs(doc, runs, covered))
        found.extend(self._metric_phrases(doc, by_label.get("METRIC_HEAD", []), covered))
        typed = [_as_apposition_says(doc, toks, s) for s in found]
        # "HZNU-FCD, a large-scale ... benchmark", "we introduce VETO, a benchmark ...": every mention
        # is what the apposition says
        sure.update({t.id_: t.label_ for s, t in zip(found, typed, strict=True)
                     if t.label_ != s.label_ and t.id_ not in {k.id_ for k in known}})
        found = typed
        spans = [s for s in filter_spans(known + found) if not _is_modifier(toks, s)]
        spans = [_with_our_modifiers(doc, toks, s) for s in spans]
        spans = [Span(doc, s.start, s.end, label=sure[s.id_], span_id=s.id_)
                 if sure.get(s.id_, s.label_) != s.label_ else s for s in _with_sizes(doc, toks, spans)]
        doc.spans[self.spans_key] = sorted(spans, key=lambda s: s.start)
        return doc

    def _after_proposal_verbs(self, doc: Doc, verbs: list[int], covered: dict[int, Span]) -> Iterator[Span]:
        """"we introduce GLACIA": an all-caps word right after a proposal verb; "we propose a
        spectral analysis framework": a descriptive name (see `extractors.descriptive`)."""
        toks = self._toks
        texts = toks.texts
        for i in verbs:
            j = i + 1
            if j < len(texts) and name_shape(texts[j]) == "caps" and j not in covered \
                    and texts[j] not in self._rejected:
                yield Span(doc, j, j + 1, label="MODEL", span_id=name_key(texts[j]))
            elif j < len(texts) and proposal_subject(doc, i, self._sents):
                yield from self._descriptive(doc, j, covered)

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
        toks = self._toks
        for abbr in find_abbreviations(doc, open_parens=parens, sents=self._sents):
            long_text = toks.span_text(abbr.long_start, abbr.long_end)
            short_text = toks.span_text(abbr.short_start, abbr.short_end)
            if long_text.lower() in GENERIC_NAMES or short_text.lower() in NOT_NAMES:
                self._rejected.add(short_text)
                continue
            gaz_long, gaz_short = covered.get(abbr.long_end - 1), covered.get(abbr.short_start)
            after_i = max(abbr.short_end, abbr.long_end) + (1 if abbr.short_start > abbr.long_start else 0)
            after = toks.texts[after_i].lower() if after_i < len(toks) else ""
            if gaz_short is not None and (gaz_short.start, gaz_short.end) == (abbr.short_start, abbr.short_end):
                label, key = gaz_short.label_, gaz_short.id_
            elif gaz_long is not None and gaz_long.start <= abbr.long_start:
                label, key = gaz_long.label_, gaz_long.id_
            else:
                words = [w for w in toks.texts[abbr.long_start : abbr.long_end] if w != "-"]
                # "Unified Language for Learning and Reasoning": the head comes before "for"
                head_words = next((words[:k] for k, w in enumerate(words) if k and w in _HEAD_ENDS), words)
                label = TYPE_NOUN_LABEL.get(after) or label_for_head(head_words, default="")
                if toks.texts[abbr.long_end - 1].lower() in {"modeling", "modelling"}:
                    label = "METHOD"
                reverse = abbr.short_start < abbr.long_start
                if not label and (reverse or sum(w[:1].isupper() for w in words) >= 2):
                    label = "MODEL" if reverse else "METHOD"
                if not label:
                    self._rejected.add(short_text)
                    continue
                branded = " " not in short_text and (reverse or name_shape(short_text) == "strong"
                                                     or any(c.islower() for c in short_text.rstrip("s")))
                if label == "TASK" and any(c.islower() for c in short_text.rstrip("s")):
                    label = "METHOD"  # "LePREC (... Reasoning Elicitation and Classification)": a branded method
                key = name_key(short_text if branded else long_text)
            later = list(later_mentions(doc, self._sents.text, short_text, toks.end(abbr.short_end - 1), label, key))
            if len(later) >= 2 and key == name_key(long_text) and not (gaz_long or gaz_short):
                key = name_key(short_text)  # the paper names it by the acronym
                later = [Span(doc, m.start, m.end, label=label, span_id=key) for m in later]
            yield Span(doc, abbr.long_start, abbr.long_end, label=label, span_id=key)
            yield Span(doc, abbr.short_start, abbr.short_end, label=label, span_id=key)
            yield from later

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
                elif _is_linked_name(parts) or (len(parts) == 2 and all(p[:1].isupper() for p in parts) and (
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

    def _compared(self, doc: Doc, cues: list[int], covered: dict[int, Span]) -> Iterator[Span]:
        """"FANG outperforms FLAP and OBC": all-caps words compared with each other are systems."""
        texts = self._toks.texts
        n_tokens = len(texts)
        for i in cues:
            candidates = []
            if texts[i].lower() in _RESULT_VERBS:  # "PRFL significantly improves": only the subject
                j = i - 1
                while j >= 0 and texts[j].lower() in _ADVERBS:
                    j -= 1
                if j >= 0:
                    candidates.append(j)
            elif texts[i].lower() == "over":  # "an accuracy improvement over AWQ"
                if not any(w.lower() in _GAINS for w in texts[max(0, i - 4) : i]):
                    continue
            else:
                j = i - 1
                while j >= 0 and texts[j].lower() in _ADVERBS:  # "FANG consistently outperforms"
                    j -= 1
                if j >= 0:
                    candidates.append(j)
            j = i + 1 if texts[i].lower() not in _RESULT_VERBS else n_tokens
            while j < n_tokens and texts[j].lower() in {"the", "both", "vanilla", "standard", "original"}:
                j += 1
            # "outperforms tracker-based propagation (MOSSE, KCF, CSRT)": the names that exemplify
            k = j
            while k < min(n_tokens, j + 5) and (texts[k].islower() or texts[k] == "-"):
                k += 1
            if k < n_tokens and k > j and texts[k] in {"(", "such", "including", "like"}:
                j = k + (2 if texts[k] == "such" else 1)
                while j < n_tokens and texts[j].lower() in {"e.g.", "e.g", "i.e.", "as", ","}:
                    j += 1
            while j < n_tokens and (name_shape(texts[j]) == "caps" or _is_lone_title(texts, j)):
                candidates.append(j)
                if j + 2 < n_tokens and texts[j + 1] in {",", "and", "or"}:
                    j += 2 if texts[j + 2].lower() != "and" else 3
                else:
                    break
            for k in candidates:
                word = texts[k]
                if (name_shape(word) == "caps" or (k > i and _is_lone_title(texts, k))) and k not in covered \
                        and word not in self._rejected and word.lower() not in NOT_NAMES:
                    yield Span(doc, k, k + 1, label="MODEL", span_id=name_key(word))

    def _coordinated(self, doc: Doc, joints: list[int], covered: dict[int, Span]) -> Iterator[Span]:
        """"U-Net and FPN": an all-caps word joined to a model or method name is one too."""
        texts = self._toks.texts
        n_tokens = len(texts)
        for i in joints:
            for word_at, other_at in ((i - 1, i + 1), (i + 1, i - 1)):
                if not (0 <= word_at < n_tokens and 0 <= other_at < n_tokens) or not texts[word_at].isupper():
                    continue
                other = covered.get(other_at)
                word = texts[word_at]
                if other is not None and other.label_ in {"MODEL", "METHOD"} and word_at not in covered \
                        and name_shape(word) == "caps" and word.lower() not in NOT_NAMES and word not in self._rejected:
                    yield Span(doc, word_at, word_at + 1, label=other.label_, span_id=name_key(word))

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

    def _metric_phrases(self, doc: Doc, heads: list[int], covered: dict[int, Span]) -> Iterator[Span]:
        """"the clinical hallucination rate", "end-to-end coding latency": modifiers and a
        metric's head noun, in a sentence that reports a number, named as a metric when
        `kg.taxonomy.metric_name` says the words name one."""
        toks, sents = self._toks, self._sents
        texts = toks.texts
        numbered: dict[int, bool] = {}  # sentence start -> whether the sentence has a digit
        for i in heads:
            known = covered.get(i)  # a known metric word alone ("accuracy") may take its modifiers
            if known is not None and not (known.label_ == "METRIC" and known.start == i and known.end == i + 1):
                continue
            floor = sents.start(i)
            if floor not in numbered:
                numbered[floor] = any(c.isdigit() for c in toks.span_text(floor, sents.end(i)))
            if not numbered[floor]:
                continue
            start = i
            spaces = toks.spaces
            while start > floor and i - start < 8:
                prev = texts[start - 1]
                lowered = prev.lower()
                j = start - 1
                if j > floor and not spaces[j] and (prev == "-" and not spaces[j - 1] or texts[start] == "-"):
                    start -= 1  # inside a hyphen compound: "end-to-end coding latency"
                    continue
                if start - 1 in covered or lowered in _NP_BREAKS or lowered in _METRIC_NOT_MODIFIERS \
                        or lowered in RESULT_SKIP_BEFORE or lowered in PROPOSAL_VERBS or lowered in OUTPERFORM_VERBS \
                        or not (prev.replace("-", "").isalnum() and prev[:1].isalpha()) \
                        or (lowered.endswith(("ed", "ly")) and prev.islower()):
                    break
                start -= 1
            while start < i and texts[start] == "-":
                start += 1
            if start == i or (start > floor and texts[start - 1] == "-" and not spaces[start - 1]):
                continue  # none, or the walk stopped inside a hyphen compound ("state-of-the-art")
            phrase = toks.span_text(start, i + 1)
            named = metric_name(phrase)
            if named is None or named != phrase or texts[start].lower() in _METRIC_NOT_MODIFIERS:
                continue
            yield Span(doc, start, i + 1, label="METRIC", span_id=name_key(phrase))

    def _runs(self, doc: Doc, runs: list[tuple[int, int]], covered: dict[int, Span]) -> Iterator[Span]:
        toks = self._toks
        texts = toks.texts
        for start, end in runs:
            # a stop word opens no name, unless a hyphen glues it to the next word ("First-Order Logic")
            while start < end and (texts[start] == "-" or (texts[start].lower() in NOT_NAMES and toks.spaces[start])):
                start += 1
            while end > start and texts[end - 1] == "-":
                end -= 1
            end = _without_trailing_number(texts, start, end)
            while end > start and texts[end - 1] in _POSSESSIVES:  # "MetaboT's 83.67%"
                end -= 1
            # "BERT's Masked Language Modeling": the name after a possessive
            start = max([start] + [k + 1 for k in range(start, end - 1) if texts[k] in _POSSESSIVES])
            words = [w for w in texts[start:end] if w != "-"]
            if len(words) < 2 or end - start > self.max_run:
                continue
            if start > 0 and texts[start - 1][:1].isupper() and self._sents.is_start(start - 1):
                continue  # "Natural Language Processing" at a sentence start
            text = toks.span_text(start, end)
            if text.lower() in GENERIC_NAMES or any(w.lower() in NOT_NAMES for w in texts[start:end]):
                continue
            label = label_for_head(words, default="")
            if not label and len(words) == 2 and not any(name_shape(w) or "-" in w or w[-1:].isdigit() for w in words) \
                    and not any(k in covered and covered[k].label_ in {"MODEL", "METHOD"} for k in range(start, end)):
                continue  # "Financial Analysis", "Romanized Sinhala": two plain words and no type (not "Gemini Pro")
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
                if not any(k > 0 and not texts[k].islower() and texts[k - 1].lower() in _ARTICLES
                           for k in (i - 2, i - 3, i - 4)):
                    continue
                acronym = _acronym_before(texts, i, max(sents.start(i), i - 5))
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
            if i > 0 and toks.texts[i - 1] == "-":
                continue  # "so-called"
            start = i + 1
            while start < len(toks) and texts[start] in _QUOTES:  # called ``hallucinations''
                start += 1
            end = start
            while end < len(toks) and end - start < 5 and texts[end] not in _QUOTES and not doc[end].is_punct \
                    and not self._sents.is_start(end) \
                    and texts[end].lower() not in {"that", "which", "and", "to", "for", "with", "in", "on", "is", "as"}:
                end += 1
            if end == start or texts[start].lower() in NOT_NAMES:
                continue
            label = next((TYPE_NOUN_LABEL[w.lower()] for w in reversed(texts[max(self._sents.start(i), i - 6) : i])
                          if w.lower() in TYPE_NOUN_LABEL), "METHOD")
            yield Span(doc, start, end, label=label, span_id=name_key(toks.span_text(start, end)))

    def _in_lists(self, doc: Doc, cues: list[int], spans: list[Span]) -> Iterator[Span]:
        by_token = _coverage(spans)
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
                if any(t in by_token for t in item) or len(item) > 4:
                    continue
                first = texts[item[0]]
                if not (first[:1].isupper() or name_shape(first)) or first.lower() in NOT_NAMES:
                    continue
                yield Span(doc, item[0], item[-1] + 1, label=label,
                           span_id=name_key(toks.span_text(item[0], item[-1] + 1)))


_LIST_GLUE = frozenset({",", "and", "or", "the", "-", "&"})
# Heads of metric phrases kg_names finds by shape, and modifiers that make no metric of them
# ("learning rate", "high accuracy").
_PHRASE_METRIC_HEADS = frozenset("accuracy rate error latency precision recall auc f1 score distance".split())
_METRIC_NOT_MODIFIERS = frozenset(
    """learning sampling dropout frame bit refresh growth birth death interest tax heart mutation
    decay warmup base baseline high higher low lower good better best overall average mean total
    improves reduces boosts raises increases maintains shows show reports report measures yields gets
    increasing decreasing improving reducing boosting achieving reaching attaining obtaining yielding
    raising lowering highest lowest greatest
    final same similar comparable competitive strong superior state-of-the-art sota new our their its
    this that these which model's models' significant substantial notable""".split()
)
# Verbs whose all-caps subject is a system: "PRFL significantly improves", "EEPO achieves"
_RESULT_VERBS = frozenset(
    "achieves achieved improves improved reduces reduced reaches reached attains attained obtains obtained yields "
    "delivers".split()
)
_GAINS = frozenset("improvement improvements gain gains improves improve improved advantage speedup".split())
_ADVERBS = frozenset("consistently significantly substantially clearly also still even further greatly easily "
                     "markedly notably considerably largely generally".split())
_COMPOUND_HEADS = frozenset("encoder decoder net network former transformer attention block module".split())
_HEAD_ENDS = frozenset({"for", "via", "using", "through"})
_EVENT_HEADS = frozenset({"task", "challenge", "competition", "workshop", "track", "conference", "act"})
# "Subtask 3", "Level 2", "Table 4": a part of something numbered, not a versioned name
_NUMBERED_PARTS = frozenset(
    """task subtask level phase stage track section table figure fig chapter experiment setting scenario
    round step part appendix eq equation case study""".split()
)


def _without_trailing_number(texts: list[str], start: int, end: int) -> int:
    """End of a capitalised run without a trailing number that is no version: a year
    ("Steve Harris 2013"), a measured value ("FID 2.16") or a numbered part ("Subtask 3").

    Examples:
        >>> [_without_trailing_number(w.split(), 0, len(w.split())) for w in
        ...  ["LLaMA 3.2", "Steve Harris 2013", "AUC 0.510", "Subtask 3", "Stable Diffusion 3"]]
        [2, 2, 1, 1, 3]
    """
    if end - start < 2:
        return end
    last = texts[end - 1]
    number = last.lstrip("vV")
    if not number[:1].isdigit():
        return end
    whole, _, decimals = number.partition(".")
    if len(decimals) >= 2 or (len(whole) == 4 and whole[:2] in {"19", "20"} and not decimals) \
            or texts[end - 2].lower() in _NUMBERED_PARTS:
        return end - 1
    return end


_TO_NAME_RE = re.compile(r"[a-z]{2,}2[a-z]{2,}(?![\w-])")
_LINK_WORDS = frozenset({"of", "as", "a", "an", "the", "in", "on", "for", "to", "and", "by", "with"})


def _is_linked_name(parts: list[str]) -> bool:
    """"LLM-as-a-Judge", "Formal-of-Thought": capitalised words linked by function words.

    Examples:
        >>> [_is_linked_name(w.split("-")) for w in ["LLM-as-a-Judge", "Tree-of-Thoughts", "State-of-the-Art",
        ...                                          "Out-of-Distribution", "Real-World", "Chain-of-thought"]]
        [True, True, False, False, False, False]
    """
    if len(parts) < 3 or not (parts[0][:1].isupper() and parts[-1][:1].isupper()):
        return False
    if "-".join(parts).lower() in NOT_NAMES:
        return False
    middle = parts[1:-1]
    return all(p in _LINK_WORDS for p in middle) and any(p in {"of", "as"} for p in middle)


def new_name_label(families: NameFamilies, words: list[str], toks: Tokens, sents: Sentences, start: int, *,
                   default: str, end: int | None = None) -> str:
    """The label of a name no gazetteer knows, its words at tokens [`start`, `end`): that of
    the known name it extends, of its ending, DATASET in a list after an evaluation's "on" or
    after a data set noun ("benchmarks, FLIR and M3FD"), or before the items it holds
    ("500 LongMemEval questions"), else `default`. `kg_names` and `kg_ner_entities` type new
    names with it."""
    label = families.label_of(words[0]) or label_by_suffix(words[-1])
    if label:
        return label
    if evaluated_on(toks, sents, start) or listed_after_data_noun(toks, sents, start) \
            or (end is not None and names_its_items(toks, sents, start, end)):
        return "DATASET"
    return default


# Plural nouns a data set is counted in ("500 LongMemEval questions").
_ITEM_NOUNS = frozenset(
    """questions samples examples problems instances images videos dialogues conversations queries
    environments pairs documents episodes scenes clips utterances sentences prompts items""".split()
)
_DATA_NOUNS = frozenset({"datasets", "benchmarks", "corpora", "data-sets", "suites", "collections", "testbeds"})


def names_its_items(toks: Tokens, sents: Sentences, start: int, end: int) -> bool:
    """Whether the name at tokens [start, end) stands between a count and the items it holds.

    Examples:
        >>> from spacy.lang.en import English
        >>> sents = Sentences(English()("We use 500 LongMemEval questions and 3 GPT-4 runs ."))
        >>> texts = sents.tokens.texts
        >>> names_its_items(sents.tokens, sents, texts.index("LongMemEval"), texts.index("LongMemEval") + 1)
        True
        >>> names_its_items(sents.tokens, sents, texts.index("GPT-4"), texts.index("GPT-4") + 1)
        False
    """
    texts = toks.texts
    return end < len(texts) and texts[end].lower() in _ITEM_NOUNS and start > sents.start(start) \
        and (texts[start - 1][:1].isdigit() or texts[start - 1].lower() in {"the", "all"})


def listed_after_data_noun(toks: Tokens, sents: Sentences, start: int) -> bool:
    """Whether the name at token `start` is in a list right after a plural data set noun
    ("two multispectral benchmarks, FLIR and M3FD", "datasets (CUB, Cars)").

    Examples:
        >>> from spacy.lang.en import English
        >>> def check(text, word):
        ...     sents = Sentences(English()(text))
        ...     return listed_after_data_noun(sents.tokens, sents, sents.tokens.texts.index(word))
        >>> check("on two popular benchmarks , FLIR and M3FD , we win .", "M3FD")
        True
        >>> check("Models such as FLIR and M3FD win .", "M3FD")
        False
    """
    texts = toks.texts
    floor = sents.start(start)
    i = start - 1
    comma = False
    while i > floor and start - i <= 12:
        word = texts[i]
        if word in {",", ":", "("} and texts[i - 1].lower() in _DATA_NOUNS:
            return True
        comma = comma or word == ","
        if comma and word.lower() in {"and", "or"}:
            return False
        if not (word in _LIST_GLUE or word[:1].isupper() or word[:1].isdigit() or name_shape(word)):
            return False
        i -= 1
    return False


def evaluated_on(toks: Tokens, sents: Sentences, start: int) -> bool:
    """Whether the name at token `start` is in the list after an evaluation's "on"/"across"
    ("experiments on LoCoMo and LongMemEval", "trained on SUES-200"): a data set, not a model.

    Examples:
        >>> from spacy.lang.en import English
        >>> def check(text, word):
        ...     sents = Sentences(English()(text))
        ...     return evaluated_on(sents.tokens, sents, sents.tokens.texts.index(word))
        >>> check("Experiments on CIFAR-10-C , HAC and LoCoMo show gains .", "LoCoMo")
        True
        >>> check("A retriever based on LoCoMo .", "LoCoMo"), check("We run LoCoMo on GPUs .", "LoCoMo")
        (False, False)
        >>> check("It reaches 85.4 % IoU on WHU-CD .", "WHU")
        True
        >>> check("On ALFWorld and WebShop , SERL wins .", "WebShop"), check("On ALFWorld and WebShop , SERL wins .", "SERL")
        (True, False)
    """
    texts = toks.texts
    floor = sents.start(start)
    i = start - 1
    comma = False
    while i >= floor and start - i <= 16:
        word = texts[i]
        comma = comma or word == ","
        if comma and word.lower() in {"and", "or"}:
            return False  # "On A and B, C improves": the list closed before the comma
        if word.lower() in {"on", "across", "over"}:
            if i == floor:
                return True  # "On ALFWorld and WebShop, SERL achieves ..."
            if word.lower() == "over" and texts[i - 1].lower() not in EVALUATION_CUES:
                return False  # "an improvement of 5% over X": what is compared, not a data set
            cues = [w.lower() for w in texts[max(floor, i - 4) : i]]
            # "experiments on X", and "85.4% IoU on X": a measured value before "on" is one too
            return bool(cues) and cues[-1] not in {"based", "built", "relies", "rely", "focus", "focuses", "depends"} \
                and any(w in EVALUATION_CUES or w == "%" or w[:1].isdigit() for w in cues)
        if not (word in _LIST_GLUE or word[:1].isupper() or word[:1].isdigit() or name_shape(word)):
            return False  # "nuScenes" is a name too
        i -= 1
    return False


def _is_lone_title(texts: list[str], k: int) -> bool:
    """A capitalised word on its own ("than Claude and Gemini"), not one of a capitalised
    run or an adjective before a noun ("Bayesian optimization")."""
    word = texts[k]
    if not (word.istitle() and word.isalpha() and len(word) >= 3):
        return False
    nxt = texts[k + 1] if k + 1 < len(texts) else "."
    return not (nxt[:1].isalpha() and (nxt[:1].isupper() or nxt.lower() not in _NP_BREAKS))


def _acronym_before(texts: list[str], noun: int, stop: int) -> int | None:
    """Index of an acronym that opens a noun phrase ending at `noun` ("the TCSP crystal
    structure prediction algorithm"): after an article, before one to three plain modifiers.

    Examples:
        >>> _acronym_before(["the", "TCSP", "structure", "prediction", "algorithm"], 4, 0)
        1
        >>> _acronym_before(["the", "GPU", "memory", "algorithm"], 3, 0)
        >>> _acronym_before(["VSF", "on", "new", "datasets"], 3, 0)
    """
    k = noun - 1
    while k > stop and noun - k <= 3 and texts[k].islower() and texts[k].replace("-", "").isalpha() \
            and texts[k] not in _NP_BREAKS and texts[k] not in TYPE_NOUN_LABEL and not texts[k].endswith(("s", "ly")):
        k -= 1
    if k == noun - 1 or k <= stop or texts[k - 1].lower() not in _ARTICLES:
        return None
    word = texts[k]
    return k if name_shape(word) and word.lower() not in NOT_NAMES else None


_ARTICLES = frozenset({"the", "a", "an", "our", "this", "their", "its"})
_NP_BREAKS = frozenset(
    """a an the and or of on in to for with by from as at that which than via using into over under is are was
    were be been being has have had can may will our their its we they this these those it""".split()
)


def _coverage(spans: Iterable[Span]) -> dict[int, Span]:
    """Token index -> the longest span covering it."""
    out: dict[int, Span] = {}
    for span in sorted(spans, key=len):
        for i in range(span.start, span.end):
            out[i] = span
    return out


def _as_apposition_says(doc: Doc, toks: Tokens, span: Span) -> Span:
    """"Ko-MuSR, the first benchmark for ...": a new name is what its apposition calls it."""
    end = span.end
    texts = toks.texts
    if end + 2 >= len(texts) or texts[end] != "," or texts[end + 1].lower() not in {"a", "an", "the"}:
        return span
    for k in range(end + 2, min(end + 12, len(texts))):  # "a large-scale fine-grained ... benchmark"
        label = TYPE_NOUN_LABEL.get(texts[k].lower())
        if label is not None:
            if label == "DATASET" and span.label_ != "DATASET":
                return Span(doc, span.start, end, label=label, span_id=span.id_)
            return span
        if texts[k] != "-" and not texts[k].replace("-", "").isalnum():
            return span
    return span


def _with_our_modifiers(doc: Doc, toks: Tokens, span: Span) -> Span:
    """"our Japanese medical BERT": the paper's own variant keeps its modifiers."""
    if span.label_ != "MODEL":
        return span
    for i in range(span.start - 1, max(-1, span.start - 4), -1):
        word = toks.texts[i].lower()
        if word == "our":
            if i + 1 < span.start:
                return Span(doc, i + 1, span.end, label="MODEL", span_id=name_key(toks.span_text(i + 1, span.end)))
            return span
        if not toks.texts[i].isalpha() or word in _OUR_STOP or word in SELF_REFERENCES or word in TYPE_NOUN_LABEL \
                or word in MODEL_HEADS \
                or (word.endswith("s") and not word.endswith("ss")):
            return span  # "our model outperforms BERT", "our experiments show X": "our" goes with a noun of its own
    return span


_POSSESSIVES = frozenset({"'s", "’s"})
_QUOTES = frozenset({"`", "``", "'", "''", '"', "“", "”", "‘", "’", "«", "»"})
_OUR_STOP = frozenset("the a an and or of in on for with to by from proposed new novel own".split())


def _is_modifier(toks: Tokens, span: Span) -> bool:
    """"Transformer-based", "based on transformers", "transformer models": a class named only
    as a modifier."""
    end = span.end
    if end < len(toks) and end - span.start == 1 and toks.texts[end].lower() in _CLASS_NOUNS \
            and toks.texts[span.start].lower() in _CLASS_WORDS and span.label_ in {"MODEL", "METHOD"}:
        return True
    if end + 1 < len(toks) and toks.texts[end] == "-" and not toks.spaces[end - 1] \
            and toks.texts[end + 1].lower() in _MODIFIER_WORDS:
        # "Transformer-based", "CNN-based": a class; "PRNet-based", "CLIP-based": a model all the same
        text = toks.span_text(span.start, end)
        return span.label_ in {"MODEL", "METHOD"} and not any(c.isdigit() for c in text) \
            and (text.lower() in _GENERIC_ARCHITECTURES or not name_shape(text))
    start = span.start
    if start >= 2 and toks.texts[start - 1].lower() == "on" and toks.texts[start - 2].lower() == "based":
        text = toks.span_text(start, end)
        return span.label_ == "MODEL" and text.lower() == text
    return False


def _with_sizes(doc: Doc, toks: Tokens, spans: list[Span]) -> Iterator[Span]:
    """Extend MODEL names by a following size or version ("Mamba 2.8B", "Midjourney V6")."""
    taken = {s.start for s in spans}
    for span in spans:
        nxt = span.end
        if span.label_ == "MODEL" and nxt < len(toks) and nxt not in taken and SIZE_RE.match(toks.texts[nxt]):
            yield Span(doc, span.start, nxt + 1, label="MODEL", span_id=name_key(toks.span_text(span.start, nxt + 1)))
        else:
            yield span


@Language.factory(
    "kg_names",
    assigns=["doc.spans"],
    requires=["doc.sents"],
    default_config={"spans_key": "kg_entities", "max_run": 6},
)
def make_name_finder(nlp: Language, name: str, spans_key: str, max_run: int) -> NameFinder:
    """Build the `kg_names` component."""
    return NameFinder(nlp, name, spans_key=spans_key, max_run=max_run)
