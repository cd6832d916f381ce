"""extractors.ner_decode: the numpy greedy decoder takes exactly spaCy's decisions. Invented
sentences, through the shipped recogniser and through untrained variants of its config
(random weights open and close entities of every label, so every move and rule is exercised)."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from spacy.tokens import Doc
from spacy.util import load_config, load_model_from_config
from thinc.api import fix_random_seed

import extractors
from extractors.ner_decode import greedy_entities, recognized_entities
from extractors.pipeline import NER_MODEL_DIR

CONFIG = Path(extractors.__file__).parent / "ner" / "config.cfg"
LABELS = ("DATASET", "GENERIC", "MATERIAL", "METHOD", "METRIC", "OTHER", "TASK")
SENTENCES = [
    "We evaluate BERT-large on the Penn Treebank and report F1 and exact match .",
    "Machine translation quality , measured by BLEU on WMT14 English-German , improves .",
    "A",
    "Graph neural networks <nl> for molecular property prediction reach 0.91 ROC-AUC on Tox21 .",
    "Our <sp> method ( DualNet ) beats ResNet-50 on ImageNet top-1 accuracy",
    "",
    "Speech recognition with wav2vec 2.0 lowers the word error rate on LibriSpeech test-clean .",
]


def _docs(vocab, sentences, sent_starts=False):
    """Docs of the sentences' words ("<nl>", "<sp>": whitespace tokens); with `sent_starts`, a
    sentence opens at every fourth token (entities may not cross it)."""
    docs = []
    for text in sentences:
        words = [{"<nl>": "\n", "<sp>": " "}.get(w, w) for w in text.split()]
        starts = [i % 4 == 0 for i in range(len(words))] if sent_starts else None
        docs.append(Doc(vocab, words=words, sent_starts=starts))
    return docs


def _spacy_entities(recognizer, docs):
    return [[(e.start, e.end, e.label_) for e in doc.ents]
            for doc in recognizer.pipe(docs, batch_size=max(len(docs), 1))]


def _untrained(seed: int, **overrides):
    config = load_config(CONFIG, overrides=overrides, interpolate=False)
    recognizer = load_model_from_config(config, auto_fill=True, validate=True)
    for label in LABELS:
        recognizer.get_pipe("ner").add_label(label)
    fix_random_seed(seed)
    recognizer.initialize()
    # spaCy starts the output layer at zero (every score equal): random weights everywhere instead
    rng = numpy.random.default_rng(seed)
    for node in recognizer.get_pipe("ner").model.walk():
        for name in node.param_names:
            if node.has_param(name):
                node.set_param(name, rng.standard_normal(node.get_param(name).shape).astype("float32"))
    return recognizer


VARIANTS = {
    "config": {},
    "no upper layer": {"components.ner.model.use_upper": False},
    "one piece": {"components.ner.model.maxout_pieces": 1},
    "three pieces, narrow": {"components.ner.model.maxout_pieces": 3, "components.ner.model.hidden_width": 16},
}


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("sent_starts", [False, True])
def test_extractors_ner_decode_takes_spacys_decisions(variant, seed, sent_starts):
    recognizer = _untrained(seed, **VARIANTS[variant])
    expected = _spacy_entities(recognizer, _docs(recognizer.vocab, SENTENCES * 3, sent_starts))
    got = greedy_entities(recognizer, _docs(recognizer.vocab, SENTENCES * 3, sent_starts))
    assert got == expected
    assert sum(map(len, got)) > 10  # random weights: many entities, so the comparison means something


@pytest.mark.parametrize("unseen", [{0}, {3, 7, 12}, {1, 2, 4, 8, 16}])
def test_extractors_ner_decode_unseen_classes_score_the_minimum(unseen):
    recognizer = _untrained(3)
    recognizer.get_pipe("ner").model.attrs["unseen_classes"] = set(unseen)
    expected = _spacy_entities(recognizer, _docs(recognizer.vocab, SENTENCES * 2))
    assert greedy_entities(recognizer, _docs(recognizer.vocab, SENTENCES * 2)) == expected


@pytest.mark.skipif(not NER_MODEL_DIR.is_dir(), reason="no shipped recogniser")
@pytest.mark.parametrize("count", [1, 2, 5, 21])
def test_extractors_ner_decode_shipped_recognizer(count):
    recognizer = spacy.load(NER_MODEL_DIR)
    sentences = (SENTENCES * 3)[:count]
    expected = _spacy_entities(recognizer, _docs(recognizer.vocab, sentences))
    assert greedy_entities(recognizer, _docs(recognizer.vocab, sentences)) == expected


@pytest.mark.parametrize("pipes", [["entity_ruler"], ["tok2vec", "ner", "entity_ruler"]])
def test_extractors_ner_decode_other_pipelines_run_themselves(pipes):
    recognizer = _untrained(0) if "ner" in pipes else spacy.blank("en")
    if "entity_ruler" in pipes:
        recognizer.add_pipe("entity_ruler").add_patterns([{"label": "METHOD", "pattern": "DualNet"}])
    docs = _docs(recognizer.vocab, SENTENCES)
    assert greedy_entities(recognizer, docs) is None
    found = recognized_entities(recognizer, _docs(recognizer.vocab, SENTENCES))
    assert found == _spacy_entities(recognizer, _docs(recognizer.vocab, SENTENCES))
    if pipes == ["entity_ruler"]:
        assert found[4] == [(4, 5, "METHOD")]
