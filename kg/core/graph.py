"""Extractions -> property-graph nodes and edges, the form every store and export reads.

One mapping, used by both stores: the RDF store turns these rows into triples
through `kg.core.vocab`, the Neo4j store MERGEs them, networkx and the exports read
them directly. Node keys are deterministic (`kg.core.ids`), so rows of the same
paper are the same rows every time.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.core import taxonomy
from kg.core.ids import short_hash
from kg.core.model import Entity, Extraction, Paper
from kg.core.vocab import MENTION_TYPES, RELATION_ENDPOINTS, lower_is_better

NodeRef = tuple[str, str]  # (label, key)


@dataclass(frozen=True, slots=True)
class Node:
    """A node: its label, deterministic key and properties."""

    label: str
    key: str
    props: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def ref(self) -> NodeRef:
        return (self.label, self.key)


@dataclass(frozen=True, slots=True)
class Edge:
    """A relationship between two nodes; unique by (src, type, dst)."""

    type: str
    src: NodeRef
    dst: NodeRef
    props: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class GraphRows:
    """The nodes and edges of one or more papers, papers first."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def extend(self, other: GraphRows) -> None:
        self.nodes.extend(other.nodes)
        self.edges.extend(other.edges)


def content_hash(paper: Paper) -> str:
    """Hash of what extraction reads from a paper; unchanged hash = nothing to redo.

    Examples:
        >>> content_hash(Paper(id="1", title="T", abstract="A.")) == content_hash(Paper(id="1", title="T", abstract="A."))
        True
    """
    return short_hash(paper.title, paper.abstract)


def paper_node(paper: Paper) -> Node:
    """The Paper node, with the metadata read from the input."""
    props = {
        "key": paper.id,
        "id": paper.id,
        "title": paper.title,
        "abstract": paper.abstract,
        "date": paper.date,
        "url": paper.url,
        "authors": list(paper.authors) or None,
        "author_count": paper.author_count,
        "categories": list(paper.categories) or None,
        "upvotes": paper.upvotes,
        "source": paper.source,
        "content_hash": content_hash(paper),
    }
    return Node("Paper", paper.id, {k: v for k, v in props.items() if v is not None})


def _sentence_at(extraction: Extraction, starts: list[int], offset: int) -> tuple[str, int, int]:
    """The sentence (text, start, end) of the abstract that contains `offset`."""
    sentences = extraction.sentences
    if not sentences:
        text = extraction.paper.abstract
        return text, 0, len(text)
    i = max(0, bisect.bisect_right(starts, offset) - 1)
    start, end = sentences[i]
    return extraction.paper.abstract[start:end], start, end


def entity_node(label: str, key: str, name: str) -> Node:
    """A Model, Method, Dataset, Metric or Task node; metrics say which direction is better.
    A node whose key is a concept of the vocabularies (`kg.core.taxonomy`) carries its canonical
    name and id, and a metric the direction the vocabulary gives it.

    Examples:
        >>> entity_node("Metric", "perplexity", "PPL").props["lower_is_better"]
        True
        >>> node = entity_node("Metric", "worderrorrate", "WER")
        >>> node.props["canonical_name"], node.props["canonical_id"], node.props["lower_is_better"]
        ('Word Error Rate', 'word-error-rate', True)
        >>> entity_node("Metric", "accuracy", "3D accuracy").props["name"]
        'Accuracy'
    """
    concept = taxonomy.lookup(label, key)  # from the key: equal on every load
    # A concept's node is named by the vocabulary, not by whichever spelling of a paper sorts
    # first: the stores keep the least name seen, and "3D accuracy" (a paper's modifier on a known
    # "accuracy") sorts before "Accuracy". The name as written stays on each paper's mention.
    props: dict[str, Any] = {"key": key, "name": concept.name if concept is not None else name}
    if concept is not None:
        props.update(canonical_name=concept.name, canonical_id=concept.id)
    if label == "Metric":
        props["lower_is_better"] = metric_lower_is_better(key, concept)
    return Node(label, key, props)


