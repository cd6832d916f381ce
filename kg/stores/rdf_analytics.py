"""What `kg analyze` writes back into the embedded store: one named graph, replaced whole.

Loads never touch this graph and exports (which read the extracted facts) leave it out. Figures
sit on the entity nodes; each nearest neighbour is a `kg:CoUsage` node and each entity's quarter a
`kg:QuarterUsage` node, in the vocabulary of `kg.core.vocab` (`ANALYTICS_*`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import XSD

from kg.core.analytics import Analysis
from kg.core.ids import BASE, node_iri, short_hash
from kg.core.rdf import RDF_TYPE
from kg.core.vocab import ANALYTICS_CLASSES, ANALYTICS_LINKS, ANALYTICS_PROPERTIES

__all__ = ["ANALYTICS_GRAPH", "ANALYTICS_GRAPH_IRI", "analytics_quads"]

ANALYTICS_GRAPH_IRI = f"{BASE}graph/analytics"
ANALYTICS_GRAPH = ox.NamedNode(ANALYTICS_GRAPH_IRI)
# figure name -> (predicate, datatype); link name -> predicate; class name -> class
_FIGURES = {name: (ox.NamedNode(str(p)), ox.NamedNode(str(dt or XSD.string)))
            for name, (p, dt) in ANALYTICS_PROPERTIES.items()}
_LINKS = {name: ox.NamedNode(str(p)) for name, (p, _) in ANALYTICS_LINKS.items()}
_CLASSES = {name: ox.NamedNode(str(cls)) for name, cls in ANALYTICS_CLASSES.items()}


def _figure(name: str, value: Any) -> ox.Literal:
    """An analytics figure as a literal of its datatype (doubles as `repr`, the lexical form loads use).

    Examples:
        >>> _figure("centrality", 0.25).value, _figure("papers", 3).value
        ('0.25', '3')
    """
    _, datatype = _FIGURES[name]
    return ox.Literal(repr(value) if isinstance(value, float) else str(value), datatype=datatype)


def analytics_quads(analysis: Analysis) -> Iterator[ox.Quad]:
    """The analytics graph of an analysis: figures on the entities, a kg:CoUsage node per nearest
    neighbour and a kg:QuarterUsage node per entity and quarter."""
    graph = ANALYTICS_GRAPH
    for entity in analysis.entities:
        iri = ox.NamedNode(node_iri(entity.label, entity.key))
        for name in ("papers", "centrality", "centrality_rank", "community", "community_name"):
            value = getattr(entity, name)
            if value is not None:
                yield ox.Quad(iri, _FIGURES[name][0], _figure(name, value), graph)
    for link in analysis.co_usage:
        node = ox.NamedNode(f"{BASE}id/cousage/{short_hash(*link.src, *link.dst)}")
        yield ox.Quad(node, RDF_TYPE, _CLASSES["CoUsage"], graph)
        yield ox.Quad(node, _LINKS["entity"], ox.NamedNode(node_iri(*link.src)), graph)
        yield ox.Quad(node, _LINKS["neighbour"], ox.NamedNode(node_iri(*link.dst)), graph)
        for name in ("papers", "score", "rank"):
            yield ox.Quad(node, _FIGURES[name][0], _figure(name, getattr(link, name)), graph)
        for paper in link.tie_papers:
            yield ox.Quad(node, _LINKS["tie_papers"], ox.NamedNode(node_iri("Paper", paper)), graph)
    for figure in analysis.quarters:
        node = ox.NamedNode(f"{BASE}id/quarterusage/{short_hash(*figure.entity, figure.quarter)}")
        yield ox.Quad(node, RDF_TYPE, _CLASSES["QuarterUsage"], graph)
        yield ox.Quad(node, _LINKS["entity"], ox.NamedNode(node_iri(*figure.entity)), graph)
        for name in ("quarter", "papers", "centrality"):
            yield ox.Quad(node, _FIGURES[name][0], _figure(name, getattr(figure, name)), graph)
