"""`kg_results`: numeric results (value, unit, kind, metric, dataset, model, baseline) and sizes.

Data path: entity spans (`kg_entities`) and proposals -> this component -> the span groups
`kg_results`, `kg_result_args`, `kg_attributes` -> `extractors.adapt`.

How a sentence is read (`extractors.result_view` holds what the rules see of a sentence,
`extractors.result_metrics` finds a number's metric, `extractors.result_numbers` whether it is a
result and of which kind, `extractors.result_owners` its model and baseline,
`extractors.result_datasets` its dataset):

1. Numbers come from one pass of `find_quantities` over the text, with their unit ("%", "x",
   "points", "dB", "FPS", ...).
2. A size, count, year, version, setting or hyperparameter is never a result: sizes and counts
   become attributes ("8B-parameter", "3.5T tokens"); "k=5", "in 2023", "LLaMA 3.2",
   "10% of the labels" are dropped.
3. Numbers joined by "and", ",", "/", "vs", "to" or a dash form a group that shares its metric
   ("15.8 vs 18.3 perplexity", "95-100%", "from 51.3 to 30.0", "0.93, 0.36 and 0.04").
4. A group's metric is the phrase after it ("42.0 HOTA", "63% accuracy"), before it ("a HOTA of
   42.0", "mIoU: 87.3", "FID 2.16"), one per number from a slash or coordinated list ("65.0/70.4
   mIoU/mAcc", "improves A and B by x and y"), the object of a change verb ("reduces the WER
   from"), else a metric that the sentence or an earlier result names.
5. Each result has a kind: "ratio" (speed-ups, "3x", "N-fold"), "delta" (an improvement or a
   drop: "by 2.1", "+3.2", "a 5% gain", "2 points higher") or "absolute"; a delta keeps the
   baseline the sentence names ("over BERT", "outperforms X by").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.cues import DELTA_CUES, EXACT_KB_ID, GENERIC_METRICS, MODEL_LIKE, PART_WORDS, RESULT_METRIC_HEADS
from extractors.metric_use import metric_bounds, named_as_measure
from extractors.quantities import find_quantities
from extractors.result_datasets import dataset_name, dataset_of, last_ending_before, listed_datasets, result_dataset_name
from extractors.result_numbers import (
    attribute_name,
    factor_before,
    is_composition,
    is_result_like,
    kind_of,
    not_a_result,
)
from extractors.result_metrics import (
    metric_after,
    metric_before,
    metric_in_sentence,
    metric_list_after,
    metric_named_after,
    metric_named_before,
    metric_objects_of_change,
)
from extractors.result_owners import baseline_of, model_of, zipped_models
from extractors.result_settings import nearest_settings, setting_cues
from extractors.result_view import Reading, SentenceView, metric_acronyms, singular_metric
from extractors.sents import Sentences, Tokens, read_spans, write_spans
from extractors.shapes import name_key
from kg.core.model import Quantity
from kg.core.taxonomy import is_generic_metric, metric_name

__all__ = ["ResultFinder", "make_result_finder"]

# What may stand between two numbers of one group.
_CONNECTOR_RE = re.compile(
    r"^\s*(?:\([^()]{1,40}\)\s*)?"  # "97.0% (ESC-10), 91.5% (ESC-50)"
    r"(?:-|–|—|--|---|~|to|down to|up to|and up to|and|, and|,|or|, or|/|\(?\s*vs\.?|\(?\s*versus|→|->|and from)?\s*$",
    re.IGNORECASE,
)
# "improves A by 15.9%, B by 8.6%, and C by 2.4% in FID": one list, one metric
_BY_LIST_RE = re.compile(r"^,?\s*(?:and\s+)?[\w.+-]+(?:\s[\w.+-]+)?\s+by\s*$")
# Units that name what they measure: "49 FPS", "47 tokens per second" (throughput)
_RATE_UNITS = frozenset({"FPS", "tokens/s", "images/s", "samples/s"})
_TRAINING_CUES = frozenset(
    "train trained training pretrain pretrained pre-trained pretraining pre-training fine-tune fine-tuned finetuned "
    "fine-tuning finetuning samples".split()
)
_RANGE_RE = re.compile(r"^\s*(?:-|–|—|--|---|~|to|/)\s*$", re.IGNORECASE)


@dataclass(slots=True)
class _Found:
    """One result before it becomes spans."""

    reading: Reading
    metric: Span | None
    model: Span | None
    how: str  # how `model` was found (see `model_of`)
    own: bool  # the paper's own result ("our model", "it", no owner named): `model` is what it proposes (None when never named)
    dataset: Span | None
    baseline: Span | None
    kind: str
    unit: Reading | None  # the number whose unit this one borrows ("95-100%": 95 from 100%)
    sentence_end: int  # end token of its sentence


@dataclass(eq=False)  # eq=False: a pipeline component compares and hashes by identity
class ResultFinder:
    """Writes result spans and their arguments; see the module docstring. Its fields are the
    component's name and the `doc.spans` keys it reads (entities, proposals) and writes."""

    name: str
    _: KW_ONLY
    spans_key: str
    results_key: str
    args_key: str
    attributes_key: str
    attribute_args_key: str
    proposals_key: str

    def __call__(self, doc: Doc) -> Doc:
        sents = Sentences(doc)
        toks = sents.tokens
        entities = read_spans(doc, self.spans_key)
        given = len(entities)
        cover = {i: span for span in sorted(entities, key=len) for i in range(span.start, span.end)}
        readings: list[Reading] = []
        junk: set[tuple[int, int]] = set()
        for quantity in find_quantities(sents.text):
            tokens = toks.overlapping(quantity.start, quantity.end)
            if not tokens:
                continue
            if tokens.start in cover:
                entity = cover[tokens.start]
                if not _is_measurement(toks, entity, quantity):
                    continue  # digits inside a name
                junk.add((entity.start, entity.end))  # "FID 1.83", "42.62dB": a result, not a name
            readings.append(Reading(tokens.start, tokens.stop, quantity))
        # a unit read with its number ("1.4 dB", "30 FPS") is no name
        units = {i for r in readings for i in range(r.start + 1, r.end)}
        if junk or any(i in cover for i in units):
            entities = [s for s in entities if (s.start, s.end) not in junk
                        and not any(i in units for i in range(s.start, s.end))]
            cover = {i: span for span in sorted(entities, key=len) for i in range(span.start, span.end)}
        results, args, attributes, attribute_args, new_names = [], [], [], [], []
        if readings:
            proposed = [s for s in doc.spans.get(self.proposals_key, []) if s.label_ == "PROPOSED"]
            ours = next((cover[s.start] for s in proposed if s.start in cover and cover[s.start].label_ in MODEL_LIKE
                         and _can_be_ours(toks, cover[s.start])), None)
            texts = toks.texts
            lower = toks.lower  # shared with the other components: computed once per Doc, never written
            acronyms = metric_acronyms(toks, lambda i: texts[i].lower() in RESULT_METRIC_HEADS
                                       or cover.get(i) is not None and cover[i].label_ == "METRIC")
            if acronyms:  # "attack success rate (ASR)": ASR is a metric wherever a rule typed it
                entities = [Span(doc, s.start, s.end, label="METRIC", span_id=s.id_, kb_id=s.kb_id_)
                            if toks.span_text(s.start, s.end) in acronyms and s.label_ != "METRIC"
                            and s.kb_id_ != EXACT_KB_ID else s for s in entities]
                cover = {i: span for span in sorted(entities, key=len) for i in range(span.start, span.end)}
                given = -1  # the entity group changes
            # a dataset the paper trains on is no place its numbers are measured ("first on 30,000
            # samples from the emrQA corpus"), so it never stands in for an unnamed one
            datasets = [span for span in entities if span.label_ == "DATASET"
                        and not any(w in _TRAINING_CUES for w in (t.lower() for t in texts[max(0, span.start - 5) : span.start]))]
            last_dataset_before = last_ending_before(datasets)
            earlier: list[_Found] = []  # results of earlier sentences, for a metric they leave implicit
            facts: set[tuple[float, str, str, str, str, str]] = set()
            for group in _by_sentence(sents, readings):
                start, end = sents.start(group[0].start), sents.end(group[0].start)
                view = SentenceView(doc, toks, lower, cover, start, end, ours,
                                    last_dataset_before(start), metric_acronyms=acronyms)
                found = self._sentence(view, group, attributes, attribute_args, earlier)
                cues = setting_cues(toks.text, toks.starts[start], toks.end(end - 1)) if found else []
                settings = nearest_settings(toks.text, cues, [(toks.starts[f.reading.start], toks.end(f.reading.end - 1))
                                                              for f in found]) if cues else [{}] * len(found)
                for item, setting in zip(found, settings, strict=True):
                    fact = (item.reading.quantity.value, item.reading.quantity.unit, item.kind,
                            *(name_key(toks.span_text(a.start, a.end)) if a is not None else ""
                              for a in (item.metric, item.dataset, item.model)))
                    if fact in facts:
                        continue  # the abstract says it again ("an HR correlation of 0.982" twice)
                    facts.add(fact)
                    rid = f"r{len(results)}"
                    r = item.reading
                    label = "OWN_RESULT" if item.own else "RESULT"
                    results.append(Span(doc, r.start, r.end, label=label, span_id=rid, kb_id=item.kind))
                    for label, arg in (("METRIC", item.metric), ("MODEL", item.model), ("DATASET", item.dataset),
                                       ("BASELINE", item.baseline)):
                        if arg is not None:
                            # a metric keeps its name in the singular ("accuracies" -> "accuracy")
                            name = singular_metric(toks.span_text(arg.start, arg.end)) if label == "METRIC" \
                                else result_dataset_name(toks, arg, view.s, view.e) if label == "DATASET" else ""
                            args.append(Span(doc, arg.start, arg.end, label=label, span_id=rid, kb_id=name))
                    for kind, cue in setting.items():  # "zero-shot", "test set", "256x256": the kind's value
                        tokens = toks.overlapping(cue.start, cue.end)
                        args.append(Span(doc, tokens.start, tokens.stop, label=kind.upper(), span_id=rid, kb_id=cue.value))
                    if item.unit is not None:
                        # the unit of the group's last number ("95-100%", "2-3x"), its token and name
                        unit_at = item.unit.end - 1
                        args.append(Span(doc, unit_at, unit_at + 1, label="UNIT", span_id=rid,
                                         kb_id=item.unit.quantity.unit))
                    elif not r.quantity.unit and (factor := factor_before(view, r)) is not None:
                        args.append(Span(doc, factor, factor + 1, label="UNIT", span_id=rid, kb_id="x"))  # "factor 6.6"
                    if item.dataset is not None and item.dataset.start not in cover:
                        named_end = dataset_name(toks, item.dataset)  # "Haze4k test dataset": Haze4k
                        new_names.append(Span(doc, item.dataset.start, named_end, label="DATASET",
                                              span_id=name_key(toks.span_text(item.dataset.start, named_end))))
                    metric = item.metric
                    named = _named_metric(toks, metric) if metric is not None else None  # never "performance gain"
                    if named is not None and metric.start not in cover and view.strong_metric(metric):
                        text = toks.span_text(*named)
                        new_names.append(Span(doc, named[0], named[1], label="METRIC",
                                              span_id=name_key(singular_metric(text) or text)))
                earlier.extend(found)
        doc.spans[self.results_key] = results
        doc.spans[self.args_key] = args
        doc.spans[self.attributes_key] = attributes
        doc.spans[self.attribute_args_key] = attribute_args
        measured = {name_key(toks.span_text(a.start, a.end)) for a in args if a.label_ == "METRIC"}
        measured_at = {(a.start, a.end) for a in args if a.label_ == "METRIC"}
        measured_on = {(a.start, a.end) for a in args if a.label_ == "DATASET"}
        bounds = metric_bounds(toks, (s for s in entities if s.label_ == "METRIC"))
        kept = [s for s in entities
                if not (s.label_ == "METRIC" and s.kb_id_ != EXACT_KB_ID and _is_unmeasured(toks, s, measured)
                        and not named_as_measure(toks, s, bounds))]
        # a name the rules typed otherwise that a result measures is a metric ("improved Abs Rel by
        # 5.6%"); one a result is measured on is a dataset ("97.0% (ESC-10), 91.5% (ESC-50)")
        kept = [Span(doc, s.start, s.end, label="METRIC", span_id=s.id_, kb_id=s.kb_id_)
                if (s.start, s.end) in measured_at and s.label_ != "METRIC" and s.kb_id_ != EXACT_KB_ID else
                Span(doc, s.start, s.end, label="DATASET", span_id=s.id_, kb_id=s.kb_id_)
                if (s.start, s.end) in measured_on and s.label_ != "DATASET" and s.kb_id_ != EXACT_KB_ID else s
                for s in kept]
        relabelled = len(kept) != given or any(k is not s for k, s in zip(kept, entities))
        if not relabelled and not new_names:
            return doc  # the entity group stays as it is
        taken = {i for span in kept for i in range(span.start, span.end)}
        fresh = {(s.start, s.end): s for s in new_names if not any(i in taken for i in range(s.start, s.end))}
        write_spans(doc, self.spans_key, sorted(kept + list(fresh.values()), key=lambda s: s.start))
        return doc

    def _sentence(self, view: SentenceView, readings: list[Reading], attributes: list[Span],
                  attribute_args: list[Span], earlier: list[_Found]) -> list[_Found]:
        doc = view.doc
        candidates = []
        for r in readings:
            attribute = attribute_name(view, r)
            if attribute is not None:
                aid = f"a{len(attributes)}"
                attributes.append(Span(doc, r.start, r.end, label=attribute, span_id=aid))
                subject = view.nearest(r.end, MODEL_LIKE, before=False, window=3)
                if subject is not None:
                    attribute_args.append(Span(doc, subject.start, subject.end, label="SUBJECT", span_id=aid))
            elif not not_a_result(view, r):
                candidates.append(r)
        found: list[_Found] = []
        used_metrics: list[Span] = []
        listed = listed_datasets(view, candidates)
        for chain in _chains(view, candidates):
            metrics = self._chain_metrics(view, chain, found, earlier)
            models = zipped_models(view, chain)
            for pos, r in enumerate(chain):
                metric = metrics[pos]
                if (metric is None and not is_result_like(view, chain[0])) or is_composition(view, r, candidates):
                    continue
                kind = kind_of(view, r, chain, metric)
                if kind == "absolute" and metric is not None and view.lower[metric.end - 1] in DELTA_CUES:
                    metric = next((f.metric for f in reversed(found) if f.kind == "absolute"), None)  # "a 2% gain over X (74%)"
                model, how = (models[pos], "owner") if models else \
                    model_of(view, chain, pos, metric or view.doc[r.start : r.end], metrics)
                if how == "default":
                    # "X improves A by 10.5 mAP, and surpasses B by 6.2 mAP": the sentence's subject
                    model = next((f.model for f in reversed(found) if f.how == "subject"), model)
                own = how in {"self", "default"}
                dataset = listed[r.start] if r.start in listed else dataset_of(
                    view, r, metric, chain, [(f.metric, f.dataset) for f in found] if kind != "absolute" else ())
                if dataset is not None and metric is not None and dataset.start == metric.start < dataset.end < metric.end:
                    metric = view.doc[dataset.end : metric.end]  # "80% ImageNet top-1 accuracy": top-1 accuracy
                baseline = baseline_of(view, r, chain) if kind != "absolute" else None
                if baseline is not None and model is not None and baseline.start == model.start:
                    model, own = None, True
                unit = chain[-1] if not r.quantity.unit and pos < len(chain) - 1 and chain[-1].quantity.unit else None
                found.append(_Found(r, metric, model, how, own, dataset, baseline, kind, unit, view.e))
                used_metrics.append(metric)
        return found

    def _chain_metrics(self, view: SentenceView, chain: Sequence[Reading], found: list[_Found],
                       earlier: list[_Found]) -> list[Span | None]:
        n = len(chain)
        last, first = chain[-1], chain[0]
        if n > 1:
            listed = metric_list_after(view, last.end)
            if len(listed) == n:
                return listed  # "65.0/70.4/88.1 mIoU/mAcc/OA"
        metric = metric_after(view, last)
        if metric is not None and len(metric) == 1 and view.lower[metric.start] in view.comparatives:
            # "89.7% A and 84.8% B ... 4 and 8 times higher": the metrics before; "5x faster" is
            # a speed-up; "3.6 times more cases" measures nothing named
            if view.lower[metric.start] not in {"faster", "slower"}:
                return [f.metric for f in found[-n:]] if len(found) >= n else [None] * n
        objects = metric_objects_of_change(view, first) if metric is None else []
        if n > 1 and len(objects) == n:
            return objects  # "improved Abs Rel and Sq Rel by 5.6% and 9.8%"
        if metric is None and not (first.quantity.unit in _RATE_UNITS and first.start > view.s
                                   and view.lower[first.start - 1] in {"at", "with"}):
            metric = metric_before(view, first)  # "77.4 mIoU at 102 FPS": the FPS measure speed
        if metric is None and objects:
            metric = objects[0]
        if metric is not None:
            return [metric] * n
        if not first.quantity.unit and "." not in first.quantity.raw:
            return [None] * n  # a bare integer is a result only beside its metric
        previous = [f.metric for f in found]
        if n > 1 and len(previous) >= n and last.quantity.unit == "x":
            return previous[-n:]  # "89.7% A and 84.8% B, ... 4 and 8 times higher"
        if found and first.start > view.s and view.lower[first.start - 1] == "(" \
                and first.start - 1 in {found[-1].reading.end, getattr(found[-1].metric, "end", -1)}:
            return [found[-1].metric] * n  # "+2.4 points of accuracy (58.7% -> 61.2%)"
        if n > 1 and len(found) >= n and first.start > view.s + 1 and view.lower[first.start - 1] == "(" \
                and view.label(first.start - 2) in MODEL_LIKE:
            return previous[-n:]  # "an AbsRel of 11.19 and an EdgeCR of 5.74, outperforming X (11.99/1.91)"
        if first.quantity.unit in _RATE_UNITS:
            return [view.doc[last.end - 1 : last.end]] * n if first.quantity.unit == "FPS" else \
                [view.doc[first.end - 3 : first.end]] * n if view.lower[first.end - 2] == "per" else [None] * n
        metric_end = found[-1].metric.end if found and found[-1].metric is not None \
            and found[-1].metric.start >= found[-1].reading.end else None
        if n == 1 and found and (view.only_glue_between(found[-1].reading, first)
                                 or view.continues_list(found[-1].reading, first, metric_end)):
            return [found[-1].metric]  # "F1 of 0.839 in setting A and 0.870 in setting B"
        metric = metric_in_sentence(view, first, previous)
        if metric is None and first.quantity.unit:
            # "30.8% disclosure ..., while a Neurosurgeon persona elicited only 3.5%"
            metric = next((f.metric for f in reversed(found) if f.reading.quantity.unit == first.quantity.unit), None)
        if metric is None and earlier and earlier[-1].sentence_end == view.s and earlier[-1].metric is not None \
                and (n > 1 and view.respectively or is_result_like(view, first)):
            # "... Dice scores of 0.79, 0.91, 0.84. The corresponding values for B were 0.78, 0.87, 0.77, respectively."
            metric = earlier[-1].metric
        if metric is None and found and first.quantity.unit and view.label(first.start - 1) in MODEL_LIKE:
            metric = found[-1].metric  # "POPO reaches 36.7% on AIME, outperforming GRPO 30.0%"
        if metric is None and found and last.end + 1 < view.e and (view.lower[last.end] in view.comparatives and view.lower[
                last.end + 1] == "than" or view.lower[last.end] in {"over", "above"} and (
                first.quantity.unit == "points" or first.quantity.unit == "%" and view.label(last.end + 1) in MODEL_LIKE)):
            metric = found[-1].metric  # "an MPJPE of 60.1 mm, 7.54% lower than the previous best", "2.1 points over X"
        if metric is None and found and _inside_same_parentheses(view, found[-1].reading, first):
            metric = found[-1].metric  # "macro-F1 (up to +7.6 points, from 0.536 to 0.612)"
        if metric is None and is_result_like(view, first):
            # "an IoU of 0.83, an improvement over U-Net's 0.81", "GPT-5 (43.7%) ... show
            # performance limitations", "CenterMask achieves 38.3%"
            metric = (found[-1].metric if found else None) or metric_named_after(view, last) \
                or metric_named_before(view, first)
        return [metric] * n