def metric_lower_is_better(metric: str, concept: Any = None) -> bool:
    """Whether a smaller value of `metric` (a name or key) is better: the direction the shipped
    vocabulary gives its concept, else what its words say ("error", "latency"; `kg.core.vocab`).

    Examples:
        >>> metric_lower_is_better("WER"), metric_lower_is_better("top-1 accuracy"), metric_lower_is_better("FooLoss")
        (True, False, True)
    """
    if concept is None:
        concept = taxonomy.lookup("Metric", taxonomy.canonical_key("Metric", metric))
    known = concept.higher_is_better if concept is not None else None
    return (not known) if known is not None else lower_is_better(metric)


_RELATION_OF_TYPE = {"Dataset": "EVALUATES_ON", "Task": "ADDRESSES"}
# Every Paper->entity relationship `mention_relation` can give (the vocabulary's mention types).
MENTION_RELATIONS: frozenset[str] = frozenset(MENTION_TYPES)


def mention_relation(entity: Entity) -> str:
    """The Paper->entity relationship type for an entity.

    Examples:
        >>> from kg.core.model import Mention
        >>> mention_relation(Entity("GLUE", "Dataset", "glue", (Mention(0, 4, "GLUE"),)))
        'EVALUATES_ON'
    """
    if entity.proposed:
        return "PROPOSES"
    return _RELATION_OF_TYPE.get(entity.type, "USES")


def graph_rows(extraction: Extraction) -> GraphRows:
    """Nodes and edges of one paper's extraction.

    Results and claims become n-ary nodes; every fact keeps its sentence, offsets,
    extractor and confidence.

    Examples:
        >>> from kg.core.model import Mention
        >>> paper = Paper(id="p1", title="T", abstract="We use GLUE.")
        >>> ent = Entity("GLUE", "Dataset", "glue", (Mention(7, 11, "GLUE"),))
        >>> rows = graph_rows(Extraction(paper, entities=(ent,)))
        >>> [n.ref for n in rows.nodes], [(e.type, e.dst) for e in rows.edges]
        ([('Paper', 'p1'), ('Dataset', 'glue')], [('EVALUATES_ON', ('Dataset', 'glue'))])
    """
    paper = extraction.paper
    rows = GraphRows()
    pnode = paper_node(paper)
    rows.nodes.append(pnode)
    starts = [s for s, _ in extraction.sentences]
    version = extraction.extractor_version
    by_key: dict[str, NodeRef] = {}
    by_name: dict[str, NodeRef] = {}
    seen_nodes: set[NodeRef] = {pnode.ref}

    def add_node(node: Node) -> NodeRef:
        if node.ref not in seen_nodes:
            seen_nodes.add(node.ref)
            rows.nodes.append(node)
        return node.ref

    for entity in extraction.entities:
        ref = add_node(entity_node(entity.type, entity.key, entity.name))
        by_key.setdefault(entity.key, ref)
        for m in entity.mentions:
            by_name.setdefault(m.text.lower(), ref)
        first = entity.mentions[0] if entity.mentions else None
        props: dict[str, Any] = {
            "name": first.text if first is not None else entity.name,  # as written in this paper
            "mentions": len(entity.mentions),
            "confidence": entity.confidence,
            "extractor": f"{entity.extractor}/{version}",
            "paper": paper.id,
        }
        if first is not None:
            sentence, _, _ = _sentence_at(extraction, starts, first.start)
            props.update(sentence=sentence, start=first.start, end=first.end)
        rows.edges.append(Edge(mention_relation(entity), pnode.ref, ref, props))

    def entity_ref(name: str | None, role: str, default_label: str) -> NodeRef | None:
        """The node a result or claim names in a role (OF_MODEL, WINNER, ...): the paper's entity of
        that name when its label fits the role (kg.core.vocab), else a node of `default_label`."""
        if not name:
            return None
        allowed = RELATION_ENDPOINTS[role][1]
        key = taxonomy.canonical_key(default_label, name)
        for ref in (by_name.get(name.lower()), by_key.get(key)):
            if ref is not None and ref[0] in allowed:
                return ref
        if not key:
            return None
        # e.g. a result's dataset that the paper's entities call a model: the result's reading of
        # its sentence decides its own link, so the graph keeps the contract
        ref = (default_label, key)
        if ref not in seen_nodes:
            add_node(entity_node(default_label, key, name))
        by_key.setdefault(key, ref)
        return ref

    def known_ref(name: str | None, label: str) -> NodeRef | None:
        ref = (by_name.get(name.lower()) or by_key.get(taxonomy.canonical_key(label, name))) if name else None
        return ref if ref is not None and ref[0] == label else None

    for result in extraction.results:
        key = short_hash(paper.id, result.raw_start, result.raw_end, result.value, result.metric)
        props = {k: v for k, v in result.to_dict().items() if v is not None and k not in ("text", "setting")}
        # each stated condition is a property of its own ("protocol": "zero-shot"), and `setting`
        # all of them on one line, what leaderboards show, group by and filter on
        props.update(result.setting, setting=result.setting_label, key=key, sentence=result.evidence.text,
                     paper=paper.id, extractor=f"{result.extractor}/{version}")
        rref = add_node(Node("Result", key, props))
        rows.edges.append(Edge("REPORTS", pnode.ref, rref))
        # a metric the paper names as a Metric, else what its phrase names as one ("accuracy
        # gain": accuracy); a generic word ("performance", "gain") stays the result's metricName
        # without becoming a Metric node
        # "zero-shot accuracy" measures accuracy (the setting is the result's own property), so
        # results under every setting meet on one leaderboard
        phrase = taxonomy.metric_without_setting(result.metric) if result.metric else None
        metric = known_ref(phrase, "Metric")
        named = taxonomy.metric_name(phrase) if metric is None and phrase else None
        if named is not None:
            metric = known_ref(named, "Metric")
            if metric is None and (" " in named or taxonomy.lookup("Metric", named) is not None):
                metric = entity_ref(named, "MEASURES", "Metric")  # a bare acronym ("GRPO"): a Metric only when known
        if metric is not None:
            rows.edges.append(Edge("MEASURES", rref, metric))
        for rel, name, label in (("ON_DATASET", result.dataset, "Dataset"), ("OF_MODEL", result.model, "Model")):
            target = entity_ref(name, rel, label)
            if target is not None:
                rows.edges.append(Edge(rel, rref, target))

    outperforms: set[tuple[NodeRef, NodeRef]] = set()
    for claim in extraction.claims:
        winner = entity_ref(claim.subject, "WINNER", "Method")
        loser = entity_ref(claim.object, "LOSER", "Method")
        if winner is None or loser is None or winner == loser:
            continue
        key = short_hash(paper.id, winner, loser, claim.evidence.start)
        props = {k: v for k, v in claim.to_dict().items() if k != "text"}
        props.update(key=key, sentence=claim.evidence.text, paper=paper.id,
                     extractor=f"{claim.extractor}/{version}")
        cref = add_node(Node("Claim", key, props))
        rows.edges.append(Edge("MAKES", pnode.ref, cref))
        rows.edges.append(Edge("WINNER", cref, winner))
        rows.edges.append(Edge("LOSER", cref, loser))
        if (winner, loser) not in outperforms:
            outperforms.add((winner, loser))
            rows.edges.append(Edge("OUTPERFORMS", winner, loser))
    return rows


