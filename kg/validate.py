"""`kg validate`: a store or an exported file checked against the shipped SHACL shapes with pySHACL.

pySHACL is pure Python and holds the data graph in rdflib's memory store, so a whole 50k-paper
graph (4.4 M triples) would not fit in memory nor finish soon. The graph is therefore checked in
batches of whole nodes: a batch holds every triple of its nodes (and the incoming REPORTS and
MAKES that results and claims must have), plus a shallow copy (class and literal properties) of
each node they point to, so `sh:class` and the target-class paths can be checked. Only the
batch's own nodes are reported; the shallow copies are checked in their own batch. A paper's
results and claims (they name it in `kg:paper`) and mention statements (their `rdf:subject`) are
kept in the paper's batch, so each batch is a few hundred papers with everything they say.

Every source goes through pyoxigraph first: the embedded store as it is (its statistics graphs
are internal caches and are skipped), an exported Turtle, N-Triples or JSON-LD file parsed into
an in-memory store, a Neo4j store read back as RDF rows.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.core.errors import KGError
from kg.core.ids import BASE
from kg.core.rdf import edge_quads, node_quads
from kg.core.vocab import INCOMING, PREFIXES, PROPERTIES, RELATIONS
from kg.shapes import load_shapes

log = logging.getLogger(__name__)

# Triples per pySHACL run: about 150 MB of rdflib memory store, a few hundred papers.
BATCH_TRIPLES = 100_000
# Graphs that are no part of the contract: the embedded store's statistics (kg.stores.statistics).
SKIPPED_GRAPH_PREFIX = f"{BASE}graph/stats"
FILE_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
                ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
                ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML}

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Predicates whose incoming triples a node's shape counts (results and claims belong to one paper).
_INVERSE = tuple(ox.NamedNode(str(RELATIONS[rel])) for _, rel in INCOMING)
# Literals that name the paper a node belongs to, for keeping a paper's nodes in one batch.
_PAPER_OF = (ox.NamedNode(str(PROPERTIES["id"][0])), ox.NamedNode(str(PROPERTIES["paper"][0])))
_RDF_SUBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL validation result: which node, which property path, what is wrong."""

    focus: str
    path: str
    message: str
    component: str = ""  # the constraint, e.g. "MinCount", "Datatype", "Closed"
    shape: str = ""

    def line(self) -> str:
        """The one-line form `kg validate` prints: focus node, path, message (tab-separated).

        Examples:
            >>> Violation("https://w3id.org/paperkg/id/result/1", "schema:value", "no value", "MinCount").line()
            'https://w3id.org/paperkg/id/result/1\\tschema:value\\t[MinCount] no value'
        """
        return f"{self.focus}\t{self.path}\t[{self.component}] {self.message}"


@dataclass
class ValidationReport:
    """What a validation found, and how much it checked."""

    violations: list[Violation] = field(default_factory=list)
    nodes: int = 0
    triples: int = 0
    batches: int = 0
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        """One line: conforms or how many violations, and what was checked in how long."""
        what = "conforms" if self.conforms else f"{len(self.violations):,} violation{'s' * (len(self.violations) != 1)}"
        nodes = len({v.focus for v in self.violations})
        where = f" on {nodes:,} node{'s' * (nodes != 1)}" if self.violations else ""
        return (f"{what}{where}: {self.nodes:,} nodes, {self.triples:,} triples checked in {self.batches} "
                f"batch{'es' * (self.batches != 1)}, {self.seconds:.1f} s")


def _is_skipped(graph: Any) -> bool:
    return isinstance(graph, ox.NamedNode) and graph.value.startswith(SKIPPED_GRAPH_PREFIX)


