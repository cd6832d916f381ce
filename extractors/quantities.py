"""Numbers as written in abstracts -> `Quantity` records (pure functions, no spaCy).

The first step of result extraction: `find_quantities` scans one text once with a
single compiled pattern, `parse_quantity` reads one raw string. Offsets always index
the text as given; LaTeX remnants (``\\%``, ``$\\times$``), HTML entities
(``&times;``), unicode minus and thin spaces are read, never rewritten.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from kg.core.model import Quantity

__all__ = ["MAGNITUDES", "MEASURE_UNITS", "find_quantities", "is_magnitude", "parse_quantity", "quantity_at", "unit_of"]

MAGNITUDES: dict[str, float] = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# Units of measurement a result is reported in, as written -> as stored.
MEASURE_UNITS: dict[str, str] = {
    "db": "dB", "fps": "FPS", "frames per second": "FPS", "ms": "ms", "µs": "µs", "gb": "GB",
    "mb": "MB", "tb": "TB", "mm": "mm", "cm": "cm", "px": "px", "pixels": "px", "bpm": "bpm",
    "hz": "Hz", "khz": "kHz", "images/s": "images/s", "tokens/s": "tokens/s",
    "samples/s": "samples/s", "it/s": "it/s", "frames/s": "FPS", "tokens per second": "tokens/s",
    "images per second": "images/s", "samples per second": "samples/s", "mw": "mW", "kw": "kW",
    "mj": "mJ", "kwh": "kWh", "wh": "Wh",
}
# Longest alternatives first; `x`/`K`/`M`/`B`/`T` only directly after the digits.
# a space as written: blank, LaTeX's thin or tied space ("97.0\,\%", "11.1~dB") or &nbsp;
_GAP = r"(?:\s|\\,|\\;|~|&nbsp;)"
_UNIT = (
    rf"(?:{_GAP}?(?:\\%|%)p\b)"  # "+2.4%p": percentage points
    rf"|(?:{_GAP}?(?:\\%|%|\\?\$?\\times\$?|&times;|×))"
    rf"|(?:{_GAP}?(?:percentage\s+points?|points?|pp)\b)"
    rf"|(?:{_GAP}?percent\b)"
    rf"|(?:{_GAP}?-?fold\b)"
    rf"|(?:{_GAP}(?:times)\b)"
    rf"|(?:{_GAP}?(?:(?:frames|tokens|images|samples)\s+per\s+second|(?:images|tokens|samples|frames|it)/s)\b)"
    rf"|(?:{_GAP}?(?:dB|FPS|fps|ms|µs|GB|MB|TB|mm|cm|px|bpm|Hz|kHz|mW|kW|mJ|kWh|Wh)\b)"
    rf"|(?:{_GAP}pixels\b)"
    r"|(?:[xX](?![\w]))"
    r"|(?:[KMBT](?![\w]))"
)
QUANTITY_RE = re.compile(
    # not inside a word, a decimal, a power or index (`n^{1.5}`, `x_{2}`), a cut-off ("Pr@0.9")
    # or a path; after a
    # slash only in a slash-joined list of numbers ("65.0/70.4/88.1")
    r"(?<![\w.^_@])(?<![A-Za-z]-)(?<![^\d\s%]/)(?<![\^_]\{)"
    r"(?P<sign>(?:[+\-\u2212\u2013±]|&minus;)(?=\d|\.\d))?"
    rf"(?P<num>{_NUMBER})"
    rf"(?P<unit>{_UNIT})?"
    r"(?![\w])"
)
_DIGITS_RE = re.compile(r"\d+")
_LEADING_GAP_RE = re.compile(rf"^{_GAP}+")
_SIGNS = frozenset("+-\u2212\u2013±")
_SIGN_BEFORE_OK = re.compile(r"(?:^|[\s(\[{:,;=~≈<>])$")


def _unit_of(unit_text: str) -> tuple[str, float]:
    """Map a raw unit suffix to (unit, multiplier)."""
    u = " ".join(_LEADING_GAP_RE.sub("", unit_text).lower().split())
    if not u:
        return "", 1.0
    if u in MEASURE_UNITS:
        return MEASURE_UNITS[u], 1.0
    if u in {"k", "m", "b", "t"}:
        return "", MAGNITUDES[u.upper()]
    if "point" in u or u in {"pp", "%p", "\\%p"}:
        return "points", 1.0
    if "%" in u or u == "percent":
        return "%", 1.0
    if u in {"x", "×"} or "times" in u or u.endswith("fold"):  # x, ×, \times, &times;, times, fold
        return "x", 1.0
    return "", 1.0


def unit_of(unit_text: str) -> str:
    """The unit ("%", "x", "points", a unit of measurement or "") a raw unit word or suffix stands for.

    Examples:
        >>> unit_of("times"), unit_of("%"), unit_of("pp"), unit_of(""), unit_of("dB"), unit_of("fps")
        ('x', '%', 'points', '', 'dB', 'FPS')
    """
    return _unit_of(unit_text)[0]


def parse_quantity(text: str) -> Quantity | None:
    """Parse one number as written, with its unit.

    Args:
        text: the raw string, e.g. ``"48.4\\%"``, ``"1.72x"``, ``"+2.65 points"``.

    Returns:
        A `Quantity` (offsets relative to `text`), or None when `text` holds no
        number. Magnitude suffixes scale the value (``"3.5T"`` is 3.5e12, unit "").

    Examples:
        >>> parse_quantity("87.30")
        Quantity(raw='87.30', value=87.3, unit='', start=0, end=5)
        >>> q = parse_quantity("48.4\\\\%"); (q.value, q.unit)
        (48.4, '%')
        >>> q = parse_quantity("1.72$\\\\times$"); (q.value, q.unit)
        (1.72, 'x')
        >>> q = parse_quantity("\\u22120.5 points"); (q.value, q.unit)
        (-0.5, 'points')
        >>> parse_quantity("620,000").value
        620000.0
        >>> parse_quantity("no number") is None
        True
    """
    match = QUANTITY_RE.search(text)
    if match is None:
        return None
    return _to_quantity(match, text)


def _to_quantity(match: re.Match[str], text: str) -> Quantity | None:
    sign = match.group("sign") or ""
    start = match.start()
    if sign and not _SIGN_BEFORE_OK.search(text[max(0, start - 1) : start]):
        # "95-100%": the hyphen is a range dash, not a minus sign
        sign, start = "", match.start("num")
    try:
        value = float(match.group("num").replace(",", ""))
    except ValueError:
        return None
    unit, factor = _unit_of(match.group("unit") or "")
    value *= factor
    if not math.isfinite(value):
        return None  # "1" * 400: digits, not a number anyone reports
    if sign in {"-", "\u2212", "\u2013", "&minus;"}:
        value = -value
    return Quantity(raw=text[start : match.end()], value=value, unit=unit, start=start, end=match.end())


def find_quantities(text: str, start: int = 0, end: int | None = None) -> Iterator[Quantity]:
    """Every number in `text` (whose first digit lies in `[start, end)`), in order, with offsets into `text`.

    Digits inside names ("GPT-4", "2WikiMultiHopQA", "Llama-2-70B") are not numbers.

    Examples:
        >>> [(q.raw, q.value) for q in find_quantities("GPT-4 got 95-100% (mIoU: 78.55 - 79.01)")]
        [('95', 95.0), ('100%', 100.0), ('78.55', 78.55), ('79.01', 79.01)]
        >>> [(q.raw, q.unit) for q in find_quantities("65.0/70.4 mIoU/mAcc, 1.2--1.4 dB at 30FPS")]
        [('65.0', ''), ('70.4', ''), ('1.2', ''), ('1.4 dB', 'dB'), ('30FPS', 'FPS')]
    """
    for match in _quantity_matches(text, start, len(text) if end is None else end):
        start = match.start()
        if start and text[start - 1] == "-" and _in_name(text, start - 1):
            continue  # "Llama-2-70B": a size inside a name
        quantity = _to_quantity(match, text)
        if quantity is not None:
            yield quantity


def quantity_at(text: str, start: int, end: int) -> Quantity | None:
    """The first number whose first digit lies in `text[start:end]`, read in its context.

    A token such as "-1.4" in "1.2--1.4" is a number after a range dash, not a negative one.

    Examples:
        >>> text = "PSNR rises by 1.2--1.4 dB"
        >>> q = quantity_at(text, 17, 21); (q.raw, q.value, q.unit, text[q.start : q.end])
        ('1.4 dB', 1.4, 'dB', '1.4 dB')
    """
    return next(find_quantities(text, start, end), None)


def _quantity_matches(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """The matches of `QUANTITY_RE.finditer(text)`, tried only where a run of digits starts.

    A match always holds the first digit of a run of digits, preceded at most by a
    sign and a decimal point, so the pattern (whose lookbehinds keep `re` from skipping
    ahead on its own) is tried at a few positions per number instead of at every character.
    """
    last_end = 0
    for digits in _DIGITS_RE.finditer(text, pos, len(text) if endpos is None else endpos):
        first_digit = digits.start()
        if first_digit < last_end:
            continue
        start = first_digit
        if start and text[start - 1] == ".":
            start -= 1
        if start and text[start - 1] in _SIGNS:
            start -= 1
        elif start >= 7 and text.startswith("&minus;", start - 7):
            start -= 7
        for pos in range(max(start, last_end), first_digit + 1):
            match = QUANTITY_RE.match(text, pos)
            if match is not None:
                last_end = match.end()
                yield match
                break


def _in_name(text: str, end: int) -> bool:
    """True when the word that ends at `end` contains a letter."""
    start = end
    while start > 0 and not text[start - 1].isspace() and end - start < 40:
        start -= 1
    return any(c.isalpha() for c in text[start:end])


def is_magnitude(raw: str) -> bool:
    """True when the raw number ends in a size suffix ("8B", "3.5T", "400K").

    Examples:
        >>> is_magnitude("8B"), is_magnitude("5x"), is_magnitude("87.3")
        (True, False, False)
    """
    raw = raw.rstrip()
    return bool(raw) and raw[-1] in MAGNITUDES and raw[:-1].replace(",", "").replace(".", "").lstrip("+-").isdigit()
