"""The embedded store's load path: one paper's quads as N-Quads text, and the bulk loader's journal.

`paper_quads` is a pure function of a paper's graph rows, so the extraction workers of a build
run it and the writer (`kg.stores.rdf.RDFStore.add_prepared`) only parses text. Each paper's own
facts go in a named graph of their own (`paper_graph_iri`); shared entity nodes and OUTPERFORMS
edges go in the default graph. A paper's content hash is written last: it is the mark that the
paper is whole.

Papers new to the store can go through Oxigraph's bulk loader, which writes files straight into
the store outside any transaction: `bulk_write` lists the graphs it is about to write in a journal
(`kg:bulkLoading` in the statistics graph) first, and `recover_bulk_load`, run by the next writer
that opens the store, removes those a killed load left without their content hash.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pyoxigraph as ox

from kg.core.graph import MENTION_RELATIONS, Edge, GraphRows, Node
from kg.core.ids import node_iri
from kg.core.rdf import PROPERTY_TERMS, edge_nquads, node_nquads, nquads_literal
from kg.core.vocab import ENTITY_LABELS, KG
from kg.stores.statistics import DATASET_IRI, PENDING_MARK, STATS_GRAPH_IRI

__all__ = ["PaperQuads", "bulk_write", "content_hash_nquad", "paper_graph_iri", "paper_quads", "recover_bulk_load"]

log = logging.getLogger(__name__)

# Nodes and edges shared by papers go in the default graph (see module docstring).
SHARED_LABELS = frozenset(ENTITY_LABELS)
SHARED_RELATIONS = frozenset({"OUTPERFORMS"})
CONTENT_HASH = PROPERTY_TERMS["content_hash"][0]
_BULK_LOADING = ox.NamedNode(str(KG.bulkLoading))
_DATASET, _STATS_GRAPH = ox.NamedNode(DATASET_IRI), ox.NamedNode(STATS_GRAPH_IRI)
_CLEAR_JOURNAL = f"DELETE WHERE {{ GRAPH {_STATS_GRAPH} {{ {_DATASET} {_BULK_LOADING} ?graph }} }}"


def paper_graph_iri(paper_key: str) -> str:
    """The named graph holding one paper's facts.

    Examples:
        >>> paper_graph_iri("2401.1")
        'https://w3id.org/paperkg/id/paper/2401.1/graph'
    """
    return node_iri("Paper", paper_key) + "/graph"


def content_hash_nquad(paper_key: str, content_hash: str) -> str:
    """The quad that marks a paper as loaded whole: its content hash, in its graph."""
    return (f"<{node_iri('Paper', paper_key)}> {CONTENT_HASH} {nquads_literal('content_hash', content_hash)} "
            f"<{paper_graph_iri(paper_key)}> .\n")



@dataclass(frozen=True)
class PaperQuads:
    """One paper's graph rows as N-Quads text, ready to write: what extraction workers send the writer."""

    key: str
    content_hash: str | None
    facts: str  # the paper's own graph, its content hash left out (written last, see `bulk_write`)
    shared: str  # shared entity nodes (names left out) and OUTPERFORMS edges, in the default graph
    names: dict[str, str]  # shared entity IRI -> its name in this paper (the store keeps the least)
    mentioned: frozenset[str]  # IRIs of the entities the paper mentions, for the task model counts
    nodes: int
    edges: int
    quads: int


def paper_quads(rows: GraphRows) -> PaperQuads | None:
    """One paper's rows (papers first, as `graph_rows` makes them) as `PaperQuads`; None without a paper.

    A pure function of the rows, so it runs in the extraction workers, not in the writer.

    Examples:
        >>> rows = GraphRows([Node("Paper", "p1", {"title": "T", "content_hash": "h"}), Node("Dataset", "glue", {"name": "GLUE"})],
        ...                  [Edge("USES", ("Paper", "p1"), ("Dataset", "glue"))])
        >>> q = paper_quads(rows)
        >>> q.names, sorted(q.mentioned), q.facts.count("\\n"), q.shared.count("\\n"), q.quads
        ({'https://w3id.org/paperkg/id/dataset/glue': 'GLUE'}, ['https://w3id.org/paperkg/id/dataset/glue'], 3, 1, 5)
    """
    if not rows.nodes or rows.nodes[0].label != "Paper":
        return None
    paper = rows.nodes[0]
    graph = f"<{paper_graph_iri(paper.key)}>"
    facts: list[str] = []
    shared: list[str] = []
    names: dict[str, str] = {}
    for node in rows.nodes:
        if node.label in SHARED_LABELS:
            iri = node_iri(node.label, node.key)
            name = str(node.props.get("name", node.key))
            names[iri] = min(names.get(iri, name), name)
            shared.extend(node_nquads(Node(node.label, node.key, {k: v for k, v in node.props.items() if k != "name"})))
        elif node is paper:
            facts.extend(node_nquads(Node(node.label, node.key, {k: v for k, v in node.props.items() if k != "content_hash"}), graph))
        else:
            facts.extend(node_nquads(node, graph))
    for edge in rows.edges:
        if edge.type in SHARED_RELATIONS:
            shared.extend(edge_nquads(edge))
        else:
            facts.extend(edge_nquads(edge, graph))
    mentioned = frozenset(node_iri(*e.dst) for e in rows.edges if e.src == paper.ref and e.type in MENTION_RELATIONS)
    content = paper.props.get("content_hash")
    return PaperQuads(paper.key, content, "".join(facts), "".join(shared), names, mentioned, len(rows.nodes),
                      len(rows.edges), len(facts) + len(shared) + (content is not None))


def bulk_write(native: ox.Store, papers: list[PaperQuads], facts: str, rest: str) -> int:
    """Write papers new to the store: their graphs (`facts`) through the bulk loader, then in one
    transaction their shared entities, names and content hashes (`rest`). The graphs the bulk
    loader is about to write are listed first (`kg:bulkLoading`): if the load is killed, the next
    open removes those of them that have no content hash (`recover_bulk_load`), and every paper
    in the store is whole again. Returns the quads written in transactions (not yet flushed)."""
    journal = [ox.Quad(_DATASET, _BULK_LOADING, ox.NamedNode(paper_graph_iri(p.key)), _STATS_GRAPH) for p in papers]
    native.extend([PENDING_MARK, *journal])
    # lenient: the text is ours (`paper_quads`, IRIs from `kg.core.ids`), so the parser skips
    # checking every IRI again (5-10% of a bulk load's CPU)
    native.bulk_load(facts, format=ox.RdfFormat.N_QUADS, lenient=True)
    native.load(rest, format=ox.RdfFormat.N_QUADS, lenient=True)
    native.update(_CLEAR_JOURNAL)  # one transaction, where a removal per quad is one each
    return len(journal) * 2 + rest.count("\n")


def recover_bulk_load(native: ox.Store) -> None:
    """Remove the graphs a bulk load killed midway left without their content hash."""
    for quad in list(native.quads_for_pattern(_DATASET, _BULK_LOADING, None, _STATS_GRAPH)):
        graph = quad.object
        paper = ox.NamedNode(graph.value.removesuffix("/graph"))
        if next(native.quads_for_pattern(paper, CONTENT_HASH, None, graph), None) is None:
            log.info("removing %s, left incomplete by a bulk load that did not finish", graph.value)
            native.remove_graph(graph)
        native.remove(quad)
