"""Graph rows as RDF: the one mapping from nodes and edges to quads, and from quads back to rows.

The embedded store writes these quads (`kg.stores.rdf`), the exports serialise them
(`kg.export`), and validation reads them (`kg.validate`). A node is its class and one triple
per property; a Dataset, Metric or Task of the shipped vocabularies also links to its concept by
skos:exactMatch. An edge is one triple, and when it carries properties a statement reifying it
(rdf:subject, rdf:predicate, rdf:object) carries them, but for its paper, which is its subject
(`IMPLIED_BY_SUBJECT`). IRIs come from `kg.core.ids`, predicates and datatypes from
`kg.core.vocab`. The terms are pyoxigraph's: the store takes them as they are, Oxigraph's
serialisers write Turtle and N-Triples from them, and `kg.export` compact JSON-LD.

The lookup tables (class IRI -> label, predicate IRI -> property names, ...) are built once,
here, for every reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import RDF, XSD

from kg.core.graph import Edge, GraphRows, Node, NodeRef
from kg.core.ids import BASE, node_iri, short_hash
from kg.core.vocab import (
    EXACT_MATCH,
    IMPLIED_BY_SUBJECT,
    LIST_PROPERTIES,
    NODE_CLASSES,
    PROPERTIES,
    RELATIONS,
    taxonomy_iri,
)

__all__ = [
    "edge_nquads",
    "edge_quads",
    "literal",
    "node_nquads",
    "node_quads",
    "nquads_literal",
    "node_ref",
    "properties_of",
    "property_values",
    "python_value",
    "rows_from_quads",
    "statement_iri",
    "statement_properties",
]

RDF_TYPE = ox.NamedNode(str(RDF.type))
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = (ox.NamedNode(str(t)) for t in (RDF.subject, RDF.predicate, RDF.object))
XSD_BOOLEAN = ox.NamedNode(str(XSD.boolean))
XSD_INTEGER = ox.NamedNode(str(XSD.integer))
SKOS_EXACT_MATCH = ox.NamedNode(str(EXACT_MATCH))

# label -> class, relationship type -> predicate, property -> (predicate, datatype or None)
CLASS_TERMS: dict[str, ox.NamedNode] = {label: ox.NamedNode(str(cls)) for label, cls in NODE_CLASSES.items()}
RELATION_TERMS: dict[str, ox.NamedNode] = {rel: ox.NamedNode(str(p)) for rel, p in RELATIONS.items()}
PROPERTY_TERMS: dict[str, tuple[ox.NamedNode, ox.NamedNode | None]] = {
    name: (ox.NamedNode(str(p)), ox.NamedNode(str(dt)) if dt is not None else None)
    for name, (p, dt) in PROPERTIES.items()
}
# ... and back, by IRI text
LABEL_OF_CLASS: dict[str, str] = {str(cls): label for label, cls in NODE_CLASSES.items()}
RELATION_OF_PREDICATE: dict[str, str] = {str(p): rel for rel, p in RELATIONS.items()}
PROPERTY_NAMES: dict[str, tuple[str, ...]] = {}
for _name, (_predicate, _) in PROPERTIES.items():
    PROPERTY_NAMES[str(_predicate)] = (*PROPERTY_NAMES.get(str(_predicate), ()), _name)
_STATEMENT_PARTS = {str(RDF.subject): "s", str(RDF.predicate): "p", str(RDF.object): "o"}
_NODE_IRI_PREFIX = f"{BASE}id/"
_LABEL_OF_SEGMENT = {label.lower(): label for label in NODE_CLASSES}
_NUMBER_TYPES = {str(XSD.double): float, str(XSD.integer): int}
# Our datatypes, and any other numeric type a SPARQL answer can carry (AVG gives xsd:decimal).
_PYTHON_OF_DATATYPE = {
    str(XSD.integer): int, str(XSD.double): float, str(XSD.boolean): lambda v: v == "true",
    **{str(XSD[t]): int for t in ("int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                   "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong")},
    str(XSD.decimal): float, str(XSD.float): float,
}


def literal(name: str, value: Any) -> ox.Literal:
    """The literal of a property value, in the datatype the vocabulary gives the property.

    Doubles are written as Python's `repr`, integers as `int`, booleans as true/false, so a
    value has one lexical form whichever store or export writes it.

    Examples:
        >>> str(literal("value", 15.8)), str(literal("start", 7.0)), str(literal("lower_is_better", True))
        ('"15.8"^^<http://www.w3.org/2001/XMLSchema#double>', '"7"^^<http://www.w3.org/2001/XMLSchema#integer>', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>')
        >>> str(literal("name", 'say "hi"'))
        '"say \\\\"hi\\\\""'
    """
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=XSD_BOOLEAN)
    datatype = PROPERTY_TERMS[name][1]
    if datatype is None:
        return ox.Literal(str(value))
    kind = _NUMBER_TYPES.get(datatype.value)
    text = repr(float(value)) if kind is float else str(int(value)) if kind is int else str(value)
    return ox.Literal(text, datatype=datatype)


def node_quads(node: Node, graph: ox.NamedNode | ox.DefaultGraph | None = None) -> Iterator[ox.Quad]:
    """The quads of one node in `graph` (default: the default graph): its class, each property,
    and its skos:exactMatch link to its vocabulary concept when it has a canonical id.

    Examples:
        >>> [str(q.object) for q in node_quads(Node("Metric", "bleu", {"key": "bleu", "name": "BLEU"}))]
        ['<https://w3id.org/paperkg/vocab#Metric>', '"bleu"', '"BLEU"']
        >>> [q.object.value for q in node_quads(Node("Dataset", "coco", {"canonical_id": "coco"}))
        ...  if q.predicate == SKOS_EXACT_MATCH]
        ['https://w3id.org/paperkg/taxonomy/dataset/coco']
    """
    graph = ox.DefaultGraph() if graph is None else graph
    iri = ox.NamedNode(node_iri(node.label, node.key))
    yield ox.Quad(iri, RDF_TYPE, CLASS_TERMS[node.label], graph)
    if node.props.get("canonical_id"):
        yield ox.Quad(iri, SKOS_EXACT_MATCH, ox.NamedNode(str(taxonomy_iri(node.label, node.props["canonical_id"]))), graph)
    for name, value in property_values(node.props):
        yield ox.Quad(iri, PROPERTY_TERMS[name][0], literal(name, value), graph)


def property_values(props: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(property, value) for each literal a node's properties make: a value of None or of a
    property the vocabulary does not know makes none, a list property one per item.

    Examples:
        >>> list(property_values({"name": "BLEU", "aliases": ["bleu-4", "BLEU4"], "url": None, "x": 1}))
        [('name', 'BLEU'), ('aliases', 'bleu-4'), ('aliases', 'BLEU4')]
    """
    for name, value in props.items():
        if value is None or name not in PROPERTY_TERMS:
            continue
        if name in LIST_PROPERTIES and isinstance(value, list | tuple):
            for item in value:
                yield name, item
        else:
            yield name, value


def statement_iri(edge: Edge) -> str:
    """The IRI of the reified statement that carries an edge's properties.

    Examples:
        >>> statement_iri(Edge("USES", ("Paper", "p1"), ("Model", "bert")))
        'https://w3id.org/paperkg/id/statement/1b843fada7ae60ba'
    """
    return f"{BASE}id/statement/{short_hash(edge.src, edge.type, edge.dst)}"


def edge_quads(edge: Edge, graph: ox.NamedNode | ox.DefaultGraph | None = None) -> Iterator[ox.Quad]:
    """The quads of one edge in `graph`: its triple, plus the statement reifying it when it has
    properties (its `paper` left out: the statement's subject says it).

    Examples:
        >>> len(list(edge_quads(Edge("USES", ("Paper", "p1"), ("Model", "bert"))))),\\
        ...     len(list(edge_quads(Edge("USES", ("Paper", "p1"), ("Model", "bert"), {"mentions": 2, "paper": "p1"}))))
        (1, 5)
    """
    graph = ox.DefaultGraph() if graph is None else graph
    s = ox.NamedNode(node_iri(*edge.src))
    o = ox.NamedNode(node_iri(*edge.dst))
    p = RELATION_TERMS[edge.type]
    yield ox.Quad(s, p, o, graph)
    if edge.props:
        st = ox.NamedNode(statement_iri(edge))
        yield ox.Quad(st, RDF_SUBJECT, s, graph)
        yield ox.Quad(st, RDF_PREDICATE, p, graph)
        yield ox.Quad(st, RDF_OBJECT, o, graph)
        for name, value in edge.props.items():
            if value is not None and name in PROPERTY_TERMS and name not in IMPLIED_BY_SUBJECT:
                yield ox.Quad(st, PROPERTY_TERMS[name][0], literal(name, value), graph)


# --- the same quads as N-Quads text ------------------------------------------------------------
# The embedded store's loads write text: extraction workers make it and the store parses it in
# Rust, which costs a third of building the pyoxigraph terms in Python. A test checks that the
# text parses to exactly the quads of `node_quads` and `edge_quads`.

_NQ_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NQ_TYPE, _NQ_EXACT_MATCH = (str(t) for t in (RDF_TYPE, SKOS_EXACT_MATCH))
_NQ_SUBJECT, _NQ_PREDICATE, _NQ_OBJECT = (str(t) for t in (RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT))
_NQ_CLASSES = {label: str(term) for label, term in CLASS_TERMS.items()}
_NQ_RELATIONS = {rel: str(term) for rel, term in RELATION_TERMS.items()}
# property -> (predicate, datatype suffix, Python type the lexical form is made from)
_NQ_PROPERTIES = {
    name: (str(predicate), f"^^{datatype}" if datatype is not None and datatype.value != str(XSD.string) else "",
           _NUMBER_TYPES.get(datatype.value) if datatype is not None else None)
    for name, (predicate, datatype) in PROPERTY_TERMS.items()
}
_NQ_BOOLEANS = {value: f'"{"true" if value else "false"}"^^{XSD_BOOLEAN}' for value in (True, False)}


def nquads_literal(name: str, value: Any) -> str:
    """`literal(name, value)` as N-Quads text.

    Examples:
        >>> nquads_literal("value", 15), nquads_literal("name", 'say "hi"') == str(literal("name", 'say "hi"'))
        ('"15.0"^^<http://www.w3.org/2001/XMLSchema#double>', True)
    """
    if isinstance(value, bool):
        return _NQ_BOOLEANS[value]
    _, suffix, kind = _NQ_PROPERTIES[name]
    text = repr(float(value)) if kind is float else str(int(value)) if kind is int else str(value)
    return f'"{text.translate(_NQ_ESCAPES)}"{suffix}'


def node_nquads(node: Node, graph: str = "") -> Iterator[str]:
    """The lines of `node_quads(node)` as N-Quads text, in `graph` ("<IRI>", or "" for the default graph).

    Examples:
        >>> print("".join(node_nquads(Node("Metric", "bleu", {"name": "BLEU"}), "<urn:g>")), end="")
        <https://w3id.org/paperkg/id/metric/bleu> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/paperkg/vocab#Metric> <urn:g> .
        <https://w3id.org/paperkg/id/metric/bleu> <https://schema.org/name> "BLEU" <urn:g> .
    """
    iri = f"<{node_iri(node.label, node.key)}>"
    tail = f" {graph} .\n" if graph else " .\n"
    yield f"{iri} {_NQ_TYPE} {_NQ_CLASSES[node.label]}{tail}"
    if node.props.get("canonical_id"):
        yield f"{iri} {_NQ_EXACT_MATCH} <{taxonomy_iri(node.label, node.props['canonical_id'])}>{tail}"
    for name, value in property_values(node.props):
        yield f"{iri} {_NQ_PROPERTIES[name][0]} {nquads_literal(name, value)}{tail}"


def edge_nquads(edge: Edge, graph: str = "") -> Iterator[str]:
    """The lines of `edge_quads(edge)` as N-Quads text, in `graph` ("<IRI>", or "" for the default graph)."""
    tail = f" {graph} .\n" if graph else " .\n"
    s, o, p = f"<{node_iri(*edge.src)}>", f"<{node_iri(*edge.dst)}>", _NQ_RELATIONS[edge.type]
    yield f"{s} {p} {o}{tail}"
    if edge.props:
        st = f"<{statement_iri(edge)}>"
        yield f"{st} {_NQ_SUBJECT} {s}{tail}"
        yield f"{st} {_NQ_PREDICATE} {p}{tail}"
        yield f"{st} {_NQ_OBJECT} {o}{tail}"
        for name, value in edge.props.items():
            if value is not None and name in _NQ_PROPERTIES and name not in IMPLIED_BY_SUBJECT:
                yield f"{st} {_NQ_PROPERTIES[name][0]} {nquads_literal(name, value)}{tail}"


def node_ref(iri: str) -> NodeRef | None:
    """The (label, key) of a node IRI (the inverse of `kg.core.ids.node_iri`); None for any other IRI.

    Examples:
        >>> node_ref(node_iri("Paper", "seed%2001")), node_ref(node_iri("Dataset", "wikitext103"))
        (('Paper', 'seed%2001'), ('Dataset', 'wikitext103'))
        >>> node_ref(node_iri("Paper", "p1") + "/graph"), node_ref(statement_iri(Edge("USES", ("Paper", "p"), ("Model", "m"))))
        (None, None)
    """
    if not iri.startswith(_NODE_IRI_PREFIX):
        return None
    segment, _, key = iri[len(_NODE_IRI_PREFIX):].partition("/")
    label = _LABEL_OF_SEGMENT.get(segment)
    if label is None or not key or "/" in key:  # node_iri quotes "/" in keys
        return None
    return label, unquote(key)


def python_value(term: Any) -> Any:
    """A term as a Python value: IRIs as strings, literals as numbers or booleans by datatype, else text.

    Examples:
        >>> python_value(literal("value", 15.8)), python_value(literal("start", 3)), python_value(ox.NamedNode("urn:x"))
        (15.8, 3, 'urn:x')
        >>> python_value(ox.Literal("abc", datatype=XSD_INTEGER)), python_value(None)
        ('abc', None)
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        convert = _PYTHON_OF_DATATYPE.get(term.datatype.value)
        try:
            return convert(term.value) if convert is not None else term.value
        except ValueError:  # an ill-typed literal ("abc"^^xsd:integer): keep its text
            return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def properties_of(values: dict[str, list[Any]], label: str | None) -> dict[str, Any]:
    """A node's (or a statement's) properties from its literal values per predicate IRI."""
    out: dict[str, Any] = {}
    for predicate, items in values.items():
        names = PROPERTY_NAMES[predicate]
        if len(names) > 1:  # title and name share schema:name
            name = "title" if label == "Paper" else "name"
        else:
            name = names[0]
        out[name] = sorted(items) if name in LIST_PROPERTIES else min(items) if len(items) > 1 else items[0]
    return out


def statement_properties(values: dict[str, list[Any]], src: NodeRef) -> dict[str, Any]:
    """A reified edge's properties from its statement's literal values per predicate IRI, with
    its paper, which the statement leaves to its subject (`IMPLIED_BY_SUBJECT`).

    Examples:
        >>> statement_properties({PROPERTY_TERMS["mentions"][0].value: [2]}, ("Paper", "p1"))
        {'mentions': 2, 'paper': 'p1'}
    """
    props = properties_of(values, None)
    if props and src[0] == "Paper":
        props["paper"] = src[1]  # a paper's key is its id (kg.core.graph.paper_node)
    return props


def rows_from_quads(quads: Iterable[ox.Quad]) -> GraphRows:
    """The nodes and edges that quads hold, the inverse of `node_quads` and `edge_quads`.

    Quads of anything else (the store's statistics, `kg analyze`'s figures) are passed over, and
    an edge is kept only when both its ends are among the nodes.

    Examples:
        >>> rows = GraphRows([Node("Paper", "p1", {"key": "p1", "title": "T", "authors": ["B", "A"]}),
        ...                   Node("Model", "bert", {"key": "bert", "name": "BERT"})],
        ...                  [Edge("USES", ("Paper", "p1"), ("Model", "bert"), {"mentions": 2})])
        >>> back = rows_from_quads([*node_quads(rows.nodes[0]), *node_quads(rows.nodes[1]), *edge_quads(rows.edges[0])])
        >>> [(n.ref, n.props) for n in back.nodes]
        [(('Paper', 'p1'), {'key': 'p1', 'title': 'T', 'authors': ['A', 'B']}), (('Model', 'bert'), {'key': 'bert', 'name': 'BERT'})]
        >>> back.edges
        [Edge(type='USES', src=('Paper', 'p1'), dst=('Model', 'bert'), props={'mentions': 2, 'paper': 'p1'})]
    """
    labels: dict[str, str] = {}
    values: dict[str, dict[str, list[Any]]] = {}
    links: list[tuple[str, str, str]] = []
    statements: dict[str, dict[str, str]] = {}
    rdf_type = RDF_TYPE.value
    for quad in quads:
        s, p, o = quad.subject.value, quad.predicate.value, quad.object
        if p == rdf_type:  # a statement typed rdf:Statement (as stores before 2026-12 wrote) is found by its parts
            if o.value in LABEL_OF_CLASS:
                labels[s] = LABEL_OF_CLASS[o.value]
        elif p in RELATION_OF_PREDICATE:
            links.append((s, p, o.value))
        elif p in _STATEMENT_PARTS:
            statements.setdefault(s, {})[_STATEMENT_PARTS[p]] = o.value
        elif p in PROPERTY_NAMES and isinstance(o, ox.Literal):
            values.setdefault(s, {}).setdefault(p, []).append(python_value(o))
    out = GraphRows()
    refs: dict[str, NodeRef] = {}
    for s, label in labels.items():
        props = properties_of(values.get(s, {}), label)
        refs[s] = (label, props.get("key") or s.rsplit("/", 1)[-1])
        out.nodes.append(Node(*refs[s], props))
    edge_props = {(st["s"], st["p"], st["o"]): statement_properties(values.get(iri, {}), refs[st["s"]])
                  for iri, st in statements.items() if len(st) == 3 and st["s"] in refs}
    for s, p, o in dict.fromkeys(links):
        if s in refs and o in refs:
            out.edges.append(Edge(RELATION_OF_PREDICATE[p], refs[s], refs[o], edge_props.get((s, p, o), {})))
    return out
