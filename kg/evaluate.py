"""Quality figures of the extraction: the seed gold scores and SciERC entity span scores.

The last step of the evaluation path: extraction records (the JSON objects `kg extract`
writes) -> scores -> the summary lines. The scoring re-implements the shared scorers
(`eval/score.py` and `eval/scierc.py` of the shared data folder) as pure functions, figure
for figure, so `kg eval` needs neither the scripts nor a temporary file; a test runs both on
the same predicted file and compares them. `evaluate` runs the extraction in process.

Seed gold (score.py): a record joins its gold paper by normalized title. Entities are scored
per type as sets of normalized names (Model and Method pooled); a result matches when the
values are equal and the metric names share a content word; optional gold results count
neither way; an outperforms claim matches when both names match in order.

SciERC (scierc.py): the input paper of a document is its tokens joined by single spaces, so
gold spans become character offsets; predicted mentions are compared after mapping
Method -> Model|Method, Task -> Task, Metric -> Metric, Material -> Dataset. Strict = same
boundaries and type; lenient = overlapping spans of the same type.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from kg.errors import InputError
from kg.model import Paper

__all__ = [
    "SCIERC_TYPES",
    "EvalReport",
    "SciercDoc",
    "default_shared_dir",
    "evaluate",
    "match_sets",
    "norm",
    "prf",
    "read_records",
    "same_metric",
    "same_name",
    "same_value",
    "scierc_documents",
    "scierc_lines",
    "scierc_papers",
    "score_scierc",
    "score_seed",
    "seed_summary",
]

# Metric words the seed scorer treats as one ("ppl" is "perplexity"), and words it ignores.
_SYNONYMS: dict[str, str] = {
    "ppl": "perplexity", "acc": "accuracy", "f1score": "f1", "fscore": "f1",
    "speedups": "speedup", "faster": "speedup", "speed": "speedup",
    "miou": "miou", "bpd": "bitsdim", "bitsperdim": "bitsdim", "bitsdim": "bitsdim",
    "loss": "loss", "crossentropy": "loss", "latency": "latency",
    "bleu": "bleu", "rouge": "rouge", "em": "exactmatch",
    "iou": "miou", "meaniou": "miou", "bitpercharacter": "bpc", "bitspercharacter": "bpc",
    "worderrorrate": "wer", "errorrate": "error",
}
_STOP = frozenset(
    """the of a an on in score scores average avg mean test validation val dev overall top relative
    absolute improvement gain drop points point rate lower higher reduction increase decrease""".split()
)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_METRIC_SPLIT = re.compile(r"[\s/_\-()]+")
_ENTITY_CATEGORIES: dict[str, tuple[str, ...]] = {
    "dataset": ("Dataset",), "metric": ("Metric",), "model_or_method": ("Model", "Method"), "task": ("Task",),
}
# SciERC label -> the record entity types that match it.
SCIERC_TYPES: dict[str, frozenset[str]] = {
    "Method": frozenset({"Model", "Method"}),
    "Task": frozenset({"Task"}),
    "Metric": frozenset({"Metric"}),
    "Material": frozenset({"Dataset"}),
}


# --- seed gold ---------------------------------------------------------------------------------


def norm(name: Any) -> str:
    """Canonical form of an entity name: NFKC, lower case, letters and digits, no plural "s".

    Examples:
        >>> norm("Wikitext-103"), norm("Transformers"), norm("loss"), norm(None)
        ('wikitext103', 'transformer', 'loss', '')
    """
    s = _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", str(name or "")).lower())
    if len(s) > 4 and s.endswith("s") and not s.endswith("ss"):
        s = s[:-1]
    return s


def same_name(a: Any, b: Any) -> bool:
    """Names match when equal after `norm`, or one holds the other and is at least half as long.

    Examples:
        >>> same_name("LLaMA 2", "Llama-2"), same_name("BERT", "RoBERTa"), same_name("GPT", "GPT-4o")
        (True, True, True)
        >>> same_name("T5", "T5-XXL"), same_name("", "")
        (False, False)
    """
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and short in long_ and len(short) / len(long_) >= 0.5


def _metric_words(metric: Any) -> set[str]:
    words = set()
    for w in _METRIC_SPLIT.split(unicodedata.normalize("NFKC", str(metric or "")).lower()):
        w = _NOT_ALNUM.sub("", w)
        if not w:
            continue
        w = _SYNONYMS.get(w, w)
        if w not in _STOP:
            words.add(w)
    joined = norm(metric)
    if joined in _SYNONYMS:
        words.add(_SYNONYMS[joined])
    return words


def same_metric(a: Any, b: Any) -> bool:
    """Metric names match when they share a content word (after synonyms) or are `same_name`.

    Examples:
        >>> same_metric("test perplexity", "PPL"), same_metric("macro F1", "F1 score"), same_metric("BLEU", "accuracy")
        (True, True, False)
    """
    return bool(_metric_words(a) & _metric_words(b)) or same_name(a, b)


def same_value(a: Any, b: Any) -> bool:
    """Numbers equal up to a relative 1e-6; anything that is not a number matches nothing.

    Examples:
        >>> same_value(87.3, "87.30"), same_value(1.0, 1.0000001), same_value(None, 0)
        (True, True, False)
    """
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall and F1 rounded to 4 places, with the counts.

    Nothing predicted is precision 1 when nothing was to be found, else 0.

    Examples:
        >>> prf(3, 1, 1)
        {'p': 0.75, 'r': 0.75, 'f1': 0.75, 'tp': 3, 'fp': 1, 'fn': 1}
        >>> prf(0, 0, 0)["f1"], prf(0, 0, 2)["f1"]
        (1.0, 0.0)
    """
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def match_sets(gold: Iterable[Any], pred: Iterable[Any]) -> tuple[int, int, int]:
    """Greedy one-to-one matching of two name lists by `same_name`: (tp, fp, fn).

    Examples:
        >>> match_sets(["GPT-4", "BERT"], ["gpt4", "T5", "GPT-4"])
        (1, 1, 1)
    """
    golds = list(dict.fromkeys(n for n in map(norm, gold) if n))
    preds = list(dict.fromkeys(n for n in map(norm, pred) if n))
    used: set[int] = set()
    tp = 0
    for p in preds:
        for i, g in enumerate(golds):
            if i not in used and same_name(p, g):
                used.add(i)
                tp += 1
                break
    return tp, len(preds) - tp, len(golds) - len(used)


