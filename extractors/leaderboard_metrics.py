"""Results whose sentence names no metric take the one their dataset's leaderboards report.

"82.7% on Cityscapes", "the performance is improved to 62.1% on VQA", "a score of 89.8 on X":
the sentence gives the score with no metric, or with a generic word ("performance", "score",
"results") that names none (`kg.core.taxonomy.metric_name`). When the result's dataset has one
dominant leaderboard metric that suits the value's unit (`kg.core.taxonomy.leaderboard_metric`),
the result measures it, and says so: `metric_source` is "leaderboard" for such a metric and
"text" for one the sentence names, so the graph tells a printed metric from an inferred one.
A generic word is never kept as the metric of a result that gets one this way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kg.core.model import Result
from kg.core.taxonomy import leaderboard_metric, metric_name, metric_without_setting

__all__ = ["with_leaderboard_metrics"]


# Words that qualify a score without naming what it measures ("an average score of 75.9").
_QUALIFIERS = frozenset("average avg overall mean total final aggregate".split())


def names_a_metric(phrase: str | None) -> bool:
    """Whether a result's metric phrase names a metric ("top-1 accuracy", "zero-shot F1", "mean
    IoU"), rather than nothing or a generic word ("performance", "an average score").

    Examples:
        >>> [names_a_metric(p) for p in ["top-1 accuracy", "zero-shot F1", "HOTA", "mean IoU"]]
        [True, True, True, True]
        >>> [names_a_metric(p) for p in ["performance", "score", "average score", "overall results", None]]
        [False, False, False, False, False]
    """
    if not phrase:
        return False
    words = metric_without_setting(phrase).split()
    while len(words) > 1 and words[0].lower() in _QUALIFIERS:
        words = words[1:]
    return metric_name(" ".join(words)) is not None


def with_leaderboard_metrics(results: Iterable[Result]) -> tuple[Result, ...]:
    """The results, each with its `metric_source`; an absolute score whose phrase names no metric
    takes its dataset's leaderboard metric when there is one (see the module docstring).

    A change ("improves by 2.1% on X") or a ratio keeps what its sentence says: a leaderboard
    metric describes the scores on a dataset, not the differences between them; nor does a
    percentage above 100 ("150% of the baseline") read as a share.
    """
    out = []
    for result in results:
        if names_a_metric(result.metric):
            out.append(replace(result, metric_source="text"))
            continue
        inferred = leaderboard_metric(result.dataset, result.unit) \
            if result.kind == "absolute" and result.dataset and not (result.unit == "%" and result.value > 100) else None
        if inferred is not None:
            out.append(replace(result, metric=inferred.name, metric_source="leaderboard"))
        else:
            out.append(replace(result, metric_source="text") if result.metric else result)
    return tuple(out)
