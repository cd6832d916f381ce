"""Spelling variants and the alias map `make vocab` learns (`kg.core.taxonomy.aliases`), and the
SOTA? scorer's canonical comparison. Every name here is invented."""

from __future__ import annotations

import gzip
import json

import pytest

from kg.core import taxonomy
from kg.core.holdout import is_held_out
from kg.core.ids import entity_key
from kg.core.taxonomy.aliases import mine_aliases, score_windows
from kg.core.taxonomy.variants import variant_key
from kg.evaluate.sota import same_concept

# --- variant_key: one rule a row, invented names --------------------------------------------


@pytest.mark.parametrize("a,b", [
    ("Zorbo 2019", "Zorbo'19"),  # a year after a name, four digits or two
    ("Zorbo-2031", "Zorbo31"),
    ("QuuxMT 2016 English-Finnish", "QuuxMT16 En-Fi"),  # a language pair by name or by code
    ("QuuxMT Czech to Polish", "QuuxMT cs-pl"),
    ("QuuxMT German→Romanian", "QuuxMT DE-RO"),
    ("blip acc.", "blip accuracy"),  # "acc." is accuracy
    ("Acc@5", "top-5 accuracy"),  # "Acc@k" is top-k accuracy
    ("Top 3 Acc", "top-3 accuracy"),  # case, hyphens and spaces
    ("Recall@20", "R@20"),  # "Recall@k", "Rank@k" and "R@k"
    ("Rank@7", "R@7"),
    ("Glimmer v2.1", "Glimmer-2.1"),  # a version with or without its "v"
    ("GlimmerV3", "Glimmer 3"),
    ("Glimmer 96x96", "Glimmer 96 × 96"),  # a size with "x", "×" or nothing
    ("nats/dim", "nats per dim"),  # "/" as "per" before a unit
])
def test_variant_key_folds_spelling_variants(a, b):
    assert variant_key(a) == variant_key(b)


@pytest.mark.parametrize("a,b", [
    ("Zorbo 2048", "Zorbo 48"),  # a size, not a year
    ("QuuxMT English-Finnish", "QuuxMT English-French"),  # another pair
    ("Acc@5", "top-1 accuracy"),
    ("Glimmer 2", "Glimmer 3"),
    ("Rank-1", "R@1"),  # a re-identification rank is not a retrieval recall
])
def test_variant_key_keeps_different_names_apart(a, b):
    assert variant_key(a) != variant_key(b)


@pytest.mark.parametrize("a,b", [
    ("box mAP", "AP"),  # detection's default is the box, and mAP and AP name one measure
    ("Bounding Box AP", "mAP"),
    ("AP@0.5", "AP50"),  # an IoU threshold as a fraction or in hundredths
    ("mAP 0.75", "AP75"),
    ("Blorp coefficient", "Blorp"),  # a head word after the measure's own name
    ("Zing index", "Zing score"),
    ("ROC-AUC", "AUROC"),  # the area under a curve, words in any order
    ("AUC-PR", "AUPRC"),
    ("bits/dimension", "bpd"),  # a rate in bits or nats, written out or by its initials
    ("nats per frame", "NPF"),
])
def test_variant_key_folds_metric_variants(a, b):
    assert variant_key(a, "Metric") == variant_key(b, "Metric")


@pytest.mark.parametrize("a,b", [
    ("mask AP", "box AP"),  # a mask's AP is another measure
    ("AP50", "AP75"),
    ("F score", "F"),  # too short a name to lose its head
    ("AUROC", "AUPRC"),
    ("bits per dimension", "bits per character"),
])
def test_variant_key_keeps_different_metrics_apart(a, b):
    assert variant_key(a, "Metric") != variant_key(b, "Metric")


def test_variant_key_folds_metric_variants_for_metrics_only():
    assert variant_key("Blorp Index") != variant_key("Blorp")  # a dataset may end in "Index"


def test_lookup_falls_back_to_the_variant_key():
    concept = taxonomy.lookup("Metric", "top-1 accuracy")
    assert concept is not None
    assert entity_key("top-1 acc.") != entity_key("top-1 accuracy")
    assert taxonomy.lookup("Metric", "top-1 acc.") is concept
    assert taxonomy.canonical_key("Metric", "Top 1 Acc.") == concept.key


@pytest.mark.parametrize("predicted,names,same", [
    ("top-1 acc.", ["Top-1 Accuracy"], True),
    ("top-1 accuracy", ["Word Error Rate"], False),
    (None, ["Top-1 Accuracy"], False),
    ("a metric nobody named", ["a metric nobody named"], False),  # no concept: the names decide
])
def test_sota_scorer_compares_canonical_concepts(predicted, names, same):
    assert same_concept("Metric", predicted, names) is same


# --- the words around a printed score -------------------------------------------------------


@pytest.mark.parametrize("abstract,score,words,at", [
    (r"Our model reaches 81.5\% BlipScore on \textbf{ZorboSet}.", "81.5", ["Our", "model", "reaches", "BlipScore", "on", "ZorboSet"], 3),
    ("A HUX of 0.42 on QuuxBench. Another 0.42 here.", "0.42", ["A", "HUX", "of", "on", "QuuxBench"], 3),
    ("Nothing printed here.", "12.5", None, None),
])
def test_score_windows(abstract, score, words, at):
    found = score_windows(abstract, score)
    if words is None:
        assert found == []
    else:
        assert found[0] == (words, at)


# --- mining: only papers tuning may see -----------------------------------------------------

