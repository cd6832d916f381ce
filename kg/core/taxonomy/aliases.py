"""Learnt aliases: how abstracts name the concepts of the vocabularies (used by `build.py`).

`mine_aliases` reads the SOTA? papers tuning may see (never the third `kg.core.holdout` holds
out): each tuple names a Papers-with-Code metric and dataset, and the abstract prints its score
with some wording nearby ("88.8% accuracy" for "Percentage correct"). A tuple name whose scores
are mostly printed beside one other vocabulary name, in enough papers, is the same concept as
that name. Spelling variants that need no learning are `kg.core.taxonomy.variants`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from kg.core.ids import entity_key
from kg.core.taxonomy.sources import sota_papers_seen

__all__ = ["mine_aliases", "score_windows", "size_variants"]

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
    """The node of the known name nearest to position `at` among `words` (at equal distance,
    the one after the score, as in "0.29 RMSE on FooSet", then the longest), or None; `own`
    wherever the words spell it, as a sentence that names the tuple's own name beside another
    ("mIoU and PQ of 60.1 and 52.3") teaches no alias."""
    best: tuple[int, bool, int, str] | None = None
    for i in range(len(words)):
        for n in range(min(longest, len(words) - i), 0, -1):
            text = " ".join(words[i:i + n])
            node = known(text)
            if node == own or entity_key(text) == own:
                return own
            if node is None:
                continue
            distance = at - (i + n) if i + n <= at else i - at
            candidate = (distance, i < at, -n, node)
            if best is None or candidate < best:
                best = candidate
            break
    return best[3] if best is not None else None


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
    for paper in sota_papers_seen(path):  # never a paper `kg.core.holdout` holds out
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



# a dataset's name with a size after it: "ImageNet-1k", "ImageNet 1K", "Foo22k"
_SIZED = re.compile(r"^(.*?\w)[\s-]?(\d+[kK])$")


def size_variants(path: Path, names: dict[str, str], tuple_node: Callable[[str], str | None], *,
                  min_papers: int = 3, min_share: float = 0.5) -> list[tuple[str, str]]:
    """(variant's node, base's node) for each dataset name that is a base name plus a size
    ("ImageNet-1k" and "ImageNet") where the papers tuning may see that write the variant file
    their leaderboard tuples under the base: in `min_papers` papers at least, and in `min_share`
    of the papers that write the variant. Papers-with-Code's "ImageNet" boards are the 1k set;
    a size the boards do not use ("ImageNet-21k", a pre-training set) stays its own dataset.

    Args:
        path: the SOTA? train file; papers `kg.core.holdout` holds out are skipped.
        names: a dataset form -> its node (group) so far.
        tuple_node: a tuple's dataset name -> its node, or None.
    """
    by_key = {entity_key(form): node for form, node in names.items()}
    variants: dict[str, tuple[str, re.Pattern[str]]] = {}  # variant's node -> (base's node, how text writes it)
    for form, node in sorted(names.items()):
        m = _SIZED.match(form)
        base = by_key.get(entity_key(m.group(1))) if m else None
        if m and base is not None and base != node:
            written = re.compile(rf"(?<!\w){re.escape(m.group(1))}[\s-]?{m.group(2)}(?!\w)", re.IGNORECASE)
            variants.setdefault(node, (base, written))
    writing: Counter[str] = Counter()  # variant's node -> papers that write it
    filed: Counter[str] = Counter()  # variant's node -> of those, papers with a tuple of the base
    for paper in sota_papers_seen(path):
        abstract = paper.get("abstract") or ""
        tuples = {tuple_node(str(r.get("Dataset") or "")) for r in paper.get("results") or []}
        for node, (base, written) in variants.items():
            if written.search(abstract):
                writing[node] += 1
                filed[node] += base in tuples and node not in tuples
    return [(node, variants[node][0]) for node in sorted(variants)
            if filed[node] >= min_papers and filed[node] >= min_share * writing[node]]
