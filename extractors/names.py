"""`kg_names`: entity names the gazetteer does not know, found by shape and context.

Runs after the `span_ruler` (gazetteer) and adds MODEL/METHOD/DATASET/METRIC/TASK
spans to the same span group: defined abbreviations ("Accumulative ... (A2SF)"),
name-shaped words ("IconShop", "LI-DiT-10B", "Mamba-2-Hybrid"), proper-noun runs
("Routing Transformer"), names before a type noun ("the KHATT dataset"), after a
naming cue ("a method called X") and in lists next to known names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.sents import Sentences, cue_matcher
from extractors.cues import (
    DATASET_HEADS,
    GENERIC_NAMES,
    LIST_CUES,
    METRIC_HEADS,
    MODEL_HEADS,
    NAMING_CUES,
    NOT_NAMES,
    PROPOSAL_VERBS,
    TASK_HEADS,
    TYPE_NOUN_LABEL,
)
from kg.ids import entity_key

__all__ = ["Abbreviation", "NameFinder", "find_abbreviations", "label_for_head", "name_shape", "make_name_finder"]

# Only words that can be name-shaped: camelCase, capitals with digits, two capitals, Xx-Xx.
_WORD_RE = re.compile(
    r"(?<![\w.+*'’-])(?=[\w.+*'’-]*(?:[a-z][A-Z]|[A-Z][\w'’-]*\d|\d[\w'’-]*[A-Z]|[A-Z]{2}|[a-z]-[A-Z]))"
    r"[A-Za-z0-9][\w.+*'’-]*[\w+*]"
)
_MODIFIER_SUFFIX_RE = re.compile(r"-(?:based|like|style|series|class|family|type|specific|only|free|level|wise|aware)$", re.I)
_MODIFIER_WORDS = frozenset({"based", "like", "style", "series", "class", "family", "type", "specific", "only"})
# Capitalised words in a row ("Routing Transformer", "Midjourney V6", "Named-Entity Recognition")
_RUN_RE = re.compile(r"\b[A-Z][\w'’]*(?:-[\w]+)*(?:[ \u00a0]+(?:[A-Z][\w'’]*(?:-[\w]+)*|[vV]?\d+(?:\.\d+)?\b))+")
_CAMEL_RE = re.compile(r"[a-z][A-Z]")
_PLURAL_CAPS_RE = re.compile(r"[A-Z]+s")
_SIZE_RE = re.compile(r"^(?:\d+(?:\.\d+)?[KMBT]|[vV]\d+(?:\.\d+)?)$")
_STRONG_SUFFIX = (("bert", "MODEL"), ("former", "MODEL"), ("gpt", "MODEL"), ("net", "MODEL"),
                  ("qa", "DATASET"), ("bench", "DATASET"), ("corpus", "DATASET"))


class Abbreviation(NamedTuple):
    """A defined abbreviation: long form, short form (token offsets) and the label cue."""

    long_start: int
    long_end: int
    short_start: int
    short_end: int


def name_shape(word: str) -> str:
    """How much a word looks like a name: "strong", "caps" or "".

    Examples:
        >>> [name_shape(w) for w in ["IconShop", "A2SF", "GLACIA", "LLMs", "Transformer", "8B"]]
        ['strong', 'strong', 'caps', '', '', '']
    """
    if word.lower() in NOT_NAMES or _SIZE_RE.match(word):
        return ""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2 and not (letters and any(c.isdigit() for c in word)):
        return ""
    if _CAMEL_RE.search(word) and not _PLURAL_CAPS_RE.fullmatch(word):
        return "strong"
    if word[0].isalpha() and any(c.isdigit() for c in word) and any(c.isupper() for c in word):
        return "strong"
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return "caps"
    return ""


def label_for_head(words: list[str], *, default: str = "METHOD") -> str:
    """Entity label from the head (last) word of a name.

    Examples:
        >>> label_for_head(["Routing", "Transformer"]), label_for_head(["Fact", "Verification"])
        ('MODEL', 'TASK')
    """
    head = words[-1].lower() if words else ""
    if head in MODEL_HEADS or head.endswith(("bert", "former")):
        return "MODEL"
    if head in DATASET_HEADS:
        return "DATASET"
    if head in TASK_HEADS:
        return "TASK"
    if head in METRIC_HEADS:
        return "METRIC"
    return default


def _long_form_start(short: str, long: str) -> int:
    """Schwartz-Hearst: where in `long` the long form of `short` starts, or -1."""
    chars = [c.lower() for c in short if c.isalpha()]
    s_idx, l_idx = len(chars) - 1, len(long) - 1
    while s_idx >= 0:
        c = chars[s_idx]
        while l_idx >= 0 and (long[l_idx].lower() != c or (s_idx == 0 and l_idx > 0 and long[l_idx - 1].isalnum())):
            l_idx -= 1
        if l_idx < 0:
            return -1
        l_idx -= 1
        s_idx -= 1
    return long.rfind(" ", 0, l_idx + 1) + 1


def find_abbreviations(doc: Doc, *, open_parens: Iterable[int], sents: Sentences | None = None) -> Iterator[Abbreviation]:
    """Abbreviations defined as "long form (SHORT)" or "SHORT (long form)" at "(" tokens."""
    sents = sents or Sentences(doc)
    doc_text = sents.text
    for i in open_parens:
        paren = doc[i].idx
        inside = doc_text[paren + 1 : paren + 90].split(")", 1)[0]
        if not any(c.isupper() for c in inside) and not any(c.isupper() for c in doc_text[max(0, paren - 12) : paren]):
            continue  # neither side can be an abbreviation
        close = next((j for j in range(i + 1, min(i + 12, len(doc))) if doc[j].text == ")"), None)
        if close is None or close == i + 1:
            continue
        if close - i > 3 and i > 0 and name_shape(doc[i - 1].text) and len(doc[i - 1].text) >= 3:
            inner = doc[i + 1 : close]
            if _long_form_start(doc[i - 1].text, inner.text) == 0:
                yield Abbreviation(inner.start, inner.end, i - 1, i)
            continue
        if close - i > 6:
            continue
        short = doc[i + 1 : close]
        if any(t.whitespace_ for t in short[:-1]):
            continue
        text = short.text
        n_letters = sum(c.isalpha() for c in text)
        if not (2 <= len(text) <= 12 and n_letters >= 2 and any(c.isupper() for c in text)):
            continue
        sent_start = sents.start(i)
        n_words = min(n_letters + 5, 2 * n_letters)
        start = i
        while start > sent_start and i - start < n_words + 4 and doc[start - 1].text not in {",", ";", ":", "(", ")"}:
            start -= 1
        if start == i:
            continue
        candidate = doc[start:i]
        core = text[:-1] if re.fullmatch(r"[A-Z][\w-]*[A-Z]s", text) else text
        offset = _long_form_start(core, candidate.text)
        if offset < 0:
            continue
        long = doc.char_span(candidate.start_char + offset, candidate.end_char, alignment_mode="expand")
        if long is None or len(long.text) <= len(text):
            continue
        while len(long) > 1 and long[0].lower_ in NOT_NAMES:
            long = long[1:]
        yield Abbreviation(long.start, long.end, short.start, short.end)


class NameFinder:
    """Adds new names to `doc.spans[spans_key]`; see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, max_run: int) -> None:
        self.name = name
        self.spans_key = spans_key
        self.max_run = max_run
        self.matcher = cue_matcher(nlp, {
            "PAREN": ["("],
            "TYPE_NOUN": TYPE_NOUN_LABEL,
            "PROPOSE": PROPOSAL_VERBS,
            "NAMING": NAMING_CUES - {"namely"},
            "LIST": (LIST_CUES - {"such", "like"}) | {"such as"},
        })

    def __call__(self, doc: Doc) -> Doc:
        self._rejected: set[str] = set()
        self._sents = Sentences(doc)
        known = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        found: list[Span] = []
        matches = self.matcher(doc)
        by_label: dict[str, list[int]] = {}
        for match_id, start, _ in matches:
            by_label.setdefault(doc.vocab.strings[match_id], []).append(start)
        runs = []
        for m in _RUN_RE.finditer(self._sents.text):
            run = doc.char_span(m.start(), m.end(), alignment_mode="contract")
            if run is not None and len(run) > 1 and not run[0].is_sent_start:
                runs.append((run.start, run.end))
        covered = _coverage(known)
        found.extend(self._abbreviations(doc, by_label.get("PAREN", []), known, covered))
        found.extend(self._before_type_nouns(doc, by_label.get("TYPE_NOUN", []), covered))
        found.extend(self._after_naming_cues(doc, by_label.get("NAMING", [])))
        found.extend(self._after_proposal_verbs(doc, by_label.get("PROPOSE", []), covered))
        sure = {s.id_: s.label_ for s in known + found}
        found.extend(self._in_lists(doc, by_label.get("LIST", []), known + found))
        found.extend(self._shaped(doc, covered))
        found.extend(self._runs(doc, runs))
        spans = [s for s in filter_spans(known + found) if not _is_modifier(doc, s)]
        spans = [_with_our_modifiers(doc, s) for s in spans]
        spans = [Span(doc, s.start, s.end, label=sure[s.id_], span_id=s.id_) if sure.get(s.id_, s.label_) != s.label_ else s
                 for s in _with_sizes(doc, spans)]
        doc.spans[self.spans_key] = sorted(spans, key=lambda s: s.start)
        return doc

    def _after_proposal_verbs(self, doc: Doc, verbs: list[int], covered: dict[int, Span]) -> Iterator[Span]:
        """"we introduce GLACIA": an all-caps word right after a proposal verb."""
        for i in verbs:
            j = i + 1
            if j < len(doc) and name_shape(doc[j].text) == "caps" and j not in covered and doc[j].text not in self._rejected:
                yield Span(doc, j, j + 1, label="MODEL", span_id=entity_key(doc[j].text))

    def _abbreviations(self, doc: Doc, parens: list[int], known: list[Span], covered: dict[int, Span]) -> Iterator[Span]:
        for abbr in find_abbreviations(doc, open_parens=parens, sents=self._sents):
            long, short = doc[abbr.long_start : abbr.long_end], doc[abbr.short_start : abbr.short_end]
            if long.text.lower() in GENERIC_NAMES or short.text.lower() in NOT_NAMES:
                self._rejected.add(short.text)
                continue
            gaz_long, gaz_short = covered.get(long.end - 1), covered.get(short.start)
            after_i = max(abbr.short_end, abbr.long_end) + (1 if abbr.short_start > abbr.long_start else 0)
            after = doc[after_i].lower_ if after_i < len(doc) else ""
            if gaz_short is not None and (gaz_short.start, gaz_short.end) == (short.start, short.end):
                label, key = gaz_short.label_, gaz_short.id_
            elif gaz_long is not None and gaz_long.start <= long.start:
                label, key = gaz_long.label_, gaz_long.id_
            else:
                words = [t.text for t in long if t.text != "-"]
                label = TYPE_NOUN_LABEL.get(after) or label_for_head(words, default="")
                if long[-1].lower_ in {"modeling", "modelling"}:
                    label = "METHOD"
                reverse = abbr.short_start < abbr.long_start
                if not label and (reverse or sum(w[:1].isupper() for w in words) >= 2):
                    label = "MODEL" if reverse else "METHOD"
                if not label:
                    self._rejected.add(short.text)
                    continue
                branded = reverse or name_shape(short.text) == "strong" or any(c.islower() for c in short.text.rstrip("s"))
                key = entity_key(short.text if branded else long.text)
            later = list(_later_mentions(doc, self._sents.text, short, label, key))
            if len(later) >= 2 and key == entity_key(long.text) and not (gaz_long or gaz_short):
                key = entity_key(short.text)  # the paper names it by the acronym
                later = [Span(doc, m.start, m.end, label=label, span_id=key) for m in later]
            yield Span(doc, long.start, long.end, label=label, span_id=key)
            yield Span(doc, short.start, short.end, label=label, span_id=key)
            yield from later

    def _shaped(self, doc: Doc, covered: dict[int, Span]) -> Iterator[Span]:
        text = self._sents.text
        for m in _WORD_RE.finditer(text):
            word = _MODIFIER_SUFFIX_RE.sub("", m.group().rstrip("."))
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            if word in self._rejected:
                continue
            shape = name_shape(word)
            parts = word.split("-")
            if not shape and len(parts) > 1 and all(p[:1].isupper() or p[:1].isdigit() for p in parts):
                if any(name_shape(p) for p in parts) or any(covered.get(t.i) is not None
                                                             for t in (doc.char_span(m.start(), m.start() + len(word), alignment_mode="expand") or [])):
                    shape = "strong"
            if shape != "strong":
                continue
            span = doc.char_span(m.start(), m.start() + len(word), alignment_mode="expand")
            if span is None or span.text != word:
                continue
            gaz = covered.get(span.start)
            if gaz is not None and gaz.start == span.start and gaz.end >= span.end:
                continue
            label = gaz.label_ if gaz is not None else next(
                (lab for suffix, lab in _STRONG_SUFFIX if word.lower().endswith(suffix)), "MODEL")
            start = span.start
            # "Pre-gated MoE": a capitalised hyphen compound right before the name belongs to it
            if start >= 3 and doc[start - 2].text == "-" and not doc[start - 3].whitespace_ and doc[start - 3].text[:1].isupper() \
                    and not doc[start - 2].whitespace_ and doc[start - 3].lower_ not in NOT_NAMES:
                start -= 3
            yield Span(doc, start, span.end, label=label, span_id=entity_key(doc[start : span.end].text))

    def _runs(self, doc: Doc, runs: list[tuple[int, int]]) -> Iterator[Span]:
        for start, end in runs:
            while start < end and (doc[start].lower_ in NOT_NAMES or doc[start].text == "-"):
                start += 1
            while end > start and doc[end - 1].text == "-":
                end -= 1
            words = [t.text for t in doc[start:end] if t.text != "-"]
            if len(words) < 2 or end - start > self.max_run:
                continue
            if start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].is_sent_start:
                continue  # "Natural Language Processing" at a sentence start
            span = doc[start:end]
            if span.text.lower() in GENERIC_NAMES or any(t.lower_ in NOT_NAMES for t in span):
                continue
            label = label_for_head(words)
            yield Span(doc, start, end, label="METHOD" if label == "METRIC" else label, span_id=entity_key(span.text))

    def _before_type_nouns(self, doc: Doc, nouns: list[int], covered: dict[int, Span]) -> Iterator[Span]:
        for i in nouns:
            if not doc[i].is_lower:
                continue
            end = i
            start = end
            while start > 0 and end - start < 6:
                prev = doc[start - 1]
                # part of a hyphenated word with its right or left neighbour
                glued = (start < end and not prev.whitespace_) or (
                    start >= 2 and doc[start - 2].text == "-" and not doc[start - 2].whitespace_)
                if (prev.text == "-" and glued) or (prev.text[:1].isupper() and (glued or prev.lower_ not in NOT_NAMES)):
                    start -= 1
                else:
                    break
            while start < end and doc[start].text == "-":
                start += 1
            if start == end:
                continue
            span = doc[start:end]
            gaz = covered.get(end - 1)
            if gaz is not None and gaz.start <= start:
                continue
            if span.text.lower() in GENERIC_NAMES or not any(
                    name_shape(t.text) or (t.is_title and not t.is_sent_start) for t in span):
                continue
            label = TYPE_NOUN_LABEL[doc[i].lower_]
            yield Span(doc, start, end, label=label, span_id=entity_key(span.text))
            # "Uniqueness and Novelty measures"
            j = start - 1
            while j > 0 and doc[j].lower_ in {"and", ",", "or"} and doc[j - 1].text[:1].isupper() \
                    and doc[j - 1].lower_ not in NOT_NAMES and (j - 1) not in covered:
                yield Span(doc, j - 1, j, label=label, span_id=entity_key(doc[j - 1].text))
                j -= 2

    def _after_naming_cues(self, doc: Doc, cues: list[int]) -> Iterator[Span]:
        for i in cues:
            if i > 0 and doc[i - 1].text == "-":
                continue  # "so-called"
            start = i + 1
            end = start
            while end < len(doc) and end - start < 5 and not doc[end].is_punct and not doc[end].is_sent_start \
                    and doc[end].lower_ not in {"that", "which", "and", "to", "for", "with", "in", "on", "is", "as"}:
                end += 1
            if end == start or doc[start].lower_ in NOT_NAMES:
                continue
            label = next((TYPE_NOUN_LABEL[t.lower_] for t in reversed(doc[max(self._sents.start(i), i - 6) : i])
                          if t.lower_ in TYPE_NOUN_LABEL), "METHOD")
            span = doc[start:end]
            yield Span(doc, start, end, label=label, span_id=entity_key(span.text))

    def _in_lists(self, doc: Doc, cues: list[int], spans: list[Span]) -> Iterator[Span]:
        by_token = _coverage(spans)
        for i in cues:
            j = i + 1 if doc[i].lower_ != "such" else i + 2
            while j < len(doc) and doc[j].text in {",", ":"}:
                j += 1
            items, current = [], []
            while j < len(doc) and j - i < 25 and doc[j].text not in {")", ".", ";", "("} and not (doc[j].is_sent_start and j > i + 2):
                if doc[j].text == "," or doc[j].lower_ in {"and", "or"}:
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
                labels = [TYPE_NOUN_LABEL[t.lower_] for t in doc[max(self._sents.start(i), i - 8) : i]
                          if t.lower_ in TYPE_NOUN_LABEL][-1:]
            if not labels:
                continue
            label = max(set(labels), key=labels.count)
            for item in items:
                if any(t in by_token for t in item) or len(item) > 4:
                    continue
                first = doc[item[0]]
                if not (first.text[:1].isupper() or name_shape(first.text)) or first.lower_ in NOT_NAMES:
                    continue
                span = doc[item[0] : item[-1] + 1]
                yield Span(doc, span.start, span.end, label=label, span_id=entity_key(span.text))


