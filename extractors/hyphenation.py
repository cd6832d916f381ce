"""A word hyphenated across a line break ("seg-\\nmentation"): joined, or its hyphen kept
("self-\\nsupervised"). Used by `extractors.markup` while it normalises an abstract.
"""

from __future__ import annotations

import re

from extractors.normalized_text import TextEmitter

__all__ = ["join_hyphenated"]

_LETTERS_BEFORE_RE = re.compile(r"[A-Za-z]+$")
_LETTERS_AFTER_RE = re.compile(r"[a-z]+")
# Words whose hyphen survives a line break ("self-\nsupervised"): the first parts of compounds.
_COMPOUND_FIRST = frozenset(
    """self non pre post multi semi cross co re de un end state fine well real zero few one two
    three four five high low large small long short top bottom in out over under sub super inter
    intra anti auto meta mid single double all open closed data task time domain model text image
    video graph object human machine word sentence token layer class label user world knowledge
    hand rule memory energy cost sample query student teacher plug off on full half deep shallow
    wide narrow black white""".split()
)
_SUSPENDED_BEFORE = frozenset({"and", "or", "nor", "as"})


def join_hyphenated(src: str, i: int, j: int, end: int, out: TextEmitter) -> bool:
    """Handle a hyphen at a line break ("seg-\\nmentation"); False when it is not one.

    The two parts are joined, unless the hyphenated form (or, for joining, the joined form)
    is written elsewhere in the text, or the first part usually starts a compound ("self-",
    "multi-"): then the hyphen stays ("self-supervised"). Before "and"/"or" the hyphen is a
    suspended one ("flow- and token-level"), and the space stays.
    """
    before = _LETTERS_BEFORE_RE.search(src, max(0, i - 40), i - 1)
    after = _LETTERS_AFTER_RE.match(src, j, end)
    if before is None or before.end() != i - 1 or after is None:
        return False
    first, second = before.group(), after.group()
    rest = src[after.end()] if after.end() < end else " "
    if before.start() > 0 and src[before.start() - 1] == "-":
        return True  # "state-of-the-\nart": a part of a hyphenated chain
    if second in _SUSPENDED_BEFORE and rest != "-":
        out.put(" ", i, j)
        return True
    lower = src.lower()
    hyphenated = f"{first}-{second}".lower()
    joined = f"{first}{second}".lower()
    keep = hyphenated in lower or rest == "-" or (
        joined not in lower and first.lower() in _COMPOUND_FIRST)
    if not keep:
        out.pop()  # the hyphen
    return True
