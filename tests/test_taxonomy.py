"""The shipped vocabularies (`kg.core.taxonomy`) and canonical identity in extraction, graph and both stores."""

from __future__ import annotations

import gzip
import json

import pytest

from extractors.pipeline import extract
import queries
from kg.core import taxonomy
from kg.core.graph import graph_rows
from kg.core.model import Paper
from kg.core.holdout import is_held_out
from kg.core.ids import entity_key
from kg.core.taxonomy import build as vocab_build
from kg.core.taxonomy.aliases import size_variants
from kg.core.taxonomy.names import canonical_dataset, canonical_metric
from kg.core.vocab import EXACT_MATCH, taxonomy_iri
from kg.stores import open_store

# --- the build script ---------------------------------------------------------------------


def _sota_file(tmp_path, papers):
    path = tmp_path / "sota.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for i, (abstract, dataset) in enumerate(papers):
            pid = next(f"arxiv:{i}.{n}" for n in range(100) if not is_held_out(f"arxiv:{i}.{n}"))
            f.write(json.dumps({"id": pid, "abstract": abstract, "results": [{"Dataset": dataset}]}) + "\n")
    return path


@pytest.mark.parametrize(
    "written,tuples,joined",
    [
        # papers that write the sized name file their tuples under the base name: one dataset
        (["FooSet-1K", "FooSet 1k", "fooset-1k"], ["FooSet"] * 3, [("fooset-1k", "fooset")]),
        # too few papers, or a size whose papers file under its own name: separate datasets
        (["FooSet-1K", "FooSet-1K"], ["FooSet"] * 2, []),
        (["FooSet-1K"] * 4, ["FooSet", "FooSet-1k", "FooSet-1k", "FooSet-1k"], []),
        # a pre-training size beside the base's own boards: papers file under the base, but not most
        (["FooSet-21k"] * 7, ["FooSet"] * 3 + ["Other"] * 4, []),
    ],
)
def test_size_variants_join_a_sized_name_its_papers_file_under_the_base(tmp_path, written, tuples, joined):
    path = _sota_file(tmp_path, [(f"We reach 80.1% top-1 accuracy on {w}.", d) for w, d in zip(written, tuples)])
    names = {"FooSet": "fooset", "FooSet-1k": "fooset-1k", "FooSet-21k": "fooset-21k", "Other": "other"}
    node = {entity_key(k): v for k, v in names.items()}
    assert size_variants(path, names, lambda raw: node.get(entity_key(raw))) == joined


@pytest.mark.slow
def test_taxonomy_rebuild_from_shared_equals_the_shipped_files(shared_dir, tmp_path):
    """`make vocab` is reproducible: rebuilding from ../shared gives the shipped bytes."""
    if not (shared_dir / "data" / "taxonomy").is_dir():
        pytest.skip("../shared is absent")
    written = vocab_build.write(vocab_build.build(shared_dir), shared_dir, tmp_path)
    for path in written:
        shipped = vocab_build.OUT_DIR / path.relative_to(tmp_path)
        assert path.read_bytes() == shipped.read_bytes(), f"{shipped.name} differs from a rebuild: run make vocab"
    assert (tmp_path / "LICENSE.md").read_text() == (vocab_build.OUT_DIR / "LICENSE.md").read_text()


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("COCO test-dev", "COCO"),
        ("ADE20K val", "ADE20K"),
        ("COCO minival", "COCO"),
        ("DAVIS 2017 (val)", "DAVIS 2017"),
        ("Urban100 - 4x upscaling", "Urban100"),
        ("CIFAR-10, 4000 Labels", "CIFAR-10"),
        ("Cora (60%/20%/20% random splits)", "Cora"),
        ("Libri-Light test-other", "Libri-Light"),
        ("Kinetics-400", "Kinetics-400"),
        ("NTU RGB+D 120", "NTU RGB+D 120"),
        ("Market to Duke", None),
    ],
)
def test_taxonomy_dataset_names_lose_their_split(raw, expected):
    cleaned = canonical_dataset(raw)
    assert (cleaned[0] if cleaned else None) == expected


@pytest.mark.parametrize(
    "raw,expected,synonyms",
    [
        ("Accuracy (%)", "Accuracy", []),
        ("Top 5 Accuracy", "Top-5 Accuracy", []),
        ("Test perplexity", "perplexity", []),
        ("Mean Reciprocal Rank (MRR)", "Mean Reciprocal Rank", ["MRR"]),
        ("F1 (%)", "F1", []),
    ],
)
def test_taxonomy_metric_names_lose_units_and_splits(raw, expected, synonyms):
    assert canonical_metric(raw) == (expected, synonyms)


@pytest.mark.parametrize(
    "name,higher",
    [("Word Error Rate", False), ("FID", False), ("MPJPE", False), ("mIoU", True), ("Rank-1", True), ("PSNR", True)],
)
def test_taxonomy_metric_direction(name, higher):
    assert taxonomy.lookup("Metric", name).higher_is_better is higher


# --- what the shipped vocabularies hold ------------------------------------------------------


