"""Spelling variants and learnt aliases: how abstracts name the concepts of the vocabularies.

Two parts:

- `variant_key`: a key coarser than `kg.core.ids.entity_key`, that also folds the
  spellings papers use for one name ("Acc." / "accuracy", "WMT 2014" / "WMT'14" / "WMT14",
  "English-German" / "En-De", "v1.3" / "1.3", "256x256" / "256 256", "Acc@1" / "top-1 accuracy",
  "Recall@5" / "R@5"). `kg.core.taxonomy.lookup` falls back to it, so a spelling no source gave
  still finds its concept.
- `mine_aliases`: what `build.py` learns from the SOTA? papers tuning may see (never the third
  `kg.core.holdout` holds out): each tuple names a Papers-with-Code metric and dataset, and the
  abstract prints its score with some wording nearby ("47.0% AP" for "box mAP"). A tuple name
  whose tuples are mostly printed beside one other vocabulary name, in enough papers, is the
  same concept as that name.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from kg.core.holdout import is_held_out
from kg.core.ids import entity_key

__all__ = ["LANGUAGES", "mine_aliases", "score_windows", "variant_key"]

# Language names -> ISO 639-1 codes, for pairs of them ("English-German" = "En-De").
LANGUAGES = {
    "english": "en", "german": "de", "french": "fr", "romanian": "ro", "chinese": "zh", "japanese": "ja",
    "russian": "ru", "czech": "cs", "spanish": "es", "italian": "it", "portuguese": "pt", "turkish": "tr",
    "finnish": "fi", "estonian": "et", "latvian": "lv", "lithuanian": "lt", "hindi": "hi", "gujarati": "gu",
    "kazakh": "kk", "arabic": "ar", "korean": "ko", "vietnamese": "vi", "dutch": "nl", "polish": "pl",
    "hebrew": "he", "swedish": "sv", "danish": "da", "greek": "el", "hungarian": "hu", "ukrainian": "uk",
    "indonesian": "id", "thai": "th", "persian": "fa", "urdu": "ur", "bengali": "bn", "tamil": "ta",
}
_LANG = "|".join(sorted(LANGUAGES, key=len, reverse=True))
# two languages joined as a pair: "English-German", "English to German", "English→German"
_LANG_PAIR = re.compile(rf"\b({_LANG})\s*(?:-|–|—|->|→|/|\s+to\s+)\s*({_LANG})\b")
# a year after a name: "WMT 2014", "WMT'14", "CoNLL-2003" (1990-2039; "2048" is a size)
_YEAR = re.compile(r"(?<=[a-z])\s*['’-]?\s*(?:19(?=[89]\d\b)|20(?=[0-3]\d\b))|(?<=[a-z])\s*['’]\s*(?=\d\d\b)")
_VERSION = re.compile(r"(?<=[a-z0-9])[\s-]*v(?=\d)")  # "ActivityNet v1.3", "NYU-Depth V2"
_BY = re.compile(r"(?<=\d)\s*[x×]\s*(?=\d)")  # "256x256", "256 × 256"
_ACC = re.compile(r"\bacc\b\.?")
_PER = re.compile(r"\s*/\s*(?=(?:dim|dimension|pixel|char|character|byte|token|word|frame|image|sample|second|sec|s)\b)")
_AT_K = re.compile(r"\b(?:acc|accuracy)\s*@\s*(\d+)")  # "Acc@1" = "top-1 accuracy"
_RECALL_AT = re.compile(r"\b(?:recall|rank|r)\s*@\s*(\d+)")  # "Recall@5", "Rank@5" = "R@5"


def variant_key(name: str) -> str:
    """A key that folds the usual spelling variants of one name; equal keys name one concept.

    Examples:
        >>> variant_key("WMT'14 En-De") == variant_key("WMT 2014 English-German")
        True
        >>> variant_key("Acc@1") == variant_key("top-1 acc.") == variant_key("Top 1 Accuracy")
        True
    """
    text = name.lower()
    text = _AT_K.sub(r"top\1 accuracy", text)
    text = _RECALL_AT.sub(r"r@\1", text)
    text = _ACC.sub("accuracy", text)
    text = _PER.sub(" per ", text)  # "bits/dim" = "bits per dim"
    text = _LANG_PAIR.sub(lambda m: f"{LANGUAGES[m.group(1)]}-{LANGUAGES[m.group(2)]}", text)
    text = _YEAR.sub("", text)
    text = _VERSION.sub(" ", text)
    text = _BY.sub(" ", text)
    return entity_key(text)


_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+\*?")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")
_BARE_NUMBER = re.compile(r"(?<![\w.@-])\d+(?:\.\d+)?(?![\w@])")  # not the "1" of "top-1"
_WORD = re.compile(r"[A-Za-z0-9][\w@./'’+-]*[\w@+]|[A-Za-z0-9]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def score_windows(abstract: str, score: str, width: int = 8) -> list[tuple[list[str], int]]:
    """For each place the abstract prints `score` as a number: the words of its sentence and the
    index of the first word after the score (`width` words either side kept).

    Examples:
        >>> score_windows(r"We reach 71.2\\% top-1 acc. on FooSet. Then 3 more.", "71.2")
        [(['We', 'reach', 'top-1', 'acc', 'on', 'FooSet'], 2)]
    """
    text = _LATEX_COMMAND.sub(" ", abstract).replace("{", " ").replace("}", " ").replace("~", " ")
    out = []
    for sentence in _SENTENCE_END.split(text):
        for m in _NUMBER.finditer(sentence):
            if m.group() != score:
                continue
            before = [w.strip(".") for w in _WORD.findall(_BARE_NUMBER.sub(" ", sentence[:m.start()]))]
            after = [w.strip(".") for w in _WORD.findall(_BARE_NUMBER.sub(" ", sentence[m.end():]))]
            before, after = before[-width:], after[:width]
            out.append(([w for w in before + after], len(before)))
    return out


def _nearest_name(words: list[str], at: int, known: Callable[[str], str | None], own: str,
                  longest: int = 5) -> str | None:
    """The node of the known name nearest to position `at` among `words` (longest first at
    equal distance), or None; `own` wherever the words spell it, as a sentence that names the
    tuple's own name beside another ("mIoU and PQ of 60.1 and 52.3") teaches no alias."""
    best: tuple[int, int, str] | None = None
    for i in range(len(words)):
        for n in range(min(longest, len(words) - i), 0, -1):
            text = " ".join(words[i:i + n])
            node = known(text)
            if node == own or entity_key(text) == own:
                return own
            if node is None:
                continue
            distance = at - (i + n) if i + n <= at else i - at
            candidate = (distance, -n, node)
            if best is None or candidate < best:
                best = candidate
            break
    return best[2] if best is not None else None


