"""`kg eval`: extraction quality on the dev gold, SciERC, TDMSci, SOTA? and the seed, scored by
the shared scorers themselves.

By noun: `scorers` (the shared scorers), `sets` (the evaluation sets as files), `sota` (the SOTA?
rule); this module runs them.

The last step of the evaluation path: papers -> `extractors.extract` (in process) -> records
(the JSON objects `kg extract` writes) -> the shared scorers (`eval/score.py`, `eval/scierc.py`,
`eval/tdmsci.py` of the shared folder, imported by path, never copied) -> one summary line per
set. What is scored, in the order printed:

1. the dev gold (`data/gold/arxiv_dev_*`), its held-out third (`kg.core.holdout`, "unseen") and the
   other two thirds ("tuning"), with `score.py`;
2. SciERC dev (`data/scierc/dev.json`), every mention (`--mentions all`), with `scierc.py`;
3. TDMSci: the held-out third of `data/train/tdmsci/train.conll` (sentence N is held out when
   `is_held_out(f"tdmsci:{N}")`, N numbered as `tdmsci.py` numbers them), plain `kg extract`
   output, with `tdmsci.py` on a file of those sentences only;
4. SOTA?: the held-out third of the papers of `data/train/sota_pwc_train.jsonl.gz` with a
   numeric tuple scored in the abstract (`sota_recall`);
5. the seed gold (`data/gold/seed_gold.jsonl` on `data/seed/daily_papers.txt`), LAST: the rules
   were tuned on it, so it is a regression check, not a quality figure.

The SOTA? rule (`sota_recall`): a tuple counts when `score_in_abstract` is true and its score is
a number, maybe with "%" ("78.9", "78.9%"); "-", "No", model names and sizes ("644M") are not
results. A tuple is found ("value") when a predicted result of its paper has the same value
(`score.same_value`); "+metric" when that result's metric is also `score.same_metric` as the
tuple's; "+dataset" when its dataset is also `score.same_entity` as the tuple's dataset, with or
without a trailing Papers-with-Code split ("COCO test-dev", "ADE20K val", "DAVIS 2017 (val)",
"KITTI Eigen split" all accept "COCO", "ADE20K", ...; `dataset_without_split`). Short forms the
abstract defines count as their long forms, as in `score.py`. A metric or dataset also matches
when both names are one concept of the shipped vocabularies (`sota.same_concept`: the canonical
identity the graph gives the result's node, "Acc@1" = "top-1 accuracy").
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import extractors
from kg.core.errors import InputError, OptionError, did_you_mean
from kg.core.holdout import is_held_out
from kg.core.model import Paper
from kg.evaluate.scorers import SharedScorers, load_scorers, summary_line
from kg.evaluate.sets import (
    SciercDoc,
    read_records,
    scierc_documents,
    scierc_papers,
    tdmsci_held_out,
    write_jsonl,
)
from kg.evaluate.sota import SotaPaper, dataset_without_split, sota_papers, sota_recall, sota_summary
from kg.papers import read_papers

__all__ = [
    "EVAL_PROFILES",
    "EvalLine",
    "SciercDoc",
    "SharedScorers",
    "SotaPaper",
    "dataset_without_split",
    "eval_profiles",
    "evaluate",
    "load_scorers",
    "read_records",
    "scierc_documents",
    "scierc_papers",
    "shared_dir",
    "sota_papers",
    "sota_recall",
    "sota_summary",
    "tdmsci_held_out",
]

EVAL_PROFILES = ("fast", "default", "both")
# Extract records of papers: (papers, mentions mode) -> the JSON objects `kg extract` writes.
Extractor = Callable[[Sequence[Paper], str], list[dict[str, Any]]]


def shared_dir(given: str | Path | None = None) -> Path:
    """The shared data folder: `given`, else $PAPERKG_SHARED, else ../shared relative to the
    current directory."""
    return Path(given or os.environ.get("PAPERKG_SHARED") or Path.cwd().parent / "shared")


def eval_profiles(profile: str) -> tuple[str, ...]:
    """The extraction profiles `kg eval --profile` scores, in order: "both" is fast, then default.

    Raises:
        OptionError: an unknown profile.

    Examples:
        >>> eval_profiles("both"), eval_profiles("fast")
        (('fast', 'default'), ('fast',))
    """
    if profile not in EVAL_PROFILES:
        raise OptionError(f"[X001] unknown profile {profile!r};{did_you_mean(profile, EVAL_PROFILES)} "
                          f"available: {', '.join(EVAL_PROFILES)}")
    return ("fast", "default") if profile == "both" else (profile,)


class EvalLine(NamedTuple):
    """One figure of `kg eval`: what was scored, on which data and split, and the summary line."""

    name: str  # "dev gold, unseen", "seed gold, TUNING SET", ...
    source: str  # the data and split, e.g. "held-out third of data/gold/arxiv_dev_*: 33 papers"
    summary: str  # the shared scorer's summary line (or the SOTA? line)

    def text(self) -> str:
        """The two printed lines."""
        return f"{self.name} ({self.source})\n  {self.summary}"


def pipeline_extractor(profile: str) -> Extractor:
    """Records of papers from the extraction pipeline of `profile` (one per mentions mode, built
    on first use), through JSON, so the scorers see exactly what `kg extract` writes."""
    pipelines: dict[str, Any] = {}

    def run(papers: Sequence[Paper], mentions: str) -> list[dict[str, Any]]:
        if mentions not in pipelines:
            pipelines[mentions] = extractors.load_nlp(profile, mentions=mentions)
        return [json.loads(json.dumps(x.to_dict(), ensure_ascii=False))
                for x in extractors.extract(papers, nlp=pipelines[mentions])]

    return run


def _data(shared: Path, *parts: str) -> Path:
    path = shared.joinpath(*parts)
    if not path.is_file():
        raise InputError(f"[G001] {'/'.join(parts)} not found in the shared folder {shared} (pass --shared DIR)")
    return path


def evaluate(shared: str | Path, *, profile: str = "default", extract: Extractor | None = None,
             scorers: SharedScorers | None = None) -> list[EvalLine]:
    """Extract every evaluation set in process and score it with the shared scorers.

    Args:
        shared: the shared data folder (`eval/` scorers, `data/`).
        profile: extraction profile, "default" or "fast".
        extract: papers and a mentions mode -> records; the pipeline of `profile` when None.
        scorers: the shared scorers; imported from `shared` when None.

    Returns:
        The lines in the order `kg eval` prints them: dev gold unseen, dev gold tuning, SciERC
        dev, TDMSci unseen, SOTA? unseen, seed gold (the tuning set).

    Raises:
        InputError: a file or scorer is missing or malformed.
        ExtractionError: unknown profile, or the pipeline cannot be built.
    """
    shared = Path(shared)
    extractors.check_options(profile)
    scorers = scorers or load_scorers(shared)
    extract = extract or pipeline_extractor(profile)
    dev_input = _data(shared, "data", "gold", "arxiv_dev_input.jsonl")
    dev_gold = read_records(_data(shared, "data", "gold", "arxiv_dev_gold.jsonl"))
    scierc_dev = _data(shared, "data", "scierc", "dev.json")
    tdmsci_train = _data(shared, "data", "train", "tdmsci", "train.conll")
    sota = _data(shared, "data", "train", "sota_pwc_train.jsonl.gz")
    seed_gold = _data(shared, "data", "gold", "seed_gold.jsonl")
    seed_input = _data(shared, "data", "seed", "daily_papers.txt")
    lines: list[EvalLine] = []
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        work = Path(tmp)

        def seed_style(gold: Path, records: list[dict[str, Any]], name: str) -> str:
            pred = write_jsonl(work / f"{name}.pred.jsonl", records)
            return summary_line(lambda: scorers.score.main(["score.py", str(gold), str(pred)]), "score.py")

        dev_records = extract(list(read_papers([dev_input])), "names")
        held = [g for g in dev_gold if is_held_out(str(g.get("id")))]
        tune = [g for g in dev_gold if not is_held_out(str(g.get("id")))]
        where = "data/gold/arxiv_dev_gold.jsonl"
        lines.append(EvalLine("dev gold, unseen", f"held-out third of {where}: {len(held)} papers",
                              seed_style(write_jsonl(work / "held.gold.jsonl", held), dev_records, "held")))
        lines.append(EvalLine("dev gold, tuning", f"the other two thirds of {where}: {len(tune)} papers",
                              seed_style(write_jsonl(work / "tune.gold.jsonl", tune), dev_records, "tune")))

        docs = list(scierc_documents(scierc_dev))
        pred = write_jsonl(work / "scierc.pred.jsonl", extract(scierc_papers(docs), "all"))
        lines.append(EvalLine("SciERC dev", f"data/scierc/dev.json: {len(docs)} abstracts, every mention, --mentions all",
                              summary_line(lambda: scorers.scierc.score(str(scierc_dev), str(pred)), "scierc.py")))

        subset = work / "tdmsci.held.conll"
        n_sentences = tdmsci_held_out(tdmsci_train, subset)
        sentences = [Paper(id=f"tdmsci:{n}", title=f"tdmsci:{n}", abstract=text)
                     for n, text, _ in scorers.tdmsci.sentences(str(subset))]
        pred = write_jsonl(work / "tdmsci.pred.jsonl", extract(sentences, "names"))
        lines.append(EvalLine("TDMSci, unseen", f"held-out third of data/train/tdmsci/train.conll: {n_sentences} "
                              "sentences, plain kg extract",
                              summary_line(lambda: scorers.tdmsci.score(str(subset), str(pred)), "tdmsci.py")))

        items = sota_papers(sota)
        figures = sota_recall(scorers.score, items, extract([item.paper for item in items], "names"))
        lines.append(EvalLine("SOTA?, unseen", "held-out third of the data/train/sota_pwc_train.jsonl.gz papers with a "
                              "numeric score in the abstract", sota_summary(figures)))

        seed_records = extract(list(read_papers([seed_input])), "names")
        lines.append(EvalLine("seed gold, TUNING SET",
                              "tuned on, a regression check: data/gold/seed_gold.jsonl on data/seed/daily_papers.txt",
                              seed_style(seed_gold, seed_records, "seed")))
    return lines
