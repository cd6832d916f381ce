"""The Neo4j store's own statements: writes, schema and analytics, generated from the vocabulary.

User-facing questions are files in `queries/`; the statements a store needs to write itself stay
here (as neo4j-graphrag keeps its `neo4j_queries.py`). Labels and relationship types come from
`kg.core.vocab`, never from input text, and every value is passed as a `$rows` parameter.
"""

from __future__ import annotations

from kg.core.errors import StoreError
from kg.core.vocab import (
    ANALYTICS_NODE_PROPERTIES,
    CO_USAGE_RELATION,
    ENTITY_LABELS,
    LIST_PROPERTIES,
    MENTION_PROPERTIES,
    MENTION_TYPES,
    NODE_CLASSES,
    NODE_PROPERTIES,
    PROPERTIES,
    RELATION_ENDPOINTS,
    RELATIONS,
)


# Nodes and relationships that belong to one paper: a load deletes a changed paper's ones first
# (DELETE_PAPER_FACTS), so it CREATEs them; shared entities and OUTPERFORMS are MERGEd.
PAPER_OWN_LABELS = frozenset({"Result", "Claim"})
PAPER_LABELS = PAPER_OWN_LABELS | {"Paper"}
# Papers new to the store are CREATEd (with their content hash); papers it holds are MERGEd.
NEW_PAPERS = "new Paper"
# Nodes before the relationships between them; papers first, then their results and claims, then
# shared entities. The statements of NEW_OWN_NODES create nodes no other batch of a load writes.
NEW_OWN_NODES = frozenset({NEW_PAPERS, *PAPER_OWN_LABELS})
WRITE_ORDER = (NEW_PAPERS, "Paper", *sorted(PAPER_OWN_LABELS), *sorted(set(NODE_CLASSES) - PAPER_LABELS))
RELATION_ORDER = tuple(sorted(RELATIONS))


# The properties a write statement sets, named one by one (from the vocabulary): a whole map
# (`SET n += row.props`) may hold `key`, which the MATCH/MERGE reads, so the planner put an `Eager`
# (every row held, then a second pass) into every write. `content_hash` is a row's own `hash`.
NODE_WRITE_PROPERTIES = {label: tuple(name for name in props if name not in ("key", "content_hash")
                                     and not (name == "name" and label in ENTITY_LABELS))  # entities: least name
                         for label, props in NODE_PROPERTIES.items()}
EDGE_WRITE_PROPERTIES = {rel: tuple(MENTION_PROPERTIES) if rel in MENTION_TYPES else () for rel in RELATIONS}
# What a node statement returns: the element id of each row's node, which the relationship
# statements of the same transaction look their endpoints up by (ids are reused only after a
# delete is committed, so within one transaction an id names one node). One row of two lists:
# a record per node cost the client more than the rows it sends. `n.key`, not `row.key`: a
# read of the row after the write made the planner put an Eager before the projection.
_RETURN_IDS = " RETURN collect(n.key) AS keys, collect(elementId(n)) AS ids"


def node_write_query(label: str) -> str:
    """The statement that writes a batch of nodes of one label and returns each one's element id:
    CREATE, properties in the pattern, for a paper's results and claims and for papers new to
    the store (`NEW_PAPERS`); MERGE on the key for papers the store holds and shared entities,
    whose properties a row lacks stay as they were (as `SET n += row.props` would leave them).

    Entities keep the least spelling of their name seen so far, as the RDF store
    does, so both stores agree whatever the load order.

    Examples:
        >>> print(node_write_query("Model"))
        UNWIND $rows AS row MERGE (n:Model {key: row.key}) SET n.aliases = coalesce(row.props.aliases, n.aliases), n.name = CASE WHEN n.name IS NULL OR row.name < n.name THEN row.name ELSE n.name END RETURN collect(n.key) AS keys, collect(elementId(n)) AS ids
        >>> print(node_write_query("Claim")[:80])
        UNWIND $rows AS row CREATE (n:Claim {key: row.key, type: row.props.type, subject
        >>> print(node_write_query(NEW_PAPERS).split("})")[0][-22:])
        content_hash: row.hash
    """
    new_papers = label == NEW_PAPERS
    label = "Paper" if new_papers else label
    if label not in NODE_CLASSES:
        raise StoreError(f"[S020] unknown node label {label!r}")
    names = NODE_WRITE_PROPERTIES[label]
    if label in PAPER_OWN_LABELS or new_papers:
        fields = ["key: row.key", *(f"{x}: row.props.{x}" for x in names), *(["content_hash: row.hash"] if new_papers else [])]
        return f"UNWIND $rows AS row CREATE (n:{label} {{{', '.join(fields)}}})" + _RETURN_IDS
    sets = [f"n.{x} = coalesce(row.props.{x}, n.{x})" for x in names]
    if label in ENTITY_LABELS:
        sets.append("n.name = CASE WHEN n.name IS NULL OR row.name < n.name THEN row.name ELSE n.name END")
    if label == "Paper":
        sets.append("n.content_hash = row.hash")
    return f"UNWIND $rows AS row MERGE (n:{label} {{key: row.key}}) SET {', '.join(sets)}" + _RETURN_IDS