@pytest.mark.parametrize(
    "kind,form,name",
    [
        ("Metric", "WER", "Word Error Rate"),
        ("Metric", "word error rates", "Word Error Rate"),
        ("Metric", "top-1 accuracy", "Top-1 Accuracy"),
        ("Metric", "mean average precision", "mAP"),
        ("Task", "NER", "Named Entity Recognition"),
        ("Task", "POS tagging", "Part-Of-Speech Tagging"),
        # the leaderboards' "ImageNet" is the 1k set: papers writing "ImageNet-1K" file their tuples there
        ("Dataset", "ImageNet 1K", "ImageNet"),
        ("Dataset", "ImageNet-1k", "ImageNet"),
        ("Dataset", "Wikitext-103", "WikiText-103"),
        # one dataset with and without its maker: the leaderboards' "MS-COCO" and "COCO"
        ("Dataset", "MS COCO", "COCO"),
        ("Dataset", "MSCOCO", "COCO"),
        # the words after a name that say what it is or which split
        ("Dataset", "Kinetics-400 dataset", "Kinetics-400"),
        ("Dataset", "CIFAR-10 test set", "CIFAR-10"),
    ],
)
def test_taxonomy_synonyms_name_one_concept(kind, form, name):
    assert taxonomy.lookup(kind, form).name == name


@pytest.mark.parametrize(
    "kind,form",
    [("Metric", "time"), ("Metric", "test"), ("Metric", "score"), ("Metric", "scaling"), ("Dataset", "it"),
     ("Metric", "Number of params"), ("Dataset", "Review"), ("Task", "training")],
)
def test_taxonomy_holds_no_generic_words(kind, form):
    patterns = {p["pattern"] if isinstance(p["pattern"], str) else p["pattern"][0]["ORTH"]
                for p in taxonomy.gazetteer_patterns(kind)}
    assert form not in patterns and form.lower() not in {p.lower() for p in patterns}


def test_taxonomy_short_acronyms_match_only_as_written(nlp_fast):
    doc = nlp_fast("We report SST on SST and the sst of the ocean; the map is large, mAP is 40.1.")
    found = {(s.text, s.label_) for s in doc.spans["kg_entities"]}
    assert ("SST", "DATASET") in found and ("mAP", "METRIC") in found
    assert not any(text in {"sst", "map"} for text, _ in found)


def test_taxonomy_ships_its_licence_notice():
    notice = (vocab_build.OUT_DIR / "LICENSE.md").read_text()
    assert "CC BY-SA 4.0" in notice and "Apache-2.0" in notice
    assert (vocab_build.OUT_DIR / "licenses" / "SOTA_LICENSE.md").is_file()
    for line in (vocab_build.OUT_DIR / "metrics.jsonl").read_text().splitlines()[:50]:
        assert json.loads(line)["sources"]


# --- canonical identity: extraction, graph, stores ------------------------------------------------

_PAPERS = [
    Paper("p1", "First", "On ImageNet-1k our FooNet reaches a word error rate of 7.5. FooNet is fast."),
    Paper("p2", "Second", "BarNet gets a WER of 9.1 on ImageNet 1K in our runs."),
]


@pytest.fixture(scope="module")
def synonym_rows(nlp_fast):
    return [graph_rows(e) for e in extract(_PAPERS, nlp=nlp_fast)]


def test_taxonomy_entities_carry_canonical_name_and_id(nlp_fast):
    extraction = next(extract(_PAPERS[:1], nlp=nlp_fast))
    by_type = {e.type: e for e in extraction.entities}
    assert (by_type["Metric"].canonical_name, by_type["Metric"].canonical_id) == ("Word Error Rate", "word-error-rate")
    # the leaderboards' id carries the identity; the name stays as the paper writes it
    assert (by_type["Dataset"].canonical_id, by_type["Dataset"].name) == ("imagenet", "ImageNet-1k")
    record = by_type["Metric"].to_dict()
    assert record["canonical_id"] == "word-error-rate" and record["name"] == "word error rate"


def test_taxonomy_variants_are_one_node(synonym_rows):
    keys = {(n.label, n.key) for rows in synonym_rows for n in rows.nodes if n.label in {"Metric", "Dataset"}}
    assert keys == {("Metric", "worderrorrate"), ("Dataset", "imagenet")}
    metric = next(n for rows in synonym_rows for n in rows.nodes if n.label == "Metric")
    assert metric.props["lower_is_better"] is True and metric.props["canonical_id"] == "word-error-rate"


