"""extractors.quantities: raw number strings -> value and unit (pure, no pipeline)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.quantities import find_quantities, is_magnitude, parse_quantity, unit_of


@pytest.mark.parametrize(
    "raw,value,unit",
    [
        ("87.30", 87.3, ""),
        ("48.4%", 48.4, "%"),
        ("48.4\\%", 48.4, "%"),
        ("12.5\u2009%", 12.5, "%"),
        ("5x", 5.0, "x"),
        ("1.72x", 1.72, "x"),
        ("1.72$\\times$", 1.72, "x"),
        ("3 \\times", 3.0, "x"),
        ("4&times;", 4.0, "x"),
        ("2×", 2.0, "x"),
        ("8 times", 8.0, "x"),
        ("10-fold", 10.0, "x"),
        ("+2.65 points", 2.65, "points"),
        ("0.3 points", 0.3, "points"),
        ("1.5 pp", 1.5, "points"),
        ("\u22120.5", -0.5, ""),
        ("-0.03", -0.03, ""),
        ("&minus;3 points", -3.0, "points"),
        ("620,000", 620000.0, ""),
        ("0.839", 0.839, ""),
        ("8B", 8e9, ""),
        ("3.5T", 3.5e12, ""),
        ("400K", 4e5, ""),
    ],
)
def test_quantities_parse_value_and_unit(raw, value, unit):
    quantity = parse_quantity(raw)
    assert quantity is not None
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


@pytest.mark.parametrize("raw", ["", "no number here", "GPT-4", "Llama-2-70B", "2WikiMultiHopQA", "n^{1.5}d"])
def test_quantities_no_number(raw):
    assert list(find_quantities(raw)) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("(mIoU: 78.55 - 79.01)", [78.55, 79.01]),
        ("95-100% accuracy", [95.0, 100.0]),
        ("15.8 vs 18.3 perplexity", [15.8, 18.3]),
        ("from 51.3 down to 30.0.", [51.3, 30.0]),
        ("by up to 7.8% and 5.1% on 1-shot", [7.8, 5.1, 1.0]),
    ],
)
def test_quantities_find_all_in_order(text, expected):
    assert [q.value for q in find_quantities(text)] == expected


def test_quantities_offsets_index_the_text():
    text = "a 1.72$\\times$ lower latency, +2.65 points"
    for quantity in find_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.raw


@pytest.mark.parametrize("raw,expected", [("8B", True), ("3.5T", True), ("5x", False), ("87.3", False), ("B", False)])
def test_quantities_is_magnitude(raw, expected):
    assert is_magnitude(raw) is expected


@pytest.mark.parametrize("word,unit", [("times", "x"), ("\\%", "%"), ("percent", "%"), ("points", "points"), ("", "")])
def test_quantities_unit_of(word, unit):
    assert unit_of(word) == unit


@given(st.text(max_size=200))
def test_quantities_never_crash_and_offsets_hold(text):
    for quantity in find_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.raw
