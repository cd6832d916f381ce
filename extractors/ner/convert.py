#!/usr/bin/env python3
"""Training data for PaperKG's entity recogniser: SciERC, SciREX and TDMSci on one label set.

    python extractors/ner/convert.py OUT_DIR [--scierc TRAIN.json] [--scirex DOCS.jsonl.gz]
        [--tdmsci TRAIN.conll] [--silver MODEL_DIR] [--scirex-sentences 12] [--tdmsci-weight 1]

Writes OUT_DIR/train.spacy (what the recogniser learns from), OUT_DIR/slice.spacy (one
unit in ten of every source, kept aside to choose checkpoints) and OUT_DIR/stats.json.
Nothing reported as unseen enters either file: SciERC dev is not read at all, and the
TDMSci sentences `kg.core.holdout.is_held_out("tdmsci:N")` marks are skipped.

Label set (the graph's types are Model, Method, Dataset, Metric, Task):

- METHOD: SciERC and SciREX Method (models and methods alike; the rules tell them apart).
- TASK, METRIC: all three sources.
- DATASET: SciREX Material (the data a result is measured on), TDMSci DATASET, and a SciERC
  Material that reads as a named resource ("Penn Treebank", "UCF101", "SI corpus").
- MATERIAL: the other SciERC Materials, data described rather than named ("speech data",
  "English phrases"); counted as Dataset by the SciERC scorer, never kept as a graph name.
- OTHER, GENERIC: SciERC OtherScientificTerm and Generic, auxiliary ("an approach" is not a
  METHOD), never output.

Sources and text: SciERC documents are their tokens joined by single spaces, exactly the
text its scorer uses; TDMSci sentences are rebuilt from their character offsets as
`eval/tdmsci.py` rebuilds them; SciREX words are joined back into running text
("CIFAR - 10" -> "CIFAR-10", no space before "," or ")"), since the recogniser reads real
abstracts. Each text is tokenized by the extraction pipeline's own tokenizer; a gold span
that does not fall on its token boundaries leaves its tokens unannotated (missing).
SciREX papers are long: each contributes its title and abstract as one document, and up to
`--scirex-sentences` body sentences that hold a mention (a seeded sample), each a document.

Missing annotation: a source annotates only some labels (TDMSci no Method, SciREX no
Generic), so an unmarked phrase there is not evidence of "no entity". With `--silver` (a
recogniser trained on SciERC alone, which annotates every label) the tokens of each span
it finds with a label the source does not annotate, and that no gold span overlaps, become
missing: the recogniser is neither rewarded nor penalised there.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from extractors.shapes import name_shape  # noqa: E402
from kg.core.holdout import is_held_out  # noqa: E402
from kg.evaluate.sets import scierc_text  # noqa: E402

LABELS = ("METHOD", "TASK", "METRIC", "DATASET", "MATERIAL", "OTHER", "GENERIC")
# The labels each source annotates; a silver span of any other label marks tokens missing.
SOURCE_LABELS: dict[str, frozenset[str]] = {
    "scierc": frozenset(LABELS),
    "scirex": frozenset({"METHOD", "TASK", "METRIC", "DATASET"}),
    "tdmsci": frozenset({"TASK", "METRIC", "DATASET"}),
}
SCIERC_LABELS = {"Method": "METHOD", "Task": "TASK", "Metric": "METRIC", "Material": "MATERIAL",
                 "OtherScientificTerm": "OTHER", "Generic": "GENERIC"}
SCIREX_LABELS = {"Method": "METHOD", "Task": "TASK", "Metric": "METRIC", "Material": "DATASET"}
TDMSCI_LABELS = {"TASK": "TASK", "METRIC": "METRIC", "DATASET": "DATASET"}
# Labels first in a conflict between overlapping gold spans: the scored ones.
_PRIORITY = {label: n for n, label in enumerate(LABELS)}
SLICE_ONE_IN = 10
_NO_SPACE_BEFORE = frozenset(", . ; : ) ] ? ! % 's ’s n't n’t".split())
_NO_SPACE_AFTER = frozenset("( [".split())
_GLUE = frozenset("- /".split())
_SECTION_MARKS = frozenset({"document", "section", "subsection", "subsubsection", "paragraph"})
_LANGUAGE_ENDINGS = ("ese", "ish", "ian", "ic", "an", "ch")
_PTB_BRACKETS = frozenset({"-LRB-", "-RRB-", "-LSB-", "-RSB-", "-LCB-", "-RCB-"})


@dataclass
class Unit:
    """One training document: its source, a key (for the slice), text and gold spans."""

    source: str
    key: str
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # (start_char, end_char, LABEL)


def in_slice(source: str, key: str) -> bool:
    """Whether a unit belongs to the slice of train kept aside to choose checkpoints.

    Examples:
        >>> [in_slice("scierc", k) for k in ("A", "B", "C")].count(True) <= 3
        True
    """
    digest = hashlib.sha1(f"ner-slice:{source}:{key}".encode()).hexdigest()
    return int(digest, 16) % SLICE_ONE_IN == 0


def names_a_resource(words: list[str], *, mid_sentence: bool = True) -> bool:
    """Whether a SciERC Material names a data set or resource rather than describing data:
    a name-shaped word, or a capitalised one that no sentence start explains and that is no
    language ("Chinese", "English").

    Examples:
        >>> names_a_resource(["Penn", "Treebank"]), names_a_resource(["UCF101"]), names_a_resource(["SI", "corpus"])
        (True, True, True)
        >>> names_a_resource(["speech", "data"]), names_a_resource(["German", "text", "corpora"])
        (False, False)
        >>> names_a_resource(["Chinese"]), names_a_resource(["Roget", "'s", "Thesaurus"])
        (False, True)
        >>> names_a_resource(["Training", "examples"], mid_sentence=False), names_a_resource(["NAM", "-LRB-", "x", "-RRB-"])
        (False, True)
    """
    words = [w for w in words if w not in _PTB_BRACKETS]
    if any(name_shape(w) for w in words):
        return True
    return any(w[:1].isupper() and not w.lower().endswith(_LANGUAGE_ENDINGS)
               for w in words[0 if mid_sentence else 1:])


def join_words(words: list[str]) -> tuple[str, list[int]]:
    """Running text from a tokenised sentence, with each word's character offset.

    Examples:
        >>> join_words("On CIFAR - 10 ( a benchmark ) , we win .".split())[0]
        'On CIFAR-10 (a benchmark), we win.'
    """
    text, starts = "", []
    for n, word in enumerate(words):
        previous = words[n - 1] if n else ""
        nxt = words[n + 1] if n + 1 < len(words) else ""
        glued = word in _GLUE and previous[-1:].isalnum() and nxt[:1].isalnum()
        space = bool(text) and not (
            word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER or glued
            or (previous in _GLUE and n >= 2 and words[n - 2][-1:].isalnum() and word[:1].isalnum()))
        text += " " if space else ""
        starts.append(len(text))
        text += word
    return text, starts


def scierc_units(path: Path) -> Iterator[Unit]:
    """SciERC documents (DyGIE json lines), every label, Materials split as named or not."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            doc = json.loads(line)
            words = scierc_text(doc)
            sentence_starts, n = set(), 0
            for sent in doc["sentences"]:
                sentence_starts.add(n)
                n += len(sent)
            spans = []
            for sent in doc["ner"]:
                for first, last, label in sent:
                    label = SCIERC_LABELS[label]
                    if label == "MATERIAL" and names_a_resource(words.tokens[first:last + 1],
                                                                mid_sentence=first not in sentence_starts):
                        label = "DATASET"
                    spans.append((*words.chars(first, last), label))
            yield Unit("scierc", str(doc["doc_key"]), words.text, spans)


