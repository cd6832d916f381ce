"""RDFStore: graph rows as RDF in an rdflib Dataset backed by Oxigraph (oxrdflib).

Each paper's own facts live in a named graph of their own (`<paper IRI>/graph`),
so reloading a changed paper replaces exactly its facts; shared entity nodes
and OUTPERFORMS edges live in the default graph, where a triple exists once.
Queries see the union of all graphs. Edges with provenance are reified as
`rdf:Statement` nodes carrying the sentence, offsets, extractor and confidence.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, Graph

import queries
from kg.errors import QueryError, StoreError
from kg.graph import Edge, GraphRows, Node
from kg.ids import BASE, node_iri, short_hash
from kg.stores import LoadStats
from kg.vocab import KG, LIST_PROPERTIES, NODE_CLASSES, PREFIXES, PROPERTIES, RELATIONS

log = logging.getLogger(__name__)

# Nodes and edges shared by papers go in the default graph (see module docstring).
SHARED_LABELS = frozenset({"Model", "Method", "Dataset", "Metric", "Task"})
SHARED_RELATIONS = frozenset({"OUTPERFORMS"})
_CLASS_LABELS = {cls: label for label, cls in NODE_CLASSES.items()}
_RELATION_TYPES = {pred: rel for rel, pred in RELATIONS.items()}


def paper_graph_iri(paper_key: str) -> URIRef:
    """The named graph holding one paper's facts.

    Examples:
        >>> str(paper_graph_iri("2401.1"))
        'https://w3id.org/paperkg/id/paper/2401.1/graph'
    """
    return URIRef(node_iri("Paper", paper_key) + "/graph")


def statement_iri(edge: Edge) -> URIRef:
    """The reified statement node that carries an edge's provenance."""
    return URIRef(f"{BASE}id/statement/{short_hash(edge.src, edge.type, edge.dst)}")


def _literal(name: str, value: Any) -> Literal:
    _, datatype = PROPERTIES[name]
    if isinstance(value, bool):
        return Literal(value)
    if datatype is not None:
        return Literal(value, datatype=datatype)
    return Literal(str(value))


def node_triples(node: Node) -> Iterator[tuple[URIRef, URIRef, Literal | URIRef]]:
    """RDF triples of one node: its class and each property.

    Examples:
        >>> [str(o) for _, _, o in node_triples(Node("Metric", "bleu", {"key": "bleu", "name": "BLEU"}))]
        ['https://w3id.org/paperkg/vocab#Metric', 'bleu', 'BLEU']
    """
    iri = URIRef(node_iri(node.label, node.key))
    yield iri, RDF.type, NODE_CLASSES[node.label]
    for name, value in node.props.items():
        if value is None or name not in PROPERTIES:
            continue
        predicate = PROPERTIES[name][0]
        if name in LIST_PROPERTIES and isinstance(value, (list, tuple)):
            for item in value:
                yield iri, predicate, _literal(name, item)
        else:
            yield iri, predicate, _literal(name, value)


def edge_triples(edge: Edge) -> Iterator[tuple[URIRef, URIRef, Literal | URIRef]]:
    """RDF triples of one edge, plus its reified statement when it has properties."""
    s = URIRef(node_iri(*edge.src))
    o = URIRef(node_iri(*edge.dst))
    p = RELATIONS[edge.type]
    yield s, p, o
    if edge.props:
        st = statement_iri(edge)
        yield st, RDF.type, RDF.Statement
        yield st, RDF.subject, s
        yield st, RDF.predicate, p
        yield st, RDF.object, o
        for name, value in edge.props.items():
            if value is not None and name in PROPERTIES:
                yield st, PROPERTIES[name][0], _literal(name, value)