@pytest.fixture(params=["rdf", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def any_store(request):
    if request.param == "rdf":
        store = open_store("memory:")
        yield store
        store.close()
    else:
        yield request.getfixturevalue("neo4j_store")


@pytest.mark.parametrize("metric", ["WER", "word error rate", "Word Error Rates"])
@pytest.mark.parametrize("dataset", ["ImageNet-1k", "imagenet 1k"])
def test_taxonomy_leaderboard_accepts_any_synonym(any_store, synonym_rows, metric, dataset):
    any_store.add(synonym_rows)
    # "Second" proposes nothing, so BarNet's number is one it quotes
    rows = queries.run(any_store, "leaderboard", dataset=dataset, metric=metric, quoted="yes")
    assert [(r["model"], r["value"]) for r in rows] == [("FooNet", 7.5), ("BarNet", 9.1)]  # lower is better


def test_taxonomy_canonical_fields_in_both_stores(any_store, synonym_rows):
    any_store.add(synonym_rows)
    node = next(n for n in any_store.rows().nodes if n.label == "Metric")
    assert (node.props["canonical_name"], node.props["canonical_id"]) == ("Word Error Rate", "word-error-rate")


def test_taxonomy_rdf_links_exact_match(synonym_rows):
    store = open_store("memory:")
    store.add(synonym_rows)
    rows = store.sparql("SELECT ?m WHERE { ?d a kg:Dataset ; skos:exactMatch ?m }")
    assert rows == [{"m": str(taxonomy_iri("Dataset", "imagenet"))}]
    store.close()
    assert str(EXACT_MATCH) == "http://www.w3.org/2004/02/skos/core#exactMatch"


@pytest.mark.parametrize("text", ["MAP-Elites explores the space.", "We visualise Grad-CAM maps.", "The SST-based model."])
def test_taxonomy_exact_forms_inside_hyphen_compounds_are_no_match(nlp_fast, text):
    doc = nlp_fast(text)
    assert not any(s.text in {"MAP", "CAM", "SST"} for s in doc.spans["kg_entities"])


def test_taxonomy_exact_form_glued_to_capitals_is_a_variant_name(nlp_fast):
    doc = nlp_fast("It reaches 85.4% IoU on WHU-CD in our tests.")
    assert ("WHU-CD", "DATASET") in {(s.text, s.label_) for s in doc.spans["kg_entities"]}


# a hyphenated name the vocabulary has whole keeps its own type, not that of its first part
# ("VQA-CP" is a dataset, "VQA" a task)
@pytest.mark.parametrize("text", ["We evaluate FooQA on the VQA-CP dataset.", "FooQA reaches 49.5% accuracy on VQA-CP."])
def test_taxonomy_whole_hyphenated_name_over_a_glued_variant(nlp_fast, text):
    found = {(s.text, s.label_) for s in nlp_fast(text).spans["kg_entities"]}
    assert ("VQA-CP", "DATASET") in found and ("VQA-CP", "TASK") not in found


# a dataset's capitalised words written as one word ("DailyMail") name it too, with its concept's key
@pytest.mark.parametrize("text,name", [
    ("FooSum scores 44.4 ROUGE-1 on CNN/DailyMail.", "CNN/DailyMail"),
    ("FooSum scores 44.4 ROUGE-1 on CNN/Daily Mail.", "CNN/Daily Mail"),
    ("We test FooQA on NaturalQuestions and PennTreebank.", "NaturalQuestions"),
    ("We test FooQA on Natural Questions.", "Natural Questions"),
])
def test_taxonomy_dataset_words_glued_into_one(nlp_fast, text, name):
    found = {s.text: s.id_ for s in nlp_fast(text).spans["kg_entities"] if s.label_ == "DATASET"}
    assert found.get(name) == taxonomy.lookup("Dataset", name).key


@pytest.mark.parametrize("text,name", [("We deliver gains with folded proteins.", None),
                                       ("Results on DELIVER and PROTEINS improve.", "PROTEINS")])
def test_taxonomy_names_that_are_english_words_match_only_as_written(nlp_fast, text, name):
    datasets = {s.text for s in nlp_fast(text).spans["kg_entities"] if s.label_ == "DATASET"}
    assert (name in datasets) if name else not datasets


@pytest.mark.parametrize("form", ["Multimodal", "Vision"])
def test_taxonomy_a_task_is_no_field_or_quality(form):
    assert taxonomy.lookup("Task", form) is None


# a dataset's name before a task ("ImageNet classification") is the dataset, and the task after it
@pytest.mark.parametrize("text,dataset", [
    ("We evaluate FooNet on ImageNet classification.", "ImageNet"),
    ("FooNet reaches 81.2% top-1 accuracy on ImageNet classification.", "ImageNet"),
])
def test_taxonomy_dataset_before_a_task_is_no_task_name(nlp_fast, text, dataset):
    found = {(s.text, s.label_) for s in nlp_fast(text).spans["kg_entities"]}
    assert (dataset, "DATASET") in found
    assert not any(label == "TASK" and dataset in name for name, label in found)


# a maker's name before a model's or a tool's is no dataset, nor is a maker before a plain word
@pytest.mark.parametrize("form", ["Google Gemini", "Microsoft Phi-3", "Stanford CoreNLP", "Google test set"])
def test_taxonomy_a_maker_makes_no_dataset(form):
    assert taxonomy.lookup("Dataset", form) is None


@pytest.mark.parametrize("form", ["e-commerce", "CAD", "CFG"])
def test_taxonomy_no_dataset_from_plain_words_or_rare_short_acronyms(form):
    assert taxonomy.lookup("Dataset", form) is None
