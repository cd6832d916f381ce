"""The graph's contract as SHACL shapes, made from the one vocabulary (`kg.core.vocab`).

One `sh:NodeShape` per class: `schema:ScholarlyArticle` (Paper), `kg:Model`, `kg:Method`,
`kg:Dataset`, `kg:Metric`, `kg:Task`, `kg:Result`, `kg:Claim`, the statements (subjects of
`rdf:subject`) that reify Paper -> entity mentions with their provenance, and the two analytics classes
`kg analyze` writes (`kg:CoUsage`, `kg:QuarterUsage`). Each shape says which properties a
node must and may have, their datatypes and counts, which classes its relations may point
to, and is closed: a property the vocabulary does not give that class is a violation.

The shapes ship as `kg/shapes/paperkg.ttl` (package data, for any SHACL tool); a test checks
that the file is exactly what `generate_shapes()` derives from the vocabulary, and
`python -m kg.shapes` rewrites it after a vocabulary change.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.core.ids import BASE
from kg.core.vocab import (
    ANALYTICS_CLASSES,
    ANALYTICS_LINKS,
    ANALYTICS_NODES,
    ANALYTICS_PROPERTIES,
    ANALYZED_LABELS,
    ENTITY_ANALYTICS,
    ENTITY_LABELS,
    EXACT_MATCH,
    IMPLIED_BY_SUBJECT,
    INCOMING,
    MANY,
    MENTION_PROPERTIES,
    MENTION_TYPES,
    NODE_CLASSES,
    NODE_PROPERTIES,
    ONE,
    OPTIONAL,
    OUTGOING,
    PREFIXES,
    PROPERTIES,
    QUARTER_PATTERN,
    RELATION_ENDPOINTS,
    RELATIONS,
    TAXONOMY_LABELS,
    VALUE_SETS,
    Cardinality,
    taxonomy_iri,
)

SHAPES = Namespace(BASE + "shapes#")
SHAPES_FILE = "paperkg.ttl"
_HEADER = (
    "# PaperKG's graph contract: SHACL shapes generated from kg/core/vocab.py by `python -m kg.shapes`.\n"
    "# Do not edit by hand; tests/test_shapes.py checks that this file equals what the vocabulary gives.\n"
)


def shape_iri(name: str) -> URIRef:
    """The IRI of the shape for a node label or class name.

    Examples:
        >>> str(shape_iri("Paper"))
        'https://w3id.org/paperkg/shapes#PaperShape'
    """
    return SHAPES[f"{name}Shape"]


def _list(G: Graph, items: list[Any]) -> BNode:
    head = BNode()
    Collection(G, head, items)
    return head


def _class_of(label: str) -> URIRef:
    return NODE_CLASSES.get(label) or ANALYTICS_CLASSES[label]


class _ShapeWriter:
    """Writes the shapes of one class: its closed node shape and one property shape per property.

    Each property shape carries the class as its own target instead of hanging off the node
    shape by sh:property: pySHACL checks a sh:property shape once per focus node, rebuilding its
    constraints every time, but a targeted shape once over all of them (50x faster on our
    graphs). The node shape lists every predicate the class may have in sh:ignoredProperties, so
    closing it still rejects any other.
    """

    def __init__(self, G: Graph, name: str, cls: URIRef, description: str,
                 target: tuple[URIRef, URIRef] | None = None) -> None:
        # target: (sh:targetClass, the class) unless given, e.g. (sh:targetSubjectsOf, a predicate)
        self.G, self.name = G, name
        self.target = target or (SH.targetClass, cls)
        self.allowed: list[URIRef] = [RDF.type]
        self.shape = shape_iri(name)
        G.add((self.shape, RDF.type, SH.NodeShape))
        G.add((self.shape, *self.target))
        G.add((self.shape, SH.description, Literal(description)))
        G.add((self.shape, SH.closed, Literal(True)))

    def _property(self, name: str, path: URIRef | BNode, cardinality: Cardinality | None) -> URIRef:
        prop = SHAPES[f"{self.name}-{name}"]
        G = self.G
        G.add((prop, RDF.type, SH.PropertyShape))
        G.add((prop, *self.target))
        G.add((prop, SH.path, path))
        G.add((prop, SH.name, Literal(name)))
        if isinstance(path, URIRef) and path not in self.allowed:
            self.allowed.append(path)
        if cardinality is not None:
            least, most = cardinality
            if least:
                G.add((prop, SH.minCount, Literal(least)))
            if most is not None:
                G.add((prop, SH.maxCount, Literal(most)))
        return prop

    def literal(self, name: str, predicate: URIRef, datatype: URIRef | None, cardinality: Cardinality) -> None:
        """A property whose values are literals of one datatype (xsd:string when the vocabulary gives none)."""
        prop = self._property(name, predicate, cardinality)
        self.G.add((prop, SH.datatype, datatype or XSD.string))
        if name in VALUE_SETS:
            self.G.add((prop, SH["in"], _list(self.G, [Literal(v) for v in VALUE_SETS[name]])))
        if name == "quarter":
            self.G.add((prop, SH.pattern, Literal(QUARTER_PATTERN)))

    def link(self, name: str, path: URIRef | BNode, labels: tuple[str, ...], cardinality: Cardinality) -> None:
        """Values are IRIs of nodes of these labels: sh:class for one label; for several, the
        values' types must be among theirs (a path `( P rdf:type )` with sh:in). sh:or of sh:class
        says the same, but pySHACL builds a report for every failing alternative (3x slower)."""
        prop = self._property(name, path, cardinality)
        self.G.add((prop, SH.nodeKind, SH.IRI))
        classes = [_class_of(label) for label in labels]
        if len(classes) == 1:
            self.G.add((prop, SH["class"], classes[0]))
            return
        typed = self._property(f"{name}-class", _list(self.G, [path, RDF.type]), None)
        self.G.add((typed, SH["in"], _list(self.G, classes)))

    def concept_link(self, label: str) -> None:
        """At most one skos:exactMatch, to a concept of the shipped vocabularies for this label."""
        prop = self._property("exactMatch", EXACT_MATCH, OPTIONAL)
        self.G.add((prop, SH.nodeKind, SH.IRI))
        self.G.add((prop, SH.pattern, Literal("^" + re.escape(str(taxonomy_iri(label, ""))))))

    def inverse_link(self, name: str, predicate: URIRef, labels: tuple[str, ...], cardinality: Cardinality) -> None:
        """Incoming relationships: how many, and from which class."""
        inverse = BNode()
        self.G.add((inverse, SH.inversePath, predicate))
        self.link(name, inverse, labels, cardinality)

    def close(self) -> None:
        self.G.add((self.shape, SH.ignoredProperties, _list(self.G, self.allowed)))


_DESCRIPTIONS = {
    "Paper": "A paper: its metadata as read, and its relationships to what it proposes, uses, reports and claims.",
    "Result": "A numeric result: value, unit and kind, the metric, dataset and model as written, with provenance.",
    "Claim": "A comparative claim: winner and loser, the names as written, with provenance.",
    "Statement": "A Paper -> entity mention relationship, reified, with where it was read and by what.",
    "CoUsage": "kg analyze: one of an entity's nearest neighbours by co-usage, with the papers that tie them.",
    "QuarterUsage": "kg analyze: an entity's papers and centrality in one quarter.",
}


def generate_shapes() -> Graph:
    """The shapes graph, derived from the vocabulary's tables.

    Examples:
        >>> G = generate_shapes()
        >>> sorted(str(s).rsplit("#")[-1] for s in G.subjects(RDF.type, SH.NodeShape))[:3]
        ['ClaimShape', 'CoUsageShape', 'DatasetShape']
    """
    G = Graph()
    for prefix, ns in PREFIXES.items():
        G.bind(prefix, ns)
    G.bind("sh", SH)
    G.bind("kgsh", SHAPES)
    for label, cls in NODE_CLASSES.items():
        description = _DESCRIPTIONS.get(label, f"A {label.lower()} (an entity): canonical key and one display name.")
        shape = _ShapeWriter(G, label, cls, description)
        for name, cardinality in NODE_PROPERTIES[label].items():
            shape.literal(name, *PROPERTIES[name], cardinality)
        if label in ANALYZED_LABELS:
            for name, cardinality in ENTITY_ANALYTICS.items():
                shape.literal(name, *ANALYTICS_PROPERTIES[name], cardinality)
        for rel, (sources, targets) in RELATION_ENDPOINTS.items():
            if label in sources:
                shape.link(rel, RELATIONS[rel], targets, OUTGOING.get((label, rel), MANY))
        for (target, rel), cardinality in INCOMING.items():
            if target == label:
                shape.inverse_link(f"{rel}-incoming", RELATIONS[rel], RELATION_ENDPOINTS[rel][0], cardinality)
        if label in TAXONOMY_LABELS:
            shape.concept_link(label)
        shape.close()
    _statement_shape(G)
    for name, cls in ANALYTICS_CLASSES.items():
        shape = _ShapeWriter(G, name, cls, _DESCRIPTIONS[name])
        for prop, cardinality in ANALYTICS_NODES[name].items():
            if prop in ANALYTICS_LINKS:
                predicate, labels = ANALYTICS_LINKS[prop]
                shape.link(prop, predicate, labels, cardinality)
            else:
                shape.literal(prop, *ANALYTICS_PROPERTIES[prop], cardinality)
        shape.close()
    return G


def _statement_shape(G: Graph) -> None:
    """The reified Paper -> entity mention: which triple it reifies, and its provenance.

    Which entity classes fit which predicate is the Paper shape's to check, on the triple the
    statement reifies; here the object must be an entity of some class. A statement is untyped
    (`IMPLIED_BY_SUBJECT`), so the shape targets the subjects of rdf:subject.
    """
    shape = _ShapeWriter(G, "Statement", RDF.Statement, _DESCRIPTIONS["Statement"],
                         target=(SH.targetSubjectsOf, RDF.subject))
    shape.link("subject", RDF.subject, ("Paper",), ONE)
    predicate = shape._property("predicate", RDF.predicate, ONE)
    G.add((predicate, SH["in"], _list(G, [RELATIONS[rel] for rel in MENTION_TYPES])))
    shape.link("object", RDF.object, ENTITY_LABELS, ONE)
    for name, cardinality in MENTION_PROPERTIES.items():
        if name not in IMPLIED_BY_SUBJECT:
            shape.literal(name, *PROPERTIES[name], cardinality)
    shape.close()


def shapes_text() -> str:
    """The shapes as the Turtle text shipped in `kg/shapes/paperkg.ttl`."""
    return _HEADER + generate_shapes().serialize(format="turtle")


def load_shapes() -> Graph:
    """The shipped shapes graph (package data)."""
    G = Graph()
    G.parse(data=resources.files("kg").joinpath("shapes", SHAPES_FILE).read_text(encoding="utf-8"), format="turtle")
    return G


def shape_terms(G: Graph) -> set[URIRef]:
    """The classes and predicates the shapes speak about: targets and property paths.

    Examples:
        >>> from kg.core.vocab import KG
        >>> KG.onDataset in shape_terms(generate_shapes())
        True
    """
    terms = {o for target in (SH.targetClass, SH.targetSubjectsOf) for o in G.objects(None, target)
             if isinstance(o, URIRef)}
    for path in G.objects(None, SH.path):
        if isinstance(path, URIRef):
            terms.add(path)
        else:
            terms.update(o for o in G.objects(path, SH.inversePath) if isinstance(o, URIRef))
    return terms


if __name__ == "__main__":
    target = resources.files("kg").joinpath("shapes", SHAPES_FILE)
    with resources.as_file(target) as path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(shapes_text(), encoding="utf-8")
        print(f"wrote {path}")
