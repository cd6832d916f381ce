"""The evaluation sets as files: JSON Lines records, SciERC documents, TDMSci's held-out sentences."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from kg.core.errors import InputError
from kg.core.holdout import is_held_out
from kg.core.model import Paper

__all__ = [
    "SciercDoc", "SciercText", "read_records", "scierc_documents", "scierc_papers", "scierc_text", "tdmsci_held_out",
    "write_jsonl",
]


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """JSON objects, one per non-blank line (a gold file or a predicted file).

    Raises:
        InputError: the file is missing or a line is not JSON.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"[G001] file not found: {path}")
    out = []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError as err:
                    raise InputError(f"[G003] {path}:{n} is not JSON: {err}") from err
    return out


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


class SciercText(NamedTuple):
    """A SciERC document's tokens joined by single spaces, the text SciERC's scorer reads, and
    where each token starts in it; the product's reader and the recogniser's training data
    (`extractors/ner/convert.py`) both place SciERC's token spans on it."""

    tokens: list[str]
    starts: list[int]  # the character offset of each token in `text`

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    def chars(self, first: int, last: int) -> tuple[int, int]:
        """The characters (end exclusive) of tokens `first` to `last`, both included, as SciERC
        marks a span."""
        return self.starts[first], self.starts[last] + len(self.tokens[last])


def scierc_text(doc: dict[str, Any]) -> SciercText:
    """The text of a SciERC document (one DyGIE json object), its sentences' tokens in order.

    Examples:
        >>> words = scierc_text({"sentences": [["We", "parse"], ["Penn", "Treebank", "."]]})
        >>> words.text, words.chars(2, 3)
        ('We parse Penn Treebank .', (9, 22))
    """
    tokens = [t for sent in doc["sentences"] for t in sent]
    starts, pos = [], 0
    for token in tokens:
        starts.append(pos)
        pos += len(token) + 1
    return SciercText(tokens, starts)


class SciercDoc(NamedTuple):
    """One SciERC document: its key, its text (tokens joined by spaces), its gold spans."""

    key: str
    text: str
    gold: frozenset[tuple[int, int, str]]  # (start_char, end_char, SciERC label), scored labels only


_SCIERC_LABELS = frozenset({"Method", "Task", "Metric", "Material"})


def scierc_documents(path: str | Path) -> Iterator[SciercDoc]:
    """The documents of a SciERC file (one JSON object per line, DyGIE format), as
    `eval/scierc.py inputs` reads them (a test checks the two agree).

    Raises:
        InputError: the file is missing or a line is not a SciERC document.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"[G002] SciERC file not found: {path}")
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                words = scierc_text(doc)
                gold = frozenset((*words.chars(s, e), label)
                                 for sent in doc["ner"] for s, e, label in sent if label in _SCIERC_LABELS)
                yield SciercDoc(str(doc["doc_key"]), words.text, gold)
            except (ValueError, KeyError, TypeError, IndexError) as err:
                raise InputError(f"[G004] {path}:{n} is not a SciERC document: {err}") from err


def scierc_papers(docs: Iterable[SciercDoc]) -> list[Paper]:
    """The input papers of SciERC documents, as `scierc.py inputs` writes them.

    Examples:
        >>> [(p.id, p.title, p.abstract) for p in scierc_papers([SciercDoc("A01-1", "We parse .", frozenset())])]
        [('scierc:A01-1', 'A01-1', 'We parse .')]
    """
    return [Paper(id=f"scierc:{doc.key}", title=doc.key, abstract=doc.text) for doc in docs]


def tdmsci_held_out(conll: str | Path, out: str | Path) -> int:
    """Write the held-out sentences of a TDMSci .conll file (`is_held_out(f"tdmsci:{N}")`, N
    counted from 1 over the blank-line separated sentences, as `tdmsci.py` counts them) to `out`,
    in order. Returns how many were written.

    Raises:
        InputError: the file is missing.
    """
    conll = Path(conll)
    if not conll.is_file():
        raise InputError(f"[G001] TDMSci file not found: {conll}")
    kept, block, number = 0, [], 0
    with conll.open(encoding="utf-8") as lines, Path(out).open("w", encoding="utf-8") as f:
        for line in [*lines, ""]:
            if line.strip():
                block.append(line if line.endswith("\n") else line + "\n")
                continue
            if block:
                number += 1
                if is_held_out(f"tdmsci:{number}"):
                    f.write("".join(block) + "\n")
                    kept += 1
                block = []
    return kept
