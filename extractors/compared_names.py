"""Systems named in comparisons, which no gazetteer knows: all-caps words and lone
capitalised words compared with each other ("FANG outperforms FLAP and OBC", "an accuracy
improvement over AWQ", "than Claude and Gemini"), the subject of a result verb ("PRFL
significantly improves"), and an all-caps word joined to a model or method name ("U-Net
and FPN").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from extractors.cues import NOT_NAMES
from extractors.name_context import is_lone_title
from extractors.sents import Tokens
from extractors.shapes import name_key, name_shape

__all__ = ["RESULT_VERBS", "compared_names", "coordinated_names"]

# Verbs whose all-caps subject is a system: "PRFL significantly improves", "EEPO achieves"
RESULT_VERBS = frozenset(
    "achieves achieved improves improved reduces reduced reaches reached attains attained obtains obtained yields "
    "delivers".split()
)
_GAINS = frozenset("improvement improvements gain gains improves improve improved advantage speedup".split())
_ADVERBS = frozenset("consistently significantly substantially clearly also still even further greatly easily "
                     "markedly notably considerably largely generally".split())


def compared_names(doc: Doc, toks: Tokens, cues: list[int], covered: dict[int, Span],
                   rejected: set[str]) -> Iterator[Span]:
    """"FANG outperforms FLAP and OBC": all-caps words compared with each other are systems."""
    texts = toks.texts
    n_tokens = len(texts)
    for i in cues:
        candidates = []
        if texts[i].lower() in RESULT_VERBS:  # "PRFL significantly improves": only the subject
            j = i - 1
            while j >= 0 and texts[j].lower() in _ADVERBS:
                j -= 1
            if j >= 0:
                candidates.append(j)
        elif texts[i].lower() == "over":  # "an accuracy improvement over AWQ"
            if not any(w.lower() in _GAINS for w in texts[max(0, i - 4) : i]):
                continue
        else:
            j = i - 1
            while j >= 0 and texts[j].lower() in _ADVERBS:  # "FANG consistently outperforms"
                j -= 1
            if j >= 0:
                candidates.append(j)
        j = i + 1 if texts[i].lower() not in RESULT_VERBS else n_tokens
        while j < n_tokens and texts[j].lower() in {"the", "both", "vanilla", "standard", "original"}:
            j += 1
        # "outperforms tracker-based propagation (MOSSE, KCF, CSRT)": the names that exemplify
        k = j
        while k < min(n_tokens, j + 5) and (texts[k].islower() or texts[k] == "-"):
            k += 1
        if k < n_tokens and k > j and texts[k] in {"(", "such", "including", "like"}:
            j = k + (2 if texts[k] == "such" else 1)
            while j < n_tokens and texts[j].lower() in {"e.g.", "e.g", "i.e.", "as", ","}:
                j += 1
        while j < n_tokens and (name_shape(texts[j]) == "caps" or is_lone_title(texts, j)):
            candidates.append(j)
            if j + 2 < n_tokens and texts[j + 1] in {",", "and", "or"}:
                j += 2 if texts[j + 2].lower() != "and" else 3
            else:
                break
        for k in candidates:
            word = texts[k]
            if (name_shape(word) == "caps" or (k > i and is_lone_title(texts, k))) and k not in covered \
                    and word not in rejected and word.lower() not in NOT_NAMES:
                yield Span(doc, k, k + 1, label="MODEL", span_id=name_key(word))

def coordinated_names(doc: Doc, toks: Tokens, joints: list[int], covered: dict[int, Span],
                      rejected: set[str]) -> Iterator[Span]:
    """"U-Net and FPN": an all-caps word joined to a model or method name is one too."""
    texts = toks.texts
    n_tokens = len(texts)
    for i in joints:
        for word_at, other_at in ((i - 1, i + 1), (i + 1, i - 1)):
            if not (0 <= word_at < n_tokens and 0 <= other_at < n_tokens) or not texts[word_at].isupper():
                continue
            other = covered.get(other_at)
            word = texts[word_at]
            if other is not None and other.label_ in {"MODEL", "METHOD"} and word_at not in covered \
                    and name_shape(word) == "caps" and word.lower() not in NOT_NAMES and word not in rejected:
                yield Span(doc, word_at, word_at + 1, label=other.label_, span_id=name_key(word))
