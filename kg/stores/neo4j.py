"""Neo4jStore: graph rows MERGEd into Neo4j over Bolt, queried with Cypher.

The driver is passed in (`Neo4jStore(driver)`), or made by `from_url` from the
URI and the usual environment variables (NEO4J_USER, NEO4J_PASSWORD,
NEO4J_DATABASE, also read from `.env`). A load writes a few thousand papers per
transaction: the previous facts of changed papers deleted, then one `UNWIND $rows`
statement per label and relationship type, CREATE for what belongs to a paper and
MERGE on the key for shared entities, with values passed only as parameters; labels
and types come from `kg.vocab`, never from input text. The content hashes are written
in the same transaction, so a load killed midway leaves whole batches, and a re-run
loads the rest.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import queries
from kg.errors import QueryError, StoreError
from kg.graph import Edge, GraphRows, Node
from kg.stores import LoadStats
from kg.vocab import (
    ANALYTICS_NODE_PROPERTIES,
    CO_USAGE_RELATION,
    ENTITY_LABELS,
    LIST_PROPERTIES,
    MENTION_PROPERTIES,
    MENTION_TYPES,
    NODE_CLASSES,
    NODE_PROPERTIES,
    PROPERTIES,
    RELATIONS,
)

if TYPE_CHECKING:
    from kg.analyze import Analysis

log = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Papers written per transaction: few large transactions, each a handful of UNWIND statements.
PAPERS_PER_TRANSACTION = 1000


def read_env_file(path: str | Path = ".env") -> dict[str, str]:
    """KEY=VALUE pairs of a `.env` file (comments and blank lines ignored); {} if absent.

    Examples:
        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), ".env")
        >>> _ = open(p, "w").write("# c\\nNEO4J_USER=neo4j\\nNEO4J_PASSWORD='s3cret'\\n")
        >>> read_env_file(p)["NEO4J_PASSWORD"]
        's3cret'
    """
    out: dict[str, str] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return out
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        out[key.strip().removeprefix("export ").strip()] = value.strip().strip("'\"")
    return out


def redact_url(url: str) -> str:
    """The URI with any password in its user info replaced by `***`, for messages.

    Examples:
        >>> redact_url("neo4j://neo4j:s3cret@db:7687"), redact_url("bolt://db:7687")
        ('neo4j://neo4j:***@db:7687', 'bolt://db:7687')
    """
    return re.sub(r"^([^/]*//[^/@:]*:)[^/]*@", r"\1***@", url)


def connection_settings(url: str | None = None) -> dict[str, str | None]:
    """URI, user, password and database from the arguments, the environment, then `.env`."""
    env_file = read_env_file()

    def get(name: str, default: str | None = None) -> str | None:
        return os.environ.get(name) or env_file.get(name) or default

    return {
        "uri": url or get("NEO4J_URI"),
        "user": get("NEO4J_USER", get("NEO4J_USERNAME", "neo4j")),
        "password": get("NEO4J_PASSWORD"),
        "database": get("NEO4J_DATABASE"),
        "papers_per_transaction": get("NEO4J_PAPERS_PER_TRANSACTION"),
    }


# --- write queries, generated from the vocabulary ----------------------------------------------


# Nodes and relationships that belong to one paper: a load deletes a changed paper's ones first
# (DELETE_PAPER_FACTS), so it CREATEs them; shared entities and OUTPERFORMS are MERGEd.
PAPER_OWN_LABELS = frozenset({"Result", "Claim"})
PAPER_LABELS = PAPER_OWN_LABELS | {"Paper"}


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


# Cypher property types of the XSD datatypes (property type constraints, Neo4j Enterprise 5.9+).
_CYPHER_TYPES = {None: "STRING", "integer": "INTEGER", "double": "FLOAT", "boolean": "BOOLEAN"}
# Written after a paper's other facts (the mark that it is loaded), so no constraint can require it.
_WRITTEN_LAST = frozenset({"content_hash"})


def _cypher_type(name: str) -> str:
    datatype = PROPERTIES[name][1]
    base = _CYPHER_TYPES[str(datatype).rsplit("#", 1)[-1] if datatype is not None else None]
    return f"LIST<{base} NOT NULL>" if name in LIST_PROPERTIES else base


def schema_statements(*, enterprise: bool) -> list[str]:
    """The constraints that follow from the vocabulary (kg.vocab), in the order they are created.

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


