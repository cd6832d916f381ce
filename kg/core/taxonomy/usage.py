"""The field's own text: how often a form is an entity where it occurs, and whether it is a word.

SciREX papers and TDMSci sentences say how often a form is tagged as a dataset, metric or
task where it occurs; the SOTA? abstracts too say whether a word is an ordinary English word.
`kg.core.taxonomy.build` keeps a form in a gazetteer only where a match would mostly be right.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.holdout import is_held_out
from kg.core.taxonomy.names import NEVER_NAMES
from kg.core.taxonomy.sources import tdmsci_sentences

__all__ = ["Usage", "form_tokens", "is_english_phrase", "is_english_word", "is_exact", "is_generic_word",
           "keep_form", "read_usage"]

_TOKEN = re.compile(r"\w+|[^\w\s]")


def form_tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text))


@dataclass
class Usage:
    """Occurrences of forms in the reference text, and how many of them are tagged."""

    seen: Counter[tuple[str, ...]] = field(default_factory=Counter)
    tagged: Counter[tuple[str, tuple[str, ...]]] = field(default_factory=Counter)  # (type, tokens)
    tagged_folded: Counter[tuple[str, tuple[str, ...]]] = field(default_factory=Counter)  # (type, lower tokens)
    lowercase: Counter[str] = field(default_factory=Counter)  # words written in lower case
    capitalised: Counter[str] = field(default_factory=Counter)  # words written with a capital


def read_usage(scirex: Path, tdmsci: Path, sota: Path, forms: set[tuple[str, ...]]) -> Usage:
    """Count, for each form (as tokens, case kept), its occurrences in SciREX papers and
    TDMSci sentences, the occurrences tagged with each type, and how often each lower-case
    one-word form occurs in the SOTA? abstracts outside the held-out third (is it an English word?)."""
    usage = Usage()
    longest = max((len(f) for f in forms), default=1)
    folded = {tuple(t.lower() for t in f) for f in forms}
    wanted = forms | folded
    kinds = {"Material": "Dataset", "Metric": "Metric", "Task": "Task", "Method": "Method",
             "DATASET": "Dataset", "METRIC": "Metric", "TASK": "Task"}

    def scan(words: list[str], spans: Iterable[tuple[int, int, str]]) -> None:
        toks: list[str] = []
        starts: dict[int, int] = {}  # word index -> token index
        for i, word in enumerate(words):
            starts[i] = len(toks)
            toks.extend(_TOKEN.findall(word))
        starts[len(words)] = len(toks)
        lowered = [t.lower() for t in toks]
        for i in range(len(toks)):
            for n in range(1, longest + 1):
                if i + n > len(toks):
                    break
                cased = tuple(toks[i : i + n])
                if cased in wanted:
                    usage.seen[cased] += 1
                low = tuple(lowered[i : i + n])
                if low != cased and low in wanted:
                    usage.seen[("\x00lower",) + low] += 1
        for a, b, tag in spans:
            kind = kinds.get(tag)
            if kind is None:
                continue
            cased = tuple(toks[starts[a] : starts[b]])
            usage.tagged[(kind, cased)] += 1
            usage.tagged_folded[(kind, tuple(t.lower() for t in cased))] += 1
        _count_words(usage, toks)

    with gzip.open(scirex, "rt", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            scan(doc["words"], ((a, b, tag) for a, b, tag in doc.get("ner") or []))
    for number, tokens, spans in tdmsci_sentences(tdmsci):
        if not is_held_out(f"tdmsci:{number}"):
            scan(tokens, spans)
    with gzip.open(sota, "rt", encoding="utf-8") as f:
        for line in f:
            paper = json.loads(line)
            if not is_held_out(str(paper.get("id"))):  # the held-out third is kg eval's, never the build's
                _count_words(usage, _TOKEN.findall(paper.get("abstract") or ""))
    return usage


def _count_words(usage: Usage, tokens: Iterable[str]) -> None:
    for t in tokens:
        if t.islower():
            usage.lowercase[t] += 1
        else:
            usage.capitalised[t] += 1


def is_exact(form: str, usage: Usage) -> bool:
    """Whether a form must match as written: short forms with a capital ("SST", "mAP",
    "WER"), and capitalised English words ("Breakfast", "Cornell" as "cornell" is rare)."""
    letters = [c for c in form if c.isalpha()]
    if any(c.isupper() for c in letters) and len(letters) <= 5 and " " not in form \
            and not any(c.isdigit() for c in form):
        return True
    if form.isalpha() and form.isupper():
        return True  # "AGENDA", "IEMOCAP": capitals as the name is written
    if form.isalpha() and not form.islower() and usage.lowercase[form.lower()] >= 3 \
            and usage.lowercase[form.lower()] > usage.capitalised[form]:
        return True  # "DeLiVER", "SPIDER": a name as written, an English word in lower case more often
    return is_english_word(form, usage)


def is_english_word(form: str, usage: Usage) -> bool:
    """A capitalised word that the field's text writes in lower case more often ("Review",
    "Tennis"), not a name that some sentence also writes in lower case ("Cityscapes")."""
    return " " not in form and "-" not in form and form[:1].isupper() and form[1:].islower() \
        and usage.lowercase[form.lower()] >= 3 and usage.lowercase[form.lower()] > usage.capitalised[form]


def keep_form(kind: str, form: str, usage: Usage, *, min_seen: int = 20, min_share: float = 0.1) -> bool:
    """Whether a gazetteer match on `form` would mostly be right: the form is no generic
    word, and where the field's text uses it often, it is tagged as this type often enough."""
    letters = [c for c in form if c.isalpha()]
    if len(letters) < 2 and not any(c.isdigit() for c in form):
        return False
    if form.lower() in NEVER_NAMES or len(form) > 80 or re.fullmatch(r"[\d\s.,%]+", form):
        return False
    if len(letters) == 2 and form.isupper() and not any(c.isdigit() for c in form):
        # two capitals ("AP", "EM", "IS", "MR"): only when the field tags them so
        tokens = form_tokens(form)
        seen = usage.seen[tokens]
        return seen >= 5 and usage.tagged[(kind, tokens)] >= 0.5 * seen
    tokens = form_tokens(form)
    if is_exact(form, usage):
        seen, tagged = usage.seen[tokens], usage.tagged[(kind, tokens)]
    else:
        folded = tuple(t.lower() for t in tokens)
        seen = usage.seen[folded] + usage.seen[("\x00lower",) + folded]
        tagged = usage.tagged_folded[(kind, folded)]
    return seen < min_seen or tagged >= min_share * seen


def is_generic_word(form: str, usage: Usage) -> bool:
    """A one-word metric the field's text mostly uses as an ordinary word ("sensitivity",
    "runtime": tagged a metric in under half of its uses), as opposed to "perplexity"."""
    if not (form.isalpha() and form.islower()):
        return False
    seen = usage.seen[(form,)] + usage.seen[("\x00lower", form)]
    return seen >= 5 and usage.tagged_folded[("Metric", (form,))] < 0.5 * seen


def is_english_phrase(form: str, usage: Usage) -> bool:
    """Plain words the field writes in lower case ("E-commerce", "long video"): no name.

    Examples:
        >>> u = Usage(); u.lowercase.update({"commerce": 5, "long": 9, "video": 9})
        >>> is_english_phrase("E-commerce", u), is_english_phrase("long video", u), is_english_phrase("Long Video", u)
        (True, True, False)
    """
    parts = re.split(r"[\s-]+", form.lower())
    if len(parts) < 2 or any(c.isdigit() for c in form) or any(c.isupper() for c in form[1:]):
        return False  # one word, or a name in Title Case ("Visual Genome")
    words = [w for w in parts if len(w) > 1]
    return bool(words) and all(usage.lowercase[w] >= 3 for w in words)
