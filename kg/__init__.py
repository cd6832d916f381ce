"""PaperKG: research papers to a queryable knowledge graph.

The data path: `kg.papers` reads inputs into `Paper` records, `extractors`
turns each into an `Extraction`, `kg.graph` maps extractions to nodes and edges,
`kg.stores` loads them, and `queries/`, `kg.viz` and `kg.export` read them back.
Importing `kg` loads nothing heavy (no spaCy, rdflib or neo4j).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from kg.model import Claim, Entity, Evidence, Extraction, Mention, Paper, Quantity, Result

try:
    __version__ = version("paperkg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

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
