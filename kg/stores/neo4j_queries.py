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


def node_write_query(label: str) -> str:
    """The statement that writes a batch of nodes of one label: CREATE for a paper's results and
    claims, MERGE on the key for papers and shared entities.

    Entities keep the least spelling of their name seen so far, as the RDF store
    does, so both stores agree whatever the load order.

    Examples:
        >>> print(node_write_query("Paper"))
        UNWIND $rows AS row MERGE (n:Paper {key: row.key}) SET n += row.props
        >>> print(node_write_query("Result"))
        UNWIND $rows AS row CREATE (n:Result {key: row.key}) SET n += row.props
    """
    if label not in NODE_CLASSES:
        raise StoreError(f"[S020] unknown node label {label!r}")
    verb = "CREATE" if label in PAPER_OWN_LABELS else "MERGE"
    query = f"UNWIND $rows AS row {verb} (n:{label} {{key: row.key}}) SET n += row.props"
    if label in ENTITY_LABELS:
        query += " SET n.name = CASE WHEN n.name IS NULL OR row.name < n.name THEN row.name ELSE n.name END"
    return query


def edge_write_query(rel: str, src_label: str, dst_label: str) -> str:
    """The statement that writes a batch of relationships of one type between two labels: CREATE
    from a paper, a result or a claim (their old relationships are gone), MERGE between entities.

    Examples:
        >>> print(edge_write_query("REPORTS", "Paper", "Result"))
        UNWIND $rows AS row MATCH (a:Paper {key: row.src}) MATCH (b:Result {key: row.dst}) CREATE (a)-[r:REPORTS]->(b) SET r += row.props
        >>> print(edge_write_query("OUTPERFORMS", "Model", "Method").split("}) ")[-1])
        MERGE (a)-[r:OUTPERFORMS]->(b) SET r += row.props
    """
    if rel not in RELATIONS or src_label not in NODE_CLASSES or dst_label not in NODE_CLASSES:
        raise StoreError(f"[S020] unknown relationship {src_label}-{rel}->{dst_label}")
    verb = "CREATE" if src_label in PAPER_LABELS else "MERGE"
    return (
        f"UNWIND $rows AS row MATCH (a:{src_label} {{key: row.src}}) MATCH (b:{dst_label} {{key: row.dst}}) "
        f"{verb} (a)-[r:{rel}]->(b) SET r += row.props"
    )


def _write_parameter(label: str, *more: str) -> str:
    """The parameter of `write_statement` holding the rows of one label or relationship type."""
    return "_".join(("rows", label, *more))


def write_statement() -> str:
    """The one statement that writes a batch of papers, run once per transaction.

    Every write a batch needs, in order, each a `CALL { UNWIND ... }` of its own over a list
    parameter: the previous facts of the batch's papers deleted (`$keys`), then each label's
    nodes (`node_write_query`, papers first), each relationship type between two labels
    (`edge_write_query`, every pair `kg.core.vocab.RELATION_ENDPOINTS` allows), and the content
    hashes last (`$marks`). One statement, not thirty: a statement costs a round trip and the
    server's time to start it whatever its size. The text never changes, so the server plans it
    once; a batch passes an empty list for what it lacks.

    Examples:
        >>> text = write_statement()
        >>> text.splitlines()[1]
        'CALL { UNWIND $rows_Paper AS row MERGE (n:Paper {key: row.key}) SET n += row.props }'
        >>> text.count("CALL {"), "$rows_USES_Paper_Model" in text
        (34, True)
    """
    parts = [DELETE_PAPER_FACTS]
    parts += [node_write_query(label).replace("$rows", f"${_write_parameter(label)}") for label in WRITE_ORDER]
    parts += [edge_write_query(rel, src, dst).replace("$rows", f"${_write_parameter(rel, src, dst)}")
              for rel, src, dst in RELATION_PAIRS]
    parts.append(MARK_LOADED.replace("$rows", "$marks"))
    return "\n".join(f"CALL {{ {part} }}" for part in parts)


def write_parameters(nodes: dict[str, list[dict]], edges: dict[tuple[str, str, str], list[dict]],
                     keys: list[str], marks: list[dict]) -> dict[str, list]:
    """The parameters of `write_statement`: rows per label and per (type, source label, target label)."""
    params: dict[str, list] = {"keys": keys, "marks": marks}
    params.update({_write_parameter(label): nodes.get(label, []) for label in WRITE_ORDER})
    params.update({_write_parameter(*pair): edges.get(pair, []) for pair in RELATION_PAIRS})
    return params


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

# Removes what a changed paper had: its results and claims, then its own relationships.
DELETE_PAPER_FACTS = (
    "UNWIND $keys AS key MATCH (p:Paper {key: key}) "
    "OPTIONAL MATCH (p)-[:REPORTS|MAKES]->(x) DETACH DELETE x "
    "WITH DISTINCT p MATCH (p)-[r]->() DELETE r"
)
MARK_LOADED = "UNWIND $rows AS row MATCH (p:Paper {key: row.key}) SET p.content_hash = row.hash"