def tdmsci_sentences(path: Path) -> Iterator[tuple[int, str, list[tuple[int, int, str]]]]:
    """(number, text, gold spans) of every TDMSci sentence, numbered from 1 and rebuilt as
    `eval/tdmsci.py` rebuilds them (one space wherever the offsets show a gap)."""
    rows: list[tuple[str, int, str]] = []
    number = 0
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            token, offset, tag = line.split("\t")
            rows.append((token, int(offset), tag))
            continue
        if not rows:
            continue
        number += 1
        text, previous_end, spans, open_span = "", rows[0][1], [], None
        for token, offset, tag in rows:
            if text and offset > previous_end:
                text += " "
            start = len(text)
            text += token
            previous_end = offset + len(token)
            kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if open_span and (tag.startswith("B-") or kind != open_span[2]):
                spans.append(tuple(open_span))
                open_span = None
            if kind and open_span is None:
                open_span = [start, len(text), kind]
            elif kind:
                open_span[1] = len(text)
        if open_span:
            spans.append(tuple(open_span))
        rows = []
        yield number, text, [(s, e, TDMSCI_LABELS[k]) for s, e, k in spans]


def tdmsci_units(path: Path) -> Iterator[Unit]:
    """The TDMSci sentences that are not held out."""
    for number, text, spans in tdmsci_sentences(path):
        if not is_held_out(f"tdmsci:{number}"):
            yield Unit("tdmsci", str(number), text, spans)


