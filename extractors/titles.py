"""Names a paper's title announces: "Quamba: A Post-Training Quantization Recipe" names Quamba.

Pure functions of the title text; `extractors.adapt` marks what they return as proposed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from extractors.cues import MODEL_HEADS, NOT_NAMES
from extractors.descriptive import GENERIC_HEADS
from extractors.shapes import label_for_head, name_shape

__all__ = ["TitleName", "lead_name", "title_names"]

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
        >>> [t.name for t in title_names("ZetaFlow 2.0: Evolution of Flow")], title_names("Deep Zeta: Scaling Up")
        (['ZetaFlow 2.0'], [])
        >>> [t.name for t in title_names("Virtual Zeta Training: A Regularization Method for Learning")]
        ['Virtual Zeta Training']
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
    phrase = _APPOSITION_RE.match(tail)
    # "Virtual Adversarial Training: A Regularization Method for ...": the apposition says it is a kind of work
    kind_said = phrase is not None and phrase.group(1).split()[-1].lower() in _KIND_HEADS | _TITLE_TYPE_NOUNS.keys()
    if not said and phrase is not None and phrase.group(1).split()[-1].lower() in _TITLE_TYPE_NOUNS:
        # "X: A Multistep Soft Reasoning Benchmark for ...": the apposition's head noun
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
        # "FlowNet 2.0", "Pythia v0.1": a version after the name is part of it
        versioned = len(name) > 1 and all(_VERSION_RE.fullmatch(w) for w in name[1:])
        if any(w.lower() in NOT_NAMES or not (w[:1].isupper() or name_shape(w)) for w in name[: 1 if versioned else None]):
            return []
        if last.endswith("s") and last in MODEL_HEADS:
            return []
        if len(name) > 1 and not versioned and not kind_said \
                and not any(name_shape(w) or w.lower() in MODEL_HEADS or "-" in w for w in name):
            return []
        out.append(TitleName(" ".join(name), kind, said))
    return out


# Words that end a title's leading name ("Stochastic Pooling for Regularization of ...").
_LEAD_STOPS = frozenset("for via with towards toward in on using through by of from to without over across".split())
_VERSION_RE = re.compile(r"v?\d+(?:\.\d+)*[a-z]?")


def lead_name(title: str) -> TitleName | None:
    """The name a title without a colon starts with: "Feature Zeta Networks for Object
    Detection", "Stochastic Zeta Pooling", "The Variational Zeta Autoencoder". Only a run of
    capitalised or name-shaped words up to a preposition, never a task, data set or metric
    (by its head), a generic kind ("... Framework for"), a gerund or question ("Learning ...",
    "Towards ...", "Do Convnets ...") nor a list ("Detection and Tracking"). Whether the title
    names what the paper proposes is for the caller to decide from the abstract.

    Examples:
        >>> lead_name("Stochastic Zeta Pooling for Regularization of Deep Networks")
        TitleName(name='Stochastic Zeta Pooling', type='Method', said=False)
        >>> lead_name("The Variational Zeta Autoencoder").name, lead_name("Zeta Kernel Networks").type
        ('Variational Zeta Autoencoder', 'Model')
        >>> [lead_name(t) for t in ("Zeta Crisis Detection in Conversations", "A Zeta Learning Approach for X",
        ...                         "Learning Zeta Pyramids for Pose", "X: Zeta Pooling", "Zeta and Eta for Y",
        ...                         "An Empirical Study of Zeta Models", "Impact of Zeta", "Efficient Zeta Samplers")]
        [None, None, None, None, None, None, None, None]
    """
    if ":" in title:
        return None
    words = title.split()
    if words and words[0].lower() in {"a", "an", "the"}:
        words = words[1:]
    stop = next((k for k, w in enumerate(words) if w in _LEAD_STOPS or w.lower() == "and"), len(words))
    name = words[:stop]
    if not 1 <= len(name) <= 5 or stop < len(words) and words[stop].lower() == "and":
        return None
    first = name[0].lower()
    if first.endswith("ing") or first in NOT_NAMES or first in _NOT_LEAD_FIRST \
            or name[-1].lower() in _NOT_LEAD_HEADS or len(name) == 1 and not name_shape(name[0]):
        return None
    if any(not (w[:1].isupper() or w[:1].isdigit() or name_shape(w)) or w.lower() in NOT_NAMES for w in name):
        return None
    label = label_for_head(name, default="METHOD")
    if label in {"TASK", "DATASET", "METRIC"} or name[-1].lower().rstrip("s") in _KIND_HEADS:
        return None
    return TitleName(" ".join(name), "Model" if label == "MODEL" else "Method")


# "A Graph Signal Processing Framework for ...": a description of a kind; "Networks" may name one
_KIND_HEADS = GENERIC_HEADS - {"network"}
# Questions, verbs and evaluative adjectives that open a title about something else than a
# name ("Do Convnets ...", "Learn to ...", "Efficient Parallel Samplers for ...").
_NOT_LEAD_FIRST = frozenset(
    """do does did is are can could should will would why how what when which towards beyond learn
    efficient robust scalable simple effective accurate improved practical provable better""".split()
)
# Heads of a study or its topic, never of a name ("An Empirical Study of ...", "Hierarchical Geometry of ...").
_NOT_LEAD_HEADS = frozenset(
    """study studies analysis survey review overview impact effect effects role nature evaluation
    comparison investigation perspective perspectives report proceedings lessons challenges
    geometry dynamics properties behavior behaviour limits foundations principles""".split()
)
