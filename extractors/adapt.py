"""`doc_to_extraction`: the pure adaptor from an annotated `Doc` to a `kg.model.Extraction`.

Last step of the extraction data path. It reads only `doc.spans` (what the
components wrote) and the `Paper` (title and id), and builds frozen records.
Span-group conventions, shared with the components:

- ``kg_entities``: MODEL/METHOD/DATASET/METRIC/TASK spans, ``span.id_`` = canonical key.
- ``kg_proposals``: entity mentions the paper proposes (``id_`` = entity key).
- ``kg_results``: RESULT spans over the raw number, ``id_`` = result id, ``kb_id_`` = kind;
  ``kg_result_args``: METRIC/DATASET/MODEL/UNIT spans with ``id_`` = the result id.
- ``kg_claims``: WINNER/LOSER spans, ``id_`` = claim id.
- ``kg_attributes``: spans over sizes and counts, label = attribute name;
  ``kg_attribute_args``: SUBJECT spans with ``id_`` = the attribute's span id.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple

from spacy.tokens import Doc, Span

from extractors.cues import LABEL_TO_TYPE, MODEL_HEADS, NOT_NAMES
from extractors.names import name_shape
from extractors.sents import Sentences
from extractors.quantities import parse_quantity, unit_of
from kg.ids import entity_key
from kg.model import Attribute, Claim, Entity, Evidence, Extraction, Mention, Paper, Result

__all__ = ["TitleName", "doc_to_extraction", "title_names"]

_TITLE_TYPE_NOUNS = {"dataset": "Dataset", "benchmark": "Dataset", "corpus": "Dataset",
                     "model": "Model", "framework": "Model", "system": "Model"}


class TitleName(NamedTuple):
    """A name a title announces before its colon ("Quamba: A Post-Training ...")."""

    name: str
    type: str


def title_names(title: str) -> list[TitleName]:
    """Names that a title puts before its colon, when they look like names.

    Examples:
        >>> title_names("Quamba: A Post-Training Quantization Recipe")
        [TitleName(name='Quamba', type='Model')]
        >>> title_names("The SourceData-NLP dataset: integrating curation")
        [TitleName(name='SourceData-NLP', type='Dataset')]
        >>> title_names("Grokking in the Wild: Data Augmentation"), title_names("Hierarchical Transformers: X")
        ([], [])
    """
    if ":" not in title:
        return []
    head = title.split(":", 1)[0].strip()
    words = head.split()
    if words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    kind = "Model"
    if words and words[-1].lower() in _TITLE_TYPE_NOUNS:
        kind = _TITLE_TYPE_NOUNS[words[-1].lower()]
        words = words[:-1]
    names, current = [], []
    for word in words + ["and"]:
        if word.lower() == "and":
            if current:
                names.append(current)
            current = []
        else:
            current.append(word)
    out = []
    for name in names:
        last = name[-1].lower()
        if len(name) > 4 or name[0].lower().endswith("ing") and len(name) > 1:
            return []
        if any(w.lower() in NOT_NAMES or not (w[:1].isupper() or name_shape(w)) for w in name):
            return []
        if last.endswith("s") and last in MODEL_HEADS:
            return []
        if len(name) > 1 and not any(name_shape(w) or w.lower() in MODEL_HEADS or "-" in w for w in name):
            return []
        out.append(TitleName(" ".join(name), kind))
    return out


def _evidence(span: Span, sents: Sentences) -> Evidence:
    sent = sents.span(span.start)
    return Evidence(text=sent.text, start=sent.start_char, end=sent.end_char)


def _entities(doc: Doc, paper: Paper) -> list[Entity]:
    groups: dict[str, list[Span]] = defaultdict(list)
    for span in doc.spans.get("kg_entities", []):
        key = span.id_ or entity_key(span.text)
        if key:
            groups[key].append(span)
    proposed = {span.id_ or entity_key(span.text) for span in doc.spans.get("kg_proposals", [])}
    titled = {entity_key(t.name): t for t in title_names(paper.title or "")}
    entities = []
    for key, spans in groups.items():
        labels = Counter(span.label_ for span in spans)
        etype = LABEL_TO_TYPE.get(labels.most_common(1)[0][0], "Method")
        canonical = [s for s in spans if entity_key(s.text) == key]
        name = (canonical or spans)[0].text
        mentions = tuple(sorted({(s.start_char, s.end_char, s.text) for s in spans}))
        is_proposed = key in proposed or key in titled
        titled.pop(key, None)
        entities.append(Entity(
            name=name, type=etype, key=key,
            mentions=tuple(Mention(start, end, text) for start, end, text in mentions),
            proposed=is_proposed,
            confidence=1.0 if any(s.id_ and s.label_ for s in spans) else 0.8,
        ))
    for key, title in titled.items():
        entities.append(Entity(name=title.name, type=title.type, key=key, mentions=(), proposed=True,
                               confidence=0.6, extractor="kg_title"))
    return entities


def _results(doc: Doc, sents: Sentences) -> list[Result]:
    args: dict[str, dict[str, Span]] = defaultdict(dict)
    for span in doc.spans.get("kg_result_args", []):
        args[span.id_].setdefault(span.label_, span)
    out = []
    for span in doc.spans.get("kg_results", []):
        quantity = parse_quantity(span.text)
        if quantity is None:
            continue
        linked = args.get(span.id_, {})
        unit = unit_of(linked["UNIT"].text) if "UNIT" in linked else quantity.unit
        out.append(Result(
            value=quantity.value, unit=unit, kind=span.kb_id_ or "absolute",
            metric=linked["METRIC"].text if "METRIC" in linked else None,
            dataset=linked["DATASET"].text if "DATASET" in linked else None,
            model=linked["MODEL"].text if "MODEL" in linked else None,
            raw=span.text, raw_start=span.start_char, raw_end=span.end_char,
            evidence=_evidence(span, sents),
        ))
    return out


def _claims(doc: Doc, sents: Sentences) -> list[Claim]:
    roles: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for span in doc.spans.get("kg_claims", []):
        roles[span.id_][span.label_].append(span)
    out, seen = [], set()
    for parts in roles.values():
        for winner in parts.get("WINNER", []):
            for loser in parts.get("LOSER", []):
                loser_name = f"{loser.text} {loser.kb_id_}" if loser.kb_id_ else loser.text  # shared head
                pair = (winner.text, loser_name)
                if pair in seen or entity_key(winner.text) == entity_key(loser_name):
                    continue
                seen.add(pair)
                out.append(Claim(subject=winner.text, object=loser_name, evidence=_evidence(loser, sents)))
    return out


def _attributes(doc: Doc) -> list[Attribute]:
    subjects = {span.id_: span.text for span in doc.spans.get("kg_attribute_args", [])}
    out = []
    for span in doc.spans.get("kg_attributes", []):
        quantity = parse_quantity(span.text)
        if quantity is None:
            continue
        out.append(Attribute(name=span.label_, value=quantity.value, raw=quantity.raw,
                             start=span.start_char + quantity.start, end=span.start_char + quantity.end,
                             subject=subjects.get(span.id_)))
    return out


def doc_to_extraction(doc: Doc, paper: Paper) -> Extraction:
    """Adapt a processed `Doc` of `paper.abstract` to an `Extraction` record.

    Args:
        doc: the output of a `load_nlp` pipeline on `paper.abstract`.
        paper: the paper; its title can announce a proposed name ("Quamba: ...").

    Returns:
        The frozen record; every offset indexes `paper.abstract`.
    """
    from extractors import EXTRACTOR_VERSION

    sents = Sentences(doc)
    return Extraction(
        paper=paper,
        entities=tuple(_entities(doc, paper)),
        results=tuple(_results(doc, sents)),
        claims=tuple(_claims(doc, sents)),
        attributes=tuple(_attributes(doc)),
        sentences=tuple(
            (doc[start:end].start_char, doc[start:end].end_char) for start, end in zip(sents.starts, sents.ends)
        ),
        extractor_version=EXTRACTOR_VERSION,
    )