def _by_sentence(sents: Sentences, readings: list[Reading]) -> list[list[Reading]]:
    groups: dict[int, list[Reading]] = {}
    for r in readings:
        groups.setdefault(sents.start(r.start), []).append(r)
    return list(groups.values())


def _chains(view: SentenceView, readings: list[Reading]) -> list[list[Reading]]:
    """Numbers joined by connectors, each chain sharing a metric."""
    chains: list[list[Reading]] = []
    text = view.toks.text
    for r in readings:
        if chains:
            prev = chains[-1][-1]
            between = text[prev.quantity.end : r.quantity.start]
            # a bare number takes a later one's unit ("95-100%", "4 and 8 times"), unless a metric
            # of its own stands right before it ("FID 1.83 and 42.6 dB PSNR")
            own_metric = prev.start > view.s and view.is_head(prev.start - 1 - (view.lower[prev.start - 1] in {":", "="}))
            same_unit = r.quantity.unit == prev.quantity.unit or not prev.quantity.unit and (
                _RANGE_RE.match(between) or not own_metric)
            if (_CONNECTOR_RE.match(between) or _BY_LIST_RE.match(between) and _by_before(view, chains[-1][0])) \
                    and same_unit:
                chains[-1].append(r)
                continue
        chains.append([r])
    return chains


