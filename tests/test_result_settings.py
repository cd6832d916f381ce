"""extractors.result_settings and the `own` flag: the conditions a result was measured under, and
whether its model is one the paper proposes or a baseline it quotes (invented sentences)."""

from __future__ import annotations

import pytest

from extractors.result_settings import nearest_settings, setting_cues
from kg.core.graph import graph_rows

from .test_extractors import _extract

TITLE = "OrcaNet: Gated Experts for Reading and Vision"


@pytest.mark.parametrize("sentence, value, setting", [
    ("OrcaNet reaches 64.2% accuracy on ARC-Challenge in the zero-shot setting.", 64.2, {"protocol": "zero-shot"}),
    ("In the 5-shot setting, OrcaNet obtains 58.1% accuracy on MMLU.", 58.1, {"protocol": "5-shot"}),
    ("Under few-shot prompting, OrcaNet obtains 52.0% accuracy on BBH.", 52.0, {"protocol": "few-shot"}),
    ("With linear probing, OrcaNet achieves 79.4% top-1 accuracy on ImageNet.", 79.4, {"protocol": "linear probe"}),
    ("After fine-tuning, OrcaNet achieves 90.1% accuracy on RACE.", 90.1, {"protocol": "fine-tuned"}),
    ("OrcaNet achieves 41.3 mAP on the COCO test-dev split.", 41.3, {"split": "test-dev"}),
    ("OrcaNet reaches 88.0% accuracy on the validation set of SST-2.", 88.0, {"split": "val"}),
    ("OrcaNet attains a dev F1 of 91.2 on SQuAD.", 91.2, {"split": "dev"}),
    ("OrcaNet reaches 85.1% test accuracy on CIFAR-10.", 85.1, {"split": "test"}),
    ("OrcaNet obtains an FID of 2.31 on ImageNet 512×512.", 2.31, {"resolution": "512x512"}),
    ("OrcaNet obtains an FID of 3.02 on ImageNet 256 x 256 with 50 sampling steps.", 3.02, {"resolution": "256x256"}),
    ("On the Hard subset of MATH, OrcaNet scores 35.2% accuracy.", 35.2, {"subset": "hard"}),
    ("OrcaNet reaches 71.0% zero-shot accuracy on the MMLU test set.", 71.0, {"protocol": "zero-shot", "split": "test"}),
    # stated nowhere, or stated as what was not done
    ("OrcaNet achieves 45.0 BLEU on WMT14 English-German.", 45.0, {}),
    ("OrcaNet reaches 72.5% accuracy on MMLU without fine-tuning.", 72.5, {}),
    ("OrcaNet reaches a test-time latency of 12.5 ms on one A100 GPU.", 12.5, {}),
])
def test_result_settings_a_stated_setting_is_on_the_result(nlp_fast, sentence, value, setting):
    extraction = _extract(nlp_fast, sentence, title=TITLE)
    (result,) = [r for r in extraction.results if r.value == value]
    assert dict(result.setting) == setting
    assert result.to_dict()["setting"] == setting


@pytest.mark.parametrize("sentence, settings", [
    # each number takes the cue nearest it, a clause break counting as far
    ("OrcaNet achieves a WER of 2.0 on LibriSpeech test-clean and 4.1 on test-other.",
     {2.0: {"split": "test", "subset": "clean"}, 4.1: {"split": "test", "subset": "other"}}),
    ("OrcaNet reaches 70.1% zero-shot accuracy and 80.3% after fine-tuning on MMLU.",
     {70.1: {"protocol": "zero-shot"}, 80.3: {"protocol": "fine-tuned"}}),
    # one cue for a list of numbers
    ("OrcaNet reaches zero-shot accuracies of 61.0% and 55.4% on ARC-Easy and ARC-Challenge.",
     {61.0: {"protocol": "zero-shot"}, 55.4: {"protocol": "zero-shot"}}),
])
def test_result_settings_each_number_takes_its_own_cue(nlp_fast, sentence, settings):
    extraction = _extract(nlp_fast, sentence, title=TITLE)
    assert {r.value: dict(r.setting) for r in extraction.results} == settings


@pytest.mark.parametrize("sentence, own", [
    ("Our model achieves 82.3% accuracy on CIFAR-100, while ResNet-50 reaches 78.1%.", {82.3: True, 78.1: False}),
    ("OrcaNet reaches 82.3% accuracy on CIFAR-100, compared with 78.1% for ResNet-50.", {82.3: True, 78.1: False}),
    ("It achieves 82.3% accuracy on CIFAR-100.", {82.3: True}),
    ("Experiments show a 12.5% accuracy gain over strong baselines.", {12.5: True}),
    ("We propose OrcaNet, which improves accuracy by 2.1 points over ResNet-50 on CIFAR-100.", {2.1: True}),
    ("OrcaNet outperforms BERT (84.6 F1) with 88.9 F1 on SQuAD.", {84.6: False, 88.9: True}),
    ("ResNet-50 reaches 78.1% accuracy on CIFAR-100, and ViT-B reaches 81.0%.", {78.1: False, 81.0: False}),
])
def test_result_settings_own_result_or_quoted_baseline(nlp_fast, sentence, own):
    extraction = _extract(nlp_fast, sentence, title=TITLE)
    assert {r.value: r.own for r in extraction.results} == own
    assert {r.value: r.to_dict()["own"] for r in extraction.results} == own


def test_result_settings_a_paper_proposing_nothing_quotes_every_named_model(nlp_fast):
    extraction = _extract(nlp_fast, "ResNet-50 reaches 78.1% accuracy on CIFAR-100.", title="A study of vision")
    assert [(r.model, r.own) for r in extraction.results] == [("ResNet-50", False)]


def test_result_settings_graph_rows_carry_own_and_each_setting(nlp_fast):
    extraction = _extract(nlp_fast, "OrcaNet reaches 71.0% zero-shot accuracy on the MMLU test set, while "
                                    "GPT-3 reaches 43.9%.", title=TITLE)
    results = {n.props["value"]: n.props for n in graph_rows(extraction).nodes if n.label == "Result"}
    assert {v: (p["own"], p["setting"], p.get("protocol"), p.get("split")) for v, p in results.items()} == {
        71.0: (True, "zero-shot, test", "zero-shot", "test"), 43.9: (False, "zero-shot, test", "zero-shot", "test")}


def test_result_settings_a_setting_word_before_a_metric_measures_the_bare_metric(nlp_fast):
    """"zero-shot accuracy" measures accuracy: results of every setting meet on one leaderboard."""
    extraction = _extract(nlp_fast, "OrcaNet reaches 71.0% zero-shot accuracy on MMLU.", title=TITLE)
    rows = graph_rows(extraction)
    (result,) = [n for n in rows.nodes if n.label == "Result"]
    assert result.props["metric"] == "zero-shot accuracy"  # as written
    assert [e.dst for e in rows.edges if e.type == "MEASURES"] == [("Metric", "accuracy")]


@pytest.mark.parametrize("text", [
    "It runs at test-time in 2 x 3 grids.",
    "A new split of the data and a random subset.",
    "We train without any fine-tuning of the encoder.",
])
def test_result_settings_no_cue_in_plain_words(text):
    assert setting_cues(text) == []


def test_result_settings_nearest_settings_of_no_cue_is_empty():
    assert nearest_settings("a 1.0 b", [], [(2, 5)]) == [{}]