def scirex_units(path: Path, *, body_sentences: int, seed: int = 13) -> Iterator[Unit]:
    """SciREX papers: title and abstract as one unit, and a seeded sample of up to
    `body_sentences` body sentences that hold a mention, one unit each (keyed by paper)."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            paper = json.loads(line)
            words, key = paper["words"], str(paper["doc_id"])
            mentions: dict[int, list[tuple[int, int, str]]] = {}
            for start, end, label in paper["ner"]:
                mentions.setdefault(start, []).append((start, end, SCIREX_LABELS[label]))
            sections = paper["sections"]
            first_section_end = sections[0][1]  # the title, and the abstract unless it has its own section
            if len(sections) > 1 and [w.lower() for w in words[sections[1][0]:sections[1][0] + 3]] == ["section", ":", "abstract"]:
                first_section_end = sections[1][1]
            abstract, body = [], []
            for start, end in paper["sentences"]:
                (abstract if end <= first_section_end else body).append((start, end))
            if abstract:
                yield _scirex_unit(key, words, mentions, abstract)
            held = [s for s in body if _holds_mention(s, mentions) and not _has_section_mark(words, s)
                    and s[1] - s[0] <= 80]
            rng = random.Random(f"{seed}:{key}")
            for sentence in sorted(rng.sample(held, min(body_sentences, len(held)))):
                yield _scirex_unit(key, words, mentions, [sentence])


def _holds_mention(sentence: tuple[int, int], mentions: dict[int, list]) -> bool:
    return any(i in mentions for i in range(*sentence))


def _has_section_mark(words: list[str], sentence: tuple[int, int]) -> bool:
    return any(words[i].lower() in _SECTION_MARKS and i + 1 < sentence[1] and words[i + 1] == ":"
               for i in range(*sentence))


def _scirex_unit(key: str, words: list[str], mentions: dict[int, list], sentences: list[tuple[int, int]]) -> Unit:
    kept: list[int] = []  # word indices, without the "document :" / "section :" marks
    for start, end in sentences:
        i = start
        while i < end:
            if words[i].lower() in _SECTION_MARKS and i + 1 < end and words[i + 1] == ":":
                i += 3 if i + 2 < end and words[i + 2].lower() == "abstract" else 2
                continue
            kept.append(i)
            i += 1
    text, starts = join_words([words[i] for i in kept])
    where = {w: n for n, w in enumerate(kept)}
    spans = []
    for i in kept:
        for start, end, label in mentions.get(i, []):
            if all(j in where for j in range(start, end)):
                last = where[end - 1]
                spans.append((starts[where[start]], starts[last] + len(words[end - 1]), label))
    return Unit("scirex", key, text, spans)


def to_doc(nlp: spacy.Language, unit: Unit, silver: spacy.Language | None, counts: Counter) -> Doc:
    """The unit as an annotated Doc; see the module docstring for missing tokens."""
    doc = nlp.make_doc(unit.text)
    ents, missing, taken = [], [], set()
    for start, end, label in sorted(unit.spans, key=lambda s: (_PRIORITY[s[2]], -(s[1] - s[0]), s[0])):
        span = doc.char_span(start, end, label=label)
        if span is None:
            counts[f"{unit.source} misaligned"] += 1
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                missing.append(span)
            continue
        if any(i in taken for i in range(span.start, span.end)):
            counts[f"{unit.source} overlapping"] += 1
            continue
        taken.update(range(span.start, span.end))
        ents.append(span)
        counts[f"{unit.source} {label}"] += 1
    if silver is not None and SOURCE_LABELS[unit.source] != frozenset(LABELS):
        guessed = silver(Doc(silver.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc]))
        for ent in guessed.ents:
            if ent.label_ not in SOURCE_LABELS[unit.source] and not any(i in taken for i in range(ent.start, ent.end)):
                missing.append(doc[ent.start:ent.end])
                counts[f"{unit.source} missing {ent.label_}"] += 1
    blocked = sorted({i for span in missing for i in range(span.start, span.end)})
    runs = [doc[i:i + 1] for i in blocked]  # one span a token: missing spans may overlap
    doc.set_ents([e for e in ents if not any(i in blocked for i in range(e.start, e.end))],
                 missing=runs, default="outside")
    return doc


def convert(units: Iterable[Unit], out: Path, silver: spacy.Language | None = None,
            weights: dict[str, int] | None = None) -> dict:
    """Write train.spacy and slice.spacy under `out`; return the counts (also stats.json).
    `weights`: how many times a source's training documents are repeated (default once)."""
    sys.path.insert(0, str(REPO))
    from extractors.pipeline import load_nlp

    nlp = load_nlp("fast")  # the extraction pipeline's tokenizer: the recogniser reads its tokens
    bins = {"train": DocBin(store_user_data=False), "slice": DocBin(store_user_data=False)}
    counts: Counter = Counter()
    for unit in units:
        part = "slice" if in_slice(unit.source, unit.key) else "train"
        doc = to_doc(nlp, unit, silver, counts)
        for _ in range(1 if part == "slice" else (weights or {}).get(unit.source, 1)):
            bins[part].add(doc)
        counts[f"{part} {unit.source} docs"] += 1
        counts[f"{part} {unit.source} words"] += len(unit.text.split())
    out.mkdir(parents=True, exist_ok=True)
    for part, docbin in bins.items():
        docbin.to_disk(out / f"{part}.spacy")
    stats = dict(sorted(counts.items()))
    (out / "stats.json").write_text(json.dumps(stats, indent=1) + "\n", encoding="utf-8")
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--scierc", type=Path, help="SciERC train.json")
    ap.add_argument("--scirex", type=Path, help="SciREX train_docs.jsonl.gz")
    ap.add_argument("--tdmsci", type=Path, help="TDMSci train.conll (held-out sentences are skipped)")
    ap.add_argument("--silver", type=Path, help="a SciERC-only recogniser: marks unannotated labels missing")
    ap.add_argument("--scirex-sentences", type=int, default=12, help="body sentences per SciREX paper")
    ap.add_argument("--tdmsci-weight", type=int, default=1, help="times each TDMSci training sentence is repeated")
    a = ap.parse_args()
    units: list[Iterable[Unit]] = [scierc_units(a.scierc)] if a.scierc else []
    if a.scirex:
        units.append(scirex_units(a.scirex, body_sentences=a.scirex_sentences))
    if a.tdmsci:
        units.append(tdmsci_units(a.tdmsci))
    silver = spacy.load(a.silver) if a.silver else None
    stats = convert((u for source in units for u in source), a.out, silver, {"tdmsci": a.tdmsci_weight})
    print(json.dumps(stats), file=sys.stderr)


if __name__ == "__main__":
    main()