def rows_of(extractions: Iterable[Extraction]) -> Iterator[GraphRows]:
    """Graph rows for each extraction, in order."""
    for extraction in extractions:
        yield graph_rows(extraction)


def to_networkx(rows: Iterable[GraphRows]) -> Any:
    """A networkx MultiDiGraph of the rows; node ids are "Label:key".

    Node attributes: `label` and every property; edge attributes: `type` and
    every property. Repeated nodes merge, repeated edges (same src, type, dst)
    are kept once.

    Examples:
        >>> G = to_networkx([GraphRows([Node("Paper", "p", {"title": "T"})], [])])
        >>> dict(G.nodes["Paper:p"])
        {'label': 'Paper', 'title': 'T'}
    """
    import networkx as nx

    G = nx.MultiDiGraph()
    for part in rows:
        for node in part.nodes:
            nid = f"{node.label}:{node.key}"
            if nid in G:
                G.nodes[nid].update({k: v for k, v in node.props.items() if k not in G.nodes[nid]})
            else:
                G.add_node(nid, label=node.label, **node.props)
        for edge in part.edges:
            u, v = f"{edge.src[0]}:{edge.src[1]}", f"{edge.dst[0]}:{edge.dst[1]}"
            if not G.has_edge(u, v, key=edge.type):
                G.add_edge(u, v, key=edge.type, type=edge.type, **edge.props)
    return G
