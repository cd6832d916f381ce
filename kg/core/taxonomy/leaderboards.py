"""Which metrics each dataset's leaderboards use, with counts (used by `build.py`).

A dataset's leaderboards measure it mostly with one metric (Cityscapes: mIoU, WikiText-103:
perplexity), and abstracts print such a score with no metric at all ("82.7% on Cityscapes").
`count_dataset_metrics` counts, per dataset concept, the metric of every leaderboard row of the
Papers-with-Code files and of every SOTA? tuple of the papers tuning may see (never the third
`kg.core.holdout` holds out); `kg.core.taxonomy.leaderboard_metric` reads the counts back.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.core.taxonomy.sources import sota_papers_seen

__all__ = ["TOP_METRICS", "count_dataset_metrics"]

TOP_METRICS = 3  # metrics kept per dataset: the dominant one and what it competes with


def _pwc_rows(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """(dataset, metrics it has a value for) of every row of every Papers-with-Code leaderboard."""

    def walk(tasks: list[dict]) -> Iterator[tuple[str, list[str]]]:
        for task in tasks:
            for dataset in task.get("datasets") or []:
                name = dataset.get("dataset") or ""
                for board in [dataset, *(dataset.get("subdatasets") or [])]:
                    for row in (board.get("sota") or {}).get("rows") or []:
                        yield name, sorted(m for m, v in (row.get("metrics") or {}).items()
                                           if str(v or "").strip() not in {"", "-"})
            yield from walk(task.get("subtasks") or [])

    for path in sorted(folder.glob("*.json")):
        yield from walk(json.loads(path.read_text(encoding="utf-8")))


def _sota_rows(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(dataset, metrics the paper reports on it) for each dataset of each SOTA? paper tuning may see."""
    for paper in sota_papers_seen(path):
        by_dataset: dict[str, list[str]] = defaultdict(list)
        for result in paper.get("results") or []:
            by_dataset[str(result.get("Dataset") or "")].append(str(result.get("Metric") or ""))
        yield from sorted(by_dataset.items())


def count_dataset_metrics(pwc: Path, sota: Path, dataset_id: Callable[[str], str | None],
                          metric_id: Callable[[str], str | None]) -> dict[str, tuple[int, list[tuple[str, int]]]]:
    """Dataset concept id -> (rows, [(metric concept id, rows that report it)] most reported
    first, at most `TOP_METRICS`). A row is a leaderboard row (one model) or a paper's results on
    the dataset, so a paper that reports AP, AP50 and APs weighs once for each, as one that
    reports mIoU alone. A row whose metrics no concept names ("Number of params", "Dev") still
    counts, so a dataset whose papers report many different measures has no dominant metric.

    Args:
        pwc: the ``pwc_sota_extractor`` folder.
        sota: the SOTA? train file; papers `kg.core.holdout` holds out are skipped.
        dataset_id, metric_id: a raw name -> its concept's id, or None.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for dataset, metrics in [*_pwc_rows(pwc), *_sota_rows(sota)]:
        did = dataset_id(dataset)
        if did is None:
            continue
        totals[did] += 1
        counts[did].update({mid for metric in metrics if (mid := metric_id(metric)) is not None})
    return {did: (totals[did], sorted(counts[did].items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_METRICS])
            for did in sorted(counts)}
