"""The entity recogniser's training data (`extractors/ner/convert.py`): sources, label set,
held-out sentences, the slice kept aside and missing annotation. Invented records."""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

import extractors

sys.path.insert(0, str(Path(extractors.__file__).parent / "ner"))
import convert  # noqa: E402
import evaluate  # noqa: E402

from kg.core.holdout import is_held_out  # noqa: E402


@pytest.mark.parametrize(
    "words,text",
    [
        ("On CIFAR - 10 , we win .", "On CIFAR-10, we win."),
        ("a state - of - the - art model ( ResNet ) [ 3 ]", "a state-of-the-art model (ResNet) [3]"),
        ("RCV1 / RCV2 corpora : 5 - 10 %", "RCV1/RCV2 corpora: 5-10%"),
        ("BERT 's layers , e.g. the first", "BERT's layers, e.g. the first"),
        ("a - b - c", "a-b-c"),
        ("an x - a loss", "an x-a loss"),
        ("end -", "end -"),
    ],
)
def test_join_words_restores_running_text(words, text):
    joined, starts = convert.join_words(words.split())
    assert joined == text
    assert [joined[s:s + len(w)] for s, w in zip(starts, words.split(), strict=True)] == words.split()


@pytest.mark.parametrize(
    "words,mid_sentence,expected",
    [
        ("Penn Treebank", True, True),
        ("UCF101", True, True),
        ("the SI corpus", True, True),
        ("WordNet", False, True),
        ("speech data", True, False),
        ("English phrases", True, False),
        ("Japanese", True, False),
        ("Training examples", False, False),
        ("Training examples", True, True),
        ("non-audible murmur -LRB- x -RRB-", True, False),
    ],
)
def test_a_scierc_material_names_a_resource_or_describes_data(words, mid_sentence, expected):
    assert convert.names_a_resource(words.split(), mid_sentence=mid_sentence) is expected


def _conll(sentences: list[list[tuple[str, str]]]) -> str:
    """A TDMSci .conll text: token, character offset, tag; one space between tokens."""
    blocks = []
    for sentence in sentences:
        offset, rows = 0, []
        for token, tag in sentence:
            rows.append(f"{token}\t{offset}\t{tag}")
            offset += len(token) + 1
        blocks.append("\n".join(rows))
    return "\n\n".join(blocks) + "\n"


def _tdmsci_file(tmp_path: Path, n: int) -> Path:
    sentence = [("We", "O"), ("report", "O"), ("BLEU", "B-METRIC"), ("on", "O"), ("machine", "B-TASK"),
                ("translation", "I-TASK"), ("with", "O"), ("Europarl", "B-DATASET"), (".", "O")]
    path = tmp_path / "train.conll"
    path.write_text(_conll([sentence] * n), encoding="utf-8")
    return path


def test_tdmsci_units_skip_the_held_out_third(tmp_path):
    path = _tdmsci_file(tmp_path, 12)
    units = list(convert.tdmsci_units(path))
    kept = [n for n in range(1, 13) if not is_held_out(f"tdmsci:{n}")]
    assert [int(u.key) for u in units] == kept and 0 < len(kept) < 12
    unit = units[0]
    assert unit.text == "We report BLEU on machine translation with Europarl ."
    assert [(unit.text[s:e], label) for s, e, label in unit.spans] == [
        ("BLEU", "METRIC"), ("machine translation", "TASK"), ("Europarl", "DATASET")]


def test_scierc_units_map_every_label_and_split_materials(tmp_path):
    record = {"doc_key": "X1", "sentences": [["We", "parse", "the", "Penn", "Treebank", "and", "speech", "data", "."]],
              "ner": [[[1, 1, "Task"], [3, 4, "Material"], [6, 7, "Material"], [0, 0, "Generic"]]]}
    path = tmp_path / "train.json"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (unit,) = convert.scierc_units(path)
    assert unit.text == "We parse the Penn Treebank and speech data ."
    assert sorted((unit.text[s:e], label) for s, e, label in unit.spans) == [
        ("Penn Treebank", "DATASET"), ("We", "GENERIC"), ("parse", "TASK"), ("speech data", "MATERIAL")]


def _scirex_file(tmp_path: Path) -> Path:
    words = ("document : ResNet for Image Classification We train ResNet on CIFAR - 10 . "
             "section : Introduction Deep networks work . We report top - 1 accuracy on ImageNet .").split()
    paper = {"doc_id": "p1", "words": words,
             "sections": [[0, 14], [14, len(words)]],
             "sentences": [[0, 14], [14, 21], [21, len(words)]],
             "ner": [[2, 3, "Method"], [4, 6, "Task"], [8, 9, "Method"], [10, 13, "Material"],
                     [23, 27, "Metric"], [28, 29, "Material"]]}
    path = tmp_path / "docs.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps(paper) + "\n")
    return path


