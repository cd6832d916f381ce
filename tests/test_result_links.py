"""The links of a result to its dataset and metric (extractors.result_datasets, result_numbers):
the dataset a result names is the dataset's name, not the words around it, and the graph links
the result to that dataset's node.

Sentences are invented (names too), one per shape; pipelines are `load_nlp("fast")`.
"""

from __future__ import annotations

import pytest

from kg.core import taxonomy
from kg.core.graph import graph_rows

from .test_extractors import _assert_offsets, _extract


# text, [(value, dataset)]: the words that say what the name is ("dataset", "benchmark") or
# which split ("test set") are not part of it
@pytest.mark.parametrize("text,expected", [
    ("FooSeg achieves 23.4 PQ and 30.0 mIoU on the Zorblax dataset.", [(23.4, "Zorblax"), (30.0, "Zorblax")]),
    ("We get 33.49 dB PSNR on the Quux4k test dataset.", [(33.49, "Quux4k")]),
    ("FooNet obtains 71.3% accuracy on the FrobQA benchmark.", [(71.3, "FrobQA")]),
    ("FooNet obtains 71.3% accuracy on the FrobQA-2 validation set.", [(71.3, "FrobQA-2")]),
    # a name that ends in a type noun keeps it
    ("FooParse reaches 94.1 F1 on the Zork Treebank.", [(94.1, "Zork Treebank")]),
])
def test_result_dataset_is_the_name(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    assert [(r.value, r.dataset) for r in extraction.results] == expected
    _assert_offsets(extraction)
    # the result meets the dataset node of the paper's entity, no second node of the longer phrase
    rows = graph_rows(extraction)
    datasets = {n.key for n in rows.nodes if n.label == "Dataset"}
    assert len(datasets) == 1, datasets


# text, [(value, a word of the metric, dataset)]: a metric phrase that starts with a known
# dataset measures on it; a known dataset right before a parenthesis of numbers owns them
@pytest.mark.parametrize("text,expected", [
    ("At 80% ImageNet top-1 accuracy, FooNet is 5 times faster than BarNet.", [(80.0, "top-1 accuracy", "ImageNet")]),
    ("FooGen reaches a zero-shot MS-COCO FID of 4.88.", [(4.88, "FID", "MS-COCO")]),
    ("FooNet reaches 83.4% top-1 accuracy on CIFAR-10.", [(83.4, "top-1 accuracy", "CIFAR-10")]),
    ("FooSum sets records on XSum (49.07 ROUGE-1).", [(49.07, "ROUGE-1", "XSum")]),
    # a name no rule knows: capitalised words hyphenated around small ones
    ("We obtain 58.6% mAP on Charades and 34.3% accuracy on Quarks-in-Time.",
     [(58.6, "mAP", "Charades"), (34.3, "accuracy", "Quarks-in-Time")]),
    ("FooNet reaches 61.2% accuracy on Zeta-of-the-Zorbs.", [(61.2, "accuracy", "Zeta-of-the-Zorbs")]),
])
def test_result_dataset_in_the_metric_or_before_its_numbers(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    got = [(r.value, r.metric, r.dataset) for r in extraction.results if r.kind == "absolute"]
    assert got == expected


# text, [(value, kind, dataset)]: a delta with no place of its own is measured where the
# sentence's result of the same metric was; an absolute result keeps the closest place
@pytest.mark.parametrize("text,expected", [
    ("FooNet shows 89.3 EPDMS on FooSim and 28.9 HD-Score on BarSim, surpassing the best prior method by 3.2 EPDMS.",
     [(89.3, "absolute", "FooSim"), (28.9, "absolute", "BarSim"), (3.2, "delta", "FooSim")]),
    ("FooNet reaches 71.2% accuracy on CIFAR-10 and 28.9 BLEU on WMT14, beating BarNet by 2.1% accuracy.",
     [(71.2, "absolute", "CIFAR-10"), (28.9, "absolute", "WMT14"), (2.1, "delta", "CIFAR-10")]),
    ("FooNet reaches 71.2% accuracy on CIFAR-10, while for SVHN it reaches 50.3% accuracy.",
     [(71.2, "absolute", "CIFAR-10"), (50.3, "absolute", "SVHN")]),
])
def test_result_delta_measured_where_its_metric_was(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    assert [(r.value, r.kind, r.dataset) for r in extraction.results] == expected


# a setting word or a count noun right before a score noun modifies the metric ("phase
# accuracy", "edge-level F1"); alone after the number it stays a setting or a count
@pytest.mark.parametrize("text,expected", [
    ("FooNet achieves 76.6% phase accuracy and 12.1% depth error.", [(76.6, "phase accuracy"), (12.1, "depth error")]),
    ("FooNet reaches 0.724 WKE for keys, and 0.531 edge-level F1 for values.", [(0.724, "WKE"), (0.531, "edge-level F1")]),
    ("FooNet reaches 0.91 token accuracy.", [(0.91, "token accuracy")]),
    ("FooNet keeps its accuracy at 50% sparsity.", []),
    ("The graph has 3.2 edges per node on average.", []),
    ("We use 50 samples to measure accuracy.", []),
])
def test_result_metric_modifiers_are_no_setting_or_count(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    assert [(r.value, r.metric) for r in extraction.results] == expected


# text, [(value, metric, dataset)]: "from A to B" that continues a change reads as its metric's
# values; two or more capitalised words after a number's "on" name its dataset
@pytest.mark.parametrize("text,expected", [
    ("FooNet brings a 12.7x improvement in label correction rate, from 49.8% to 3.9%.",
     [(12.7, "label correction rate", None), (49.8, "label correction rate", None), (3.9, "label correction rate", None)]),
    ("FooNet raises toxic recall to 0.8777 on Civil Quarrels and from 0.7107 to 0.8523 on ZorkHate.",
     [(0.8777, "toxic recall", "Civil Quarrels"), (0.7107, "toxic recall", "ZorkHate"), (0.8523, "toxic recall", "ZorkHate")]),
    ("FooNet reaches 71.2% accuracy on Visual Quuxome.", [(71.2, "accuracy", "Visual Quuxome")]),
    ("FooNet reaches 71.2% accuracy on Monday.", [(71.2, "accuracy", None)]),
    ("The gain in F1, from 2 to 3 layers, is small.", []),
])
def test_result_from_to_after_a_change_and_titled_places(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    assert [(r.value, r.metric, r.dataset) for r in extraction.results] == expected


# "N points over X" after a result is the margin of that result's metric
@pytest.mark.parametrize("text,expected", [
    ("Partial recall reaches 90.2 percent, which is 15.5 points over FooGPT and 17.1 points over BarLM.",
     [(90.2, "absolute"), (15.5, "delta"), (17.1, "delta")]),
    ("FooNet reaches 81.2% accuracy, 2.1 points over BarNet.", [(81.2, "absolute"), (2.1, "delta")]),
])
def test_result_points_over_a_rival_measure_the_result_before(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    metric = extraction.results[0].metric
    assert [(r.value, r.kind) for r in extraction.results] == expected
    assert all(r.metric == metric for r in extraction.results)


# "D: M of V" in a list of places: the dataset before the colon owns the number
@pytest.mark.parametrize("text,expected", [
    ("FooNet is the best across datasets (CIFAR-10: ED of 25.4 pixels, SVHN: 32.5 pixels, STL-10: 32.1 pixels).",
     [(25.4, "CIFAR-10"), (32.5, "SVHN"), (32.1, "STL-10")]),
    ("FooNet wins on SVHN: its accuracy of 91.2% is the best.", [(91.2, "SVHN")]),
])
def test_result_dataset_before_a_colon_and_its_metric(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    assert [(r.value, r.dataset) for r in extraction.results] == expected


# a list name that repeats the end of the name before it without its first words takes them
@pytest.mark.parametrize("text,expected", [
    ("FooNet achieves 3.12x and 1.72x speedups on ZorkBench Level-2 and Level-3, respectively.",
     [(3.12, "ZorkBench Level-2"), (1.72, "ZorkBench Level-3")]),
    ("FooNet reaches 81.2% and 82.1% accuracy on FooBench Level-2 and BarBench Level-3, respectively.",
     [(81.2, "FooBench Level-2"), (82.1, "BarBench Level-3")]),
    ("FooNet reaches 81.2% and 82.1% accuracy on CIFAR-10 and SVHN, respectively.", [(81.2, "CIFAR-10"), (82.1, "SVHN")]),
])
def test_result_dataset_elided_in_a_list(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    assert [(r.value, r.dataset) for r in extraction.results] == expected


# a translation score is measured on a benchmark's language pair: the dataset is the benchmark
# joined to the pair after it, before it, or (a pair alone) to the benchmark named before it,
# when the vocabulary has that leaderboard; else the name as written
@pytest.mark.parametrize("text,expected", [
    ("FooMT obtains 28.4 BLEU on the WMT14 English-to-German task.", [(28.4, "WMT14 English-to-German")]),
    ("FooMT gets 22.5 BLEU points in English-to-German WMT 2014.", [(22.5, "WMT 2014 English-to-German")]),
    ("FooMT reaches 28.4 BLEU on English-German WMT 2014.", [(28.4, "WMT 2014 English-German")]),
    ("We enter the WMT 2022 shared task. FooMT ranks first in Zh-En (33.5) and En-De (37.8) by BLEU.",
     [(33.5, "WMT 2022 Zh-En"), (37.8, "WMT 2022 En-De")]),
    ("On WMT 2022, FooMT obtains 33.5 BLEU on Zh-En.", [(33.5, "WMT 2022 Zh-En")]),
    ("FooMT obtains 31.2 BLEU on WMT'14 En-De.", [(31.2, "WMT'14 En-De")]),
    # no leaderboard of WMT 2014 English-Latvian, no language Klingon: the name as written
    ("FooMT obtains 31.2 BLEU on the WMT14 English-to-Latvian task.", [(31.2, "WMT14 English-to-Latvian")]),
    ("FooMT obtains 31.2 BLEU on the WMT14 English-to-Klingon task.", [(31.2, "WMT14")]),
    ("FooNet scores 85% accuracy in English and 80% accuracy in German.", [(85.0, None), (80.0, None)]),
])
def test_result_dataset_of_a_language_pair(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    assert [(r.value, r.dataset) for r in extraction.results] == expected
    _assert_offsets(extraction)
    for _, name in expected:
        if name is not None and name not in {"WMT14", "WMT14 English-to-Latvian"}:
            assert taxonomy.lookup("Dataset", name) is not None, name  # the leaderboard's concept


# a sentence that names no dataset and gives as many numbers "respectively" as the list of datasets
# the sentence before ends with: the numbers in the list's order; else the last dataset named
@pytest.mark.parametrize("text,expected", [
    ("We evaluate FooNet on CIFAR-10 and CIFAR-100. It achieves 95.1% and 78.2% accuracy, respectively.",
     [(95.1, "CIFAR-10"), (78.2, "CIFAR-100")]),
    ("Experiments are run on CIFAR-10, CIFAR-100 and SVHN. FooNet reaches 95.1%, 78.2% and 97.0% accuracy, respectively.",
     [(95.1, "CIFAR-10"), (78.2, "CIFAR-100"), (97.0, "SVHN")]),
    # two numbers for a list of three, or no "respectively": no pairing
    ("Experiments are run on CIFAR-10, CIFAR-100 and SVHN. FooNet reaches 95.1% and 78.2% accuracy, respectively.",
     [(95.1, "SVHN"), (78.2, "SVHN")]),
    ("We evaluate FooNet on CIFAR-10 and CIFAR-100. It achieves 95.1% and 78.2% accuracy.",
     [(95.1, "CIFAR-100"), (78.2, "CIFAR-100")]),
])
def test_result_datasets_listed_in_the_sentence_before(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    assert [(r.value, r.dataset) for r in extraction.results] == expected


# a list of datasets with each one's task after it ("COCO detection"), and a place written as
# "the val set of X": the dataset, not the one of the sentence's earlier result
@pytest.mark.parametrize("text,expected", [
    ("FooNet reaches 45.1 AP and 61.4 mIoU on COCO detection and ADE20K segmentation, respectively.",
     [(45.1, "COCO"), (61.4, "ADE20K")]),
    ("FooNet obtains 61.4 mIoU / 64.2 mAP on ADE20K semantic segmentation and COCO object detection, respectively.",
     [(61.4, "ADE20K"), (64.2, "COCO")]),
    ("FooSeg achieves 70.6% mIoU on PASCAL VOC and 36.2% mIoU on the test set of Cityscapes.",
     [(70.6, "PASCAL VOC"), (36.2, "Cityscapes")]),
    ("FooSeg achieves 70.6% mIoU on PASCAL VOC, and 36.2% mIoU on the validation split of Zorblax-7.",
     [(70.6, "PASCAL VOC"), (36.2, "Zorblax-7")]),
])
def test_result_dataset_after_its_split_or_before_its_task(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    assert [(r.value, r.dataset) for r in extraction.results] == expected


# a resolution after a dataset ("ImageNet 256 × 256") is the result's setting, no part of the name
@pytest.mark.parametrize("text,expected", [
    ("FooGAN obtains an FID of 4.59 on ImageNet 256 × 256.", [(4.59, "ImageNet", "256x256")]),
    ("FooGAN obtains an FID of 4.59 on ImageNet $256 \\times 256$.", [(4.59, "ImageNet", "256x256")]),
    ("FooGAN obtains an FID of 3.1 on FFHQ 1024 x 1024.", [(3.1, "FFHQ", "1024x1024")]),
])
def test_result_dataset_without_its_resolution(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    assert [(r.value, r.dataset, dict(r.setting).get("resolution")) for r in extraction.results] == expected
    _assert_offsets(extraction)