def _subjects_by_paper(native: ox.Store) -> list[tuple[Any, str | None]]:
    """Every subject of the contract's graphs with the paper it belongs to (None: shared), a
    paper's nodes next to each other and shared nodes last."""
    paper_of: dict[Any, str] = {}
    for predicate in _PAPER_OF:
        for quad in native.quads_for_pattern(None, predicate, None, None):
            if not _is_skipped(quad.graph_name):
                paper_of.setdefault(quad.subject, quad.object.value)
    for quad in native.quads_for_pattern(None, _RDF_SUBJECT, None, None):  # a mention statement: its paper's
        if quad.object in paper_of and not _is_skipped(quad.graph_name):
            paper_of.setdefault(quad.subject, paper_of[quad.object])
    subjects = dict.fromkeys(q.subject for q in native.quads_for_pattern(None, None, None, None)
                             if not _is_skipped(q.graph_name))
    ordered = sorted(subjects, key=lambda s: (s not in paper_of, paper_of.get(s, ""), str(s)))
    return [(s, paper_of.get(s)) for s in ordered]


def _triples_of(native: ox.Store, subject: Any) -> list[ox.Quad]:
    return [q for q in native.quads_for_pattern(subject, None, None, None) if not _is_skipped(q.graph_name)]


def _batches(native: ox.Store, *, batch_triples: int) -> Iterator[tuple[set[Any], list[ox.Quad]]]:
    """(the batch's own nodes, the triples to validate them with), batch by batch."""
    own: set[Any] = set()
    quads: list[ox.Quad] = []
    group = None
    for subject, paper in _subjects_by_paper(native):
        # a paper's nodes stay together; shared nodes (no paper) split anywhere
        if len(quads) >= batch_triples and (paper is None or paper != group):
            yield own, _with_context(native, own, quads)
            own, quads = set(), []
        group = paper
        own.add(subject)
        quads.extend(_triples_of(native, subject))
        for predicate in _INVERSE:
            quads.extend(q for q in native.quads_for_pattern(None, predicate, subject, None)
                         if not _is_skipped(q.graph_name))
    if own:
        yield own, _with_context(native, own, quads)


def _with_context(native: ox.Store, own: set[Any], quads: list[ox.Quad]) -> list[ox.Quad]:
    """The batch's triples plus a shallow copy (class and literals) of every node they point to."""
    referenced = {q.object for q in quads if not isinstance(q.object, ox.Literal)}
    referenced.update(q.subject for q in quads)
    context = []
    for node in referenced - own:
        context.extend(q for q in _triples_of(native, node)
                       if isinstance(q.object, ox.Literal) or q.predicate == _RDF_TYPE)
    return quads + context


def _to_rdflib(quads: list[ox.Quad]) -> Any:
    """An rdflib Graph of the quads' triples; xsd:string literals become plain ones, as parsers give."""
    from rdflib import BNode, Graph, Literal, URIRef

    terms: dict[Any, Any] = {}

    def term(node: Any) -> Any:
        found = terms.get(node)
        if found is None:
            if isinstance(node, ox.NamedNode):
                found = URIRef(node.value)
            elif isinstance(node, ox.BlankNode):
                found = BNode(node.value)
            elif node.language:
                found = Literal(node.value, lang=node.language)
            elif node.datatype.value == _XSD_STRING:
                found = Literal(node.value)
            else:
                found = Literal(node.value, datatype=URIRef(node.datatype.value))
            terms[node] = found
        return found

    G = Graph()
    for quad in quads:
        G.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return G


def _short(term: Any, namespaces: list[tuple[str, str]]) -> str:
    """A term as a prefixed name where a PaperKG prefix fits, else its IRI or literal text."""
    text = str(term)
    for prefix, ns in namespaces:
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def _path_text(report: Any, path: Any, namespaces: list[tuple[str, str]]) -> str:
    """A SHACL path as text: `kg:key`, `^kg:reports` (inverse), `kg:ofModel/rdf:type` (sequence)."""
    from rdflib import RDF, BNode
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    if not isinstance(path, BNode):
        return _short(path, namespaces)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(report, inverse, namespaces)
    if report.value(path, RDF.first) is not None:
        return "/".join(_path_text(report, p, namespaces) for p in Collection(report, path))
    return str(path)