def test_scirex_units_are_the_abstract_and_body_sentences_with_mentions(tmp_path):
    abstract, body = convert.scirex_units(_scirex_file(tmp_path), body_sentences=5)
    assert abstract.text == "ResNet for Image Classification We train ResNet on CIFAR-10."
    assert [(abstract.text[s:e], label) for s, e, label in abstract.spans] == [
        ("ResNet", "METHOD"), ("Image Classification", "TASK"), ("ResNet", "METHOD"), ("CIFAR-10", "DATASET")]
    # "section : Introduction Deep networks work ." holds a section mark and no mention
    assert body.text == "We report top-1 accuracy on ImageNet."
    assert [(body.text[s:e], label) for s, e, label in body.spans] == [("top-1 accuracy", "METRIC"), ("ImageNet", "DATASET")]


@pytest.fixture(scope="module")
def silver():
    """A stand-in silver recogniser: an entity ruler that knows one method and one generic word."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "METHOD", "pattern": "beam search"},
                                               {"label": "GENERIC", "pattern": "We"},
                                               {"label": "TASK", "pattern": "report"}])
    return nlp


def test_labels_a_source_does_not_annotate_become_missing(silver):
    nlp = spacy.blank("en")
    unit = convert.Unit("tdmsci", "1", "We report BLEU with beam search .", [(10, 14, "METRIC")])
    doc = convert.to_doc(nlp, unit, silver, counts := Counter())
    # METHOD and GENERIC are not TDMSci labels: unknown there; TASK is, so "report" stays O
    assert [t.ent_iob_ or "-" for t in doc] == ["-", "O", "B", "O", "-", "-", "O"]
    assert [(e.text, e.label_) for e in doc.ents] == [("BLEU", "METRIC")]
    assert counts["tdmsci missing METHOD"] == 1 and counts["tdmsci missing GENERIC"] == 1
    # SciERC annotates every label: nothing the silver model says counts there
    doc = convert.to_doc(nlp, convert.Unit("scierc", "1", unit.text, unit.spans), silver, counts)
    assert all(t.ent_iob_ for t in doc)


def test_a_span_off_the_token_boundaries_is_left_unannotated():
    nlp = spacy.blank("en")
    counts = Counter()
    doc = convert.to_doc(nlp, convert.Unit("scirex", "1", "We use ResNet-50s here .", [(7, 16, "METHOD")]), None, counts)
    assert [t.ent_iob_ or "-" for t in doc] == ["O", "O", "-", "O", "O"] and counts["scirex misaligned"] == 1


def test_convert_keeps_a_slice_aside_and_never_reads_held_out_sentences(tmp_path):
    scierc = tmp_path / "scierc.json"
    scierc.write_text("".join(json.dumps({"doc_key": f"D{n}", "sentences": [["We", "parse", "."]],
                                          "ner": [[[1, 1, "Task"]]]}) + "\n" for n in range(40)), encoding="utf-8")
    units = [*convert.scierc_units(scierc), *convert.tdmsci_units(_tdmsci_file(tmp_path, 30))]
    stats = convert.convert(units, tmp_path / "out")
    nlp = spacy.blank("en")
    train = list(DocBin().from_disk(tmp_path / "out" / "train.spacy").get_docs(nlp.vocab))
    kept_aside = list(DocBin().from_disk(tmp_path / "out" / "slice.spacy").get_docs(nlp.vocab))
    in_slice = [u for u in units if convert.in_slice(u.source, u.key)]
    assert 0 < len(in_slice) < len(units) and len(kept_aside) == len(in_slice) and len(train) + len(kept_aside) == len(units)
    held = sum(is_held_out(f"tdmsci:{n}") for n in range(1, 31))
    assert stats["train tdmsci docs"] + stats.get("slice tdmsci docs", 0) == 30 - held


def test_evaluate_scores_strict_and_lenient_spans():
    gold = {(0, 4, "Task"), (10, 14, "Metric")}
    pred = {(0, 4, "Task"), (9, 14, "Metric"), (20, 25, "Dataset")}
    scores = evaluate.score_predictions([(gold, pred)], evaluate.TDMSCI_MAP)
    assert (scores["gold"], scores["predicted"]) == (2, 3)
    assert scores["strict"]["p"] == pytest.approx(1 / 3) and scores["strict"]["r"] == pytest.approx(1 / 2)
    assert scores["lenient"]["r"] == pytest.approx(1.0)