class RDFStore:
    """The embedded store: an rdflib Dataset on Oxigraph, on disk or in memory."""

    supports_sparql = True
    supports_cypher = False

    def __init__(self, dataset: Dataset, *, url: str) -> None:
        self.dataset = dataset
        self.url = url
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)

    @classmethod
    def from_url(cls, url: str, **options: Any) -> RDFStore:
        """Open `memory:`, `oxigraph:PATH` or a plain directory path.

        Raises:
            StoreError: the directory cannot be created or is locked by another process.
        """
        path = url.split(":", 1)[1] if url.startswith("oxigraph:") else url
        dataset = Dataset(store="Oxigraph", default_union=True)
        if url != "memory:":
            try:
                Path(path).mkdir(parents=True, exist_ok=True)
                dataset.open(path)
            except (OSError, ValueError) as e:
                raise StoreError(f"[S003] cannot open the store at {path}: {e}") from e
        return cls(dataset, url=url)

    # --- writing -------------------------------------------------------------------------

    def content_hashes(self, paper_ids: Iterable[str]) -> dict[str, str]:
        """The stored content hash of each of these papers that is loaded."""
        out = {}
        for paper_id in paper_ids:
            iri = URIRef(node_iri("Paper", paper_id))
            value = self.dataset.value(iri, PROPERTIES["content_hash"][0])
            if value is not None:
                out[paper_id] = str(value)
        return out

    def add(self, rows: Iterable[GraphRows], *, batch_size: int = 500) -> LoadStats:
        """Load each paper's rows, replacing that paper's graph; unchanged papers are skipped."""
        stats = LoadStats()
        started = time.perf_counter()
        batch: list[GraphRows] = []
        for part in rows:
            batch.append(part)
            if len(batch) >= batch_size:
                self._write(batch, stats)
                batch = []
        if batch:
            self._write(batch, stats)
        stats.seconds = time.perf_counter() - started
        return stats

    def _write(self, batch: list[GraphRows], stats: LoadStats) -> None:
        papers = {part.nodes[0].key: part for part in batch if part.nodes and part.nodes[0].label == "Paper"}
        stored = self.content_hashes(papers)
        quads: list[tuple[Any, Any, Any, Graph]] = []
        names: dict[URIRef, str] = {}
        default = self.dataset.default_graph
        for key, part in papers.items():
            if stored.get(key) == part.nodes[0].props.get("content_hash"):
                stats.unchanged += 1
                continue
            graph = self.dataset.graph(paper_graph_iri(key))
            if key in stored:
                self.dataset.remove_graph(graph)
                graph = self.dataset.graph(paper_graph_iri(key))
            for node in part.nodes:
                if node.label in SHARED_LABELS:
                    iri = URIRef(node_iri(node.label, node.key))
                    name = str(node.props.get("name", node.key))
                    names[iri] = min(names.get(iri, name), name)
                    node = Node(node.label, node.key, {k: v for k, v in node.props.items() if k != "name"})
                target = default if node.label in SHARED_LABELS else graph
                quads.extend((s, p, o, target) for s, p, o in node_triples(node))
            for edge in part.edges:
                target = default if edge.type in SHARED_RELATIONS else graph
                quads.extend((s, p, o, target) for s, p, o in edge_triples(edge))
            stats.papers += 1
            stats.nodes += len(part.nodes)
            stats.edges += len(part.edges)
        quads.extend(self._settled_names(names))
        if quads:
            try:
                self.dataset.addN(quads)
            except Exception as e:  # the Oxigraph binding raises OSError/ValueError subclasses
                raise StoreError(f"[S004] cannot write to the store at {self.url}: {e}") from e
        stats.triples += len(quads)

    def _settled_names(self, names: dict[URIRef, str]) -> Iterator[tuple[Any, Any, Any, Graph]]:
        """Name quads for shared entities: each keeps one name, the least of all seen,
        as the Neo4j store does, so both stores agree whatever the load order."""
        if not names:
            return
        default = self.dataset.default_graph
        name_predicate = PROPERTIES["name"][0]
        existing = {iri: list(default.objects(iri, name_predicate)) for iri in names}
        for iri, name in names.items():
            best = min([name, *(str(n) for n in existing.get(iri, ()))])
            for old in existing.get(iri, ()):
                if str(old) != best:
                    default.remove((iri, name_predicate, old))
            if best not in {str(n) for n in existing.get(iri, ())}:
                yield iri, name_predicate, Literal(best), default

    # --- reading -------------------------------------------------------------------------

    def sparql(self, text: str, bindings: dict[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """Rows of a SPARQL query as dicts of Python values; updates need `write=True`.

        Raises:
            QueryError: the query is malformed, or an update without `write`.
        """
        if bindings:
            text = with_values(text, bindings)
        if _is_update(text):
            if not write:
                raise QueryError("[Q005] this is a SPARQL update; the store is read-only unless --write is given")
            try:
                # Straight to Oxigraph: rdflib's Dataset.update wraps it in a way oxrdflib rejects.
                self.dataset.store.update(text, initNs=PREFIXES, initBindings={}, queryGraph=DATASET_DEFAULT_GRAPH_ID)
            except Exception as e:
                raise QueryError(f"[Q006] SPARQL update failed: {e}") from e
            return []
        try:
            result = self.dataset.query(text, initNs=PREFIXES)
            if result.type == "ASK":
                return [{"answer": bool(result.askAnswer)}]
            if result.type == "CONSTRUCT":
                return [{"subject": str(s), "predicate": str(p), "object": _python(o)} for s, p, o in result.graph]
            names = [str(v) for v in result.vars]
            return [{n: _python(row.get(v)) for n, v in zip(names, result.vars)} for row in result.bindings]
        except QueryError:
            raise
        except Exception as e:
            raise QueryError(f"[Q006] SPARQL query failed: {e}") from e

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of the canned query `name`."""
        query = queries.load(name, "sparql")
        return self.sparql(query.text, queries.bind(query, params))

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and relationships per type."""
        return {row["name"]: row["count"] for row in self.run("counts")}

    def __len__(self) -> int:
        return len(self.dataset)

    def rows(self) -> GraphRows:
        """Every node and edge, read back from the triples (the inverse of `add`)."""
        out = GraphRows()
        refs: dict[Any, tuple[str, str]] = {}
        for cls, label in _CLASS_LABELS.items():
            for (subject,) in self.dataset.query(f"SELECT DISTINCT ?s WHERE {{ ?s a <{cls}> }}"):
                props = self._props(subject)
                key = props.get("key") or str(subject).rsplit("/", 1)[-1]
                refs[subject] = (label, key)
                out.nodes.append(Node(label, key, props))
        preds = " ".join(f"<{p}>" for p in RELATIONS.values())
        statements: dict[tuple[Any, Any, Any], dict[str, Any]] = {}
        for st, s, p, o in self.dataset.query(
            "SELECT DISTINCT ?st ?s ?p ?o WHERE { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }",
            initNs=PREFIXES,
        ):
            statements[(s, p, o)] = self._props(st)
        for s, p, o in self.dataset.query(
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {preds} }} ?s ?p ?o }}"
        ):
            if s in refs and o in refs:
                out.edges.append(Edge(_RELATION_TYPES[p], refs[s], refs[o], statements.get((s, p, o), {})))
        return out

    def _props(self, subject: Any) -> dict[str, Any]:
        by_predicate: dict[Any, list[str]] = {}
        for name, (predicate, _) in PROPERTIES.items():
            by_predicate.setdefault(predicate, []).append(name)
        props: dict[str, Any] = {}
        label = None
        for _, predicate, obj in self.dataset.triples((subject, None, None)):
            if predicate == RDF.type:
                label = _CLASS_LABELS.get(obj)
                continue
            for name in by_predicate.get(predicate, ()):
                if name in ("title", "name"):  # both are schema:name; pick by node label below
                    props.setdefault("_name", []).append(str(obj))
                    break
                if name in LIST_PROPERTIES:
                    props.setdefault(name, []).append(_python(obj))
                else:
                    value = _python(obj)
                    props[name] = min(props[name], value) if name in props and isinstance(value, str) else value
                break
        names = sorted(props.pop("_name", []))
        if names:
            props["title" if label == "Paper" else "name"] = names[0]
        for name in LIST_PROPERTIES & props.keys():
            props[name] = sorted(props[name])
        return props

    def serialize(self, fmt: str) -> str:
        """The whole graph as text: "turtle", "nt" or "json-ld" (triples), "nquads" (with graphs)."""
        if fmt == "nquads":
            return self.dataset.serialize(format="nquads")
        union = Graph()
        for prefix, ns in PREFIXES.items():
            union.bind(prefix, ns)
        for triple in self.dataset.triples((None, None, None)):
            union.add(triple)
        return union.serialize(format=fmt)

    def close(self) -> None:
        """Flush and close the store."""
        try:
            self.dataset.close()
        except Exception:  # closing an in-memory Oxigraph store has nothing to flush
            log.debug("closing %s", self.url, exc_info=True)


