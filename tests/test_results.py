"""extractors.results and its rules (result_numbers, result_metrics, result_owners, result_datasets):
numeric results in every common shape, their kind and baseline, what is never a result, and
leaderboards that rank absolute results only.

Sentences are invented (names too), one per shape; pipelines are `load_nlp("fast")`.
"""

from __future__ import annotations

import pytest

import queries
from kg.core.graph import graph_rows
from kg.stores import open_store

from .test_extractors import _assert_offsets, _extract

# --- shapes --------------------------------------------------------------------------------

# text, [(value, unit, a word of the metric, dataset, model)]
SHAPES = [
    # value after its metric, before its metric
    ("FooTrack obtains a HOTA of 61.5 on MOT17.", [(61.5, "", "HOTA", "MOT17", "FooTrack")]),
    ("ZetaNet reaches an accuracy of 63% on CIFAR-100.", [(63.0, "%", "accuracy", "CIFAR-100", "ZetaNet")]),
    ("ZetaNet achieves 63% accuracy on CIFAR-100.", [(63.0, "%", "accuracy", "CIFAR-100", "ZetaNet")]),
    ("On SVHN, BazNet achieves an error rate of 4.2%.", [(4.2, "%", "error rate", "SVHN", "BazNet")]),
    ("FooSeg gets mIoU: 47.25 and FID 3.1 with GridNet.", [(47.25, "", "mIoU", None, "FooSeg"),
                                                           (3.1, "", "FID", None, "FooSeg")]),
    ("Our system achieves an overall score of 32.87 (BLEU = 9.42, ROUGE-L = 27.04).",
     [(32.87, "", "overall score", None, None), (9.42, "", "BLEU", None, None), (27.04, "", "ROUGE-L", None, None)]),
    # lists: "respectively", parentheses, slashes, "x and y in M and N"
    ("BarNet obtains 71.3% and 80.2% accuracy on CIFAR-100 and SVHN, respectively.",
     [(71.3, "%", "accuracy", "CIFAR-100", "BarNet"), (80.2, "%", "accuracy", "SVHN", "BarNet")]),
    ("On accuracy, QuuxBERT (71.3%), FrobNet (80.2%) and ZorkGPT (65.0%) trail behind.",
     [(71.3, "%", "accuracy", None, "QuuxBERT"), (80.2, "%", "accuracy", None, "FrobNet"),
      (65.0, "%", "accuracy", None, "ZorkGPT")]),
    ("GridSeg reaches 65.0/70.4/88.1 mIoU/mAcc/OA on ScanNet.",
     [(65.0, "", "mIoU", "ScanNet", "GridSeg"), (70.4, "", "mAcc", "ScanNet", "GridSeg"),
      (88.1, "", "OA", "ScanNet", "GridSeg")]),
    ("QuokkaNet attains 31.2 and 24.5 in BLEU and METEOR, respectively.",
     [(31.2, "", "BLEU", None, "QuokkaNet"), (24.5, "", "METEOR", None, "QuokkaNet")]),
    ("PlumNet improved Abs Rel and Sq Rel by 5.6% and 9.8% on KITTI.",
     [(5.6, "%", "Abs Rel", "KITTI", "PlumNet"), (9.8, "%", "Sq Rel", "KITTI", "PlumNet")]),
    # each number of the list takes its own parenthesised dataset, known (ESC-50) or not
    ("FooNet reports accuracies of 97.0% (ESC-10), 91.5% (ESC-50) and 84.2% (US8K).",
     [(97.0, "%", "accurac", "ESC-10", "FooNet"), (91.5, "%", "accurac", "ESC-50", "FooNet"),
      (84.2, "%", "accurac", "US8K", "FooNet")]),
    # a list of numbers and a list of datasets, paired in order (with "respectively" or without)
    ("FooNER reaches 86.4, 85.5, and 94.2 F1 on ACE2004, ACE2005, and NNE, respectively.",
     [(86.4, "", "F1", "ACE2004", "FooNER"), (85.5, "", "F1", "ACE2005", "FooNER"), (94.2, "", "F1", "NNE", "FooNER")]),
    ("FooTrack reaches 71.1% AUC, 89.3% NP, and 73.0% AO on LaSOT, TrackingNet, and GOT-10k.",
     [(71.1, "%", "AUC", "LaSOT", "FooTrack"), (89.3, "%", "NP", "TrackingNet", "FooTrack"),
      (73.0, "%", "AO", "GOT-10k", "FooTrack")]),
    ("On CIFAR-10 and SVHN, FooNet reaches 97.1% and 98.2% accuracy, respectively.",
     [(97.1, "%", "accuracy", "CIFAR-10", "FooNet"), (98.2, "%", "accuracy", "SVHN", "FooNet")]),
    # a speed measured "at" the same place; a dataset followed by its numbers ("D with ...", "D (val: ...)")
    ("FooSeg yields 77.4 mIoU at 102 FPS on Cityscapes and 74.7 mIoU at 230 FPS on CamVid.",
     [(77.4, "", "mIoU", "Cityscapes", "FooSeg"), (102.0, "FPS", "FPS", "Cityscapes", "FooSeg"),
      (74.7, "", "mIoU", "CamVid", "FooSeg"), (230.0, "FPS", "FPS", "CamVid", "FooSeg")]),
    ("FooSeg sets records on COCO val with 58.0% PQ, Cityscapes val with 68.4% PQ and 83.5% mIoU, and ADE20K "
     "val with 50.9% PQ.",
     [(58.0, "%", "PQ", "COCO", "FooSeg"), (68.4, "%", "PQ", "Cityscapes", "FooSeg"),
      (83.5, "%", "mIoU", "Cityscapes", "FooSeg"), (50.9, "%", "PQ", "ADE20K", "FooSeg")]),
    ("FooSeg sets new records in mIoU on PASCAL VOC 2012 (val: 77.7%, test: 77.2%) and MS COCO 2014 (val: 49.4%).",
     [(77.7, "%", "mIoU", "PASCAL VOC 2012", "FooSeg"), (77.2, "%", "mIoU", "PASCAL VOC 2012", "FooSeg"),
      (49.4, "%", "mIoU", "MS COCO 2014", "FooSeg")]),
    # the metric after "respectively"
    ("FooNet improves over BarNet by 1.2 and 3.4 points, respectively, in F1.",
     [(1.2, "points", "F1", None, "FooNet"), (3.4, "points", "F1", None, "FooNet")]),
    # from A to B, ranges, A vs B
    ("FooNet lowers the word error rate from 12.4% to 9.1%.",
     [(12.4, "%", "word error rate", None, None), (9.1, "%", "word error rate", None, "FooNet")]),
    ("Disclosure ranged from 2.8% to 73.6% across the audited personas.",
     [(2.8, "%", "Disclosure", None, None), (73.6, "%", "Disclosure", None, None)]),
    ("Speed-ups of 2-3x are observed for BlipNet.", [(2.0, "x", "Speed-up", None, "BlipNet"),
                                                     (3.0, "x", "Speed-up", None, "BlipNet")]),
    ("ZetaNet scores 15.8 vs 18.3 perplexity on WikiText-103.",
     [(15.8, "", "perplexity", "WikiText-103", "ZetaNet"), (18.3, "", "perplexity", "WikiText-103", None)]),
    ("MixNet keeps PSNR within 1.2--1.4 dB of the teacher.", [(1.2, "dB", "PSNR", None, "MixNet"),
                                                             (1.4, "dB", "PSNR", None, "MixNet")]),
    # speed-ups, reductions, error rates, improvements
    ("FlashFoo runs 3.5x faster than BarAttention.", [(3.5, "x", "faster", None, "FlashFoo")]),
    ("FooNet reduces latency by 35% compared to BarNet.", [(35.0, "%", "latency", None, "FooNet")]),
    ("QuuxBERT improves F1 by 2.3 points over RoBERTa.", [(2.3, "points", "F1", None, "QuuxBERT")]),
    ("KiwiNet yields a 32.9% reduction in hallucination rate.", [(32.9, "%", "hallucination rate", None, "KiwiNet")]),
    ("GLOW-3 decodes at 49 FPS on an embedded board.", [(49.0, "FPS", "FPS", None, "GLOW-3")]),
    ("FooNet decodes 47 tokens per second on a phone.", [(47.0, "tokens/s", "tokens per second", None, "FooNet")]),
    ("FooNet reaches 29.22 dB PSNR and an SSIM of 0.91 on CIFAR-10.",
     [(29.22, "dB", "PSNR", "CIFAR-10", "FooNet"), (0.91, "", "SSIM", "CIFAR-10", "FooNet")]),
    # a list continued after its first item, a comparison in parentheses, short forms
    ("KiwiNet improves MCM by +23.9 AUROC on FooShift, +8.8 on BarShift, and +8.1 on BazShift.",
     [(23.9, "", "AUROC", None, "KiwiNet"), (8.8, "", "AUROC", None, "KiwiNet"), (8.1, "", "AUROC", None, "KiwiNet")]),
    ("ZetaNet reaches an AbsRel of 0.112 and an EdgeCR of 5.74, outperforming BarNet (0.119/5.91).",
     [(0.112, "", "AbsRel", None, "ZetaNet"), (5.74, "", "EdgeCR", None, "ZetaNet"),
      (0.119, "", "AbsRel", None, "BarNet"), (5.91, "", "EdgeCR", None, "BarNet")]),
    ("The attack success rate (ASR) of LarkBot is 44.4%, and ASR ranges from 20.5% for FooLM to 92.9% for BarLM.",
     [(44.4, "%", "ASR", None, "LarkBot"), (20.5, "%", "ASR", None, "FooLM"), (92.9, "%", "ASR", None, "BarLM")]),
    ("FooNet scores 4.53 (vs. 3.13 for BarNet) on a 5-point scale.",
     [(4.53, "", "score", None, "FooNet"), (3.13, "", "score", None, "BarNet")]),
    ("FooNet reduces hallucinated keywords (1.14 to 0.25).",
     [(1.14, "", "hallucinated keywords", None, "FooNet"), (0.25, "", "hallucinated keywords", None, "FooNet")]),
]