def _score_results(gold: list[dict], records: list[dict], link: dict[str, int] | None) -> tuple[int, int, int]:
    """(tp, fp, fn) of predicted results against gold ones; with `link`, metrics must match too
    and the dataset and model of each matched result are checked into `link`."""
    used: set[int] = set()
    tp = fp = 0
    for r in records:
        hit = None
        for i, gr in enumerate(gold):
            if i in used or not same_value(r.get("value"), gr["value"]):
                continue
            if link is not None and not same_metric(r.get("metric"), gr["metric"]):
                continue
            hit = i
            break
        if hit is None:
            fp += 1
            continue
        used.add(hit)
        gr = gold[hit]
        if gr.get("optional"):
            continue
        tp += 1
        if link is not None:
            for field in ("dataset", "model"):
                if gr.get(field):
                    link["checked"] += 1
                    link["right"] += bool(r.get(field)) and same_name(r.get(field), gr[field])
    fn = sum(1 for i, gr in enumerate(gold) if i not in used and not gr.get("optional"))
    return tp, fp, fn


def score_seed(gold: Iterable[dict[str, Any]], records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Score extraction records against gold papers, as `eval/score.py` does.

    Args:
        gold: gold papers (`title`, `models`, `methods`, `datasets`, `metrics`, `tasks`,
            `proposes`, `results`, `outperforms`).
        records: extraction records; each joins the gold paper of the same normalized title
            (the last record of a title wins).

    Returns:
        The figures of `score.py --json`: P/R/F1 and counts per entity category,
        "proposed", "results", "results_value_only" and "outperforms"; "result_links"
        (dataset and model of matched results); "papers" (gold, missing from predictions).
    """
    golds = {norm(g["title"]): g for g in gold if g.get("title")}
    preds = {norm((rec.get("paper") or {}).get("title")): rec for rec in records}
    totals = {k: [0, 0, 0] for k in [*_ENTITY_CATEGORIES, "proposed", "results", "results_value_only", "outperforms"]}
    link = {"checked": 0, "right": 0}
    missing = 0
    for key, g in golds.items():
        rec = preds.get(key)
        if rec is None:
            missing += 1
            rec = {}
        ents = rec.get("entities") or []
        for cat, types in _ENTITY_CATEGORIES.items():
            gnames = g["models"] + g["methods"] if cat == "model_or_method" else g[cat + "s"]
            counts = match_sets(gnames, [e.get("name") for e in ents if e.get("type") in types])
            totals[cat] = [t + c for t, c in zip(totals[cat], counts, strict=True)]
        counts = match_sets(g.get("proposes", []), [e.get("name") for e in ents if e.get("proposed")])
        totals["proposed"] = [t + c for t, c in zip(totals["proposed"], counts, strict=True)]
        pairs = [(c.get("subject"), c.get("object")) for c in rec.get("claims") or [] if c.get("type") == "outperforms"]
        gpairs = list(g.get("outperforms", []))
        used: set[int] = set()
        for subj, obj in dict.fromkeys(pairs):
            hit = next((i for i, (gs, go) in enumerate(gpairs)
                        if i not in used and same_name(subj, gs) and same_name(obj, go)), None)
            if hit is None:
                totals["outperforms"][1] += 1
            else:
                used.add(hit)
                totals["outperforms"][0] += 1
        totals["outperforms"][2] += len(gpairs) - len(used)
        predicted = rec.get("results") or []
        for kind, with_link in (("results", link), ("results_value_only", None)):
            counts = _score_results(list(g["results"]), predicted, with_link)
            totals[kind] = [t + c for t, c in zip(totals[kind], counts, strict=True)]
    out: dict[str, Any] = {k: prf(*v) for k, v in totals.items()}
    accuracy = round(link["right"] / link["checked"], 4) if link["checked"] else None
    out["result_links"] = {**link, "accuracy": accuracy}
    out["papers"] = {"gold": len(golds), "missing_from_predictions": missing}
    return out


def seed_summary(scores: dict[str, Any]) -> str:
    """The one-line summary `eval/score.py` prints last.

    Examples:
        >>> line = seed_summary(score_seed([], []))
        >>> line.startswith("results F1 1.000 (P 1.000 R 1.000) | links None | datasets F1 1.000")
        True
    """
    r, e = scores["results"], scores["model_or_method"]
    return (f"results F1 {r['f1']:.3f} (P {r['p']:.3f} R {r['r']:.3f}) | links {scores['result_links']['accuracy']} | "
            f"datasets F1 {scores['dataset']['f1']:.3f} | metrics F1 {scores['metric']['f1']:.3f} | "
            f"models+methods F1 {e['f1']:.3f} | proposed F1 {scores['proposed']['f1']:.3f} | "
            f"outperforms F1 {scores['outperforms']['f1']:.3f} | "
            f"missing papers {scores['papers']['missing_from_predictions']}")


# --- SciERC ------------------------------------------------------------------------------------


class SciercDoc(NamedTuple):
    """One SciERC document: its key, its text (tokens joined by spaces), its gold spans."""

    key: str
    text: str
    gold: frozenset[tuple[int, int, str]]  # (start_char, end_char, SciERC label), scored labels only


def scierc_documents(path: str | Path) -> Iterator[SciercDoc]:
    """The documents of a SciERC file (one JSON object per line, DyGIE format).

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
                                 for sent in doc["ner"] for s, e, label in sent if label in SCIERC_TYPES)
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


