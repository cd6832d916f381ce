"""`kg_results`: numeric results (value, unit, metric, dataset, model) and sizes.

Numbers come from one pass of `find_quantities` over the text. Each is read in its
sentence: a size or count ("8B-parameter", "3.5T tokens") becomes an attribute, never
a result; a number with a metric ("mIoU: 87.30", "48.4% speedup", "a BLEU-4 score
of 23.5", "improves the accuracy of X by 7.8%") becomes a result. Numbers joined by
"vs", "-", "to" or "and" form a chain that shares its metric ("15.8 vs 18.3
perplexity", "(mIoU: 78.55 - 79.01)", "95-100% accuracy").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.cues import (
    COMPARATIVES,
    COUNT_NOUNS,
    DELTA_CUES,
    EXACT_KB_ID,
    GENERIC_METRICS,
    METRIC_HEADS,
    MODEL_LIKE,
    RESULT_SKIP_BEFORE,
    SELF_REFERENCES,
)
from extractors.quantities import find_quantities, is_magnitude
from extractors.sents import Sentences, Tokens
from extractors.shapes import name_key
from kg.taxonomy import is_generic_metric, metric_name

__all__ = ["ResultFinder", "make_result_finder"]

_CONNECTOR_RE = re.compile(r"^\s*(?:-|–|—|to|down to|up to|vs\.?|versus|and|,|, and|or|/)\s*$", re.IGNORECASE)
_VS_RE = re.compile(r"vs|versus", re.IGNORECASE)
_NP_STOP = frozenset(
    """on in with by for at over than compared while when and or across after before from
    to as which that while whereas using under the a an its their our is are was were be
    of when where whereas respectively both either each all achieving achieves achieved
    reaching reaches obtaining obtains yielding yields attaining attains""".split()
)
_IMPROVE_VERBS = frozenset(
    """improve improves improved improving increase increases increased boost boosts boosted
    reduce reduces reduced decrease decreases decreased raise raises raised lift lifts
    enhance enhances enhanced""".split()
)
_COMPARATIVES = COMPARATIVES | {"relative", "absolute"}
_SKIP_BEFORE = RESULT_SKIP_BEFORE | {"(", "from", "more"}
_RESULT_VERBS = frozenset(
    """achieves achieved achieve achieving reaches reached reach reaching obtains obtained obtain obtaining
    attains attained attain attaining yields yielded""".split()
)
_DELTA_VERBS = frozenset("drops increases decreases improves rises falls declines grows".split())


class ResultFinder:
    """Writes result spans and their arguments; see the module docstring."""

    def __init__(self, name: str, *, spans_key: str, results_key: str, args_key: str,
                 attributes_key: str, attribute_args_key: str, proposals_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.results_key = results_key
        self.args_key = args_key
        self.attributes_key = attributes_key
        self.attribute_args_key = attribute_args_key
        self.proposals_key = proposals_key

    def __call__(self, doc: Doc) -> Doc:
        sents = Sentences(doc)
        toks = sents.tokens
        entities = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        cover = {i: span for span in sorted(entities, key=len) for i in range(span.start, span.end)}
        results, args, attributes, attribute_args, new_metrics = [], [], [], [], []
        readings: list[tuple[Span, str]] = []
        for quantity in find_quantities(sents.text):
            tokens = toks.overlapping(quantity.start, quantity.end)
            if not tokens or tokens.start in cover:
                continue
            readings.append((Span(doc, tokens.start, tokens.stop), quantity.unit))
        ours = None
        if readings:
            proposed = [s for s in doc.spans.get(self.proposals_key, []) if s.label_ == "PROPOSED"]
            ours = next((cover[s.start] for s in proposed if s.start in cover and cover[s.start].label_ in MODEL_LIKE),
                        None)
        for sent_readings in _by_sentence(sents, readings):
            done: list[tuple[Span, Span | None]] = []  # (result span, metric) in this sentence
            for chain in _chains(doc, sents, sent_readings):
                metrics = self._chain_metrics(doc, sents, chain, cover, done)
                for pos, (span, unit) in enumerate(chain):
                    attribute = _attribute_name(doc, sents, span, unit)
                    if attribute is not None:
                        aid = f"a{len(attributes)}"
                        attributes.append(Span(doc, span.start, span.end, label=attribute, span_id=aid))
                        subject = _nearest(doc, sents, span, cover, MODEL_LIKE, before=False, window=3)
                        if subject is not None:
                            attribute_args.append(Span(doc, subject.start, subject.end, label="SUBJECT", span_id=aid))
                        continue
                    metric = metrics[pos]
                    if metric is None or _is_composition(doc, sents, span, unit, cover):
                        continue
                    rid = f"r{len(results)}"
                    results.append(Span(doc, span.start, span.end, label="RESULT", span_id=rid,
                                        kb_id=_kind(sents, span, unit, chain)))
                    args.append(Span(doc, metric.start, metric.end, label="METRIC", span_id=rid))
                    if not unit and pos < len(chain) - 1 and chain[-1][1]:
                        unit_i = chain[-1][0].end - 1
                        args.append(Span(doc, unit_i, unit_i + 1, label="UNIT", span_id=rid))
                    model = self._model(doc, sents, chain, pos, metric, cover, ours)
                    if model is not None:
                        args.append(Span(doc, model.start, model.end, label="MODEL", span_id=rid))
                    dataset = _nearest_dataset(doc, sents, span, cover)
                    if dataset is not None:
                        args.append(Span(doc, dataset.start, dataset.end, label="DATASET", span_id=rid))
                    named = _named_metric(toks, metric)  # a metric entity only for a metric's name
                    if metric.start not in cover and named is not None:
                        new_metrics.append(Span(doc, named[0], named[1], label="METRIC",
                                                span_id=name_key(toks.span_text(*named))))
                    done.append((span, metric))
        doc.spans[self.results_key] = results
        doc.spans[self.args_key] = args
        doc.spans[self.attributes_key] = attributes
        doc.spans[self.attribute_args_key] = attribute_args
        measured = {name_key(toks.span_text(a.start, a.end)) for a in args if a.label_ == "METRIC"}
        kept = [s for s in entities
                if not (s.label_ == "METRIC" and s.kb_id_ != EXACT_KB_ID and _is_unmeasured(toks, s, measured))]
        if len(kept) == len(entities) and not new_metrics:
            return doc  # the entity group stays as it is
        taken = {i for span in kept for i in range(span.start, span.end)}
        fresh = {(s.start, s.end): s for s in new_metrics if not any(i in taken for i in range(s.start, s.end))}
        doc.spans[self.spans_key] = sorted(kept + list(fresh.values()), key=lambda s: s.start)
        return doc

    def _chain_metrics(self, doc: Doc, sents: Sentences, chain: Sequence[tuple[Span, str]], cover: dict[int, Span],
                       done: list[tuple[Span, Span | None]]) -> list[Span | None]:
        last_span, last_unit = chain[-1]
        metric = _metric_after(doc, sents, last_span, last_unit, cover) \
            or _metric_before(doc, sents, chain[0][0], cover)
        if metric is None:
            metric = _metric_by_improvement(doc, sents, chain[0][0], cover)
        if metric is None and last_unit == "points":
            metric = _metric_anywhere_before(doc, sents, chain[0][0], cover)
        previous = [m for _, m in done if m is not None]
        if metric is not None and len(chain) > 1 and len(previous) >= len(chain) and len(metric) == 1 \
                and sents.tokens.texts[metric.start].lower() in COMPARATIVES:
            return previous[-len(chain):]  # "89.7% A and 84.8% B, ... 4 and 8 times higher"
        if metric is not None:
            return [metric] * len(chain)
        if len(chain) > 1 and len(previous) >= len(chain):
            return previous[-len(chain):]  # "89.7% A and 84.8% B, ... 4 and 8 times higher"
        if len(chain) == 1 and previous and _only_glue_since(doc, sents, done[-1][0], chain[0][0]):
            return [previous[-1]]  # "F1 of 0.839 in setting A and 0.870 in setting B"
        return [None] * len(chain)

    def _model(self, doc: Doc, sents: Sentences, chain: Sequence[tuple[Span, str]], pos: int, metric: Span,
               cover: dict[int, Span], ours: Span | None) -> Span | None:
        if pos > 0 and any(_VS_RE.search(sents.text[a[0].end_char : b[0].start_char])
                           for a, b in zip(chain, chain[1:], strict=False)):
            return None  # the second of "A vs B" is the baseline's
        first = chain[0][0]
        texts = sents.tokens.texts
        sent_start, sent_end = sents.start(first.start), sents.end(first.start)
        # "CNNs (mIoU: 78.55)": the name right before the parenthesis
        for i in range(first.start - 1, max(sent_start, first.start - 5) - 1, -1):
            if texts[i] == ")":
                break
            if texts[i] == "(":
                owner = cover.get(i - 1)
                if owner is not None and owner.label_ in MODEL_LIKE:
                    return owner
                break
        # "the accuracy of LLaMA 2 by 7.8%", "0.03 loss for GPT-2 XL"
        lo, hi = sorted((metric.end, first.start))
        for i in range(lo, hi):
            if i in cover and cover[i].label_ in MODEL_LIKE:
                return cover[i]
        after = chain[-1][0].end if metric.start < chain[-1][0].end else metric.end
        if after < sent_end and texts[after].lower() in {"for", "of", "with"}:
            attached = _nearest(doc, sents, doc[after : after + 1], cover, MODEL_LIKE, before=False, window=5)
            if attached is not None:
                return attached
        subject = _subject_of_result_verb(texts, sent_start, first.start, cover)
        if subject is not None:
            return subject
        for i in range(sent_start, first.start):
            if texts[i].lower() == "our" and i + 1 < first.start and texts[i + 1].lower() in SELF_REFERENCES:
                if ours is not None:
                    return ours
            entity = cover.get(i)
            if entity is not None and entity.label_ in MODEL_LIKE and entity.start == i:
                return entity
        if ours is not None:
            return ours
        for i in range(chain[-1][0].end, sent_end):
            if texts[i].lower() in {"than", "outperform", "outperforms", "over", "compared", "vs", "versus"}:
                break
            entity = cover.get(i)
            if entity is not None and entity.label_ in MODEL_LIKE:
                return entity
        return None


def _subject_of_result_verb(texts: list[str], sent_start: int, end: int, cover: dict[int, Span]) -> Span | None:
    """"multiMentalRoBERTa achieves ..., with macro F1 of 0.839": the model just before the
    last result verb ("achieves", "reaches") before `end`."""
    for i in range(end - 1, sent_start, -1):
        if texts[i].lower() in _RESULT_VERBS:
            for j in range(i - 1, max(sent_start, i - 3) - 1, -1):
                entity = cover.get(j)
                if entity is None:
                    if not texts[j].isalpha():
                        return None
                    continue
                if entity.label_ not in MODEL_LIKE:
                    return None
                # "Mamba 2.8B SSM achieves": the first of adjacent names
                while entity.start > sent_start and (before := cover.get(entity.start - 1)) is not None \
                        and before.label_ in MODEL_LIKE:
                    entity = before
                return entity
            return None
    return None


def _by_sentence(sents: Sentences, readings: list[tuple[Span, str]]) -> list[list[tuple[Span, str]]]:
    groups: dict[int, list[tuple[Span, str]]] = {}
    for span, unit in readings:
        groups.setdefault(sents.start(span.start), []).append((span, unit))
    return list(groups.values())


def _chains(doc: Doc, sents: Sentences, readings: list[tuple[Span, str]]) -> list[list[tuple[Span, str]]]:
    chains: list[list[tuple[Span, str]]] = []
    for span, unit in readings:
        if chains:
            prev = chains[-1][-1][0]
            between = sents.text[prev.end_char : span.start_char]
            if _CONNECTOR_RE.match(between) and (unit == chains[-1][-1][1] or not chains[-1][-1][1]):
                chains[-1].append((span, unit))
                continue
        chains.append([(span, unit)])
    return chains


def _attribute_name(doc: Doc, sents: Sentences, span: Span, unit: str) -> str | None:
    """The count noun a size or count number measures, or None for other numbers."""
    toks = sents.tokens
    texts = toks.texts
    end = span.end
    if end + 1 < len(texts) and texts[end] == "-" and not toks.spaces[end] and not toks.spaces[end - 1]:
        word = texts[end + 1].lower()
        if word.rstrip("s") + "s" in COUNT_NOUNS or word in COUNT_NOUNS:
            return word.rstrip("s") + "s"
        return None if not is_magnitude(toks.span_text(span.start, end)) else "size"  # "5-digit", "1-shot"
    if unit in {"%", "x", "points"}:
        return None
    for i in range(end, min(end + 3, sents.end(span.start))):
        word = texts[i].lower()
        if word in COUNT_NOUNS:
            return word if word.endswith("s") else word + "s"
        if not texts[i].isalpha() or word in _NP_STOP:
            break
    if is_magnitude(toks.span_text(span.start, end)):
        return "size"
    return None


def _noun_phrase_after(doc: Doc, toks: Tokens, i: int, end: int, cover: dict[int, Span]) -> Span | None:
    texts = toks.texts
    start = i
    while i < end and i - start < 4:
        text = texts[i]
        entity = cover.get(i)
        if entity is not None:
            if entity.label_ == "METRIC":
                return doc[start : entity.end] if start < entity.start else entity
            return None
        word = text.lower()
        if word in _NP_STOP or not (text.isalpha() or text == "-"):
            break
        if text[:1].isupper() and word not in METRIC_HEADS:
            return None
        i += 1
    while i > start and texts[i - 1] == "-":
        i -= 1
    return doc[start:i] if i > start else None


def _metric_after(doc: Doc, sents: Sentences, span: Span, unit: str, cover: dict[int, Span]) -> Span | None:
    toks = sents.tokens
    texts = toks.texts
    sent_end = sents.end(span.start)
    i = span.end
    comparative = None
    while i < sent_end and texts[i].lower() in _COMPARATIVES:
        comparative = comparative or doc[i : i + 1]
        i += 1
    if unit == "%" and i + 1 < sent_end and texts[i].lower() == "of" and texts[i + 1].lower() == "the":
        i += 2
    if i + 1 < sent_end and texts[i].lower() == "on" and texts[i + 1].lower() == "average":
        return doc[i + 1 : i + 2]
    phrase = _noun_phrase_after(doc, toks, i, sent_end, cover)
    if phrase is not None and texts[phrase.end - 1].lower() in DELTA_CUES and phrase.end + 1 < sent_end \
            and texts[phrase.end].lower() in {"in", "of"}:
        deeper = _noun_phrase_after(doc, toks, phrase.end + 1, sent_end, cover)
        if deeper is not None:
            return deeper
    if phrase is not None:
        head = texts[phrase.end - 1].lower()
        if head in COUNT_NOUNS:
            return None
        if phrase.start in cover or head in METRIC_HEADS or head.rstrip("s") in METRIC_HEADS or unit in {"%", "x"}:
            return phrase
    if comparative is not None and unit == "x":
        return comparative
    return None


def _metric_before(doc: Doc, sents: Sentences, span: Span, cover: dict[int, Span]) -> Span | None:
    texts = sents.tokens.texts
    sent_start = sents.start(span.start)
    i = span.start - 1
    skipped = 0
    while i >= sent_start and skipped < 5 and texts[i].lower() in _SKIP_BEFORE:
        i -= 1
        skipped += 1
    if i < sent_start:
        return None
    entity = cover.get(i)
    if entity is not None:
        return entity if entity.label_ == "METRIC" else None
    return _metric_phrase_ending_at(doc, texts, i, sent_start)


def _metric_phrase_ending_at(doc: Doc, texts: list[str], i: int, sent_start: int) -> Span | None:
    word = texts[i].lower()
    if word in _DELTA_VERBS and i > sent_start:
        # "Error drops from 51.3 to 30.0": the verb is no part of the metric
        before = _metric_phrase_ending_at(doc, texts, i - 1, sent_start)
        if before is not None:
            return before
    if word not in METRIC_HEADS and word.rstrip("s") not in METRIC_HEADS and not word.endswith(("score", "scores")):
        return None
    start = i
    while start > sent_start and i - start < 3:
        prev = texts[start - 1]
        if prev.lower() in _NP_STOP or not (prev.isalpha() or prev == "-" or any(c.isdigit() for c in prev)) \
                or prev in {",", "(", ")"}:
            break
        start -= 1
    return doc[start : i + 1]


def _metric_by_improvement(doc: Doc, sents: Sentences, span: Span, cover: dict[int, Span]) -> Span | None:
    """"improves the accuracy of X by (up to) N", "reduces the WER from A to B": the metric after the verb."""
    toks = sents.tokens
    texts = toks.texts
    sent_start = sents.start(span.start)
    i = span.start - 1
    while i > sent_start and texts[i].lower() in {"up", "to", "about", "around", "nearly", "over"}:
        i -= 1
    if texts[i].lower() not in {"by", "from"}:
        return None
    for j in range(i - 1, sent_start - 1, -1):
        if texts[j].lower() in _IMPROVE_VERBS:
            k = j + 1
            while k < i and texts[k].lower() in {"the", "a", "an", "its", "their", "our"}:
                k += 1
            if k in cover and cover[k].label_ == "METRIC":
                return cover[k]
            phrase = _noun_phrase_after(doc, toks, k, i, cover)
            if phrase is not None and texts[phrase.end - 1].lower().rstrip("s") in METRIC_HEADS:
                return phrase
            return None
    return None


def _metric_anywhere_before(doc: Doc, sents: Sentences, span: Span, cover: dict[int, Span]) -> Span | None:
    texts = sents.tokens.texts
    sent_start = sents.start(span.start)
    for i in range(span.start - 1, sent_start - 1, -1):
        entity = cover.get(i)
        if entity is not None and entity.label_ == "METRIC":
            return entity
        phrase = _metric_phrase_ending_at(doc, texts, i, sent_start)
        if phrase is not None:
            return phrase
    return None


def _only_glue_since(doc: Doc, sents: Sentences, previous: Span, span: Span) -> bool:
    between = sents.tokens.texts[previous.end : span.start]
    return len(between) <= 8 and any(w.lower() == "and" for w in between) and not any(
        any(c.isdigit() for c in w) and doc[previous.end + n].like_num for n, w in enumerate(between))


def _is_composition(doc: Doc, sents: Sentences, span: Span, unit: str, cover: dict[int, Span]) -> bool:
    """"43% Mamba-2, 7% attention, and 50% MLP layers": shares, not results."""
    if unit != "%":
        return False
    texts = sents.tokens.texts
    for i in range(max(sents.start(span.start), span.start - 8), min(sents.end(span.start), span.end + 8)):
        if texts[i].endswith("%"):
            nxt = cover.get(i + 1)
            if nxt is not None and nxt.label_ in MODEL_LIKE:
                return True
    return False


def _kind(sents: Sentences, span: Span, unit: str, chain: Sequence[tuple[Span, str]]) -> str:
    if unit == "x" or any(u == "x" for _, u in chain):
        return "ratio"
    texts = sents.tokens.texts
    before = texts[span.start - 1].lower() if span.start else ""
    if unit == "points" or texts[span.start][:1] in "+-\u2212" or before == "by" or \
            any(w.lower() in DELTA_CUES for w in texts[span.end : span.end + 3]):
        return "delta"
    return "absolute"


def _named_metric(toks: Tokens, phrase: Span) -> tuple[int, int] | None:
    """The tokens of the metric name within a metric phrase ("notable accuracy gain" ->
    "accuracy"), or None when it names none ("striking performance gain"); see
    `kg.taxonomy.metric_name`."""
    named = metric_name(toks.span_text(phrase.start, phrase.end))
    if named is None:
        return None
    for start in range(phrase.start, phrase.end):
        for end in range(phrase.end, start, -1):
            if toks.span_text(start, end) == named:
                return start, end
    return None


def _is_unmeasured(toks: Tokens, span: Span, measured: set[str]) -> bool:
    """A generic metric name ("accuracy", or a word the vocabulary knows as an ordinary word
    too: "sensitivity", "runtime") that no result of the paper measures."""
    text = toks.span_text(span.start, span.end)
    generic = text.lower().rstrip("s") in GENERIC_METRICS or is_generic_metric(text)
    return generic and (span.id_ or name_key(text)) not in measured


def _nearest(doc: Doc, sents: Sentences, span: Span, cover: dict[int, Span], labels: frozenset[str] | set[str], *,
             before: bool, window: int) -> Span | None:
    sent_start, sent_end = sents.start(span.start), sents.end(span.start)
    rng = range(span.start - 1, max(sent_start, span.start - window) - 1, -1) if before else \
        range(span.end, min(sent_end, span.end + window))
    for i in rng:
        entity = cover.get(i)
        if entity is not None and entity.label_ in labels:
            return entity
    return None


def _nearest_dataset(doc: Doc, sents: Sentences, span: Span, cover: dict[int, Span]) -> Span | None:
    best, best_dist = None, None
    for i in range(sents.start(span.start), sents.end(span.start)):
        entity = cover.get(i)
        if entity is None or entity.label_ != "DATASET":
            continue
        dist = span.start - entity.end if entity.end <= span.start else entity.start - span.end + 1
        if best_dist is None or abs(dist) < best_dist:
            best, best_dist = entity, abs(dist)
    return best


@Language.factory(
    "kg_results",
    assigns=["doc.spans"],
    requires=["doc.spans", "doc.sents"],
    default_config={
        "spans_key": "kg_entities",
        "results_key": "kg_results",
        "args_key": "kg_result_args",
        "attributes_key": "kg_attributes",
        "attribute_args_key": "kg_attribute_args",
        "proposals_key": "kg_proposals",
    },
)
def make_result_finder(nlp: Language, name: str, spans_key: str, results_key: str, args_key: str,
                       attributes_key: str, attribute_args_key: str, proposals_key: str) -> ResultFinder:
    """Build the `kg_results` component."""
    return ResultFinder(name, spans_key=spans_key, results_key=results_key, args_key=args_key,
                        attributes_key=attributes_key, attribute_args_key=attribute_args_key,
                        proposals_key=proposals_key)