def _inside_same_parentheses(view: SentenceView, previous: Reading, r: Reading) -> bool:
    """Both numbers inside one pair of parentheses: "(up to +7.6 points, from 0.54 to 0.61)"."""
    between = view.texts[previous.end : r.start]
    if ")" in between or "(" in between:
        return False
    depth = 0
    for k in range(previous.start - 1, view.s - 1, -1):
        depth += (view.texts[k] == ")") - (view.texts[k] == "(")
        if depth < 0:
            return True
    return False


def _can_be_ours(toks: Tokens, entity: Span) -> bool:
    """A proposed name that can own "our method"'s numbers: not a part of a task ("Subtask 3")
    nor a name cut before its hyphen ("HZNU" of "HZNU-FCD")."""
    if toks.texts[entity.start].lower() in PART_WORDS:
        return False
    return not (entity.end + 1 < len(toks.texts) and toks.texts[entity.end] == "-" and not toks.spaces[entity.end - 1])


def _by_before(view: SentenceView, r: Reading) -> bool:
    return r.start > view.s and view.lower[r.start - 1] == "by"


def _is_measurement(toks: Tokens, entity: Span, quantity: Quantity) -> bool:
    """An entity over a number that is a metric and its value ("FID 1.83", "AUC 0.510") or a
    value with its unit ("42.62dB"), not a name with a number in it ("LLaMA 3.2")."""
    text = toks.text[toks.starts[entity.start] : toks.end(entity.end - 1)]
    offset = toks.starts[entity.start]
    rest = (text[: quantity.start - offset] + text[quantity.end - offset :]).strip(" -:=")
    return not rest or rest.lower() in RESULT_METRIC_HEADS or (quantity.unit != "" and not rest.isalpha())


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