@pytest.mark.parametrize("text,expected", SHAPES)
def test_results_shapes(nlp_fast, text, expected):
    extraction = _extract(nlp_fast, text)
    got = [(r.value, r.unit, r.metric, r.dataset, r.model) for r in extraction.results]
    assert len(got) == len(expected), got
    for (value, unit, metric, dataset, model), want in zip(got, expected, strict=True):
        assert value == pytest.approx(want[0])
        assert unit == want[1]
        assert metric is not None and want[2].lower() in metric.lower(), metric
        assert dataset == want[3]
        assert model == want[4]
    _assert_offsets(extraction)


# The shapes the seed listing was first built on (kept as they were).
SEED_SHAPES = [
    ("We introduce GLACIA. Evaluation shows that GLACIA (mIoU: 87.30) surpasses CNNs (mIoU: 78.55 - 79.01).",
     [(87.3, "", "mIoU", None, "GLACIA"), (78.55, "", "mIoU", None, "CNNs"), (79.01, "", "mIoU", None, "CNNs")]),
    ("Our model, the Routing Transformer, is sparse. We show that our model outperforms comparable models on "
     "language modeling on Wikitext-103 (15.8 vs 18.3 perplexity).",
     [(15.8, "", "perplexity", "Wikitext-103", "Routing Transformer"), (18.3, "", "perplexity", "Wikitext-103", None)]),
    ("Our system reduces the WER on LibriSpeech from 51.3 down to 30.0.",
     [(51.3, "", "WER", "LibriSpeech", None), (30.0, "", "WER", "LibriSpeech", None)]),
    ("The model obtains a BLEU-4 score of 23.5 on WMT14.", [(23.5, "", "BLEU-4", "WMT14", None)]),
    ("multiMentalRoBERTa achieves macro F1-scores of 0.839 in the six-class setup and 0.870 in the five-class setup.",
     [(0.839, "", "macro F1", None, "multiMentalRoBERTa"), (0.87, "", "macro F1", None, "multiMentalRoBERTa")]),
    ("The sampler leads to up to a 5x speedup.", [(5.0, "x", "speedup", None, None)]),
    ("Our 8-bit weight-activation quantized Pythia 2.8B achieves a 1.72x lower inference latency.",
     [(1.72, "x", "inference latency", None, "Pythia 2.8B")]),
    ("The 8B Mamba-2-Hybrid exceeds the 8B Transformer on all 12 standard tasks (+2.65 points on average).",
     [(2.65, "points", "average", None, "Mamba-2-Hybrid")]),
    ("For instance, Llama-2-70B achieved a 48.4\\% speedup with only a 2.4\\% performance drop.",
     [(48.4, "%", "speedup", None, "Llama-2-70B"), (2.4, "%", "performance drop", None, "Llama-2-70B")]),
    ("Our approach achieves up to 95-100% accuracy on 2WikiMultiHopQA.",
     [(95.0, "%", "accuracy", "2WikiMultiHopQA", None), (100.0, "%", "accuracy", "2WikiMultiHopQA", None)]),
    ("A2SF improves the accuracy of LLaMA 2 by up to 7.8% and 5.1% on 1-shot and 0-shot.",
     [(7.8, "%", "accuracy", None, "LLaMA 2"), (5.1, "%", "accuracy", None, "LLaMA 2")]),
    # "4 and 8 times higher" refers back to the metrics of the same sentence
    ("FooNet generates 89.7% charge neutrality and 84.8% balanced electronegativity, which are more than "
     "4 and 8 times higher than a random baseline.",
     [(89.7, "%", "charge neutrality", None, "FooNet"), (84.8, "%", "balanced electronegativity", None, "FooNet"),
      (4.0, "x", "charge neutrality", None, "FooNet"), (8.0, "x", "balanced electronegativity", None, "FooNet")]),
    # the subject of "achieves" owns the result, not the first model of the sentence
    ("Experiments against fine-tuned transformers and BERT show that MentalNet achieves superior performance, "
     "with macro F1 of 0.839.", [(0.839, "", "macro F1", None, "MentalNet")]),
]


