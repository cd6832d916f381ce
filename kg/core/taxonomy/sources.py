"""Reading the sources: each name a third-party source gives, as a `Sighting`.

Papers-with-Code leaderboards, the NLP-TDMS knowledge base, the SOTA? tuples, SciREX
relations and TDMSci spans (the last three without the papers and sentences
`kg.core.holdout` holds out).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.core.holdout import is_held_out
from kg.core.taxonomy.names import (
    GLUE_WORDS,
    canonical_dataset,
    canonical_metric,
    canonical_task,
    clean_name,
    initials_match,
)

__all__ = ["Sighting", "read_pwc", "read_scirex", "read_sota", "read_tdms", "read_tdmsci", "sota_papers_seen", "squash",
           "tdmsci_sentences"]


@dataclass
class Sighting:
    """One name as a source gives it: its type, canonical name, synonyms and source."""

    type: str
    name: str
    synonyms: tuple[str, ...]
    source: str
    direction: bool | None = None  # metrics: True when higher is better


_CANON = {"Dataset": canonical_dataset, "Metric": canonical_metric, "Task": canonical_task}


def _sighting(kind: str, raw: str, source: str, direction: bool | None = None) -> Sighting | None:
    cleaned = _CANON[kind](raw)
    if cleaned is None:
        return None
    name, synonyms = cleaned
    return Sighting(kind, name, tuple(synonyms), source, direction)


def read_pwc(folder: Path) -> Iterator[Sighting]:
    """Task, dataset and metric names of the Papers-with-Code leaderboard files, and the
    task synonyms of ``synonyms.csv``."""

    def walk(tasks: list[dict]) -> Iterator[Sighting]:
        for task in tasks:
            for raw in [task.get("task") or "", *(task.get("synonyms") or [])]:
                s = _sighting("Task", raw, "pwc")
                if s is not None:
                    yield s
            for dataset in task.get("datasets") or []:
                raw = dataset.get("dataset") or ""
                if len(raw.split()) <= 8:  # eff.json describes settings in sentences
                    s = _sighting("Dataset", raw, "pwc")
                    if s is not None:
                        yield s
                for sota in [dataset.get("sota") or {}] + [(sub.get("sota") or {}) for sub in dataset.get("subdatasets") or []]:
                    for metric in sota.get("metrics") or []:
                        s = _sighting("Metric", metric, "pwc")
                        if s is not None:
                            yield s
            yield from walk(task.get("subtasks") or [])

    for path in sorted(folder.glob("*.json")):
        yield from walk(json.loads(path.read_text(encoding="utf-8")))
    with open(folder / "synonyms.csv", encoding="utf-8") as f:
        for row in csv.reader(f, skipinitialspace=True):
            if len(row) == 2 and row[0] != "task":
                task, synonym = (clean_name(x) for x in row)
                yield Sighting("Task", task, (synonym,), "pwc")


def read_tdms(folder: Path) -> Iterator[Sighting]:
    """The NLP-TDMS KB: tasks, datasets, and metrics with their higher-is-better flag."""
    for line in (folder / "taskKB.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            s = _sighting("Task", parts[1].replace("_", " "), "tdms")
            if s is not None:
                yield s
    for line in (folder / "datasetKB.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            s = _sighting("Dataset", parts[1], "tdms")
            if s is not None:
                yield s
    for line in (folder / "evaMatrixKB.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            s = _sighting("Metric", parts[1], "tdms", parts[2].strip() == "1")
            if s is not None:
                yield s


def sota_papers_seen(path: Path) -> Iterator[dict]:
    """The SOTA? papers tuning may see: every paper `kg.core.holdout` does not hold out, as
    its JSON object. The one reader of the file for the build's names and aliases."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            paper = json.loads(line)
            if not is_held_out(paper["id"]):
                yield paper


