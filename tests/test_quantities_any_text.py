"""extractors.quantities on any text: the parser never raises, and every offset holds (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractors.quantities import MEASURE_UNITS, find_quantities, parse_quantity

UNITS = {"%", "x", "points", "", *MEASURE_UNITS.values()}
NUMBERISH = st.lists(st.sampled_from(list("0123456789.,+-−–±%xX×KMBT $\\{}^_/() ptsfoldimecrn&;")
                                     + ["\\%", "$\\times$", "&times;", "&minus;", " points", " times", "-fold"]),
                     max_size=20).map("".join)


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(st.text(max_size=60), NUMBERISH))
@example(text="95-100%")
@example(text="1.72$\\times$")
@example(text="0MB")
def test_quantities_parse_quantity_never_raises_and_reparses(text):
    quantity = parse_quantity(text)
    if quantity is None:
        assert not list(find_quantities(text))
        return
    assert text[quantity.start:quantity.end] == quantity.raw
    assert quantity.unit in UNITS
    assert isinstance(quantity.value, float)
    again = parse_quantity(quantity.raw)  # the raw span alone reads the same
    assert again is not None and (again.value, again.unit) == (quantity.value, quantity.unit)


def test_quantities_parse_quantity_values_are_finite():
    quantity = parse_quantity("1" * 400)
    assert quantity is None or math.isfinite(quantity.value)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80))
def test_quantities_find_quantities_offsets_hold_on_any_text(text):
    for quantity in find_quantities(text):
        assert text[quantity.start:quantity.end] == quantity.raw
        assert quantity.unit in UNITS
