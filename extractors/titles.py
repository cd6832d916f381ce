"""Names a paper's title announces: "Quamba: A Post-Training Quantization Recipe" names Quamba.

Pure functions of the title text; `extractors.adapt` marks what they return as proposed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from extractors.cues import MODEL_HEADS, NOT_NAMES
from extractors.shapes import name_shape

__all__ = ["TitleName", "title_names"]

# "A[n] <up to five words>" up to a preposition or the end: the head of a title's apposition
_APPOSITION_RE = re.compile(
    r"(?i)(?:an?|the)\s+((?:[\w-]+\s+){0,5}?[\w-]+?)(?=\s+(?:for|of|to|with|on|in|via|from|and|that)\b|\s*$)"
)
_TITLE_TYPE_NOUNS = {"dataset": "Dataset", "benchmark": "Dataset", "corpus": "Dataset",
                     "model": "Model", "framework": "Model", "system": "Model"}


class TitleName(NamedTuple):
    """A name a title announces before its colon ("Quamba: A Post-Training ...")."""

    name: str
    type: str
    said: bool = False  # the title says what it is ("X dataset", "X: A ... Benchmark for ...")


def title_names(title: str) -> list[TitleName]:
    """Names that a title puts before its colon, when they look like names.

    Examples:
        >>> [(t.name, t.type) for t in title_names("Quamba: A Post-Training Quantization Recipe")]
        [('Quamba', 'Model')]
        >>> title_names("The SourceData-NLP dataset: integrating curation")
        [TitleName(name='SourceData-NLP', type='Dataset', said=True)]
        >>> title_names("Ko-MuSR: A Multistep Soft Reasoning Benchmark for LLMs")
        [TitleName(name='Ko-MuSR', type='Dataset', said=True)]
        >>> [t.name for t in title_names("Safety-Guided Flow (SGF): A Unified Framework")]
        ['Safety-Guided Flow']
        >>> title_names("Grokking in the Wild: Data Augmentation"), title_names("Hierarchical Transformers: X")
        ([], [])
    """
    if ":" not in title:
        return []
    head, tail = (part.strip() for part in title.split(":", 1))
    head = re.sub(r"\s*\([^()]*\)$", "", head)  # "Safety-Guided Flow (SGF): ..."
    words = head.split()
    if words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    kind, said = "Model", False
    if words and words[-1].lower() in _TITLE_TYPE_NOUNS:
        kind, said = _TITLE_TYPE_NOUNS[words[-1].lower()], True
        words = words[:-1]
    else:  # "X: A Multistep Soft Reasoning Benchmark for ...": the apposition's head noun
        phrase = _APPOSITION_RE.match(tail)
        if phrase is not None and phrase.group(1).split()[-1].lower() in _TITLE_TYPE_NOUNS:
            kind, said = _TITLE_TYPE_NOUNS[phrase.group(1).split()[-1].lower()], True
    names, current = [], []
    for word in words + ["and"]:
        if word.lower() == "and":
            if current:
                names.append(current)
            current = []
        else:
            current.append(word)
    out = []
    for name in names:
        last = name[-1].lower()
        if len(name) > 4 or name[0].lower().endswith("ing") and len(name) > 1:
            return []
        if any(w.lower() in NOT_NAMES or not (w[:1].isupper() or name_shape(w)) for w in name):
            return []
        if last.endswith("s") and last in MODEL_HEADS:
            return []
        if len(name) > 1 and not any(name_shape(w) or w.lower() in MODEL_HEADS or "-" in w for w in name):
            return []
        out.append(TitleName(" ".join(name), kind, said))
    return out