def _paper_ids(held_out: bool, n: int) -> list[str]:
    ids = (f"arxiv:invented{i}" for i in range(1000))
    return [pid for pid in ids if is_held_out(pid) == held_out][:n]


def _write(path, papers):
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for pid, abstract, metric, score in papers:
            f.write(json.dumps({"id": pid, "abstract": abstract, "results": [
                {"Task": "T", "Dataset": "ZorboSet", "Metric": metric, "Score": score, "score_in_abstract": True}]}) + "\n")


def _mine(path, **kwargs):
    known = {"blipscore": "blipscore", "hux": "hux", "zorboratio": "zorboratio"}
    return mine_aliases(path, {"Metric": "Metric"}, lambda kind, raw: entity_key(raw) or None,
                        {"Metric": lambda text: known.get(entity_key(text))}, **kwargs)


def test_mining_learns_the_spelling_abstracts_print(tmp_path):
    seen = _paper_ids(False, 3)
    path = tmp_path / "sota.jsonl.gz"
    _write(path, [(seen[0], "We reach 71.3 BlipScore on ZorboSet.", "Zorbo Ratio", "71.3"),
                  (seen[1], "It gets a BlipScore of 64.0.", "Zorbo Ratio", "64.0"),
                  (seen[2], "HUX and Zorbo Ratio of 50.1 and 40.2.", "HUX", "50.1")])
    assert _mine(path) == [("Metric", "zorboratio", "blipscore")]


def test_mining_skips_the_held_out_papers(tmp_path):
    seen, held = _paper_ids(False, 1), _paper_ids(True, 3)
    path = tmp_path / "sota.jsonl.gz"
    papers = [(seen[0], "We reach 71.3 BlipScore.", "Zorbo Ratio", "71.3")]
    papers += [(pid, f"It gets a BlipScore of 6{i}.0.", "Zorbo Ratio", f"6{i}.0") for i, pid in enumerate(held)]
    _write(path, papers)
    assert _mine(path) == []  # one paper tuning may see is below the two papers an alias needs
    assert _mine(path, min_papers=1) == [("Metric", "zorboratio", "blipscore")]


@pytest.mark.parametrize("abstracts,expected", [
    # the tuple's own name beside the score: no alias, whatever else the sentence names
    (["HUX and BlipScore of 50.1 and 40.2.", "BlipScore and HUX: 50.1 and 33.0."], []),
    # two papers, but the other name is nearest in under half of the tuple name's sentences
    (["A BlipScore of 50.1.", "A BlipScore of 50.1.", "Zorbo Ratio: 50.1.", "Zorbo Ratio: 50.1.", "Zorbo Ratio: 50.1."], []),
])
def test_mining_needs_a_dominant_other_spelling(tmp_path, abstracts, expected):
    ids = _paper_ids(False, len(abstracts))
    path = tmp_path / "sota.jsonl.gz"
    metric = "HUX" if "HUX" in abstracts[0] else "Zorbo Ratio"
    _write(path, [(pid, text, metric, "50.1") for pid, text in zip(ids, abstracts)])
    assert _mine(path) == expected



@pytest.mark.parametrize("sentence,score,nearest", [
    ("QuuxSet ) , depth estimation ( 0.29 RMSE on ZorboSet", "0.29", "zorboset"),  # equal distance: the name after wins
    ("ZorboSet gives 0.29", "0.29", "zorboset"),
    ("On QuuxSet we get 0.29 overall , as the ZorboSet team said", "0.29", "quuxset"),  # the nearest
])
def test_mining_takes_the_nearest_name_after_the_score_first(sentence, score, nearest):
    from kg.core.taxonomy.aliases import _nearest_name

    known = {"quuxset": "quuxset", "zorboset": "zorboset"}
    [(words, at)] = score_windows(sentence, score)
    assert _nearest_name(words, at, lambda text: known.get(entity_key(text)), "own") == nearest


# --- a language pair is part of a dataset's name --------------------------------------------


@pytest.mark.parametrize("text,name", [
    ("We reach 30.2 on ZorboMT English - Finnish today.", "ZorboMT English - Finnish"),
    ("We reach 30.2 on ZorboMT Fi - En today.", "ZorboMT Fi - En"),
    ("We reach 30.2 on ZorboMT English→Czech today.", "ZorboMT English→Czech"),
    ("We reach 30.2 on ZorboMT Go - To today.", "ZorboMT"),  # no languages
    ("We reach 30.2 on ZorboMT english - finnish today.", "ZorboMT"),  # language names are capitalised
])
def test_dataset_names_keep_their_language_pair(text, name):
    import spacy
    from spacy.tokens import Span

    from extractors.name_spans import with_sizes
    from extractors.sents import Tokens

    doc = spacy.blank("en")(text)
    toks = Tokens(doc, doc.text)
    start = toks.texts.index("ZorboMT")
    dataset = Span(doc, start, start + 1, label="DATASET", span_id="zorbomt")
    [span] = with_sizes(doc, toks, [dataset])
    assert span.label_ == "DATASET"
    assert toks.span_text(span.start, span.end) == name


@pytest.mark.parametrize("kind", ["Dataset", "Metric"])
def test_spelling_variants_of_the_shipped_vocabularies_are_one_concept(kind):
    owner: dict[str, str] = {}
    for concept in taxonomy.concepts(kind):
        for form in (*concept.forms, *concept.exact):
            assert owner.setdefault(variant_key(form), concept.id) == concept.id, (form, owner[variant_key(form)])
