"""`kg eval`: extraction quality on the dev gold, SciERC, TDMSci, SOTA? and the seed, scored by
the shared scorers themselves.

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
abstract defines count as their long forms, as in `score.py`.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib.util
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import extractors
from kg.core.errors import InputError, OptionError, did_you_mean
from kg.core.holdout import is_held_out
from kg.core.model import Paper
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
    "tdmsci_held_out",
]

EVAL_PROFILES = ("fast", "default", "both")
# Extract records of papers: (papers, mentions mode) -> the JSON objects `kg extract` writes.
Extractor = Callable[[Sequence[Paper], str], list[dict[str, Any]]]


# --- the shared scorers ------------------------------------------------------------------------


class SharedScorers(NamedTuple):
    """The shared scorer modules, imported from the shared folder's `eval/`."""

    score: ModuleType
    scierc: ModuleType
    tdmsci: ModuleType


def load_scorers(shared: str | Path) -> SharedScorers:
    """Import `eval/score.py`, `eval/scierc.py` and `eval/tdmsci.py` of the shared folder by path.

    Raises:
        InputError: a scorer is missing or cannot be imported.
    """
    modules = []
    for stem in SharedScorers._fields:
        path = Path(shared) / "eval" / f"{stem}.py"
        if not path.is_file():
            raise InputError(f"[G001] shared scorer not found: {path} (pass --shared DIR)")
        spec = importlib.util.spec_from_file_location(f"paperkg_shared_{stem}", path)
        if spec is None or spec.loader is None:
            raise InputError(f"[G007] cannot import the shared scorer {path}")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as err:  # noqa: BLE001 - whatever a third-party script raises on import
            raise InputError(f"[G007] cannot import the shared scorer {path}: {err}") from err
        modules.append(module)
    return SharedScorers(*modules)


def _printed(run: Callable[[], Any]) -> list[str]:
    """The lines a scorer prints (they print their figures); its SystemExit is an InputError."""
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            run()
    except SystemExit as err:
        raise InputError(f"[G005] the shared scorer stopped: {err}") from err
    return buffer.getvalue().splitlines()


def _summary(lines: list[str], what: str) -> str:
    if not lines:
        raise InputError(f"[G008] the shared {what} scorer printed nothing")
    return lines[-1]


# --- inputs ------------------------------------------------------------------------------------


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


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """JSON objects, one per non-blank line (a gold file or a predicted file).

    Raises:
        InputError: the file is missing or a line is not JSON.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"[G001] file not found: {path}")
    out = []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError as err:
                    raise InputError(f"[G003] {path}:{n} is not JSON: {err}") from err
    return out


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


class SciercDoc(NamedTuple):
    """One SciERC document: its key, its text (tokens joined by spaces), its gold spans."""

    key: str
    text: str
    gold: frozenset[tuple[int, int, str]]  # (start_char, end_char, SciERC label), scored labels only


_SCIERC_LABELS = frozenset({"Method", "Task", "Metric", "Material"})


def scierc_documents(path: str | Path) -> Iterator[SciercDoc]:
    """The documents of a SciERC file (one JSON object per line, DyGIE format), as
    `eval/scierc.py inputs` reads them (a test checks the two agree).

    Raises:
        InputError: the file is missing or a line is not a SciERC document.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"[G002] SciERC file not found: {path}")
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                tokens = [t for sent in doc["sentences"] for t in sent]
                starts, pos = [], 0
                for t in tokens:
                    starts.append(pos)
                    pos += len(t) + 1
                gold = frozenset((starts[s], starts[e] + len(tokens[e]), label)
                                 for sent in doc["ner"] for s, e, label in sent if label in _SCIERC_LABELS)
                yield SciercDoc(str(doc["doc_key"]), " ".join(tokens), gold)
            except (ValueError, KeyError, TypeError, IndexError) as err:
                raise InputError(f"[G004] {path}:{n} is not a SciERC document: {err}") from err


def scierc_papers(docs: Iterable[SciercDoc]) -> list[Paper]:
    """The input papers of SciERC documents, as `scierc.py inputs` writes them.

    Examples:
        >>> [(p.id, p.title, p.abstract) for p in scierc_papers([SciercDoc("A01-1", "We parse .", frozenset())])]
        [('scierc:A01-1', 'A01-1', 'We parse .')]
    """
    return [Paper(id=f"scierc:{doc.key}", title=doc.key, abstract=doc.text) for doc in docs]


