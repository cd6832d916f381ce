"""kg.evaluate and `kg eval`: the shared scorers, loaded from --shared, score every set.

Planted record sets with known figures check the plumbing (which papers, which split, which
scorer, in which order); end-to-end tests check that `kg eval` prints what the shared scripts
print on `kg extract` output. Everything skips without the shared data folder.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.core.errors import InputError
from kg.core.holdout import is_held_out
from kg.core.model import Paper
from kg.evaluate import (
    EvalLine,
    SotaPaper,
    dataset_without_split,
    evaluate,
    load_scorers,
    read_records,
    scierc_documents,
    scierc_papers,
    sota_papers,
    sota_recall,
    sota_summary,
    tdmsci_held_out,
)

LABELS = ["dev gold, unseen", "dev gold, tuning", "SciERC dev", "TDMSci, unseen", "SOTA?, unseen", "seed gold, TUNING SET"]
PERFECT_SEED_STYLE = ("results F1 1.000 (P 1.000 R 1.000) | links 1.0 | datasets F1 1.000 | metrics F1 1.000 | "
                      "models+methods F1 1.000 | proposed F1 1.000 | outperforms F1 1.000 | missing papers 0")


@pytest.fixture(scope="module")
def scorers(shared_dir):
    return load_scorers(shared_dir)


# --- pure parts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,expected",
    [("COCO test-dev", "COCO"), ("VQA v1 test-std", "VQA v1"), ("ADE20K val", "ADE20K"),
     ("PASCAL VOC 2012 test", "PASCAL VOC 2012"), ("DAVIS 2017 (val)", "DAVIS 2017"),
     ("YouTube-VIS validation", "YouTube-VIS"), ("COCO minival", "COCO"), ("KITTI Eigen split", "KITTI"),
     ("LibriSpeech test-clean", "LibriSpeech"), ("RefCOCO testB", "RefCOCO"),
     ("ImageNet", "ImageNet"), ("Devanagari", "Devanagari"), ("Validation", "Validation"), ("Attest", "Attest")],
)
def test_evaluate_dataset_without_split(name, expected):
    assert dataset_without_split(name) == expected


def _tuple(dataset, metric, score, in_abstract=True):
    return {"Task": "T", "Dataset": dataset, "Metric": metric, "Score": score, "score_in_abstract": in_abstract}


def test_evaluate_sota_recall_planted(scorers):
    paper_a = Paper(id="a", title="A", abstract="FooNet reaches 78.9% top-1 accuracy on ImageNet and 45.1 AP on COCO.")
    paper_b = Paper(id="b", title="B", abstract="BarNet has a mean average precision (mAP) of 30.5 and 12.5% error.")
    papers = [
        SotaPaper(paper_a, (_tuple("ImageNet val", "Top 1 Accuracy", "78.9%"), _tuple("COCO test-dev", "box AP", "45.1"))),
        SotaPaper(paper_b, (_tuple("PASCAL VOC", "mean average precision", "30.5"), _tuple("CIFAR-10", "Error", "12.5"))),
    ]
    records = [
        {"paper": {"id": "a", "abstract": paper_a.abstract},
         "results": [{"value": 78.9, "metric": "top-1 accuracy", "dataset": "ImageNet"},  # value, metric, dataset
                     {"value": 45.1, "metric": "speed", "dataset": "COCO"}]},  # value only
        {"paper": {"id": "b", "abstract": paper_b.abstract},
         "results": [{"value": 30.5, "metric": "mAP", "dataset": "VOC 2007"},  # the defined short form: metric
                     {"value": 12.0, "metric": "error", "dataset": "CIFAR-10"}]},  # another value: nothing
    ]
    figures = sota_recall(scorers.score, papers, records)
    assert figures == {"papers": 2, "tuples": 4, "value": 3, "metric": 2, "dataset": 1}
    assert sota_summary(figures) == ("SOTA? tuple recall: value 0.750 | +metric 0.500 | +metric+dataset 0.250 "
                                     "| tuples 4 | papers 2")
    assert sota_recall(scorers.score, papers, [])["value"] == 0


def _ids(held: bool, n: int) -> list[str]:
    out, k = [], 0
    while len(out) < n:
        k += 1
        if is_held_out(f"arxiv:{k}") == held:
            out.append(f"arxiv:{k}")
    return out


def test_evaluate_sota_papers_keeps_numeric_in_abstract_tuples_of_one_third(tmp_path):
    (held,), (tune,) = _ids(True, 1), _ids(False, 1)
    rows = [
        {"id": held, "title": "H", "abstract": "x", "results": [
            _tuple("D", "Acc", "81.2"), _tuple("D", "Acc", "81.2%"), _tuple("D", "Acc", "-"),
            _tuple("D", "Params", "644M"), _tuple("D", "Acc", "UCF101"), _tuple("D", "Acc", "90.1", False)]},
        {"id": tune, "title": "T", "abstract": "y", "results": [_tuple("D", "Acc", "70")]},
        {"id": _ids(True, 2)[1], "title": "N", "abstract": "z", "results": [_tuple("D", "Acc", "-")]},
    ]
    path = tmp_path / "sota.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    (only,) = sota_papers(path)
    assert only.paper.id == held and [t["Score"] for t in only.tuples] == ["81.2", "81.2%"]
    assert [p.paper.id for p in sota_papers(path, held_out=False)] == [tune]
    with pytest.raises(InputError, match=r"\[G001\]"):
        sota_papers(tmp_path / "none.gz")


def test_evaluate_tdmsci_held_out_numbers_sentences_as_the_scorer(shared_dir, scorers, tmp_path):
    conll = shared_dir / "data" / "train" / "tdmsci" / "train.conll"
    subset = tmp_path / "held.conll"
    kept = tdmsci_held_out(conll, subset)
    every = list(scorers.tdmsci.sentences(str(conll)))
    held = [(text, gold) for n, text, gold in every if is_held_out(f"tdmsci:{n}")]
    assert kept == len(held) and 0.25 < kept / len(every) < 0.42
    assert [(text, gold) for _, text, gold in scorers.tdmsci.sentences(str(subset))] == held


def test_evaluate_scierc_inputs_equal_shared(shared_dir):
    path = shared_dir / "data" / "scierc" / "dev.json"
    proc = subprocess.run([sys.executable, shared_dir / "eval" / "scierc.py", "inputs", path],
                          capture_output=True, text=True, check=True)
    theirs = [json.loads(line) for line in proc.stdout.splitlines()]
    ours = [{"id": p.id, "title": p.title, "abstract": p.abstract} for p in scierc_papers(scierc_documents(path))]
    assert ours == theirs


def test_evaluate_scierc_documents_offsets(tmp_path):
    doc = {"doc_key": "X1", "sentences": [["We", "use", "CRFs", "."], ["BLEU", "rises"]],
           "ner": [[[2, 2, "Method"]], [[4, 4, "Metric"], [5, 5, "Generic"]]]}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc) + "\n\n")
    (only,) = scierc_documents(path)
    assert only.text == "We use CRFs . BLEU rises"
    assert sorted(only.gold) == [(7, 11, "Method"), (14, 18, "Metric")]


def test_evaluate_missing_files_raise(tmp_path):
    with pytest.raises(InputError, match=r"\[G002\]"):
        list(scierc_documents(tmp_path / "none.json"))
    with pytest.raises(InputError, match=r"\[G001\]"):
        read_records(tmp_path / "none.jsonl")
    with pytest.raises(InputError, match=r"\[G001\] shared scorer not found"):
        load_scorers(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"a": 1}\nnot json\n')
    with pytest.raises(InputError, match=r"\[G003\] .*bad.jsonl:2"):
        read_records(bad)


# --- planted record sets: every set, its split and its scorer ------------------------------------


class GoldEcho:
    """A planted extractor: each paper's record says exactly what its gold says (all figures
    1.0), except for the papers `drop` names, whose records are empty."""

    def __init__(self, shared: Path, scorers, drop=lambda paper: False):
        self.drop = drop
        self.by_title = {g["title"]: g for name in ("arxiv_dev_gold", "seed_gold")
                         for g in read_records(shared / "data" / "gold" / f"{name}.jsonl")}
        self.scierc = {f"scierc:{d.key}": d for d in scierc_documents(shared / "data" / "scierc" / "dev.json")}
        conll = shared / "data" / "train" / "tdmsci" / "train.conll"
        # the k-th sentence kg eval scores is the k-th held-out one of the file
        self.tdmsci = [(text, gold) for n, text, gold in scorers.tdmsci.sentences(str(conll))
                       if is_held_out(f"tdmsci:{n}")]
        self.sota = {p.paper.id: p for p in sota_papers(shared / "data" / "train" / "sota_pwc_train.jsonl.gz")}
        self.papers: list[str] = []

    def __call__(self, papers, mentions):
        out = []
        for paper in papers:
            self.papers.append(paper.id)
            record = {"paper": {"id": paper.id, "title": paper.title, "abstract": paper.abstract},
                      "entities": [], "results": [], "claims": []}
            if not self.drop(paper):
                record.update(self.echo(paper))
            out.append(record)
        return out

    def echo(self, paper):
        scierc_types = {"Method": "Method", "Task": "Task", "Metric": "Metric", "Material": "Dataset"}
        if paper.id in self.scierc:
            return {"entities": [{"name": "x", "type": scierc_types[label], "mentions": [{"start": s, "end": e}]}
                                 for s, e, label in self.scierc[paper.id].gold]}
        if paper.id.startswith("tdmsci:"):
            text, gold = self.tdmsci[int(paper.id.split(":")[1]) - 1]
            assert text == paper.abstract
            return {"entities": [{"name": "x", "type": t, "mentions": [{"start": s, "end": e}]} for s, e, t in gold]}
        if paper.id in self.sota:
            return {"results": [{"value": float(t["Score"].rstrip("%")), "metric": t["Metric"], "dataset": t["Dataset"]}
                                for t in self.sota[paper.id].tuples]}
        g = self.by_title[paper.title]
        types = {"models": "Model", "methods": "Method", "datasets": "Dataset", "metrics": "Metric", "tasks": "Task"}
        return {"entities": [{"name": n, "type": t, "proposed": n in g["proposes"]}
                             for field, t in types.items() for n in g[field]],
                "results": [dict(r) for r in g["results"]],
                "claims": [{"type": "outperforms", "subject": a, "object": b} for a, b in g["outperforms"]]}


def test_evaluate_planted_perfect_records_score_one_everywhere(shared_dir, scorers):
    echo = GoldEcho(shared_dir, scorers)
    lines = evaluate(shared_dir, profile="fast", extract=echo, scorers=scorers)
    assert [line.name for line in lines] == LABELS
    tuples = sum(len(p.tuples) for p in echo.sota.values())
    assert [line.summary for line in lines] == [
        PERFECT_SEED_STYLE, PERFECT_SEED_STYLE,
        "SciERC entities strict F1 1.000 (P 1.000 R 1.000) | lenient F1 1.000",
        "TDMSci entities strict F1 1.000 (P 1.000 R 1.000) | lenient F1 1.000",
        sota_summary({"papers": len(echo.sota), "tuples": tuples, "value": tuples, "metric": tuples, "dataset": tuples}),
        PERFECT_SEED_STYLE,
    ]
    assert "33 papers" in lines[0].source and "57 papers" in lines[1].source
    # only the held-out third of the TDMSci sentences and SOTA? papers were extracted
    tdmsci = [p for p in echo.papers if p.startswith("tdmsci:")]
    assert len(tdmsci) == int(lines[3].source.split(": ")[1].split()[0])
    assert echo.sota and all(is_held_out(p) for p in echo.sota)


def test_evaluate_planted_held_out_misses_show_on_the_unseen_lines_only(shared_dir, scorers):
    dev_ids = {g["title"]: g["id"] for g in read_records(shared_dir / "data" / "gold" / "arxiv_dev_gold.jsonl")}

    def held_out_dev_paper(paper):
        return paper.title in dev_ids and is_held_out(dev_ids[paper.title])

    lines = evaluate(shared_dir, profile="fast", extract=GoldEcho(shared_dir, scorers, drop=held_out_dev_paper),
                     scorers=scorers)
    assert lines[0].summary.startswith("results F1 0.000 (P 0.000 R 0.000) | links None | datasets F1 0.000")
    assert lines[1].summary == PERFECT_SEED_STYLE and lines[-1].summary == PERFECT_SEED_STYLE


def test_evaluate_uses_the_scorers_of_the_shared_folder(shared_dir, tmp_path):
    """A scorer planted in --shared is the one that scores: no copy of it lives in the product."""
    planted = tmp_path / "shared"
    shutil.copytree(shared_dir / "eval", planted / "eval")
    (planted / "data").symlink_to(shared_dir / "data")
    with (planted / "eval" / "score.py").open("a") as f:
        f.write("\n_main = main\n\ndef main(argv):\n    _main(argv)\n    print('PLANTED score.py')\n    return 0\n")
    scorers = load_scorers(planted)
    lines = evaluate(planted, profile="fast", extract=GoldEcho(shared_dir, scorers), scorers=scorers)
    assert [line.summary == "PLANTED score.py" for line in lines] == [True, True, False, False, False, True]


def test_evaluate_line_text():
    line = EvalLine("dev gold, unseen", "held-out third", "results F1 0.5")
    assert line.text() == "dev gold, unseen (held-out third)\n  results F1 0.5"


# --- `kg eval` end to end ----------------------------------------------------------------------


def _run(*args, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, env=env, **kwargs)


@pytest.fixture(scope="module")
def kg_eval_default(shared_dir, tmp_path_factory):
    """`kg eval` (default profile) in a fresh process, from another directory."""
    proc = _run("-m", "kg.cli", "eval", "--shared", shared_dir, cwd=tmp_path_factory.mktemp("eval"))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_evaluate_cli_prints_every_set_in_order(kg_eval_default):
    assert kg_eval_default[0] == "== profile default =="
    assert [line.split(" (")[0] for line in kg_eval_default[1::2]] == LABELS
    assert all(line.startswith("  ") for line in kg_eval_default[2::2])


def test_evaluate_cli_dev_lines_are_the_shared_recipe(shared_dir, kg_eval_default, tmp_path):
    """`kg extract` of the dev input, scored by `score.py` on the held-out gold, prints the
    unseen line; on the seed, the seed line."""
    held = [g for g in read_records(shared_dir / "data" / "gold" / "arxiv_dev_gold.jsonl") if is_held_out(g["id"])]
    gold = tmp_path / "held.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in held))
    for source, gold_path, line in ((shared_dir / "data" / "gold" / "arxiv_dev_input.jsonl", gold, 2),
                                    (shared_dir / "data" / "seed" / "daily_papers.txt",
                                     shared_dir / "data" / "gold" / "seed_gold.jsonl", 12)):
        pred = tmp_path / "pred.jsonl"
        assert _run("-m", "kg.cli", "extract", source, "-o", pred).returncode == 0
        theirs = _run(shared_dir / "eval" / "score.py", gold_path, pred).stdout.splitlines()[-1]
        assert kg_eval_default[line] == "  " + theirs


def test_evaluate_cli_scierc_line_is_the_shared_recipe(shared_dir, kg_eval_default, tmp_path):
    """The shared scorer's own recipe (`scierc.py inputs`, `kg extract --mentions all`,
    `scierc.py score`) prints the SciERC line of `kg eval`."""
    scierc_dev = shared_dir / "data" / "scierc" / "dev.json"
    inputs = tmp_path / "papers.jsonl"
    inputs.write_text(_run(shared_dir / "eval" / "scierc.py", "inputs", scierc_dev).stdout, encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    assert _run("-m", "kg.cli", "extract", inputs, "--mentions", "all", "-o", pred).returncode == 0
    theirs = _run(shared_dir / "eval" / "scierc.py", "score", scierc_dev, pred).stdout.splitlines()[-1]
    assert kg_eval_default[6] == "  " + theirs


@pytest.mark.parametrize(
    "args,exit_code,message",
    [(["--shared", "{empty}"], 1, "error: [G001] shared scorer not found"),
     (["--profile", "bth"], 2, "Error: [X001] unknown profile 'bth'; Did you mean 'both'?")],
)
def test_evaluate_cli_errors_are_one_line(tmp_path, args, exit_code, message):
    proc = _run("-m", "kg.cli", "eval", *[a.format(empty=tmp_path) for a in args])
    assert proc.returncode == exit_code and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith(message)
