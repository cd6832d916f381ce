"""kg.core.focus: what a focus names.

`is_name_of` is `entity_key(text) == key` with a cheap byte-level test first; whatever the
text, the fast path must give the answer the definition gives.
"""

from __future__ import annotations

import pytest

from kg.core.focus import is_name_of
from kg.core.ids import entity_key

TEXTS = [
    "WikiText-103", "Wiki Text 103s", "wikitext 10", "Attention Is All You Need", "GLUE", "glu",
    "Transformers", "Transformer", "Bus", "Buses", "Glass", "Corpus", "Analysis", "LLaMA 2", "Llama-2",
    "Café-Net", "ＧＬＵＥ", "ImageNet-1k", "s", "", "---",
]
# every text's own key, and keys one letter short or long of one
KEYS = sorted({entity_key(t) for t in TEXTS} | {"glu", "wikitext10", "wikitext1033", "bu", "transformerss", ""})


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("text", TEXTS)
def test_is_name_of_agrees_with_entity_key(text, key):
    assert is_name_of(text, key) is (entity_key(text) == key)


@pytest.mark.parametrize(
    "text,key,expected",
    [
        ("WikiText-103", "wikitext103", True),
        ("Attention Is All You Need", "attentionisallyouneed", True),
        ("GLUE", "glu", False),  # four letters: no plural "s" to drop, and "e" is no "s"
        ("ＧＬＵＥ", "glue", True),  # full-width letters, NFKC-folded by entity_key
    ],
)
def test_is_name_of_known_names(text, key, expected):
    assert is_name_of(text, key) is expected