# A dataset named before a parenthesised score is where it was measured, never its model; a model
# named so still owns it.
PARENTHESISED = [
    ("We propose FooSum. FooSum sets a new state of the art on XSum (49.07 ROUGE-1).",
     [(49.07, "", "ROUGE-1", "XSum", "FooSum")]),
    ("Our approach sets a new state of the art on XSum (49.07 ROUGE-1) and on SQuAD (71.2 F1).",
     [(49.07, "", "ROUGE-1", "XSum", None), (71.2, "", "F1", "SQuAD", None)]),
    ("We introduce BarNet. Results across CIFAR-10 (97.1% accuracy) are strong.",
     [(97.1, "%", "accuracy", "CIFAR-10", "BarNet")]),
    ("Compared with BERT (85.1% accuracy), FooNet gets 88.2% accuracy on SQuAD.",
     [(85.1, "%", "accuracy", "SQuAD", "BERT"), (88.2, "%", "accuracy", "SQuAD", "FooNet")]),
]


@pytest.mark.parametrize("text,expected", PARENTHESISED)
def test_results_dataset_before_a_parenthesised_score_is_no_owner(nlp_fast, text, expected):
    test_results_shapes(nlp_fast, text, expected)


@pytest.mark.parametrize("text,expected", SEED_SHAPES)
def test_results_seed_shapes(nlp_fast, text, expected):
    test_results_shapes(nlp_fast, text, expected)


