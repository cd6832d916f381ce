"""`doc_to_extraction`: the pure adaptor from an annotated `Doc` to a `kg.model.Extraction`.

Last step of the extraction data path. It reads only `doc.spans` (what the
components wrote) and the `Paper` (title and id), and builds frozen records.
Span-group conventions, shared with the components:

- ``kg_entities``: MODEL/METHOD/DATASET/METRIC/TASK spans, ``span.id_`` = canonical key.
- ``kg_mentions``: longer mentions of entities ``kg_entities`` names ("the TAC 2010 data set"),
  ``id_`` = the entity's key; mentions only.
- ``kg_proposals``: entity mentions the paper proposes (``id_`` = entity key).
- ``kg_results``: RESULT spans over the tokens of the raw number, ``id_`` = result id,
  ``kb_id_`` = kind (OWN_RESULT: the paper's own result, whose model, when the sentence names
  none, is what the paper proposes); ``kg_result_args``: METRIC/DATASET/MODEL/BASELINE/UNIT
  spans and setting spans (PROTOCOL/SPLIT/SUBSET/RESOLUTION, ``kb_id_`` = the value) with
  ``id_`` = the result id.
- ``kg_claims``: WINNER/LOSER spans, ``id_`` = claim id.
- ``kg_attributes``: spans over sizes and counts, label = attribute name;
  ``kg_attribute_args``: SUBJECT spans with ``id_`` = the attribute's span id.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.tokens import Doc, Span

from extractors.claims import OURS, OURS_IMPLIED
from extractors.descriptive import DESCRIPTIVE_KB_ID, GENERIC_HEADS
from extractors.cues import EXACT_KB_ID, GENERIC_NAMES, LABEL_TO_TYPE, MENTIONS_KEY, NER_KB_ID, PART_WORDS, WEAK_METRICS
from extractors.leaderboard_metrics import with_leaderboard_metrics
from extractors.markup import NormalizedText, normalize_markup
from extractors.quantities import parse_quantity, quantity_at, unit_of
from extractors.sents import Sentences, Tokens, known_source, read_spans
from extractors.shapes import name_key, name_shape
from extractors.titles import TitleName, lead_name, title_names
from kg.core import __version__, taxonomy
from kg.core.model import SETTING_KINDS, Attribute, Claim, Entity, Evidence, Extraction, Mention, Paper, Result

__all__ = ["TitleName", "doc_to_extraction", "title_names"]

_NER_KB_IDS = frozenset({NER_KB_ID, EXACT_KB_ID})
# An abbreviation as a paper writes it: "SLM", "C-RTS", "A2SF", "LaMo" (two capitals at least).
_ACRONYM_RE = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z0-9][A-Za-z0-9-]{1,11}")
_LATEX_MARKUP = frozenset("$\\{}")


def _evidence(i: int, sents: Sentences, toks: Tokens, source: NormalizedText) -> Evidence:
    start, end = source.source_sentence(toks.starts[sents.start(i)], toks.end(sents.end(i) - 1))
    return Evidence(text=source.source[start:end], start=start, end=end)


def _mention(source: NormalizedText, start: int, end: int) -> Mention:
    """The mention of the normalised `[start, end)`, with offsets and text of the source."""
    start, end = source.source_span(start, end)
    return Mention(start, end, source.source[start:end])


def _entities(doc: Doc, paper: Paper, toks: Tokens, source: NormalizedText) -> list[Entity]:
    text, starts, lens = toks.text, toks.starts, toks.lens
    # key -> mentions as (start_char, end_char, text, label, has an id, from the NER), each span read once
    groups: dict[str, list[tuple[int, int, str, str, bool, bool]]] = {}
    renamed: dict[str, str] = {}  # key as found -> the key of its vocabulary concept
    longer = [s for s in doc.spans.get(MENTIONS_KEY, ()) if s.id_]  # mentions of entities named below
    for span in [*read_spans(doc, "kg_entities"), *longer]:
        last = span.end - 1
        start_char, end_char = starts[span.start], starts[last] + lens[last]
        mention = text[start_char:end_char]
        if not _LATEX_MARKUP.isdisjoint(mention):
            continue  # "$F$" leaves "F$": a remnant of markup, not a name
        span_id = span.id_
        key = span_id or name_key(mention)
        kind = LABEL_TO_TYPE.get(span.label_, "")
        # the mention as written too: its spelling variants ("WMT'14 En-De") fold in words, not in keys
        concept = (taxonomy.lookup(kind, key) or taxonomy.lookup(kind, mention)) if key else None
        if concept is not None:  # "ImageNet 1K" and "ImageNet-1k", "WER" and "word error rate": one entity
            key = renamed[span_id or name_key(mention)] = concept.key
        if key:
            groups.setdefault(key, []).append(
                (start_char, end_char, mention, span.label_, bool(span_id), span.kb_id_ in _NER_KB_IDS))
    for start, end in _measured_metrics(doc, toks):
        mention = toks.span_text(start, end)
        start_char, end_char = starts[start], toks.end(end - 1)
        key = taxonomy.canonical_key("Metric", mention)
        groups.setdefault(key, []).append((start_char, end_char, mention, "METRIC", False, False))
    found = (span.id_ or name_key(toks.span_text(span.start, span.end)) for span in doc.spans.get("kg_proposals", ()))
    proposed = {renamed.get(key, key) for key in found}
    title = normalize_markup(paper.title or "").text
    titled = {name_key(t.name): t for t in title_names(title)}
    described = [span for span in read_spans(doc, "kg_entities") if span.kb_id_ == DESCRIPTIVE_KB_ID]
    if not titled and proposed <= {span.id_ for span in described} and (lead := lead_name(title)) is not None \
            and lead.name.lower() not in GENERIC_NAMES and taxonomy.lookup(lead.type, name_key(lead.name)) is None \
            and (lead.name.lower().rstrip("s") in text.lower() or any(map(name_shape, lead.name.split()))):
        titled[name_key(lead.name)] = lead  # "Stochastic Pooling for ...": the abstract names nothing it proposes
    if titled:
        # "FooNet: ..." and "we propose a two-stream attention framework": the description of FooNet
        proposed -= {span.id_ for span in described if span[-1].lower_ in GENERIC_HEADS}
    for tkey, t in list(titled.items()):
        # "Crystal Transformer: ..." over "we propose BLMM Crystal Transformer": the title's
        # name is the short form of a name in the abstract
        if tkey not in groups and len(tkey) >= 4:
            variant = next((key for key, spans in groups.items()
                            if key.endswith(tkey) and any(m[2].endswith(" " + t.name) for m in spans)), None)
            if variant is not None:
                proposed.add(variant)
                del titled[tkey]
    entities = []
    for key, spans in groups.items():
        label = spans[0][3]
        if any(m[3] != label for m in spans):
            label = Counter(m[3] for m in spans).most_common(1)[0][0]
        is_proposed = key in proposed or key in titled
        t = titled.pop(key, None)
        etype = t.type if t is not None and t.said else LABEL_TO_TYPE.get(label, "Method")
        statistical = all(m[5] for m in spans)
        concept = taxonomy.lookup(etype, key)
        entities.append(Entity(
            name=_entity_name(key, spans, title if is_proposed else None), type=etype,
            key=key, mentions=tuple(_mention(source, *m) for m in _with_short_forms(text, _outermost({m[:2] for m in spans}))),
            proposed=is_proposed,
            confidence=0.7 if statistical else 1.0 if any(m[4] and m[3] for m in spans) else 0.8,
            extractor="kg_ner_entities" if statistical else "kg_entities",
            canonical_name=concept.name if concept is not None else None,
            canonical_id=concept.id if concept is not None else None,
        ))
    for key, t in titled.items():
        entities.append(Entity(name=t.name, type=t.type, key=key, mentions=(), proposed=True,
                               confidence=0.6, extractor="kg_title"))
    return entities


def _measured_metrics(doc: Doc, toks: Tokens) -> list[tuple[int, int]]:
    """Token ranges of what results measure that no entity names: the metric a result
    names in words of its own ("a cumulative return of 41%", "TPR disparity drops to 0.02"),
    less comments and changes ("notable", "gain") and generic words ("performance").

    A result's metric is a metric of the paper whether or not a vocabulary knows it.
    """
    named = {k for span in read_spans(doc, "kg_entities") for k in range(span.start, span.end)}
    out: list[tuple[int, int]] = []
    for span in doc.spans.get("kg_result_args", ()):
        if span.label_ != "METRIC" or any(k in named for k in range(span.start, span.end)):
            continue
        start, end = span.start, span.end
        texts = toks.texts
        while start < end and (texts[start].lower() in taxonomy.LEAD_WORDS or not texts[start][:1].isalnum()):
            start += 1
        while end > start + 1 and (texts[end - 1].lower() in taxonomy.DELTA_WORDS or not texts[end - 1][-1:].isalnum()):
            end -= 1
        words = [w.lower() for w in texts[start:end]]
        if not words or len(words) > 4 or words[-1] in WEAK_METRICS or words[-1].rstrip("s") in WEAK_METRICS \
                or words[-1] in _NOT_MEASURES or any(w in taxonomy.FUNCTION_WORDS for w in words) \
                or not any(c.isalpha() for c in "".join(words)):
            continue
        named.update(range(start, end))
        out.append((start, end))
    return out


# Last words of a result's phrase that name no measure: "speed" (a speed-up is a ratio), counts.
_NOT_MEASURES = frozenset({"speed", "evaluations", "count", "counts", "index", "steps", "samples"})


def _outermost(mentions: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Mentions in text order, less those inside a longer mention of the same entity (the
    recogniser's "BLEU score" around the rules' "BLEU" is one mention).

    Examples:
        >>> _outermost({(0, 10), (0, 4), (20, 24)})
        [(0, 10), (20, 24)]
    """
    # One sweep, not a pairwise test: a long abstract holds thousands of mentions. Sorted by start,
    # longest first, a mention lies inside another exactly when an earlier one reaches its end.
    outermost, reach = [], -1
    for start, end in sorted(mentions, key=lambda m: (m[0], -m[1])):
        if end > reach:
            outermost.append((start, end))
            reach = end
    return outermost


