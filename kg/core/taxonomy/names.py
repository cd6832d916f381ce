"""Cleaning the names sources give into canonical names, and the shapes names have.

"COCO test-dev" -> "COCO", "Accuracy (%)" -> "Accuracy", "Named Entity Recognition (NER)" ->
"Named Entity Recognition" with the synonym "NER". Used by `kg.core.taxonomy.sources` on every
name a source gives, and by `kg.core.taxonomy.build` to filter them.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["GLUE_WORDS", "NEVER_NAMES", "SPLIT_WORDS", "canonical_dataset", "canonical_metric", "canonical_task",
           "clean_name", "dataset_shaped", "initials_match", "slug", "task_shaped"]

_SPACES = re.compile(r"\s+")
_PAREN = re.compile(r"\s*\(([^()]*)\)")
# Words naming a split, a setting or a protocol, not a dataset: "COCO test-dev", "ADE20K val"
SPLIT_WORDS = frozenset(
    """test test-dev test-std test-challenge testdev dev val valid validation minival train training
    trainval full set split subset public private leaderboard unseen seen online offline""".split()
)
# "Set12 sigma70", "ImageNet 64x64", "CUB-200-2011 5-way", "VoxCeleb2 x100"
_SETTING_WORD = re.compile(r"sigma\d+|\d+x\d+|\d+×\d+|\d+-way|\d+-shot|x\d+|(?:test|dev|val|train)(?:-\w+|\d+)")
_TYPE_NOUNS = frozenset("dataset datasets data set corpus corpora benchmark database collection".split())
_SETTING_CUTS = re.compile(r"\s+(?:-|–|—|->|→|vs\.?|to)\s+|,|:|\s+\+\s+")
_LEADING_SPLIT = re.compile(r"^(?:%\s*)?(?:test|validation|val|dev|train|training|overall)\s+",
                            re.IGNORECASE)
_UNIT_PAREN = re.compile(r"\s*\((?:%|in %|mm|ms|s|sec|db|x|test|val|dev|avg\.?|mean)\)$", re.IGNORECASE)
_TOP_K = re.compile(r"\btop[\s-]?(\d+)\b", re.IGNORECASE)


def clean_name(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip(" .:;,-")


def initials_match(short: str, long: str) -> bool:
    """Whether `short` is an acronym of the words of `long` ("NER", "Named Entity Recognition").

    Examples:
        >>> initials_match("NER", "Named Entity Recognition"), initials_match("VQA", "Visual Question Answering")
        (True, True)
        >>> initials_match("BiDAF", "Bi-Directional Attention Flow"), initials_match("CR", "Cornell")
        (True, False)
    """
    letters = "".join(c.lower() for c in short if c.isalnum())
    words = [w.lower() for w in re.split(r"[\s\-/]+", long) if w and w.lower() not in GLUE_WORDS]
    if len(letters) < 2 or len(words) < 2 or len(words) > len(letters):
        return False

    def spells(i: int, w: int) -> bool:  # letters[i:] from words[w:], each word giving a prefix
        if w == len(words):
            return i == len(letters)
        word = words[w]
        return any(letters.startswith(word[:j], i) and spells(i + j, w + 1) for j in range(1, len(word) + 1))

    return spells(0, 0)


GLUE_WORDS = frozenset({"of", "the", "and", "for", "a", "in", "on", "to", "with"})


def _acronym_pair(name: str) -> tuple[str, list[str]]:
    """Split "Long Form (LF)" or "LF (Long Form)" into a name and its synonyms; other
    parentheses are dropped."""
    synonyms: list[str] = []
    kept = name
    for m in _PAREN.finditer(name):
        inner = m.group(1).strip()
        outer = clean_name(_PAREN.sub("", name[: m.start()]))
        if inner and initials_match(inner, outer):
            synonyms.append(inner)
        elif inner and initials_match(outer, inner):
            synonyms.append(inner)
        kept = kept.replace(m.group(0), "")
    return clean_name(kept), synonyms


def canonical_dataset(raw: str) -> tuple[str, list[str]] | None:
    """The canonical name of a dataset as a leaderboard writes it, and its synonyms.

    Examples:
        >>> canonical_dataset("COCO test-dev"), canonical_dataset("ADE20K val")
        (('COCO', []), ('ADE20K', []))
        >>> canonical_dataset("Set5 - 4x upscaling"), canonical_dataset("DAVIS 2017 (val)")
        (('Set5', []), ('DAVIS 2017', []))
        >>> canonical_dataset("Mini-Imagenet 5-way (1-shot)"), canonical_dataset("Adverse Drug Events (ADE) Corpus")
        (('Mini-Imagenet', []), ('Adverse Drug Events', ['ADE']))
        >>> canonical_dataset("ImageNet 64x64"), canonical_dataset("Hyper-Kvasir Dataset")
        (('ImageNet', []), ('Hyper-Kvasir', []))
        >>> canonical_dataset("Duke to Market"), canonical_dataset("Kinetics-400")
        (None, ('Kinetics-400', []))
    """
    text = clean_name(raw)
    if re.search(r"\s(?:->|→|to|vs\.?)\s", text):
        return None  # a transfer setting between two datasets, each named elsewhere
    name, synonyms = _acronym_pair(text)
    name = clean_name(_SETTING_CUTS.split(name)[0])
    words = name.split()
    while len(words) > 1:
        tail = words[-1].lower()
        if tail in SPLIT_WORDS or tail in _TYPE_NOUNS or _SETTING_WORD.fullmatch(tail):
            words.pop()
        elif len(words) > 3 and words[-2] in {"x", "×"} and words[-1].isdigit() and words[-3].isdigit():
            words = words[:-3]  # "CUB 128 x 128"
        else:
            break
    name = " ".join(words)
    return (name, synonyms) if name else None


_GENERIC_METRIC_WORDS = frozenset("score scores value values result results metric metrics".split())


def canonical_metric(raw: str) -> tuple[str, list[str]] | None:
    """The canonical name of a metric as a leaderboard writes it, and its synonyms.

    Examples:
        >>> canonical_metric("Accuracy (%)"), canonical_metric("Top 1 Accuracy"), canonical_metric("% Test Accuracy")
        (('Accuracy', []), ('Top-1 Accuracy', []), ('Accuracy', []))
        >>> canonical_metric("Word Error Rate (WER)"), canonical_metric("Test perplexity")
        (('Word Error Rate', ['WER']), ('perplexity', []))
        >>> canonical_metric("Time (ms)"), canonical_metric("Average MPJPE (mm)")
        (('Time', []), ('Average MPJPE', []))
    """
    text = clean_name(raw)
    while True:
        stripped = _UNIT_PAREN.sub("", text)
        if stripped == text:
            break
        text = stripped
    name, synonyms = _acronym_pair(text)
    while True:
        stripped = _LEADING_SPLIT.sub("", name)
        if stripped == name or not stripped:
            break
        name = stripped
    name = _TOP_K.sub(lambda m: f"Top-{m.group(1)}", _SETTING_CUTS.split(name)[0])
    name = clean_name(name.rstrip("%*"))
    return (name, synonyms) if name else None


def canonical_task(raw: str) -> tuple[str, list[str]] | None:
    """The canonical name of a task, and its synonyms.

    Examples:
        >>> canonical_task("Named Entity Recognition (NER)"), canonical_task("part-of-speech_tagging")
        (('Named Entity Recognition', ['NER']), ('part-of-speech tagging', []))
    """
    name, synonyms = _acronym_pair(clean_name(raw))
    return (name, synonyms) if name else None


def slug(name: str) -> str:
    """The Papers-with-Code style id of a name: lower case, other characters as single dashes.

    Examples:
        >>> slug("WikiText-103"), slug("Top-1 Accuracy"), slug("Human3.6M")
        ('wikitext-103', 'top-1-accuracy', 'human3-6m')
    """
    return re.sub(r"[^0-9a-z]+", "-", unicodedata.normalize("NFKC", name).lower()).strip("-")


def task_shaped(form: str) -> bool:
    """A task is an acronym or a phrase; one plain word only when it names an activity
    ("summarization", "denoising"), never a field or a quality ("Multimodal", "Vision").

    Examples:
        >>> [task_shaped(f) for f in ["summarization", "denoising", "NER", "Multimodal", "Vision", "question answering"]]
        [True, True, True, False, False, True]
    """
    if " " in form or "-" in form or (form.isupper() and len(form) >= 2):
        return True
    return form.lower().endswith(("tion", "ssion", "usion", "ing", "ment", "sis"))


def dataset_shaped(name: str) -> bool:
    """A dataset name has a name's shape: a digit, a capital inside a word, or capitals
    starting at least two words ("Penn Treebank"); one capitalised word ("Cora") too.

    Examples:
        >>> [dataset_shaped(n) for n in ["CIFAR-10", "Penn Treebank", "Cora", "Social media", "newspaper texts"]]
        [True, True, True, False, False]
    """
    words = name.split()
    if any(any(c.isdigit() for c in w) or any(c.isupper() for c in w[1:]) for w in words):
        return True
    capitals = sum(w[:1].isupper() for w in words)
    return capitals >= 2 or (len(words) == 1 and capitals == 1)


# Forms that are never names of a dataset, metric or task on their own, whatever a source says.
NEVER_NAMES = frozenset(
    """score scores average avg mean overall total all time test dev val validation train training
    error errors value result results performance quality general other others none default
    params parameters model models method methods data dataset datasets task tasks it is as
    acc. rate rank level joint full base large small medium hard easy""".split()
)