@pytest.mark.parametrize("text,metric", [
    ("Error drops from 51.3 down to 30.0.", "Error"),
    ("Diagnosis accuracy rises from 75% to 100%.", "Diagnosis accuracy"),
    ("TPR disparity drops from 10.8% to 0.9% across age groups.", "TPR disparity"),
])
def test_results_metric_stops_before_a_verb(nlp_fast, text, metric):
    assert {r.metric for r in _extract(nlp_fast, text).results} == {metric}


@pytest.mark.parametrize("text,metric", [
    ("LarkNet reaches accuracies of 91.2% on the test split.", "accuracy"),
    ("LarkNet reaches macro F1-scores of 0.81 on the test split.", "macro F1-score"),
    ("LarkNet lowers WERs to 4.1% on the test split.", "WER"),
])
def test_results_metric_names_are_singular(nlp_fast, text, metric):
    assert [r.metric for r in _extract(nlp_fast, text).results] == [metric]


@pytest.mark.parametrize("text", [
    "LarkNet reaches the highest accuracy of 91.2% on the test split.",
    "LarkNet, increasing accuracy to 91.2%, leads the table.",
    "LarkNet reaches a state-of-the-art accuracy of 91.2% on the test split.",
])
def test_results_metric_is_never_a_verb_or_a_judgement(nlp_fast, text):
    assert [r.metric for r in _extract(nlp_fast, text).results] == ["accuracy"]


