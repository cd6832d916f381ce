"""extractors.name_context: where a new name stands in its sentence, on invented sentences.

The rules read tokens and sentence bounds only, so a blank English tokenizer is enough.
"""

from __future__ import annotations

import pytest
from spacy.lang.en import English

from extractors.name_context import evaluated_on, listed_after_data_noun
from extractors.sents import Sentences

TOKENIZER = English()


@pytest.mark.parametrize(
    "rule,text,word,expected",
    [
        (listed_after_data_noun, "on two popular benchmarks , FLIR and M3FD , we win .", "M3FD", True),
        (listed_after_data_noun, "Models such as FLIR and M3FD win .", "M3FD", False),
        (listed_after_data_noun, "Large-scale datasets like Foo10k and BarDoc lack labels .", "BarDoc", True),
        (listed_after_data_noun, "Curated benchmarks such as QuuxQA and Zed-2 are small .", "QuuxQA", True),
        (listed_after_data_noun, "Public corpora including WikiFoo are noisy .", "WikiFoo", True),
        (listed_after_data_noun, "Baselines like FooNet and BarNet fail .", "BarNet", False),
        (listed_after_data_noun, "Tasks such as FooQA are hard .", "FooQA", False),
        (evaluated_on, "Experiments on CIFAR-10-C , HAC and LoCoMo show gains .", "LoCoMo", True),
        (evaluated_on, "A retriever based on LoCoMo .", "LoCoMo", False),
        (evaluated_on, "We run LoCoMo on GPUs .", "LoCoMo", False),
        (evaluated_on, "It reaches 85.4 % IoU on WHU-CD .", "WHU", True),
        (evaluated_on, "On ALFWorld and WebShop , SERL wins .", "WebShop", True),
        (evaluated_on, "On ALFWorld and WebShop , SERL wins .", "SERL", False),
    ],
)
def test_where_a_name_stands_says_it_is_a_data_set(rule, text, word, expected):
    """`rule(toks, sents, start)` for the name that starts at the first token `word`."""
    sents = Sentences(TOKENIZER(text))
    assert rule(sents.tokens, sents, sents.tokens.texts.index(word)) is expected