_PROLOGUE = re.compile(r"^\s*(?:(?:#[^\n]*|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.I)
_UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


def _is_update(text: str) -> bool:
    """Whether a SPARQL text is an update (its first keyword after the prologue).

    Examples:
        >>> _is_update("PREFIX a: <x:> DELETE WHERE { ?s ?p ?o }"), _is_update("SELECT * { ?s ?p ?o }")
        (True, False)
    """
    body = text[_PROLOGUE.match(text).end():]
    return body.lstrip().upper().startswith(_UPDATE_KEYWORDS)


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def with_values(text: str, bindings: dict[str, Any]) -> str:
    """The query with its parameters bound by a VALUES block at the top of its WHERE.

    Values are serialised by rdflib (`Literal.n3()`), which escapes quotes,
    backslashes and newlines, so no value can change the query. (Oxigraph's own
    substitutions only bind projected variables, which our aggregates are not.)

    Examples:
        >>> with_values('SELECT ?t WHERE { ?p ?x ?k }', {"k": 'a"} DROP ALL', "unused": 1})
        'SELECT ?t WHERE { VALUES (?k) { ("a\\\\"} DROP ALL") } ?p ?x ?k }'
    """
    used = [name for name in bindings if re.search(rf"[?$]{re.escape(name)}\b", text)]
    if not used:
        return text
    match = _WHERE.search(text)
    if match is None:
        raise QueryError("[Q007] a parameterised SPARQL query needs a WHERE { ... } block")
    names = " ".join(f"?{n}" for n in used)
    values = " ".join(Literal(bindings[n]).n3() for n in used)
    return f"{text[: match.end()]} VALUES ({names}) {{ ({values}) }}{text[match.end():]}"


def _python(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.toPython() if value.datatype is not None else str(value)
    if isinstance(value, BNode):
        return f"_:{value}"
    return str(value)