# --- kind and baseline ---------------------------------------------------------------------


@pytest.mark.parametrize("text,raw,kind,baseline", [
    ("FooNet gets 80.1% accuracy on CIFAR-10.", "80.1%", "absolute", None),
    ("FooNet gives a 3x speedup over BarNet.", "3x", "ratio", "BarNet"),
    ("FooNet is 2.5 times faster than BarNet.", "2.5 times", "ratio", "BarNet"),
    ("FooNet trains 10-fold faster than BarNet.", "10-fold", "ratio", "BarNet"),
    ("FooNet gains +2.1 points of F1 over BarNet.", "+2.1 points", "delta", "BarNet"),
    ("FooNet improves F1 by 1.4 over BarNet.", "1.4", "delta", "BarNet"),
    ("FooNet outperforms BarNet by 3.2% in accuracy.", "3.2%", "delta", "BarNet"),
    ("Compared with BarNet, FooNet improves accuracy by 4.5%.", "4.5%", "delta", "BarNet"),
    ("FooNet yields a 12% relative improvement in recall.", "12%", "delta", None),
    ("FooNet shows a 0.9% drop in average accuracy.", "0.9%", "delta", None),
    ("FooNet reaches 5.1% higher accuracy than BarNet.", "5.1%", "delta", "BarNet"),
    ("FooNet cuts the error rate from 9.1% to 7.3%.", "7.3%", "absolute", None),
    ("PlumNet is 20% faster than BarNet.", "20%", "delta", "BarNet"),
    ("PlumNet boosts accuracy by 6.9% on FooSet.", "6.9%", "delta", None),
    ("PlumNet reduces latency by 12.5 ms over BarNet.", "12.5 ms", "delta", "BarNet"),
])
def test_results_kind_and_baseline(nlp_fast, text, raw, kind, baseline):
    result = next(r for r in _extract(nlp_fast, text).results if r.raw == raw)
    assert (result.kind, result.baseline) == (kind, baseline)


@pytest.mark.parametrize("text,metrics", [
    ("PlumNet attains an AP of 76.8%, a 2.3% improvement over the baseline (74.5%).",
     {"76.8%": "AP", "2.3%": "improvement", "74.5%": "AP"}),
    ("With 80% token reduction, PlumNet beats the full baseline (37.6% vs. 36.3%).",
     {"80%": "token reduction", "37.6%": None, "36.3%": None}),
])
def test_results_a_score_is_never_measured_in_a_change(nlp_fast, text, metrics):
    found = {r.raw: r.metric for r in _extract(nlp_fast, text).results}
    assert {raw: found.get(raw, "missing") for raw in metrics} == metrics


