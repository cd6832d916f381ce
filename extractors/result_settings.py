"""The conditions a result was measured under, where its sentence states them.

Data path: `kg_results` (`extractors.results`) asks `setting_cues` for the cues of each
sentence that holds a result, and `nearest_settings` picks, for each kind, the cue closest
to each number; they become `kg_result_args` spans (label = the kind, `kb_id_` = the value),
and `extractors.adapt` puts them on the `Result` record's `setting`.

Kinds, each with its normalised values:

- ``protocol``: how the model met the task: "zero-shot", "few-shot", "5-shot", "one-shot",
  "fine-tuned", "linear probe" ("without fine-tuning" states no protocol);
- ``split``: the part of the data scored: "test", "val", "dev", "test-dev", "test-std";
- ``subset``: a named part of a benchmark: "hard" ("the Hard subset"), "clean" ("test-clean");
- ``resolution``: "256x256" ("256 × 256"), "512px", "1080p".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kg.core.model import SETTING_KINDS

__all__ = ["SettingCue", "nearest_settings", "setting_cues"]

_NUMBER_WORDS = {"zero": "zero", "one": "one", "two": "2", "three": "3", "four": "4", "five": "5",
                 "ten": "10", "few": "few", "k": "k", "n": "n"}
_PROTOCOL_RE = re.compile(
    r"(?i)\b(?P<neg>without\s+(?:any\s+)?(?:further\s+|additional\s+|task-specific\s+)?)?"
    r"(?:(?P<shots>zero|one|two|three|four|five|ten|few|k|n|\d{1,3})[\s-]?shots?\b"
    r"|(?P<tuned>fine[\s-]?tun(?:ed|ing))\b"
    r"|(?P<probe>linear[\s-]prob(?:e|es|ing))\b)"
)
_SPLIT_WORDS = {"test": "test", "testing": "test", "validation": "val", "val": "val", "dev": "dev",
                "development": "dev", "held-out": "test"}
_SPLIT_RE = re.compile(
    r"(?i)\b(?:(?P<coco>test-(?:dev|std))\b"
    r"|(?P<word>test|testing|validation|val|dev|development|held-out)"
    r"[\s-](?:(?:test\s+)?(?:sets?|splits?|data|partition|subsets?)|accuracy|error|loss|perplexity|f1|performance|scores?)\b)"
)
# "test-clean", "dev-other" (LibriSpeech): a split and a subset
_SPLIT_SUBSET_RE = re.compile(r"(?i)\b(?P<split>test|dev)-(?P<subset>clean|other)\b")
_SUBSET_RE = re.compile(
    r"\b(?:the\s+)?(?P<name>[A-Z][\w-]*|easy|medium|hard|extreme|clean|other|noisy|seen|unseen|long|short|"
    r"full|lite|verified|diamond|challenge)\s+(?:subset|partition|track|split)s?\b"
)
_RESOLUTION_RE = re.compile(
    r"(?i)(?<![\w.])(?P<w>\d{2,4})\s*(?:x|×|\*)\s*(?P<h>\d{2,4})(?!\w|\.\d)"
    r"|(?<![\w.])(?P<px>\d{3,4})\s*px\b|(?<![\w.])(?P<p>480|576|720|1080|1440|2160)p\b"
)
# words a subset cue takes that name a split or no subset at all ("the test split", "a new split")
_NOT_SUBSETS = frozenset({"test", "testing", "validation", "val", "dev", "development", "train", "training",
                          "a", "an", "new", "data", "random", "our", "each", "this", "The", "A", "An", "Our",
                          "This", "Each", "In", "On"})


# What each kind's cues hold, looked for in the lower-cased sentence first: most sentences with
# a result state no setting, and a substring test is much cheaper than a caseless pattern.
_HINTS = {"protocol": ("shot", "tun", "prob"), "split": ("test", "val", "dev", "held"),
          "split_subset": ("test-", "dev-"), "subset": ("subset", "partition", "track", "split")}
_RESOLUTION_HINT_RE = re.compile(r"\d\s*[x×*]\s*\d|\dp")


class SettingCue(NamedTuple):
    """A stated condition: its kind, normalised value and offsets `[start, end)` in the text."""

    kind: str
    value: str
    start: int
    end: int


def _protocol(match: re.Match[str]) -> str | None:
    if match.group("neg"):
        return None  # "without fine-tuning" says what was not done
    if match.group("tuned"):
        return "fine-tuned"
    if match.group("probe"):
        return "linear probe"
    shots = match.group("shots").lower()
    shots = _NUMBER_WORDS.get(shots, shots)
    return "zero-shot" if shots in {"zero", "0"} else f"{shots}-shot"


def setting_cues(text: str, start: int = 0, end: int | None = None) -> list[SettingCue]:
    """Every setting cue in `text[start:end]`, in text order; offsets index `text`.

    Examples:
        >>> [c[:2] for c in setting_cues("Zero-shot accuracy of 71.2% on the MMLU test set.")]
        [('protocol', 'zero-shot'), ('split', 'test')]
        >>> [c[:2] for c in setting_cues("5-shot: 61.0; after fine-tuning: 80.2 on test-clean")]
        [('protocol', '5-shot'), ('protocol', 'fine-tuned'), ('split', 'test'), ('subset', 'clean')]
        >>> [c[:2] for c in setting_cues("FID 2.1 on ImageNet 256×256 and on the Hard subset")]
        [('resolution', '256x256'), ('subset', 'hard')]
        >>> setting_cues("It works without fine-tuning, at test-time, in 2 x 3 runs.")
        []
    """
    end = len(text) if end is None else end
    lower = text[start:end].lower()
    hinted = {kind for kind, words in _HINTS.items() if any(w in lower for w in words)}
    cues: list[SettingCue] = []
    if "protocol" in hinted:
        for m in _PROTOCOL_RE.finditer(text, start, end):
            value = _protocol(m)
            if value is not None:
                cues.append(SettingCue("protocol", value, m.start(), m.end()))
    if "split" in hinted:
        for m in _SPLIT_RE.finditer(text, start, end):
            value = m.group("coco").lower() if m.group("coco") else _SPLIT_WORDS[m.group("word").lower()]
            cues.append(SettingCue("split", value, m.start(), m.end()))
    if "split_subset" in hinted:
        for m in _SPLIT_SUBSET_RE.finditer(text, start, end):
            cues.append(SettingCue("split", m.group("split").lower(), m.start(), m.end()))
            cues.append(SettingCue("subset", m.group("subset").lower(), m.start(), m.end()))
    if "subset" in hinted:
        for m in _SUBSET_RE.finditer(text, start, end):
            name = m.group("name")
            if name not in _NOT_SUBSETS and name.lower() not in _NOT_SUBSETS:
                cues.append(SettingCue("subset", name.lower() if name.istitle() or name.islower() else name,
                                       m.start("name"), m.end()))
    if _RESOLUTION_HINT_RE.search(lower) is not None:
        for m in _RESOLUTION_RE.finditer(text, start, end):
            if m.group("w"):
                if int(m.group("w")) < 16 or int(m.group("h")) < 16:
                    continue
                value = f"{m.group('w')}x{m.group('h')}"
            else:
                value = f"{m.group('px')}px" if m.group("px") else f"{m.group('p')}p"
            cues.append(SettingCue("resolution", value, m.start(), m.end()))
    return sorted(cues, key=lambda c: (c.start, SETTING_KINDS.index(c.kind)))


# words that join two clauses or two results: "2.1 on test-clean and 4.3 on test-other"
_JOINS_RE = re.compile(r"(?i)\b(?:and|or|while|whereas|but|vs|versus|compared|than)\b")


def _distance(text: str, cue: SettingCue, start: int, end: int) -> int:
    """Characters between a cue and a number, a clause break (",", ";", "and", "while") counting as
    a long way."""
    gap = (cue.end, start) if cue.end <= start else (end, cue.start) if cue.start >= end else (0, 0)
    between = text[gap[0] : gap[1]]
    return gap[1] - gap[0] + (cue.start >= end) + 100 * (("," in between) + (";" in between)) \
        + 50 * bool(_JOINS_RE.search(between))


def nearest_settings(text: str, cues: list[SettingCue], numbers: list[tuple[int, int]]) -> list[dict[str, SettingCue]]:
    """For each number `[start, end)` of a sentence and each kind, the cue of that kind it takes.

    A cue belongs to the number closest to it ("70.1% zero-shot and 80.3% after fine-tuning"),
    a clause break between them counting as a long way;
    a number that no cue of a kind is closest to takes the closest cue of that kind, as the
    numbers of "zero-shot accuracies of 71.2% and 75.3%" share one.

    Examples:
        >>> text = "It reaches 70.1% zero-shot and 80.3% after fine-tuning, 81.0% on B."
        >>> found = nearest_settings(text, setting_cues(text), [(11, 16), (31, 36), (56, 61)])
        >>> [f["protocol"].value for f in found]
        ['zero-shot', 'fine-tuned', 'fine-tuned']
        >>> text = "a WER of 2.1 on LibriSpeech test-clean and 4.3 on test-other"
        >>> [f["subset"].value for f in nearest_settings(text, setting_cues(text), [(9, 12), (43, 46)])]
        ['clean', 'other']
    """
    owner = [min(range(len(numbers)), key=lambda i: _distance(text, cue, *numbers[i])) if numbers else -1
             for cue in cues]
    out = []
    for i, (start, end) in enumerate(numbers):
        chosen: dict[str, SettingCue] = {}
        for kind in {cue.kind for cue in cues}:
            of_kind = [c for c, o in zip(cues, owner, strict=True) if c.kind == kind and o == i] \
                or [c for c in cues if c.kind == kind]
            chosen[kind] = min(of_kind, key=lambda c: _distance(text, c, start, end))
        out.append(chosen)
    return out