def score_scierc(docs: Iterable[SciercDoc], records: Iterable[dict[str, Any]]) -> dict[str, list[int]]:
    """Per SciERC label: [strict matches, lenient matches, predicted, gold], as `scierc.py score` counts.

    Records join documents by paper id ``scierc:<doc_key>``; a document without a record
    counts as predicting nothing.

    Raises:
        InputError: a record's abstract differs from its document's text.
    """
    preds = {str((rec.get("paper") or {}).get("id")): rec for rec in records}
    per = {label: [0, 0, 0, 0] for label in SCIERC_TYPES}
    for doc in docs:
        rec = preds.get(f"scierc:{doc.key}") or {}
        if rec and (rec.get("paper") or {}).get("abstract") not in (None, doc.text):
            raise InputError(f"[G005] scierc:{doc.key}: the record's abstract differs from the input text; "
                             "offsets cannot be compared")
        pred = {(m.get("start"), m.get("end"), ent.get("type"))
                for ent in rec.get("entities") or [] for m in ent.get("mentions") or []}
        for label, types in SCIERC_TYPES.items():
            g = {(s, e) for s, e, lab in doc.gold if lab == label}
            p = {(s, e) for s, e, t in pred if t in types}
            counts = per[label]
            counts[0] += len(g & p)
            counts[1] += sum(1 for s, e in p if any(s < ge and gs < e for gs, ge in g))
            counts[2] += len(p)
            counts[3] += len(g)
    return per