@pytest.mark.parametrize("text,kinds", [
    ("PlumNet surpasses BarNet by 25% in fluency, 26% in fidelity, and 30% in realism.",
     {"25%": "delta", "26%": "delta", "30%": "delta"}),
    ("PlumNet outperforms BarNet by 2.1 points on FooSet and 3.4 points on BazSet.",
     {"2.1 points": "delta", "3.4 points": "delta"}),
    ("PlumNet reaches 81% in fluency, 76% in fidelity, and 70% in realism.",
     {"81%": "absolute", "76%": "absolute", "70%": "absolute"}),
    ("PlumNet achieves improvements of 6.7% on FooSet and 4.4% on BarSet.", {"6.7%": "delta", "4.4%": "delta"}),
    ("PlumNet shows large gains (up to 14.2%) in robustness.", {"14.2%": "delta"}),
    ("PlumNet yields a 2.3% gain over the baseline (74.5%).", {"2.3%": "delta", "74.5%": "absolute"}),
])
def test_results_a_list_that_a_change_opens_is_changes(nlp_fast, text, kinds):
    found = {r.raw: r.kind for r in _extract(nlp_fast, text).results}
    assert {raw: found.get(raw) for raw in kinds} == kinds


# --- never results -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    # sizes, parameters, counts, dataset sizes
    "We release a 7B-parameter model trained on 3.5T tokens.",
    "The corpus contains 39,696 question-answer pairs from 1,200 documents.",
    "We benchmark 25 LLMs across 11 different servers.",
    "A transfer study on 500 FOOQA collaborative building tasks confirms it.",
    "FooNet has only 6.65M trainable parameters (3 M in the encoder).",
    # years and versions
    "In 2023, the benchmark was extended, following work from 2019.",
    "We evaluate LLaMA 3.2 and Qwen 2.5 on the suite, version 2 of it.",
    "See Table 3 and Section 4 for Subtask 2.",
    # hyperparameters, settings and sample sizes
    "We use a learning rate of 0.001, a batch size of 32 and a temperature of 0.7.",
    "Retrieval uses k = 5 neighbours with $\\lambda=0.1$ and p < 0.05 for all tests.",
    "The cohort has n = 500 patients with a mean age of 61.",
    "Training with only 10% of the labels, FooNet prunes 75% of the tokens at 50% sparsity.",
    "Images are resized to 256x256 with 4-bit weights and 8-bit activations.",
    # enumerations and citations
    "Our contributions are (1) a dataset and (2) a model [12].",
    # spreads, scale tops, thresholds and settings written beside a result's words
    "The standard deviation (SD) of the scores is 0.005 and the spread is ± 0.4%.",
    "Retrieval at Pr@0.9 and Recall@50 uses a cut-off, at 160 ms per query.",
    "Only 20-25% of the world population and 49% of submissions, a fraction (50%-70%) of the input.",
    "Error bars show that 86.9% of users answered near 16 percent of the time.",
    # confidence intervals; shares of labelled data and settings of label noise
    "Agreement bounds were [95% CI: 0.43-0.62] across raters.",
    "FooNet matches BarNet with only 15-20% labeled data under 10-25% label noise.",
])
def test_results_never_sizes_counts_years_versions_settings(nlp_fast, text):
    extraction = _extract(nlp_fast, text)
    assert extraction.results == (), [(r.raw, r.metric) for r in extraction.results]
    _assert_offsets(extraction)


@pytest.mark.parametrize("text,name", [
    ("We compare 8B-parameter Mamba and Transformer models trained on up to 3.5T tokens.", "parameters"),
    ("The corpus contains more than 620,000 annotated biomedical entities.", "entities"),
    ("We pretrain on 400K molecules.", "molecules"),
])
def test_results_sizes_are_attributes(nlp_fast, text, name):
    extraction = _extract(nlp_fast, text)
    assert extraction.results == ()
    assert name in {a.name for a in extraction.attributes}
    _assert_offsets(extraction)


def test_results_composition_shares_are_not_results(nlp_fast):
    assert _extract(nlp_fast, "A hybrid of 43% Mamba-2, 7% attention, and 50% MLP layers.").results == ()


