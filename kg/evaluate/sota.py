"""SOTA?: recall of the third-party tuples whose score the abstract gives (the rule is in
`kg.evaluate`'s docstring)."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from kg.core import taxonomy
from kg.core.errors import InputError
from kg.core.holdout import is_held_out
from kg.core.model import Paper

__all__ = ["SotaPaper", "dataset_without_split", "same_concept", "sota_papers", "sota_recall", "sota_summary"]


@dataclass(frozen=True)
class SotaPaper:
    """A SOTA? paper with the tuples that `sota_recall` scores (numeric, score in the abstract)."""

    paper: Paper
    tuples: tuple[dict[str, Any], ...]


_NUMERIC_SCORE_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)%?")
# A Papers-with-Code split at the end of a dataset name: "test-dev", "val", "(val)", "Eigen split".
_SPLIT_RE = re.compile(
    r"\s+(?:\((?:test|val|dev|minival|train)[\w-]*\)|(?:test|val|validation|dev|minival|train)(?:[-_][\w-]+|[AB])?"
    r"|\w+ split)\s*$",
    re.IGNORECASE,
)


def dataset_without_split(name: str) -> str:
    """A Papers-with-Code dataset name without its trailing split, when it has one.

    Examples:
        >>> [dataset_without_split(n) for n in ["COCO test-dev", "ADE20K val", "DAVIS 2017 (val)",
        ...                                      "LibriSpeech test-other", "KITTI Eigen split", "ImageNet"]]
        ['COCO', 'ADE20K', 'DAVIS 2017', 'LibriSpeech', 'KITTI', 'ImageNet']
        >>> dataset_without_split("Test"), dataset_without_split("RefCOCO testA")
        ('Test', 'RefCOCO')
    """
    stripped = _SPLIT_RE.sub("", name)
    return stripped if stripped.strip() else name


def _score_value(score: Any) -> float | None:
    text = str(score).strip()
    if not _NUMERIC_SCORE_RE.fullmatch(text):
        return None
    return float(text.rstrip("%"))


def sota_papers(path: str | Path, *, held_out: bool = True) -> list[SotaPaper]:
    """The SOTA? papers with at least one numeric tuple scored in the abstract, held-out third
    (or, with `held_out=False`, the other two thirds) by paper id.

    Raises:
        InputError: the file is missing or not gzipped JSON Lines.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"[G001] SOTA? file not found: {path}")
    out = []
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                if not line.strip():
                    continue
                rec = json.loads(line)
                tuples = tuple(t for t in rec.get("results") or ()
                               if t.get("score_in_abstract") and _score_value(t.get("Score")) is not None)
                if not tuples or is_held_out(str(rec["id"])) != held_out:
                    continue
                paper = Paper(id=str(rec["id"]), title=rec.get("title") or str(rec["id"]),
                              abstract=rec.get("abstract") or "")
                out.append(SotaPaper(paper, tuples))
    except (OSError, EOFError, ValueError, KeyError) as err:
        raise InputError(f"[G004] {path} is not SOTA? JSON Lines: {err}") from err
    return out


def same_concept(kind: str, predicted: str | None, names: Iterable[str]) -> bool:
    """Whether a predicted name and one of `names` are one concept of the shipped vocabularies:
    the identity a result's metric or dataset node carries in the graph (`kg.core.graph`).

    Examples:
        >>> same_concept("Metric", "WER", ["word error rate"]), same_concept("Metric", "WER", ["BLEU"])
        (True, False)
        >>> same_concept("Dataset", None, ["ImageNet"]), same_concept("Dataset", "no such set", ["no such set"])
        (False, False)
    """
    concept = taxonomy.lookup(kind, predicted) if predicted else None
    return concept is not None and any(taxonomy.lookup(kind, n) is concept for n in names if n)


def sota_recall(score: ModuleType, papers: Iterable[SotaPaper], records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Recall of SOTA? tuples by the predicted results of their papers (see the module docstring).

    Args:
        score: the shared `score.py` module (its matching functions decide every match).
        papers: the papers and their tuples.
        records: extraction records, joined to papers by `paper.id`.

    Returns:
        {"papers", "tuples", "value", "metric", "dataset"}: counts, and the tuples found at each
        level ("metric" = value and metric, "dataset" = value, metric and dataset).
    """
    by_id = {str((rec.get("paper") or {}).get("id")): rec for rec in records}
    found = {"value": 0, "metric": 0, "dataset": 0}
    n_papers = n_tuples = 0
    for item in papers:
        n_papers += 1
        rec = by_id.get(item.paper.id) or {}
        aliases = score.defined_acronyms((rec.get("paper") or {}).get("abstract") or item.paper.abstract)
        results = rec.get("results") or []
        for t in item.tuples:
            n_tuples += 1
            value = _score_value(t.get("Score"))
            same_value = [r for r in results if score.same_value(r.get("value"), value)]
            same_metric = [r for r in same_value if score.same_metric(r.get("metric"), t.get("Metric"), aliases)
                           or same_concept("Metric", r.get("metric"), [str(t.get("Metric") or "")])]
            names = {str(t.get("Dataset") or ""), dataset_without_split(str(t.get("Dataset") or ""))}
            same_dataset = [r for r in same_metric
                            if r.get("dataset") and (any(score.same_entity(r["dataset"], n, aliases) for n in names if n)
                                                     or same_concept("Dataset", r["dataset"], names))]
            found["value"] += bool(same_value)
            found["metric"] += bool(same_metric)
            found["dataset"] += bool(same_dataset)
    return {"papers": n_papers, "tuples": n_tuples, **found}


def sota_summary(figures: dict[str, Any]) -> str:
    """The SOTA? line.

    Examples:
        >>> sota_summary({"papers": 2, "tuples": 4, "value": 3, "metric": 2, "dataset": 1})
        'SOTA? tuple recall: value 0.750 | +metric 0.500 | +metric+dataset 0.250 | tuples 4 | papers 2'
    """
    n = figures["tuples"]

    def rate(k: str) -> str:
        return f"{figures[k] / n:.3f}" if n else "n/a"

    return (f"SOTA? tuple recall: value {rate('value')} | +metric {rate('metric')} | "
            f"+metric+dataset {rate('dataset')} | tuples {n} | papers {figures['papers']}")