def edge_write_query(rel: str) -> str:
    """The statement that writes a batch of relationships of one type between nodes given by
    element id (`node_write_query` returned them in the same transaction): CREATE, properties in
    the pattern, from a paper, a result or a claim (their old relationships are gone); MERGE
    between entities. Each end is one id lookup, no index seek on a string key.

    Examples:
        >>> print(edge_write_query("REPORTS"))
        UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.src MATCH (b) WHERE elementId(b) = row.dst CREATE (a)-[r:REPORTS]->(b)
        >>> print(edge_write_query("OUTPERFORMS").split("row.dst ")[-1])
        MERGE (a)-[r:OUTPERFORMS]->(b)
        >>> print(edge_write_query("USES").split("row.dst ")[-1][:60])
        CREATE (a)-[r:USES {name: row.props.name, sentence: row.prop
    """
    if rel not in RELATIONS:
        raise StoreError(f"[S020] unknown relationship type {rel!r}")
    names = EDGE_WRITE_PROPERTIES[rel]
    props = f" {{{', '.join(f'{x}: row.props.{x}' for x in names)}}}" if names else ""
    ends = "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.src MATCH (b) WHERE elementId(b) = row.dst "
    sources = set(RELATION_ENDPOINTS[rel][0])
    if not sources & PAPER_LABELS:
        if names:  # a MERGE must not match on the properties
            raise StoreError(f"[S020] no properties on shared relationship {rel}")
        return ends + f"MERGE (a)-[r:{rel}]->(b)"
    if not sources <= PAPER_LABELS:  # one statement per type: CREATE or MERGE for all its rows
        raise StoreError(f"[S020] {rel} has both a paper's and shared nodes as sources")
    return ends + f"CREATE (a)-[r:{rel}{props}]->(b)"


def write_statements() -> tuple[tuple[str, str], ...]:
    """The statements that write a batch of papers, in order, each with the name of the rows it takes.

    Every node label (`node_write_query`: papers new to the store, papers it holds, then the
    others), each returning its nodes' element ids, then every relationship type
    (`edge_write_query`), its ends looked up by those ids. A batch runs those it has rows for,
    all in one transaction. Each is a small statement of fixed text, planned once in
    milliseconds: the one statement of thirty `CALL` subqueries that did it before took the
    server 5-8 s to plan (so more than the write itself), again each time the growing graph's
    statistics made it replan, and put an `Eager` between every two subqueries.

    Examples:
        >>> steps = write_statements()
        >>> [name for name, _ in steps[:2]], steps[1][1][:60]
        (['new Paper', 'Paper'], 'UNWIND $rows AS row MERGE (n:Paper {key: row.key}) SET n.id ')
        >>> len(steps), steps[-1][0]
        (21, 'WINNER')
    """
    steps: list[tuple[str, str]] = [(label, node_write_query(label)) for label in WRITE_ORDER]
    steps += [(rel, edge_write_query(rel)) for rel in RELATION_ORDER]
    return tuple(steps)


# The papers of a batch the store holds, with their content hashes (None: never fully loaded).
HELD_PAPERS = "UNWIND $keys AS key MATCH (p:Paper {key: key}) RETURN p.key AS key, p.content_hash AS hash"
# The element ids of nodes a batch links to without writing them (rows built by hand may do that).
NODE_IDS = "UNWIND $keys AS key MATCH (n:{label} {{key: key}}) RETURN key, elementId(n) AS id"


# Cypher property types of the XSD datatypes (property type constraints, Neo4j Enterprise 5.9+).
_CYPHER_TYPES = {None: "STRING", "integer": "INTEGER", "double": "FLOAT", "boolean": "BOOLEAN"}
# The mark that a paper is loaded: no existence constraint on it.
_WRITTEN_LAST = frozenset({"content_hash"})


