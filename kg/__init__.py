"""PaperKG: research papers to a queryable knowledge graph.

The data path: `kg.papers` reads inputs into `Paper` records, `extractors`
turns each into an `Extraction`, `kg.core.graph` maps extractions to nodes and edges,
`kg.stores` loads them, and `queries/`, `kg.viz` and `kg.export` read them back.
Importing `kg` loads nothing heavy (no spaCy, rdflib or neo4j).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.core import __version__
from kg.core.model import Claim, Entity, Evidence, Extraction, Mention, Paper, Quantity, Result

if TYPE_CHECKING:
    from kg.api import PaperGraph


def open(url: str | None = None, **options: Any) -> PaperGraph:  # noqa: A001 (kg.open, as the notebook API reads)
    """Open a built store for questions: `g = kg.open("kg-store")`, then `g.query(name, **params)`,
    `g.sparql(text)` or `g.cypher(text)` (see `kg.api`). `url` is a directory, `memory:` or a
    `bolt://` / `neo4j://` URI.
    """
    from kg.api import open_graph

    return open_graph(url, **options)


__all__ = [
    "Claim",
    "Entity",
    "Evidence",
    "Extraction",
    "Mention",
    "Paper",
    "Quantity",
    "Result",
    "__version__",
    "open",
]
