"""Record types that cross stage boundaries: reader -> extractor -> graph -> stores.

Every type is a frozen dataclass; `to_dict()` gives the JSON Lines shape that
`kg extract` writes (the format defined by the shared scorer's docstring, plus
offsets and provenance), and `from_dict()` reads it back: the one serialisation,
used by `kg extract` and by extraction on a Dask cluster alike.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ENTITY_TYPES: tuple[str, ...] = ("Model", "Method", "Dataset", "Metric", "Task")
RESULT_KINDS: tuple[str, ...] = ("absolute", "delta", "ratio")
# Where a result's metric comes from: the sentence names it ("82.7% mIoU"), or the sentence gives
# none or a generic word ("82.7% on Cityscapes") and it is the metric the dataset's leaderboards
# mostly report (`kg.core.taxonomy.leaderboard_metric`).
METRIC_SOURCES: tuple[str, ...] = ("text", "leaderboard")
# What a result's setting may state, in the order it is written ("zero-shot, test, hard, 256x256").
SETTING_KINDS: tuple[str, ...] = ("protocol", "split", "subset", "resolution")
# The data splits a result's setting may name.
SPLITS: tuple[str, ...] = ("test", "val", "dev", "test-dev", "test-std")


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as read from an input file; `abstract` is the text offsets refer to."""

    id: str
    title: str
    abstract: str
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    date: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    upvotes: int | None = None
    source: str | None = None  # "file:line" the record came from

    def to_dict(self) -> dict[str, Any]:
        """The record's `paper` object, dropping empty metadata."""
        out = asdict(self)
        out["authors"] = list(self.authors)
        out["categories"] = list(self.categories)
        return {k: v for k, v in out.items() if v not in (None, [], "") or k in ("id", "title", "abstract")}

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Paper:
        """The paper of a `to_dict()` record.

        Examples:
            >>> paper = Paper("p1", "T", "A.", authors=("A", "B"), date="2025-01-02")
            >>> Paper.from_dict(paper.to_dict()) == paper
            True
        """
        return cls(**{**record, "authors": tuple(record.get("authors", ())),
                      "categories": tuple(record.get("categories", ()))})


