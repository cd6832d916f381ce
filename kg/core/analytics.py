"""The records of `kg analyze`, which the stores write back (`write_analytics`).

Computed by `kg.analyze` from the rows of the canned query `entity_usage`; entities are
identified by (label, canonical key), as in both stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.core.graph import NodeRef

__all__ = ["Analysis", "CoUsage", "EntityFigures", "QuarterFigures"]


@dataclass(frozen=True, slots=True)
class EntityFigures:
    """What `kg analyze` says about one entity."""

    label: str
    key: str
    name: str
    papers: int
    community: int | None  # None: no co-usage tie, so in no community
    community_name: str | None
    centrality: float
    centrality_rank: int  # 1 = the most central of its label


@dataclass(frozen=True, slots=True)
class CoUsage:
    """One of an entity's nearest neighbours: how many papers tie them, the score, the tying papers."""

    src: NodeRef
    dst: NodeRef
    papers: int
    score: float
    rank: int  # 1 = the nearest
    tie_papers: tuple[str, ...]  # paper ids, newest first


@dataclass(frozen=True, slots=True)
class QuarterFigures:
    """An entity's papers and centrality in one quarter ("2025Q4")."""

    entity: NodeRef
    quarter: str
    papers: int
    centrality: float


@dataclass
class Analysis:
    """Everything `kg analyze` computed, ready to be written back to a store."""

    papers: int = 0
    entities: list[EntityFigures] = field(default_factory=list)
    co_usage: list[CoUsage] = field(default_factory=list)
    quarters: list[QuarterFigures] = field(default_factory=list)
    edges: int = 0  # co-usage ties in the graph
    communities: int = 0