def tdmsci_held_out(conll: str | Path, out: str | Path) -> int:
    """Write the held-out sentences of a TDMSci .conll file (`is_held_out(f"tdmsci:{N}")`, N
    counted from 1 over the blank-line separated sentences, as `tdmsci.py` counts them) to `out`,
    in order. Returns how many were written.

    Raises:
        InputError: the file is missing.
    """
    conll = Path(conll)
    if not conll.is_file():
        raise InputError(f"[G001] TDMSci file not found: {conll}")
    kept, block, number = 0, [], 0
    with conll.open(encoding="utf-8") as lines, Path(out).open("w", encoding="utf-8") as f:
        for line in [*lines, ""]:
            if line.strip():
                block.append(line if line.endswith("\n") else line + "\n")
                continue
            if block:
                number += 1
                if is_held_out(f"tdmsci:{number}"):
                    f.write("".join(block) + "\n")
                    kept += 1
                block = []
    return kept


# --- SOTA? -------------------------------------------------------------------------------------


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
            same_metric = [r for r in same_value if score.same_metric(r.get("metric"), t.get("Metric"), aliases)]
            names = {str(t.get("Dataset") or ""), dataset_without_split(str(t.get("Dataset") or ""))}
            same_dataset = [r for r in same_metric
                            if r.get("dataset") and any(score.same_entity(r["dataset"], n, aliases) for n in names if n)]
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


# --- running it --------------------------------------------------------------------------------


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
            pred = _write_jsonl(work / f"{name}.pred.jsonl", records)
            return _summary(_printed(lambda: scorers.score.main(["score.py", str(gold), str(pred)])), "score.py")

        dev_records = extract(list(read_papers([dev_input])), "names")
        held = [g for g in dev_gold if is_held_out(str(g.get("id")))]
        tune = [g for g in dev_gold if not is_held_out(str(g.get("id")))]
        where = "data/gold/arxiv_dev_gold.jsonl"
        lines.append(EvalLine("dev gold, unseen", f"held-out third of {where}: {len(held)} papers",
                              seed_style(_write_jsonl(work / "held.gold.jsonl", held), dev_records, "held")))
        lines.append(EvalLine("dev gold, tuning", f"the other two thirds of {where}: {len(tune)} papers",
                              seed_style(_write_jsonl(work / "tune.gold.jsonl", tune), dev_records, "tune")))

        docs = list(scierc_documents(scierc_dev))
        pred = _write_jsonl(work / "scierc.pred.jsonl", extract(scierc_papers(docs), "all"))
        lines.append(EvalLine("SciERC dev", f"data/scierc/dev.json: {len(docs)} abstracts, every mention, --mentions all",
                              _summary(_printed(lambda: scorers.scierc.score(str(scierc_dev), str(pred))), "scierc.py")))

        subset = work / "tdmsci.held.conll"
        n_sentences = tdmsci_held_out(tdmsci_train, subset)
        sentences = [Paper(id=f"tdmsci:{n}", title=f"tdmsci:{n}", abstract=text)
                     for n, text, _ in scorers.tdmsci.sentences(str(subset))]
        pred = _write_jsonl(work / "tdmsci.pred.jsonl", extract(sentences, "names"))
        lines.append(EvalLine("TDMSci, unseen", f"held-out third of data/train/tdmsci/train.conll: {n_sentences} "
                              "sentences, plain kg extract",
                              _summary(_printed(lambda: scorers.tdmsci.score(str(subset), str(pred))), "tdmsci.py")))

        items = sota_papers(sota)
        figures = sota_recall(scorers.score, items, extract([item.paper for item in items], "names"))
        lines.append(EvalLine("SOTA?, unseen", "held-out third of the data/train/sota_pwc_train.jsonl.gz papers with a "
                              "numeric score in the abstract", sota_summary(figures)))

        seed_records = extract(list(read_papers([seed_input])), "names")
        lines.append(EvalLine("seed gold, TUNING SET",
                              "tuned on, a regression check: data/gold/seed_gold.jsonl on data/seed/daily_papers.txt",
                              seed_style(seed_gold, seed_records, "seed")))
    return lines