def mine_aliases(path: Path, fields: dict[str, str], tuple_node: Callable[[str, str], str | None],
                 known: dict[str, Callable[[str], str | None]], *, min_papers: int = 2,
                 min_share: float = 0.5, debug: list | None = None) -> list[tuple[str, str, str]]:
    """(type, tuple name's node, abstract name's node) for each learnt alias.

    Args:
        path: the SOTA? train file; papers `kg.core.holdout` holds out are skipped.
        fields: type -> tuple field ("Metric" -> "Metric").
        tuple_node: (type, a tuple's name) -> its node, or None for a name the vocabulary drops.
        known: type -> (words of the abstract -> the node of a name they spell, or None).
        min_papers: papers that must print a tuple name's scores beside the same other name.
        min_share: share of a tuple name's printed scores that other name must be nearest to.
        debug: when a list, gets (type, tuple name's node, {nearest node: papers}) of every name.
    """
    seen: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (type, tuple node) -> nearest node -> papers
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            paper = json.loads(line)
            if is_held_out(paper["id"]):
                continue
            pairs = set()
            for result in paper.get("results") or []:
                score = str(result.get("Score") or "").strip().rstrip("%")
                if not result.get("score_in_abstract") or not _NUMBER.fullmatch(score):
                    continue
                for kind, field in fields.items():
                    node = tuple_node(kind, str(result.get(field) or ""))
                    if node is None:
                        continue
                    for words, at in score_windows(paper.get("abstract") or "", score):
                        near = _nearest_name(words, at, known[kind], node)
                        if near is not None:
                            pairs.add((kind, node, near))
            for kind, node, near in pairs:
                seen[(kind, node)][near] += 1
    out = []
    for (kind, node), counts in sorted(seen.items()):
        near, papers = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if near != node and papers >= min_papers and papers >= min_share * sum(counts.values()):
            out.append((kind, node, near))
        if debug is not None:
            debug.append((kind, node, dict(counts)))
    return out