class Neo4jStore:
    """A Neo4j database as a PaperKG store."""

    supports_sparql = False
    supports_cypher = True

    def __init__(self, driver: Any, *, database: str | None = None, url: str = "neo4j", batch_size: int = BATCH_SIZE,
                 papers_per_transaction: int = PAPERS_PER_TRANSACTION) -> None:
        self.driver = driver
        self.database = database
        self.url = url
        self.batch_size = batch_size
        self.papers_per_transaction = papers_per_transaction
        self._schema_ready = False

    @classmethod
    def from_url(cls, url: str, *, user: str | None = None, password: str | None = None,
                 database: str | None = None, **options: Any) -> Neo4jStore:
        """Connect to the server at `url` and check that it answers.

        Raises:
            StoreError: server down, credentials refused, or no such database; the
                message names the URI and user, never the password.
        """
        try:
            import neo4j
        except ImportError as e:
            raise StoreError("[S002] the Neo4j store needs the neo4j driver: pip install 'paperkg[neo4j]'") from e
        settings = connection_settings(url)
        user = user or settings["user"]
        password = password if password is not None else settings["password"]
        database = database or settings["database"]
        if settings["papers_per_transaction"] and "papers_per_transaction" not in options:
            try:
                options["papers_per_transaction"] = max(1, int(settings["papers_per_transaction"]))
            except ValueError as e:
                raise StoreError(f"[S016] NEO4J_PAPERS_PER_TRANSACTION must be a number, not {settings['papers_per_transaction']!r}") from e
        safe = redact_url(url)
        if not password:
            raise StoreError(f"[S013] no password for {user}@{safe}: set NEO4J_PASSWORD in the environment or .env")
        try:
            # notifications off: on an empty database the server warns that the properties
            # our reads ask for (content_hash) do not exist yet, once per batch
            driver = neo4j.GraphDatabase.driver(url, auth=(user, password), connection_timeout=10,
                                                max_transaction_retry_time=15, notifications_min_severity="OFF")
        except (ValueError, neo4j.exceptions.ConfigurationError) as e:
            error = StoreError(f"[S014] bad Neo4j URI {safe!r}: {str(e).replace(url, safe)}")
            if safe != url:  # the driver's message, so a --debug traceback, repeats the password
                raise error from None
            raise error from e
        store = cls(driver, database=database, url=url, **options)
        store.check(user=user)
        return store

    def check(self, *, user: str = "neo4j") -> None:
        """Run a trivial query; turn connection failures into one readable StoreError."""
        self._execute("RETURN 1", {}, read=True, user=user)

    def _execute(self, query: str, params: dict[str, Any], *, read: bool, user: str | None = None) -> list[dict[str, Any]]:
        import neo4j

        with self._errors(user):
            records, _, _ = self.driver.execute_query(
                query, parameters_=params, database_=self.database,
                routing_=neo4j.RoutingControl.READ if read else neo4j.RoutingControl.WRITE,
            )
        return [dict(r) for r in records]

    def _execute_transaction(self, statements: list[tuple[str, dict[str, Any]]]) -> None:
        """Run write statements in one transaction (retried whole on transient errors)."""

        def work(tx: Any) -> None:
            for query, params in statements:
                tx.run(query, params).consume()

        with self._errors(None), self.driver.session(database=self.database) as session:
            session.execute_write(work)

    @contextmanager
    def _errors(self, user: str | None) -> Iterator[None]:
        """Driver errors as one readable StoreError or QueryError."""
        from neo4j import exceptions as ne

        who = f"{user}@{self.url}" if user else self.url
        try:
            yield
        except ne.AuthError as e:
            raise StoreError(f"[S011] Neo4j at {self.url} refused the credentials{' of ' + user if user else ''}") from e
        except ne.ServiceUnavailable as e:
            raise StoreError(f"[S010] cannot reach Neo4j at {self.url} ({who}): is the server running?") from e
        except ne.ClientError as e:
            code = e.code or ""
            if "DatabaseNotFound" in code:
                raise StoreError(f"[S012] Neo4j at {self.url} has no database {self.database!r}") from e
            if "AccessMode" in code or "ForbiddenDueToTransactionType" in code or "WriteOnReadOnly" in code:
                raise QueryError("[Q005] this query writes; Cypher runs read-only unless --write is given") from e
            if "Statement" in code:
                raise QueryError(f"[Q006] Cypher query failed: {e.message}") from e
            raise StoreError(f"[S015] Neo4j at {self.url}: {e.message}") from e
        except ne.Neo4jError as e:
            raise StoreError(f"[S015] Neo4j at {self.url}: {e.message}") from e
        except ne.DriverError as e:
            raise StoreError(f"[S010] cannot use Neo4j at {self.url}: {e}") from e

    # --- schema and writing ----------------------------------------------------------------

    def edition(self) -> str:
        """The server's edition: "community" or "enterprise"."""
        rows = self._execute("CALL dbms.components() YIELD edition RETURN edition", {}, read=True)
        return str(rows[0]["edition"]).lower() if rows else "community"

    def ensure_schema(self) -> None:
        """Create the constraints the vocabulary gives (`schema_statements`) and the paper id index.

        Idempotent. On Community only the uniqueness of `key`; see `schema_statements`.
        """
        for statement in schema_statements(enterprise=self.edition() == "enterprise"):
            self._execute(statement, {}, read=False)
        self._execute("CREATE INDEX paper_id IF NOT EXISTS FOR (p:Paper) ON (p.id)", {}, read=False)
        self._schema_ready = True

    def content_hashes(self, paper_ids: Iterable[str]) -> dict[str, str]:
        """The stored content hash of each of these papers that is fully loaded."""
        ids = list(paper_ids)
        if not ids:
            return {}
        rows = self._execute(
            "UNWIND $ids AS id MATCH (p:Paper {key: id}) WHERE p.content_hash IS NOT NULL RETURN p.key AS key, p.content_hash AS hash",
            {"ids": ids}, read=True,
        )
        return {r["key"]: r["hash"] for r in rows}

    def add(self, rows: Iterable[GraphRows], *, papers_per_transaction: int | None = None) -> LoadStats:
        """Load each paper's rows; unchanged papers are skipped, changed ones replaced.

        Each batch of `papers_per_transaction` papers is one transaction: the previous facts of
        its papers deleted, then one `UNWIND` statement per label and per relationship type. A
        load killed midway leaves whole batches only.
        """
        if not self._schema_ready:
            self.ensure_schema()
        size = papers_per_transaction or self.papers_per_transaction
        stats = LoadStats()
        started = time.perf_counter()
        batch: list[GraphRows] = []
        for part in rows:
            batch.append(part)
            if len(batch) >= size:
                self._write(batch, stats)
                batch = []
        if batch:
            self._write(batch, stats)
        stats.seconds = time.perf_counter() - started
        return stats

    def _write(self, batch: list[GraphRows], stats: LoadStats) -> None:
        papers = {p.nodes[0].key: p for p in batch if p.nodes and p.nodes[0].label == "Paper"}
        stored = self.content_hashes(papers)
        todo = [p for k, p in papers.items() if stored.get(k) != p.nodes[0].props.get("content_hash")]
        stats.unchanged += len(papers) - len(todo)
        if not todo:
            return
        nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        edges: dict[tuple[str, str, str], dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
        marks = []
        for part in todo:
            for node in part.nodes:
                props = {k: v for k, v in node.props.items() if v is not None and k != "content_hash"}
                name = props.pop("name", None) if node.label in ENTITY_LABELS else None
                seen = nodes[node.label].get(node.key)
                if seen is not None:  # a node once per statement, as the MERGEs one by one would leave it
                    props = {**seen["props"], **props}
                    name = min((n for n in (name, seen["name"]) if n is not None), default=None)
                nodes[node.label][node.key] = {"key": node.key, "name": name, "props": props}
            for edge in part.edges:  # a relationship once, as MERGE would keep it
                same = edges[(edge.type, edge.src[0], edge.dst[0])]
                seen = same.get((edge.src[1], edge.dst[1]))
                same[edge.src[1], edge.dst[1]] = {"src": edge.src[1], "dst": edge.dst[1],
                                                  "props": {**seen["props"], **edge.props} if seen else edge.props}
            marks.append({"key": part.nodes[0].key, "hash": part.nodes[0].props.get("content_hash")})
            stats.papers += 1
            stats.nodes += len(part.nodes)
            stats.edges += len(part.edges)
        # Papers first, then entities, results and claims; edges after all their nodes exist.
        statements = [(DELETE_PAPER_FACTS, {"keys": [p.nodes[0].key for p in todo]})]
        statements += [(node_write_query(label), {"rows": list(nodes[label].values())})
                       for label in sorted(nodes, key=lambda name: name != "Paper")]
        statements += [(edge_write_query(rel, src, dst), {"rows": list(items.values())})
                       for (rel, src, dst), items in sorted(edges.items())]
        statements.append((MARK_LOADED, {"rows": marks}))
        self._execute_transaction(statements)

    def write_analytics(self, analysis: Analysis) -> int:
        """Replace the previous analysis: figures as entity properties (per-quarter ones as the
        parallel lists `quarters`, `quarter_papers`, `quarter_centrality`), nearest neighbours as
        CO_USED_WITH relationships. Returns the entities and relationships written."""
        if not self._schema_ready:
            self.ensure_schema()
        with self.driver.session(database=self.database) as session:  # IN TRANSACTIONS: auto-commit only
            session.run(CLEAR_ANALYTICS).consume()
            session.run(CLEAR_CO_USAGE).consume()
        quarters: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for figure in analysis.quarters:
            quarters[figure.entity].append(figure)
        updates: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for entity in analysis.entities:
            figures = sorted(quarters.get((entity.label, entity.key), []), key=lambda f: f.quarter)
            props = {"papers": entity.papers, "centrality": entity.centrality, "centrality_rank": entity.centrality_rank,
                     "community": entity.community, "community_name": entity.community_name,
                     "quarters": [f.quarter for f in figures], "quarter_papers": [f.papers for f in figures],
                     "quarter_centrality": [f.centrality for f in figures]}
            updates[entity.label].append({"key": entity.key, "props": {k: v for k, v in props.items() if v is not None}})
        for label, rows in sorted(updates.items()):
            for chunk in _chunks(rows, self.batch_size):
                self._execute(analytics_update_query(label), {"rows": chunk}, read=False)
        links: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for link in analysis.co_usage:
            links[link.src[0], link.dst[0]].append({"src": link.src[1], "dst": link.dst[1], "papers": link.papers,
                                                    "score": link.score, "rank": link.rank,
                                                    "tie_papers": list(link.tie_papers)})
        for (src, dst), rows in sorted(links.items()):
            for chunk in _chunks(rows, self.batch_size):
                self._execute(co_usage_query(src, dst), {"rows": chunk}, read=False)
        return len(analysis.entities) + len(analysis.co_usage)

    # --- reading -----------------------------------------------------------------------------

    def cypher(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """Rows of a Cypher query; READ access mode unless `write`."""
        return [{k: _python(v) for k, v in row.items()} for row in self._execute(text, params or {}, read=not write)]

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of the canned query `name` (its Cypher twin)."""
        query = queries.load(name, "cypher")
        return self.cypher(query.text, queries.bind(query, params))

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and relationships per type."""
        return {row["name"]: row["count"] for row in self.run("counts")}

    def rows(self) -> GraphRows:
        """Every node and edge, read back for exports and pictures."""
        out = GraphRows()
        for row in self._execute("MATCH (n) RETURN labels(n)[0] AS label, n.key AS key, properties(n) AS props", {}, read=True):
            if row["label"] in NODE_CLASSES and row["key"] is not None:
                out.nodes.append(Node(row["label"], row["key"], _fact_props(row["props"])))
        for row in self._execute(
            "MATCH (a)-[r]->(b) RETURN labels(a)[0] AS sl, a.key AS sk, type(r) AS type, labels(b)[0] AS dl, b.key AS dk, "
            "properties(r) AS props", {}, read=True
        ):
            if row["type"] in RELATIONS:
                out.edges.append(Edge(row["type"], (row["sl"], row["sk"]), (row["dl"], row["dk"]),
                                      {k: _python(v) for k, v in row["props"].items()}))
        return out

    def neighbourhood(self, focus: str, *, hops: int = 2, limit: int = 5000) -> GraphRows:
        """The nodes within `hops` of what `focus` names and the edges between them."""
        from kg.ids import entity_key

        key = entity_key(focus.strip())
        seeds = self._execute(
            "MATCH (n) WHERE n.key IN $keys OR (n:Paper AND n.id = $raw) RETURN elementId(n) AS id",
            {"keys": [k for k in (focus.strip(), focus.strip().lower(), key) if k], "raw": focus.strip()}, read=True,
        )
        if not seeds and key:
            seeds = self._execute(
                "MATCH (n) WHERE n.name IS NOT NULL OR n.title IS NOT NULL "
                "WITH n, toLower(coalesce(n.name, n.title)) AS text "
                "WHERE reduce(s = '', c IN split(text, '') | s + CASE WHEN c =~ '[a-z0-9]' THEN c ELSE '' END) IN [$key, $key + 's'] "
                "RETURN elementId(n) AS id", {"key": key}, read=True,
            )
        seen = dict.fromkeys(r["id"] for r in seeds)
        frontier = list(seen)
        for _ in range(hops):
            if not frontier or len(seen) >= limit:
                break
            rows = self._execute(
                "UNWIND $ids AS id MATCH (n)-[r]-(m) WHERE elementId(n) = id RETURN DISTINCT elementId(m) AS id LIMIT $limit",
                {"ids": frontier, "limit": limit}, read=True,
            )
            frontier = [r["id"] for r in rows if r["id"] not in seen][: max(0, limit - len(seen))]
            seen.update(dict.fromkeys(frontier))
        ids = list(seen)
        out = GraphRows()
        for row in self._execute(
            "UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id RETURN labels(n)[0] AS label, n.key AS key, properties(n) AS props",
            {"ids": ids}, read=True,
        ):
            if row["label"] in NODE_CLASSES:
                out.nodes.append(Node(row["label"], row["key"], _fact_props(row["props"])))
        for row in self._execute(
            "UNWIND $ids AS id MATCH (a)-[r]->(b) WHERE elementId(a) = id AND elementId(b) IN $ids "
            "RETURN labels(a)[0] AS sl, a.key AS sk, type(r) AS type, labels(b)[0] AS dl, b.key AS dk, properties(r) AS props",
            {"ids": ids}, read=True,
        ):
            if row["type"] in RELATIONS:
                out.edges.append(Edge(row["type"], (row["sl"], row["sk"]), (row["dl"], row["dk"]),
                                      {k: _python(v) for k, v in row["props"].items()}))
        return out

    def clear(self) -> None:
        """Delete every node and relationship (tests and `kg build --fresh`)."""
        # CALL ... IN TRANSACTIONS needs an auto-commit transaction, i.e. session.run.
        with self.driver.session(database=self.database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _fact_props(props: dict[str, Any]) -> dict[str, Any]:
    """A node's extracted properties, without `kg analyze`'s figures (exports and pictures leave them out)."""
    return {k: _python(v) for k, v in props.items() if k not in ANALYTICS_NODE_PROPERTIES}


def _python(value: Any) -> Any:
    """Driver values as plain Python (dates and other temporal types as ISO strings)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, list):
        return [_python(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