def read_sota(path: Path) -> Iterator[Sighting]:
    """Task, dataset and metric names of the SOTA? tuples of papers tuning may see."""
    for paper in sota_papers_seen(path):
        seen = set()
        for result in paper.get("results") or []:
            for kind, field_name in (("Task", "Task"), ("Dataset", "Dataset"), ("Metric", "Metric")):
                raw = result.get(field_name) or ""
                if (kind, raw) in seen:
                    continue
                seen.add((kind, raw))
                s = _sighting(kind, raw, "sota")
                if s is not None:
                    yield s


def squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _detokenize(words: list[str]) -> str:
    """SciREX and TDMSci tokens back to text: no space around hyphens, slashes and dots
    inside names, none before closing punctuation, none around a year's apostrophe.

    Examples:
        >>> _detokenize(["WMT", "'", "14", "English", "-", "German"]), _detokenize(["BLEU", "(", "%", ")"])
        ("WMT'14 English-German", 'BLEU (%)')
    """
    text = " ".join(words)
    text = re.sub(r"\s*([-/])\s*", r"\1", text)
    text = re.sub(r"(\d)\s+\.\s+(\d)", r"\1.\2", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s+([),.;:!?%])", r"\1", text)
    text = re.sub(r"\s+'\s*s\b", "'s", text)
    text = re.sub(r"(\w)\s+'\s*(\d)", r"\1'\2", text)  # "WMT ' 14": a year's apostrophe
    return text


def read_scirex(path: Path, known: dict[tuple[str, str], str]) -> Iterator[Sighting]:
    """Names in SciREX 4-ary relations (Material = dataset), spelt as the other sources spell
    the same name when they know it (SciREX writes "Penn_Treebank__Word_Level_"); and the
    long forms of acronyms its coreference clusters spell out ("Exact Match (EM)")."""
    kinds = {"Material": "Dataset", "Metric": "Metric", "Task": "Task"}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            words = doc["words"]
            names: set[tuple[str, str]] = set()
            for relation in doc.get("n_ary_relations") or []:
                for role, kind in kinds.items():
                    raw = relation.get(role)
                    if raw:
                        names.add((kind, raw))
            for kind, raw in sorted(names):
                spelt = known.get((kind, squash(raw))) or raw.replace("_", " ")
                s = _sighting(kind, spelt, "scirex")
                if s is None:
                    continue
                mentions = {_detokenize(words[a:b]) for a, b in (doc.get("coref") or {}).get(raw, [])}
                short = s.name
                longs = sorted(m for m in mentions if initials_match(short, m) and len(m.split()) <= 6
                               and re.fullmatch(r"[\w'’-]+(?: [\w'’-]+)*", m)
                               and m.split()[-1].lower() not in GLUE_WORDS)
                yield Sighting(kind, s.name, s.synonyms + tuple(longs), "scirex")


def tdmsci_sentences(path: Path) -> Iterator[tuple[int, list[str], list[tuple[int, int, str]]]]:
    """(number, tokens, [(start, end, TYPE)]) per sentence of a TDMSci .conll file, numbered
    from 1 as ``eval/tdmsci.py`` numbers them."""
    rows: list[list[str]] = []
    number = 0
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            rows.append(line.split("\t"))
            continue
        if not rows:
            continue
        number += 1
        tokens = [r[0] for r in rows]
        spans, start, kind = [], None, None
        for i, (_, _, tag) in enumerate([*rows, ["", "", "O"]]):
            tag_kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if start is not None and (tag.startswith("B-") or tag_kind != kind):
                spans.append((start, i, kind))
                start = None
            if tag_kind and start is None:
                start, kind = i, tag_kind
        yield number, tokens, spans
        rows = []


def read_tdmsci(path: Path) -> Iterator[Sighting]:
    """TASK, DATASET and METRIC spans of the TDMSci train sentences tuning may see."""
    kinds = {"TASK": "Task", "DATASET": "Dataset", "METRIC": "Metric"}
    for number, tokens, spans in tdmsci_sentences(path):
        if is_held_out(f"tdmsci:{number}"):
            continue
        for start, end, tag in spans:
            if tag in kinds and end - start <= 8:
                s = _sighting(kinds[tag], _detokenize(tokens[start:end]), "tdmsci")
                if s is not None:
                    yield s