def _violations(report: Any, own: set[str]) -> Iterator[Violation]:
    """The report's results about the batch's own nodes, as Violations."""
    from rdflib import RDF
    from rdflib.namespace import SH

    namespaces = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda pn: -len(pn[1]))
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode))
        if focus not in own:
            continue
        path = report.value(result, SH.resultPath)
        component = str(report.value(result, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
        yield Violation(
            focus=focus,
            path=_path_text(report, path, namespaces) if path is not None else "",
            message=" ".join(str(report.value(result, SH.resultMessage) or "").split()),
            component=component.removesuffix("ConstraintComponent"),
            shape=_short(report.value(result, SH.sourceShape), [("kgsh", f"{BASE}shapes#")]),
        )


def validate_native(native: ox.Store, *, batch_triples: int = BATCH_TRIPLES,
                    on_batch: Callable[[int], None] | None = None) -> ValidationReport:
    """Validate the contract's graphs of a pyoxigraph store (every graph but the statistics).

    Args:
        native: the store; its default graph and named graphs are read as one graph.
        batch_triples: about how many triples pySHACL validates at a time.
        on_batch: called with the number of nodes of each batch done (progress).

    Returns:
        The violations, sorted by focus node and path, and what was checked.
    """
    try:
        import pyshacl
    except ImportError as e:
        raise KGError("[V001] kg validate needs pySHACL: pip install 'paperkg[shacl]'") from e

    started = time.perf_counter()
    shapes = load_shapes()
    report = ValidationReport()
    seen: set[Violation] = set()
    for own, quads in _batches(native, batch_triples=batch_triples):
        data = _to_rdflib(quads)
        _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                         inplace=True, allow_infos=False, allow_warnings=False)
        for violation in _violations(results, {str(s.value) if isinstance(s, ox.NamedNode) else str(s) for s in own}):
            if violation not in seen:
                seen.add(violation)
                report.violations.append(violation)
        report.nodes += len(own)
        report.triples += sum(1 for q in quads if q.subject in own)
        report.batches += 1
        log.debug("batch %d: %d nodes, %d triples", report.batches, len(own), len(quads))
        if on_batch is not None:
            on_batch(len(own))
    report.violations.sort(key=lambda v: (v.focus, v.path, v.component, v.message))
    report.seconds = time.perf_counter() - started
    return report


def load_file(path: str | Path) -> ox.Store:
    """An in-memory pyoxigraph store holding an RDF file (format by suffix, `.gz` allowed).

    Raises:
        KGError: the file is missing, its format unknown, or it does not parse.
    """
    import gzip

    path = Path(path)
    if not path.is_file():
        raise KGError(f"[V002] file not found: {path}")
    suffixes = [s.lower() for s in path.suffixes]
    zipped = suffixes[-1:] == [".gz"]
    suffix = suffixes[-2] if zipped and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    fmt = FILE_FORMATS.get(suffix)
    if fmt is None:
        raise KGError(f"[V003] cannot tell the RDF format of {path.name}: use one of {', '.join(FILE_FORMATS)}")
    native = ox.Store()
    try:
        with (gzip.open(path, "rb") if zipped else open(path, "rb")) as f:
            native.bulk_load(f, format=fmt)
    except (OSError, SyntaxError, ValueError) as e:
        raise KGError(f"[V004] cannot parse {path}: {e}") from e
    return native


def validate_file(path: str | Path, **options: Any) -> ValidationReport:
    """Validate an exported Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML file."""
    return validate_native(load_file(path), **options)


def validate_store(store: Any, **options: Any) -> ValidationReport:
    """Validate a store: the embedded one directly, any other read back as RDF (`store.rows()`)."""
    native = getattr(store, "native", None)
    if native is None:
        rows = store.rows()
        native = ox.Store()
        native.extend([q for node in rows.nodes for q in node_quads(node)])
        native.extend([q for edge in rows.edges for q in edge_quads(edge)])
    return validate_native(native, **options)