def _coverage(spans: Iterable[Span]) -> dict[int, Span]:
    """Token index -> the longest span covering it."""
    out: dict[int, Span] = {}
    for span in sorted(spans, key=len):
        for i in range(span.start, span.end):
            out[i] = span
    return out


def _with_our_modifiers(doc: Doc, span: Span) -> Span:
    """"our Japanese medical BERT": the paper's own variant keeps its modifiers."""
    if span.label_ != "MODEL":
        return span
    for i in range(span.start - 1, max(-1, span.start - 4), -1):
        token = doc[i]
        if token.lower_ == "our":
            if i + 1 < span.start:
                full = doc[i + 1 : span.end]
                return Span(doc, full.start, full.end, label="MODEL", span_id=entity_key(full.text))
            return span
        if not token.is_alpha or token.lower_ in _OUR_STOP:
            return span
    return span


_OUR_STOP = frozenset("the a an and or of in on for with to by from proposed new novel own".split())


def _is_modifier(doc: Doc, span: Span) -> bool:
    """"Transformer-based", "based on transformers": a class named only as a modifier."""
    end = span.end
    if end + 1 < len(doc) and doc[end].text == "-" and not span[-1].whitespace_ and doc[end + 1].lower_ in _MODIFIER_WORDS:
        return span.label_ in {"MODEL", "METHOD"} and not any(c.isdigit() for c in span.text)
    start = span.start
    if start >= 2 and doc[start - 1].lower_ == "on" and doc[start - 2].lower_ == "based":
        return span.label_ == "MODEL" and span.text.lower() == span.text
    return False


def _later_mentions(doc: Doc, text: str, short: Span, label: str, key: str) -> Iterator[Span]:
    n = len(short.text)
    pos = text.find(short.text, short.end_char)
    while pos >= 0:
        end = pos + n
        if end < len(text) and text[end] == "s":
            end += 1
        before = text[pos - 1] if pos else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "-") and not (after.isalnum() or after == "-"):
            span = doc.char_span(pos, end, label=label, span_id=key)
            if span is not None:
                yield span
        pos = text.find(short.text, end)


def _with_sizes(doc: Doc, spans: list[Span]) -> Iterator[Span]:
    """Extend MODEL names by a following size or version ("Mamba 2.8B", "Midjourney V6")."""
    taken = {s.start for s in spans}
    for span in spans:
        nxt = span.end
        if span.label_ == "MODEL" and nxt < len(doc) and nxt not in taken and _SIZE_RE.match(doc[nxt].text):
            full = doc[span.start : nxt + 1]
            yield Span(doc, span.start, nxt + 1, label="MODEL", span_id=entity_key(full.text))
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