@dataclass(frozen=True, slots=True)
class Mention:
    """A character span `[start, end)` in the abstract."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A named model, method, dataset, metric or task, with every mention in one paper."""

    name: str
    type: str
    key: str  # canonical key: equal keys are one node across papers
    mentions: tuple[Mention, ...]
    proposed: bool = False
    confidence: float = 1.0
    extractor: str = "kg_entities"
    # a Dataset, Metric or Task of the shipped vocabularies (`kg.core.taxonomy`): its canonical
    # name ("WikiText-103") and id ("wikitext-103", a Papers-with-Code style slug)
    canonical_name: str | None = None
    canonical_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "name": self.name,
            "type": self.type,
            "canonical": self.key,
            "proposed": self.proposed,
            "confidence": self.confidence,
            "extractor": self.extractor,
            "mentions": [asdict(m) for m in self.mentions],
        }
        if self.canonical_id is not None:
            out.update(canonical_name=self.canonical_name, canonical_id=self.canonical_id)
        return out

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Entity:
        return cls(record["name"], record["type"], record["canonical"], tuple(Mention(**m) for m in record["mentions"]),
                   proposed=record["proposed"], confidence=record["confidence"], extractor=record["extractor"],
                   canonical_name=record.get("canonical_name"), canonical_id=record.get("canonical_id"))


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written (`raw`) and as parsed (`value`, `unit`)."""

    raw: str
    value: float
    unit: str  # "%", "x", "points" or "" for a bare number
    start: int = 0  # offsets of `raw` in the text it was parsed from
    end: int = 0


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence that backs a fact, with its offsets in the abstract."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Evidence:
        return cls(record["text"], record["start"], record["end"])


# A result's and a claim's record end with the same provenance: the sentence that backs the fact
# (its text and offsets, flat in the record), the confidence and the extractor that found it.
def _provenance_dict(evidence: Evidence, confidence: float, extractor: str) -> dict[str, Any]:
    """The provenance fields of a result or claim record, in record order."""
    return {**evidence.to_dict(), "confidence": confidence, "extractor": extractor}


def _provenance_args(record: dict[str, Any]) -> dict[str, Any]:
    """The `evidence`, `confidence` and `extractor` of a result or claim, from its record."""
    return {"evidence": Evidence.from_dict(record), "confidence": record["confidence"], "extractor": record["extractor"]}


@dataclass(frozen=True, slots=True)
class Result:
    """A numeric result: an n-ary fact linking a value to its metric, dataset and model.

    `kind` says what the value is: "absolute" (a score: 87.3 mIoU), "delta" (an improvement
    or a drop: +2.1 F1 over BERT, with `baseline` "BERT" when the sentence names it) or
    "ratio" (a speed-up or x-fold change: 3x faster). Only absolute results rank on a
    leaderboard. `own` tells a paper's own result from a baseline's number it quotes, and
    `setting` the conditions the sentence states (protocol, split, subset, resolution).
    """

    value: float
    unit: str
    kind: str  # one of RESULT_KINDS
    metric: str | None
    dataset: str | None
    model: str | None
    raw: str
    raw_start: int
    raw_end: int
    evidence: Evidence
    confidence: float = 0.8
    extractor: str = "kg_results"
    baseline: str | None = None  # for a delta or ratio: what it is measured against, as written
    # the paper's own result (its model is one the paper proposes), else a number it quotes
    own: bool = True
    # the conditions the sentence states, as (kind, value) in SETTING_KINDS order:
    # (("protocol", "zero-shot"), ("split", "test"))
    setting: tuple[tuple[str, str], ...] = ()
    metric_source: str | None = None  # one of METRIC_SOURCES when `metric` is set

    @property
    def setting_label(self) -> str:
        """The setting on one line, its kinds in SETTING_KINDS order ("" when none is stated).

        Examples:
            >>> r = Result(71.2, "%", "absolute", "accuracy", "MMLU", "X", "71.2", 0, 4, Evidence("", 0, 0),
            ...            setting=(("protocol", "zero-shot"), ("split", "test")))
            >>> r.setting_label
            'zero-shot, test'
        """
        return ", ".join(value for _, value in self.setting)

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "dataset": self.dataset,
            "model": self.model,
            "baseline": self.baseline,
            "own": self.own,
            "setting": dict(self.setting),
            "metric_source": self.metric_source,
            "raw": self.raw,
            "raw_start": self.raw_start,
            "raw_end": self.raw_end,
            **_provenance_dict(self.evidence, self.confidence, self.extractor),
        }

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Result:
        return cls(record["value"], record["unit"], record["kind"], record["metric"], record["dataset"],
                   record["model"], record["raw"], record["raw_start"], record["raw_end"],
                   **_provenance_args(record), baseline=record.get("baseline"), own=record.get("own", True),
                   setting=tuple((kind, record["setting"][kind]) for kind in SETTING_KINDS
                                 if kind in (record.get("setting") or {})),
                   metric_source=record.get("metric_source"))


@dataclass(frozen=True, slots=True)
class Claim:
    """A comparative claim: `subject` outperforms `object`, backed by one sentence."""

    subject: str
    object: str
    evidence: Evidence
    type: str = "outperforms"
    confidence: float = 0.7
    extractor: str = "kg_claims"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "subject": self.subject,
            "object": self.object,
            **_provenance_dict(self.evidence, self.confidence, self.extractor),
        }

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Claim:
        return cls(record["subject"], record["object"], **_provenance_args(record), type=record["type"])


@dataclass(frozen=True, slots=True)
class Attribute:
    """A size or count that is not a result ("8B-parameter", "3.5T tokens")."""

    name: str  # "parameters", "tokens", "entities", ...
    value: float
    raw: str
    start: int
    end: int
    subject: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Attribute:
        return cls(**record)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one paper: one line of `kg extract` output."""

    paper: Paper
    entities: tuple[Entity, ...] = ()
    results: tuple[Result, ...] = ()
    claims: tuple[Claim, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()  # sentence offsets [start, end) in the abstract
    extractor_version: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self, *, sentences: bool = False) -> dict[str, Any]:
        """The `kg extract` record; with `sentences`, also the sentence offsets (which the
        graph rows need and the record format leaves out)."""
        out = {
            "paper": self.paper.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "results": [r.to_dict() for r in self.results],
            "claims": [c.to_dict() for c in self.claims],
            "attributes": [a.to_dict() for a in self.attributes],
            "extractor": {"name": "paperkg", "version": self.extractor_version},
        }
        if sentences:
            out["sentences"] = [list(s) for s in self.sentences]
        return out

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Extraction:
        """The extraction of a `to_dict()` record (`meta` is not serialised).

        Examples:
            >>> x = Extraction(Paper("p1", "T", "GPT-4 wins."), sentences=((0, 11),), extractor_version="1.0")
            >>> Extraction.from_dict(x.to_dict(sentences=True)) == x
            True
        """
        return cls(
            Paper.from_dict(record["paper"]),
            tuple(Entity.from_dict(e) for e in record["entities"]),
            tuple(Result.from_dict(r) for r in record["results"]),
            tuple(Claim.from_dict(c) for c in record["claims"]),
            tuple(Attribute.from_dict(a) for a in record.get("attributes", ())),
            sentences=tuple(tuple(s) for s in record.get("sentences", ())),
            extractor_version=record.get("extractor", {}).get("version", ""),
        )