def test_results_latex_and_html_units(nlp_fast):
    extraction = _extract(nlp_fast, "FooNet reaches 93.1\\% accuracy, a 2.5$\\times$ speedup and 42.6~dB PSNR.")
    assert [(r.value, r.unit) for r in extraction.results] == [(93.1, "%"), (2.5, "x"), (42.6, "dB")]
    _assert_offsets(extraction)


def test_results_a_metric_and_its_value_are_no_name(nlp_fast):
    """"FID 1.83" and "42.62dB" read as one name by a name rule are a result, not an entity."""
    extraction = _extract(nlp_fast, "ZetaGAN reaches FID 1.83 and 42.62dB PSNR on FFHQ.")
    assert [(r.value, r.metric) for r in extraction.results] == [(1.83, "FID"), (42.62, "PSNR")]
    assert not any(any(c.isdigit() for c in e.name) and "." in e.name for e in extraction.entities)


def test_results_own_result_names_what_the_title_proposes(nlp_fast):
    extraction = _extract(nlp_fast, "Experiments show a 30-40% improvement over strong baselines.",
                          title="KestrelNet: Reasoning as Ranking")
    assert {r.model for r in extraction.results} == {"KestrelNet"}


# --- leaderboards rank absolute results only (both stores) ---------------------------------

LEADERBOARD_PAPERS = [
    ("lb1", "ZetaNet: Sharper Vision", "ZetaNet reaches 81.5% accuracy on CIFAR-100, improving accuracy by "
                                       "2.5 points over ResNet-50."),
    ("lb2", "BarNet: Faster Vision", "BarNet obtains 79.0% accuracy on CIFAR-100 and a 12% relative accuracy "
                                     "gain over LeNet on CIFAR-100."),
]


def leaderboard_rows(nlp):
    """Graph rows of two invented papers, each with an absolute result and an improvement."""
    import extractors
    from kg.core.model import Paper

    papers = [Paper(id=pid, title=title, abstract=text) for pid, title, text in LEADERBOARD_PAPERS]
    return [graph_rows(x) for x in extractors.extract(papers, nlp=nlp)]


def check_leaderboard_is_absolute_only(store):
    """The leaderboard holds the two absolute accuracies; the improvements are in `improvements`."""
    rows = queries.run(store, "leaderboard", dataset="CIFAR-100", metric="accuracy")
    assert [(r["model"], r["value"]) for r in rows] == [("ZetaNet", 81.5), ("BarNet", 79.0)]
    gains = queries.run(store, "improvements", metric="accuracy")
    assert [(r["model"], r["kind"], r["value"], r["baseline"]) for r in gains] == [
        ("BarNet", "delta", 12.0, "LeNet"), ("ZetaNet", "delta", 2.5, "ResNet-50")]


def test_results_leaderboard_ranks_absolute_results_only(nlp_fast):
    store = open_store("memory:")
    try:
        store.add(leaderboard_rows(nlp_fast))
        check_leaderboard_is_absolute_only(store)
    finally:
        store.close()


def test_results_plot_draws_absolute_results_only(nlp_fast):
    from kg import plots

    rows = [{"model": "A", "value": 81.5, "unit": "%", "paper": "p", "title": "t", "evidence": "e", "kind": "absolute"},
            {"model": "B", "value": 2.5, "unit": "points", "paper": "q", "title": "u", "evidence": "f", "kind": "delta"}]
    (ax,) = plots.leaderboard_figure(rows, dataset="D", metric="accuracy", lower_is_better=False).axes
    assert [p.get_width() for p in ax.patches] == [81.5]


@pytest.mark.parametrize("text", [
    "We present a system for Subtask 3 of the shared task. Our system achieves a BLEU of 32.1.",
    "We construct QXRB-Set, a benchmark of street scenes. Our method reaches 91.2% accuracy on it.",
])
def test_results_own_result_is_never_a_task_part_or_a_cut_name(nlp_fast, text):
    assert [r.model for r in _extract(nlp_fast, text).results] == [None]
