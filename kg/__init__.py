"""PaperKG: research papers to a queryable knowledge graph.

The data path: `kg.papers` reads inputs into `Paper` records, `extractors`
turns each into an `Extraction`, `kg.core.graph` maps extractions to nodes and edges,
`kg.stores` loads them, and `queries/`, `kg.viz` and `kg.export` read them back.
Importing `kg` loads nothing heavy (no spaCy, rdflib or neo4j).
"""

from __future__ import annotations

from kg.core import __version__
from kg.core.model import Claim, Entity, Evidence, Extraction, Mention, Paper, Quantity, Result

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
]