def _f1(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return round(2 * p * r / (p + r), 4) if p + r else 0.0, round(p, 4), round(r, 4)


def scierc_lines(per: dict[str, list[int]]) -> list[str]:
    """The lines `scierc.py score` prints: one per label, then the summary.

    Examples:
        >>> scierc_lines({"Method": [1, 2, 4, 2], "Task": [0, 0, 0, 3]})[1]
        'Task      strict F1/P/R (0.0, 0.0, 0.0)  lenient (0.0, 0.0, 0.0)  gold 3 predicted 0'
        >>> scierc_lines({"Method": [1, 2, 4, 2], "Task": [0, 0, 0, 3]})[2]
        'SciERC entities strict F1 0.222 (P 0.250 R 0.200) | lenient F1 0.444'
    """
    lines = [f"{label:9s} strict F1/P/R {_f1(st, npred, ngold)}  lenient {_f1(le, npred, ngold)}  "
             f"gold {ngold} predicted {npred}" for label, (st, le, npred, ngold) in per.items()]
    total = [sum(v[i] for v in per.values()) for i in range(4)]
    strict, lenient = _f1(total[0], total[2], total[3]), _f1(total[1], total[2], total[3])
    lines.append(f"SciERC entities strict F1 {strict[0]:.3f} (P {strict[1]:.3f} R {strict[2]:.3f}) | "
                 f"lenient F1 {lenient[0]:.3f}")
    return lines


# --- running it --------------------------------------------------------------------------------


def default_shared_dir() -> Path:
    """The shared data folder: $PAPERKG_SHARED, else ../shared relative to the current directory."""
    return Path(os.environ.get("PAPERKG_SHARED") or Path.cwd().parent / "shared")


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


@dataclass(frozen=True)
class EvalReport:
    """Scores of one evaluation run; `lines()` are the shared scorers' summary lines."""

    profile: str
    seed: dict[str, Any] | None = None  # score_seed figures
    scierc: dict[str, list[int]] | None = None  # score_scierc counts

    def lines(self) -> list[str]:
        """score.py's summary line, then scierc.py's lines, for what was evaluated."""
        out = [seed_summary(self.seed)] if self.seed is not None else []
        return out + (scierc_lines(self.scierc) if self.scierc is not None else [])


def _records(papers: Iterable[Paper], nlp: Any) -> list[dict[str, Any]]:
    import extractors

    # through JSON, so the scores see exactly what `kg extract` would write
    return [json.loads(json.dumps(x.to_dict(), ensure_ascii=False)) for x in extractors.extract(papers, nlp=nlp)]


def evaluate(
    *,
    gold: str | Path | None,
    papers: str | Path | None,
    scierc: str | Path | None,
    profile: str = "default",
    nlp: Any = None,
    mention_nlp: Any = None,
) -> EvalReport:
    """Extract the gold papers and the SciERC documents in process, and score both.

    The seed papers go through the pipeline that builds the graph (`load_nlp(profile)`);
    the SciERC documents through its mention-level variant (`load_nlp(profile,
    mentions="all")`), since SciERC scores every mention, generic ones included.

    Args:
        gold: the seed gold file (JSON Lines); None skips the seed scores.
        papers: the input the gold annotates (any `kg.papers` format); needed with `gold`.
        scierc: a SciERC file (JSON Lines); None skips the SciERC scores.
        profile: extraction profile, "default" or "fast".
        nlp: the pipeline for the seed papers; built from `profile` when None.
        mention_nlp: the pipeline for SciERC; built from `profile` when None.

    Raises:
        InputError: a file is missing or malformed.
        ExtractionError: unknown profile, or the pipeline cannot be built.
    """
    import extractors
    from kg.papers import check_inputs, read_papers

    gold_records = read_records(gold) if gold is not None else None
    if gold_records is not None and papers is None:
        raise InputError("[G006] the seed gold needs the papers it annotates")
    inputs = check_inputs([papers]) if gold_records is not None and papers is not None else None
    docs = list(scierc_documents(scierc)) if scierc is not None else None
    seed = per = None
    if gold_records is not None:
        graph_nlp = nlp if nlp is not None else extractors.load_nlp(profile)
        seed = score_seed(gold_records, _records(read_papers(inputs), graph_nlp))
    if docs is not None:
        # SciERC scores mentions, generic ones included: the NER's every mention, exact span and type
        mention_nlp = mention_nlp if mention_nlp is not None else extractors.load_nlp(profile, mentions="all")
        per = score_scierc(docs, _records(scierc_papers(docs), mention_nlp))
    return EvalReport(profile=profile, seed=seed, scierc=per)