_SHORT_FORM_OPEN = re.compile(r"\s*\(\s*")
_SHORT_FORM_CLOSE = re.compile(r"\s*\)")


def _with_short_forms(text: str, mentions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Mentions in text order, a long form and the short form in parentheses right after it
    joined into one mention, as TDMSci and SciERC annotate them ("British National Corpus
    (BNC)"); `mentions` are one entity's, in text order.

    Examples:
        >>> text = "the British National Corpus (BNC) and BNC"
        >>> [text[s:e] for s, e in _with_short_forms(text, [(4, 27), (29, 32), (38, 41)])]
        ['British National Corpus (BNC)', 'BNC']
        >>> _with_short_forms("A, B", [(0, 1), (3, 4)])
        [(0, 1), (3, 4)]
    """
    out: list[tuple[int, int]] = []
    for start, end in mentions:
        if out:
            opened = _SHORT_FORM_OPEN.match(text, out[-1][1])
            closed = _SHORT_FORM_CLOSE.match(text, end)
            if opened is not None and opened.end() == start and closed is not None:
                out[-1] = (out[-1][0], closed.end())
                continue
        out.append((start, end))
    return out


def _entity_name(key: str, spans: list[tuple], title: str | None) -> str:
    """The name of an entity: a mention that spells its key; for the paper's own (`title`
    given) with an abbreviation, the abbreviation, unless the title spells out the long form.

    Examples:
        >>> spans = [(0, 25, "Swapped Language Modeling", "METHOD"), (27, 30, "SLM", "METHOD")]
        >>> _entity_name("swappedlanguagemodeling", spans, None), _entity_name("swappedlanguagemodeling", spans, "T")
        ('Swapped Language Modeling', 'SLM')
        >>> _entity_name("swappedlanguagemodeling", spans, "Swapped Language Modeling for X")
        'Swapped Language Modeling'
        >>> _entity_name("auc", [(0, 13, "average AUROC", "METRIC", True, True), (8, 13, "AUROC", "METRIC", True, False)], None)
        'AUROC'
    """
    if title is not None and len(spans) > 1:
        texts = list(dict.fromkeys(m[2] for m in spans))  # in text order: no hash-seed dependence
        short = next((t for t in sorted(texts, key=len) if _ACRONYM_RE.fullmatch(t)), None)
        long_forms = [t for t in texts if " " in t]
        if short is not None and long_forms:
            in_title = [t for t in long_forms if t.lower() in title.lower()]
            return in_title[0] if in_title else short
    canonical = [m for m in spans if name_key(m[2]) == key]
    # else a name the rules found before a longer term of the recogniser around it ("average AUROC")
    return (canonical or [m for m in spans if not (len(m) > 5 and m[5])] or spans)[0][2]


def _results(doc: Doc, sents: Sentences, toks: Tokens, source: NormalizedText,
             own_model: str | None, proposed: frozenset[str]) -> list[Result]:
    """The results, each own when the rules read it as the paper's or its model is one the
    paper proposes (`proposed`: their keys and names as written, lower-cased), else quoted."""
    args: dict[str, dict[str, str]] = defaultdict(dict)
    for span in doc.spans.get("kg_result_args", []):
        # an argument's kb_id_, when set, is its name as the record keeps it ("accuracies" -> "accuracy")
        args[span.id_].setdefault(span.label_, span.kb_id_ or toks.span_text(span.start, span.end))
    out = []
    for span in doc.spans.get("kg_results", []):
        quantity = quantity_at(toks.text, toks.starts[span.start], toks.end(span.end - 1))
        if quantity is None:
            continue
        linked = args.get(span.id_, {})
        unit = unit_of(linked["UNIT"]) if "UNIT" in linked else quantity.unit
        raw_start, raw_end = source.source_span(quantity.start, quantity.end)
        named = linked.get("MODEL")
        own = span.label_ == "OWN_RESULT" or named is not None and (named.lower() in proposed or name_key(named) in proposed)
        out.append(Result(
            value=quantity.value, unit=unit, kind=span.kb_id_ or "absolute",
            metric=linked.get("METRIC"), dataset=linked.get("DATASET"),
            model=named or (own_model if span.label_ == "OWN_RESULT" else None),
            baseline=linked.get("BASELINE"), raw=source.source[raw_start:raw_end], raw_start=raw_start,
            raw_end=raw_end, evidence=_evidence(span.start, sents, toks, source), own=own,
            setting=tuple((kind, linked[kind.upper()]) for kind in SETTING_KINDS if kind.upper() in linked),
        ))
    return out


def _claims(doc: Doc, sents: Sentences, toks: Tokens, source: NormalizedText,
            ours: tuple[str, bool] | None) -> list[Claim]:
    roles: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for span in doc.spans.get("kg_claims", []):
        roles[span.id_][span.label_].append(span)
    out, seen = [], set()
    for parts in roles.values():
        for winner in parts.get("WINNER", []):
            if winner.kb_id_ in (OURS, OURS_IMPLIED):
                # "Experiments show a 5% gain over Y" names no winner: the paper's own, when the title
                # announces it or the abstract gives it a name ("ZorbNet", not "a graph model")
                if ours is None or (winner.kb_id_ == OURS_IMPLIED and not (ours[1] or _branded(ours[0]))):
                    continue
                winner_name = ours[0]
            else:
                winner_name = toks.span_text(winner.start, winner.end)
            for loser in parts.get("LOSER", []):
                loser_name = toks.span_text(loser.start, loser.end)
                if loser.kb_id_:
                    loser_name = f"{loser_name} {loser.kb_id_}"  # shared head
                pair = (winner_name, loser_name)
                if pair in seen or name_key(winner_name) == name_key(loser_name):
                    continue
                seen.add(pair)
                out.append(Claim(subject=winner_name, object=loser_name, evidence=_evidence(loser.start, sents, toks, source)))
    return out


def _branded(name: str) -> bool:
    """A coined name ("ZorbNet", "VL-JEPA", "Vexilo"), not a description ("graph model").

    Examples:
        >>> [_branded(n) for n in ["ZorbNet", "VL-JEPA", "Vexilo", "sparse graph model", "Graph Model"]]
        [True, True, True, False, False]
    """
    words = name.split()
    return any(name_shape(w) for w in words) or (len(words) == 1 and name[:1].isupper())


def _main_proposal(entities: list[Entity], title: str, abstract: str) -> tuple[str, bool] | None:
    """What "our model" names: the model or method the paper proposes (the one the title
    announces, else the first in the abstract; a "Task" only when nothing else is proposed,
    as "LePREC: Reasoning as Classification ..." is typed by its head noun), and whether the
    title announces it. Results and claims that are the paper's own use it.

    Examples:
        >>> e = [Entity("X-Net", "Model", "xnet", (Mention(5, 10, "X-Net"),), proposed=True)]
        >>> a = "Our X-Net is fast."
        >>> _main_proposal(e, "X-Net: a network", a), _main_proposal(e, "A network", a), _main_proposal([], "T", a)
        (('X-Net', True), ('X-Net', False), None)
    """
    def cut(m: Mention) -> bool:
        return abstract[m.end : m.end + 1] == "-" and abstract[m.end + 1 : m.end + 2].isalnum()

    # never a part of a task ("Subtask 3") nor a name cut before its hyphen ("HZNU" of "HZNU-FCD")
    proposed = [e for e in entities if e.proposed and e.type in {"Model", "Method", "Task"}
                and e.name.split()[0].lower() not in PART_WORDS and not (e.mentions and all(map(cut, e.mentions)))]
    titled = {name_key(t.name) for t in title_names(title)}
    proposed.sort(key=lambda e: (e.type == "Task", e.key not in titled, e.mentions[0].start if e.mentions else -1))
    return (proposed[0].name, proposed[0].key in titled) if proposed else None


def _proposed_names(entities: list[Entity]) -> frozenset[str]:
    """The keys and lower-cased mentions of what the paper proposes (a model it names is its own).

    Examples:
        >>> sorted(_proposed_names([Entity("X-Net", "Model", "xnet", (Mention(5, 10, "X-Net"),), proposed=True)]))
        ['x-net', 'xnet']
    """
    out = set()
    for e in entities:
        if e.proposed and e.type in {"Model", "Method"}:
            out.add(e.key)
            out.add(e.name.lower())
            out.update(m.text.lower() for m in e.mentions)
    return frozenset(out)


def _attributes(doc: Doc, toks: Tokens, source: NormalizedText) -> list[Attribute]:
    subjects = {span.id_: toks.span_text(span.start, span.end) for span in doc.spans.get("kg_attribute_args", [])}
    out = []
    for span in doc.spans.get("kg_attributes", []):
        quantity = parse_quantity(toks.span_text(span.start, span.end))
        if quantity is None:
            continue
        start, end = source.source_span(toks.starts[span.start] + quantity.start, toks.starts[span.start] + quantity.end)
        out.append(Attribute(name=span.label_, value=quantity.value, raw=source.source[start:end],
                             start=start, end=end, subject=subjects.get(span.id_)))
    return out


def doc_to_extraction(doc: Doc, paper: Paper) -> Extraction:
    """Adapt a processed `Doc` of `paper.abstract` to an `Extraction` record.

    Args:
        doc: the output of a `load_nlp` pipeline on `paper.abstract`.
        paper: the paper; its title can announce a proposed name ("Quamba: ...").

    Returns:
        The frozen record; every offset indexes `paper.abstract` as stored (the Doc's text
        may be its normalised form, see `extractors.markup`), and every evidence, mention
        and raw text is the slice of `paper.abstract` at its offsets. Names come from the
        normalised text.
    """
    sents = Sentences(doc)
    toks = sents.tokens
    source = known_source(doc) or NormalizedText(toks.text, toks.text)
    entities = _entities(doc, paper, toks, source)
    ours = _main_proposal(entities, paper.title or "", paper.abstract or "")
    return Extraction(
        paper=paper,
        entities=tuple(entities),
        results=with_leaderboard_metrics(_results(doc, sents, toks, source, ours and ours[0], _proposed_names(entities))
                                         if doc.spans.get("kg_results") else ()),
        claims=tuple(_claims(doc, sents, toks, source, ours)),
        attributes=tuple(_attributes(doc, toks, source)),
        sentences=tuple(source.source_sentence(toks.starts[start], toks.end(end - 1))
                        for start, end in zip(sents.starts, sents.ends, strict=True)),
        extractor_version=__version__,
    )