def _cypher_type(name: str) -> str:
    datatype = PROPERTIES[name][1]
    base = _CYPHER_TYPES[str(datatype).rsplit("#", 1)[-1] if datatype is not None else None]
    return f"LIST<{base} NOT NULL>" if name in LIST_PROPERTIES else base


def schema_statements(*, enterprise: bool) -> list[str]:
    """The constraints that follow from the vocabulary (kg.core.vocab), in the order they are created.

    Every edition: a uniqueness constraint on `key` for every label. Enterprise only (Community
    5.x refuses them, so there the contract is checked after the fact by `kg validate`): `key`
    as a node key, existence of every property the vocabulary requires, property types of every
    property, and the same for the provenance on Paper -> entity relationships.

    Examples:
        >>> schema_statements(enterprise=False)[0]
        'CREATE CONSTRAINT paper_key IF NOT EXISTS FOR (n:Paper) REQUIRE n.key IS UNIQUE'
        >>> "CREATE CONSTRAINT result_value_type IF NOT EXISTS FOR (n:Result) REQUIRE n.value IS :: FLOAT" in (
        ...     schema_statements(enterprise=True))
        True
    """
    out = [f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE"
           for label in NODE_CLASSES]
    if not enterprise:
        return out
    for label, properties in NODE_PROPERTIES.items():
        out.append(f"CREATE CONSTRAINT {label.lower()}_node_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS NODE KEY")
        for name, (least, _) in properties.items():
            if least and name not in _WRITTEN_LAST and name != "key":
                out.append(f"CREATE CONSTRAINT {label.lower()}_{name}_exists IF NOT EXISTS "
                           f"FOR (n:{label}) REQUIRE n.{name} IS NOT NULL")
            out.append(f"CREATE CONSTRAINT {label.lower()}_{name}_type IF NOT EXISTS "
                       f"FOR (n:{label}) REQUIRE n.{name} IS :: {_cypher_type(name)}")
    for rel in MENTION_TYPES:
        for name, (least, _) in MENTION_PROPERTIES.items():
            if least:
                out.append(f"CREATE CONSTRAINT {rel.lower()}_{name}_exists IF NOT EXISTS "
                           f"FOR ()-[r:{rel}]-() REQUIRE r.{name} IS NOT NULL")
            out.append(f"CREATE CONSTRAINT {rel.lower()}_{name}_type IF NOT EXISTS "
                       f"FOR ()-[r:{rel}]-() REQUIRE r.{name} IS :: {_cypher_type(name)}")
    return out


def analytics_update_query(label: str) -> str:
    """The statement that sets `kg analyze`'s figures on a batch of entities of one label.

    Examples:
        >>> print(analytics_update_query("Dataset"))
        UNWIND $rows AS row MATCH (e:Dataset {key: row.key}) SET e += row.props
    """
    if label not in ENTITY_LABELS:
        raise StoreError(f"[S020] unknown entity label {label!r}")
    return f"UNWIND $rows AS row MATCH (e:{label} {{key: row.key}}) SET e += row.props"


def co_usage_query(src_label: str, dst_label: str) -> str:
    """The statement that creates a batch of CO_USED_WITH relationships (nearest neighbours)."""
    if src_label not in ENTITY_LABELS or dst_label not in ENTITY_LABELS:
        raise StoreError(f"[S020] unknown co-usage {src_label}->{dst_label}")
    return (f"UNWIND $rows AS row MATCH (a:{src_label} {{key: row.src}}) MATCH (b:{dst_label} {{key: row.dst}}) "
            f"CREATE (a)-[:{CO_USAGE_RELATION} {{papers: row.papers, score: row.score, rank: row.rank, "
            "tie_papers: row.tie_papers}]->(b)")


# Removes the previous analysis: its figures on entities, then its relationships (batched).
CLEAR_ANALYTICS = ("MATCH (e) WHERE e.centrality IS NOT NULL CALL (e) { REMOVE "
                   + ", ".join(f"e.{name}" for name in sorted(ANALYTICS_NODE_PROPERTIES))
                   + " } IN TRANSACTIONS OF 10000 ROWS")
CLEAR_CO_USAGE = (f"MATCH ()-[r:{CO_USAGE_RELATION}]->() CALL (r) {{ DELETE r }} IN TRANSACTIONS OF 10000 ROWS")

# Removes what a changed paper had: its results and claims, then its own relationships.
DELETE_PAPER_FACTS = (
    "UNWIND $keys AS key MATCH (p:Paper {key: key}) "
    "OPTIONAL MATCH (p)-[:REPORTS|MAKES]->(x) DETACH DELETE x "
    "WITH DISTINCT p MATCH (p)-[r]->() DELETE r"
)
