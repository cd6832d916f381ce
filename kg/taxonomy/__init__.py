"""Canonical datasets, metrics and tasks of the field: the shipped vocabularies, read at run time.

`build.py` derives ``datasets.jsonl``, ``metrics.jsonl`` and ``tasks.jsonl`` from
Papers-with-Code leaderboards, the NLP-TDMS KB, SOTA?, SciREX and TDMSci (licences in
``LICENSE.md``). Here they are read, without ``../shared``: the gazetteer matches their
forms (`gazetteer_patterns`), entities that name a concept carry its canonical name and id
(`lookup`), one node per concept (`canonical_key`), and queries accept any synonym.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.ids import entity_key

__all__ = ["TYPES", "TaxonConcept", "canonical_key", "concepts", "gazetteer_patterns", "lookup", "spellings"]

TYPES: tuple[str, ...] = ("Dataset", "Metric", "Task")
_FOLDER = Path(__file__).parent
_FILES = {"Dataset": "datasets.jsonl", "Metric": "metrics.jsonl", "Task": "tasks.jsonl"}
_LABELS = {"Dataset": "DATASET", "Metric": "METRIC", "Task": "TASK"}


@dataclass(frozen=True, slots=True)
class TaxonConcept:
    """One dataset, metric or task of the vocabularies."""

    type: str
    id: str  # Papers-with-Code style slug: "wikitext-103"
    name: str  # canonical name: "WikiText-103"
    forms: tuple[str, ...]  # matched in any case
    exact: tuple[str, ...]  # matched only as written ("SST", "mAP")
    higher_is_better: bool | None = None

    @property
    def key(self) -> str:
        """The node key of the concept: the entity key of its canonical name."""
        return entity_key(self.name)


@lru_cache(maxsize=None)
def concepts(kind: str) -> tuple[TaxonConcept, ...]:
    """Every concept of one type ("Dataset", "Metric" or "Task"), sorted by id.

    Examples:
        >>> any(c.name == "WikiText-103" for c in concepts("Dataset"))
        True
    """
    path = _FOLDER / _FILES[kind]
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out.append(TaxonConcept(kind, row["id"], row["name"], tuple(row["forms"]), tuple(row["exact"]),
                                    row.get("higher_is_better")))
    return tuple(out)


@lru_cache(maxsize=None)
def _index(kind: str) -> dict[str, TaxonConcept]:
    """Entity key of every form and name -> its concept."""
    index: dict[str, TaxonConcept] = {}
    for concept in concepts(kind):
        for form in (concept.name, *concept.forms, *concept.exact):
            index.setdefault(entity_key(form), concept)
    return index


def lookup(kind: str, name: str) -> TaxonConcept | None:
    """The concept of type `kind` that `name` (or its key) names, if any.

    Examples:
        >>> lookup("Metric", "WER").name, lookup("Metric", "word error rates").id
        ('Word Error Rate', 'word-error-rate')
        >>> lookup("Dataset", "ImageNet 1K").name, lookup("Dataset", "no such dataset") is None
        ('ImageNet-1k', True)
    """
    if kind not in _FILES:
        return None
    return _index(kind).get(entity_key(name))


def canonical_key(kind: str, name: str) -> str:
    """The node key for `name` as a `kind`: its concept's key, else its own entity key.

    Examples:
        >>> canonical_key("Metric", "WER"), canonical_key("Metric", "my new score")
        ('worderrorrate', 'mynewscore')
    """
    concept = lookup(kind, name)
    return concept.key if concept is not None else entity_key(name)


def _plural(form: str) -> str | None:
    """The plural of a metric form ("accuracy" -> "accuracies", "AUC" -> "AUCs").

    Examples:
        >>> _plural("accuracy"), _plural("F1 score"), _plural("AUC"), _plural("loss")
        ('accuracies', 'F1 scores', 'AUCs', None)
    """
    last = form[-1:]
    if not last.isalpha() or form.endswith(("s", "x", "sh", "ch")):
        return None
    if form.endswith("y") and len(form) > 1 and form[-2] not in "aeiou":
        return form[:-1] + "ies"
    return form + "s"


def spellings(form: str) -> list[str]:
    """A form and the ways papers write it with other joins: a hyphen as a space, and a
    hyphen at a digit dropped ("ImageNet-1k", "ImageNet 1k", "ImageNet1k"); a K, M or B
    after a number in the other case too, as the tokenizer splits "1K" but not "1k".

    Examples:
        >>> spellings("ImageNet-1k")
        ['ImageNet-1k', 'ImageNet 1k', 'ImageNet1k', 'ImageNet-1K', 'ImageNet 1K', 'ImageNet1K']
        >>> spellings("part-of-speech tagging"), spellings("BLEU")
        (['part-of-speech tagging', 'part of speech tagging'], ['BLEU'])
    """
    out = [form]
    if "-" in form:
        out.append(_HYPHEN.sub(" ", form))
        glued = _DIGIT_HYPHEN.sub("", form)
        if glued != form:
            out.append(glued)
    out += [swapped for f in out if (swapped := _MAGNITUDE.sub(lambda m: m.group().swapcase(), f)) != f]
    return list(dict.fromkeys(out))


_MAGNITUDE = re.compile(r"(?<=\d)[kKmMbB]\b")
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_DIGIT_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=\d)|(?<=\d)-(?=[A-Za-z])")


def gazetteer_patterns(kind: str) -> list[dict]:
    """`kg_gazetteer` patterns for every form of every concept of one type, in each of its
    `spellings`; the id is the concept's key. Metrics also match their plurals ("BLEU scores").

    Examples:
        >>> [p for p in gazetteer_patterns("Metric") if p["id"] == "worderrorrate"][:2]
        [{'label': 'METRIC', 'pattern': 'Word Error Rate', 'id': 'worderrorrate'}, {'label': 'METRIC', 'pattern': 'Word Error Rates', 'id': 'worderrorrate'}]
    """
    label = _LABELS[kind]
    out: list[dict] = []
    for concept in concepts(kind):
        key = concept.key
        for forms, cased in ((concept.forms, False), (concept.exact, True)):
            for form in forms:
                variants = spellings(form)
                if kind == "Metric":
                    variants += [plural for v in variants if (plural := _plural(v)) is not None]
                for variant in variants:
                    pattern = [{"ORTH": variant}] if cased else variant
                    out.append({"label": label, "pattern": pattern, "id": key})
    return out
