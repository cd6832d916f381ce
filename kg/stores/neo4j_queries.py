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
# Nodes before the relationships between them; papers first.
WRITE_ORDER = tuple(sorted(NODE_CLASSES, key=lambda label: label != "Paper"))
RELATION_PAIRS = tuple(sorted((rel, src, dst) for rel, (sources, targets) in RELATION_ENDPOINTS.items()
                              for src in sources for dst in targets))


# The properties a write statement sets, named one by one (from the vocabulary): a whole map
# (`SET n += row.props`) may hold `key`, which the MATCH/MERGE reads, so the planner put an `Eager`
# (every row held, then a second pass) into every write. `content_hash` is written last (MARK_LOADED).
NODE_WRITE_PROPERTIES = {label: tuple(name for name in props if name not in ("key", "content_hash")
                                     and not (name == "name" and label in ENTITY_LABELS))  # entities: least name
                         for label, props in NODE_PROPERTIES.items()}
EDGE_WRITE_PROPERTIES = {rel: tuple(MENTION_PROPERTIES) if rel in MENTION_TYPES else () for rel in RELATIONS}


def node_write_query(label: str) -> str:
    """The statement that writes a batch of nodes of one label: CREATE, properties in the pattern,
    for a paper's results and claims; MERGE on the key for papers and shared entities, whose
    properties a row lacks stay as they were (as `SET n += row.props` would leave them).

    Entities keep the least spelling of their name seen so far, as the RDF store
    does, so both stores agree whatever the load order.

    Examples:
        >>> print(node_write_query("Model"))
        UNWIND $rows AS row MERGE (n:Model {key: row.key}) SET n.aliases = coalesce(row.props.aliases, n.aliases), n.name = CASE WHEN n.name IS NULL OR row.name < n.name THEN row.name ELSE n.name END
        >>> print(node_write_query("Claim")[:80])
        UNWIND $rows AS row CREATE (n:Claim {key: row.key, type: row.props.type, subject
    """
    if label not in NODE_CLASSES:
        raise StoreError(f"[S020] unknown node label {label!r}")
    names = NODE_WRITE_PROPERTIES[label]
    if label in PAPER_OWN_LABELS:
        return f"UNWIND $rows AS row CREATE (n:{label} {{{', '.join(['key: row.key', *(f'{x}: row.props.{x}' for x in names)])}}})"
    sets = [f"n.{x} = coalesce(row.props.{x}, n.{x})" for x in names]
    if label in ENTITY_LABELS:
        sets.append("n.name = CASE WHEN n.name IS NULL OR row.name < n.name THEN row.name ELSE n.name END")
    return f"UNWIND $rows AS row MERGE (n:{label} {{key: row.key}}) SET {', '.join(sets)}"


def edge_write_query(rel: str, src_label: str, dst_label: str) -> str:
    """The statement that writes a batch of relationships of one type between two labels: CREATE,
    properties in the pattern, from a paper, a result or a claim (their old relationships are
    gone); MERGE between entities. Both ends are found through the key constraints.

    Examples:
        >>> print(edge_write_query("REPORTS", "Paper", "Result"))
        UNWIND $rows AS row MATCH (a:Paper {key: row.src}) MATCH (b:Result {key: row.dst}) CREATE (a)-[r:REPORTS]->(b)
        >>> print(edge_write_query("OUTPERFORMS", "Model", "Method").split("}) ")[-1])
        MERGE (a)-[r:OUTPERFORMS]->(b)
        >>> print(edge_write_query("USES", "Paper", "Task").split("}) ")[-1][:60])
        CREATE (a)-[r:USES {name: row.props.name, sentence: row.prop
    """
    if rel not in RELATIONS or src_label not in NODE_CLASSES or dst_label not in NODE_CLASSES:
        raise StoreError(f"[S020] unknown relationship {src_label}-{rel}->{dst_label}")
    names = EDGE_WRITE_PROPERTIES[rel]
    props = f" {{{', '.join(f'{x}: row.props.{x}' for x in names)}}}" if names else ""
    if src_label not in PAPER_LABELS:
        if names:  # a MERGE must not match on the properties
            raise StoreError(f"[S020] no properties on shared relationship {rel}")
        return (f"UNWIND $rows AS row MATCH (a:{src_label} {{key: row.src}}) MATCH (b:{dst_label} {{key: row.dst}}) "
                f"MERGE (a)-[r:{rel}]->(b)")
    return (f"UNWIND $rows AS row MATCH (a:{src_label} {{key: row.src}}) MATCH (b:{dst_label} {{key: row.dst}}) "
            f"CREATE (a)-[r:{rel}{props}]->(b)")


def write_statements() -> tuple[tuple[str, str], ...]:
    """The statements that write a batch of papers, in order, each with the name of the rows it takes.

    Every node label (`node_write_query`, papers first), then every relationship type between
    two labels (`kg.core.vocab.RELATION_ENDPOINTS`; `edge_write_query`), then the content hashes
    (`MARK_LOADED`). A batch runs those it has rows for, all in one transaction. Each is a small
    statement of fixed text, planned once in milliseconds: the one statement of thirty `CALL`
    subqueries that did it before took the server 5-8 s to plan (so more than the write itself),
    again each time the growing graph's statistics made it replan, and put an `Eager` between
    every two subqueries.

    Examples:
        >>> steps = write_statements()
        >>> steps[0][0], steps[0][1][:60]
        ('Paper', 'UNWIND $rows AS row MERGE (n:Paper {key: row.key}) SET n.id ')
        >>> len(steps), steps[-1][0], ("USES", "Paper", "Model") in dict(steps)
        (33, 'marks', True)
    """
    steps: list[tuple[str, str]] = [(label, node_write_query(label)) for label in WRITE_ORDER]
    steps += [(pair, edge_write_query(*pair)) for pair in RELATION_PAIRS]  # type: ignore[misc]
    steps.append(("marks", MARK_LOADED))
    return tuple(steps)


# Cypher property types of the XSD datatypes (property type constraints, Neo4j Enterprise 5.9+).
_CYPHER_TYPES = {None: "STRING", "integer": "INTEGER", "double": "FLOAT", "boolean": "BOOLEAN"}
# Written after a paper's other facts (the mark that it is loaded), so no constraint can require it.
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

# Which of a batch's papers the store holds: only those have facts to delete first.
EXISTING_PAPERS = "UNWIND $keys AS key MATCH (p:Paper {key: key}) RETURN p.key AS key"
# Removes what a changed paper had: its results and claims, then its own relationships.
DELETE_PAPER_FACTS = (
    "UNWIND $keys AS key MATCH (p:Paper {key: key}) "
    "OPTIONAL MATCH (p)-[:REPORTS|MAKES]->(x) DETACH DELETE x "
    "WITH DISTINCT p MATCH (p)-[r]->() DELETE r"
)
MARK_LOADED = "UNWIND $rows AS row MATCH (p:Paper {key: row.key}) SET p.content_hash = row.hash"
