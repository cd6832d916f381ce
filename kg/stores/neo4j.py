"""Neo4jStore: graph rows MERGEd into Neo4j over Bolt, queried with Cypher.

The driver is passed in (`Neo4jStore(driver)`), or made by `from_url` from the URI and the
usual environment variables (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, also read from `.env`;
`kg.stores.neo4j_settings`). A load writes a thousand papers per transaction
(NEO4J_PAPERS_PER_TRANSACTION), one or more in flight (NEO4J_WRITE_SESSIONS): the previous
facts deleted for papers the store already holds, then an `UNWIND $rows` statement per label and
relationship type the batch has rows for (`kg.stores.neo4j_queries.write_statements`), CREATE
for what belongs to a paper and for new papers, MERGE on the key for shared entities; the node
statements return element ids, by which the relationship statements find their ends. Values are
passed only as parameters; labels, types and property names come from `kg.core.vocab`, never
from input text. The content hashes are written in the same transaction, so a load killed
midway leaves whole batches, and a re-run loads the rest.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from kg.core.analytics import Analysis
from kg.core.batches import batched
from kg.core.errors import QueryError, StoreError
from kg.core.focus import focus_refs, hop_distances
from kg.core.graph import Edge, GraphRows, Node, NodeRef
from kg.core.vocab import ANALYTICS_NODE_PROPERTIES, ENTITY_LABELS, NODE_CLASSES, RELATIONS
from kg.stores import LoadStats, load_overlapped
from kg.stores.neo4j_queries import (
    CLEAR_ANALYTICS,
    CLEAR_CO_USAGE,
    DELETE_PAPER_FACTS,
    EDGE_WRITE_PROPERTIES,
    HELD_PAPERS,
    NEW_OWN_NODES,
    NEW_PAPERS,
    NODE_IDS,
    NODE_WRITE_PROPERTIES,
    analytics_update_query,
    co_usage_query,
    schema_statements,
    write_statements,
)
from kg.stores.neo4j_settings import connection_settings, redact_url

log = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Papers written per transaction: few large transactions, each one statement.
PAPERS_PER_TRANSACTION = 1000
# Transactions of one load in flight at once (NEO4J_WRITE_SESSIONS): with 2, while the server writes
# one, the client prepares and sends the next. On a quiet 2-core machine 2 loaded the same 10k papers
# at 3,213 relationships/s against 2,431 with 1 (two runs each, alternating; README); with the cores
# busy with other work it gains nothing, as the client then has no core of its own.
WRITE_SESSIONS = 2


class Neo4jStore:
    """A Neo4j database as a PaperKG store."""

    supports_sparql = False
    supports_cypher = True

    def __init__(self, driver: Any, *, database: str | None = None, url: str = "neo4j", batch_size: int = BATCH_SIZE,
                 papers_per_transaction: int = PAPERS_PER_TRANSACTION, write_sessions: int = WRITE_SESSIONS) -> None:
        self.driver = driver
        self.database = database
        self.url = url
        self.batch_size = batch_size
        self.papers_per_transaction = papers_per_transaction
        self.write_sessions = write_sessions
        # a build hands over this many papers per `add`, so that its transactions overlap too
        self.papers_per_write = papers_per_transaction * write_sessions
        # Held by one transaction from its first write another may also lock (shared entities, the
        # relationships to them, a replaced paper's old facts) to its commit: transactions in flight
        # overlap only in creating their papers' own new nodes, so none waits for another in a cycle
        # (two whole transactions at once deadlocked on entity locks in 3 of 10 batches).
        self._shared = threading.Lock()
        self._schema_ready = False

    @classmethod
    def from_url(cls, url: str, *, user: str | None = None, password: str | None = None,
                 database: str | None = None, read_only: bool = False, **options: Any) -> Neo4jStore:
        """Connect to the server at `url` and check that it answers.

        `read_only` changes nothing: a Neo4j server serves readers while it writes, and reads
        run in READ access mode already.

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
        for name in ("papers_per_transaction", "write_sessions"):
            if settings[name] and name not in options:
                try:
                    options[name] = max(1, int(settings[name]))
                except ValueError as e:
                    raise StoreError(f"[S016] NEO4J_{name.upper()} must be a number, not {settings[name]!r}") from e
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

    @contextmanager
    def _errors(self, user: str | None = None) -> Iterator[None]:
        """Driver errors as one readable StoreError (or QueryError) naming the URI and user."""
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

        Each batch of `papers_per_transaction` papers is one transaction: the stored hashes of
        its papers read, the previous facts of the changed ones deleted, then one `UNWIND`
        statement per label and per relationship type it has rows for (`write_statements`).
        With `write_sessions` 2, two transactions are in flight: one creates its papers' own nodes
        while the other writes shared entities, relationships and commits. A load killed midway leaves
        whole batches only.
        """
        if not self._schema_ready:
            self.ensure_schema()
        size = papers_per_transaction or self.papers_per_transaction
        # A transaction does not see what another has not committed yet: a batch holding a paper of
        # one in flight, or linking to a node it does not write, waits for those in flight.
        return load_overlapped(rows, size, self._write, self.write_sessions, _paper_keys)

    def _write(self, batch: list[GraphRows]) -> LoadStats:
        papers = {p.nodes[0].key: p for p in batch if p.nodes and p.nodes[0].label == "Paper"}
        shared: list[bool] = []  # [True] once this transaction holds self._shared (a retry keeps it)

        def enter_shared() -> None:
            shared or shared.append(self._shared.acquire())

        def write(tx: Any) -> list[GraphRows]:
            # One transaction: which papers the store holds and their hashes, then their writes.
            held = {r["key"]: r["hash"] for r in tx.run(HELD_PAPERS, keys=list(papers))}
            todo = [p for k, p in papers.items() if held.get(k) != p.nodes[0].props.get("content_hash")]
            if not todo:
                return todo
            nodes, edges = _batch_rows(todo, held)
            # Only papers the store holds have facts to delete: a first load skips the delete.
            replaced = [p.nodes[0].key for p in todo if p.nodes[0].key in held]
            if replaced:
                enter_shared()
                tx.run(DELETE_PAPER_FACTS, keys=replaced).consume()
            ids: dict[NodeRef, str] = {}
            for name, statement in write_statements():
                if name not in NEW_OWN_NODES and (nodes.get(name) or edges.get(name)):
                    enter_shared()
                if nodes.get(name):
                    # replan=skip: their plans (key seeks, id lookups) do not depend on the statistics,
                    # and the graph a load grows made the server replan them again and again
                    label = "Paper" if name == NEW_PAPERS else name
                    written = tx.run("CYPHER replan=skip " + statement, rows=nodes[name]).single(strict=True)
                    ids.update(zip(((label, key) for key in written["keys"]), written["ids"]))
                elif edges.get(name):
                    missing = {ref for src, dst, _ in edges[name] for ref in (src, dst) if ref not in ids}
                    for label, keys in _keys_by_label(missing).items():  # ends the batch links to, not writes
                        ids.update(((label, r["key"]), r["id"]) for r in tx.run(NODE_IDS.format(label=label), keys=keys))
                    rows = [{"src": ids[src], "dst": ids[dst], "props": props}
                            for src, dst, props in edges[name] if src in ids and dst in ids]
                    tx.run("CYPHER replan=skip " + statement, rows=rows).consume()
            return todo

        try:
            with self._errors(), self.driver.session(database=self.database) as session:
                todo = session.execute_write(write)  # one transaction
        finally:
            if shared:
                self._shared.release()
        return LoadStats(papers=len(todo), unchanged=len(papers) - len(todo),
                         nodes=sum(len(part.nodes) for part in todo), edges=sum(len(part.edges) for part in todo))

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
            for chunk in batched(rows, self.batch_size):
                self._execute(analytics_update_query(label), {"rows": chunk}, read=False)
        links: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for link in analysis.co_usage:
            links[link.src[0], link.dst[0]].append({"src": link.src[1], "dst": link.dst[1], "papers": link.papers,
                                                    "score": link.score, "rank": link.rank,
                                                    "tie_papers": list(link.tie_papers)})
        for (src, dst), rows in sorted(links.items()):
            for chunk in batched(rows, self.batch_size):
                self._execute(co_usage_query(src, dst), {"rows": chunk}, read=False)
        return len(analysis.entities) + len(analysis.co_usage)

    # --- reading -----------------------------------------------------------------------------

    def cypher(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False) -> list[dict[str, Any]]:
        """Rows of a Cypher query; READ access mode unless `write`."""
        return [{k: _python(v) for k, v in row.items()} for row in self._execute(text, params or {}, read=not write)]

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
        """The nodes within `hops` of what `focus` names (the rule of `kg.core.focus`) and the
        edges between them; at most `limit` nodes, nearest first. `kg analyze`'s CO_USED_WITH
        links are no edges of the graph and are not followed."""
        source = _FocusSource(self)
        dist = hop_distances(focus_refs(focus, source), source.neighbours, hops=hops, limit=limit)
        keys_by_label = _keys_by_label(dist)
        out = GraphRows()
        for label, keys in keys_by_label.items():
            for row in self._execute(f"MATCH (n:{label}) WHERE n.key IN $keys "
                                     "RETURN labels(n)[0] AS label, n.key AS key, properties(n) AS props",
                                     {"keys": keys}, read=True):
                out.nodes.append(Node(row["label"], row["key"], _fact_props(row["props"])))
        for label, keys in keys_by_label.items():
            for row in self._execute(
                f"MATCH (a:{label})-[r]->(b) WHERE a.key IN $keys AND type(r) IN $types "
                "RETURN labels(a)[0] AS sl, a.key AS sk, type(r) AS type, labels(b)[0] AS dl, b.key AS dk, "
                "properties(r) AS props", {"keys": keys, "types": list(RELATIONS)}, read=True,
            ):
                if (row["dl"], row["dk"]) in dist:
                    out.edges.append(Edge(row["type"], (row["sl"], row["sk"]), (row["dl"], row["dk"]),
                                          {k: _python(v) for k, v in row["props"].items()}))
        return out

    def clear(self) -> None:
        """Delete every node and relationship (the tests start each Neo4j case from an empty database)."""
        # CALL ... IN TRANSACTIONS needs an auto-commit transaction, i.e. session.run.
        with self.driver.session(database=self.database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()


def _batch_rows(todo: list[GraphRows], held: dict[str, Any]) -> tuple[dict[str, list[dict[str, Any]]],
                                                                    dict[str, list[tuple[NodeRef, NodeRef, dict[str, Any]]]]]:
    """The rows of each node statement (by label; `NEW_PAPERS` for papers the store does not
    hold) and the ends and properties of each relationship type: a node and a relationship once,
    as MERGEs one by one would leave them."""
    nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    edges: dict[str, dict[tuple[NodeRef, NodeRef], dict[str, Any]]] = defaultdict(dict)
    for part in todo:
        for node in part.nodes:
            props = {k: v for k, v in node.props.items() if v is not None and k != "content_hash"}
            name = props.pop("name", None) if node.label in ENTITY_LABELS else None
            _check_properties(node.label, props, NODE_WRITE_PROPERTIES)
            label = NEW_PAPERS if node.label == "Paper" and node.key not in held else node.label
            seen = nodes[label].get(node.key)
            if seen is not None:
                props = {**seen["props"], **props}
                name = min((n for n in (name, seen["name"]) if n is not None), default=None)
            row = {"key": node.key, "name": name, "props": props}
            if node.label == "Paper":  # papers carry their content hash: the mark that they are loaded
                row["hash"] = node.props.get("content_hash")
            nodes[label][node.key] = row
        for edge in part.edges:
            _check_properties(edge.type, edge.props, EDGE_WRITE_PROPERTIES)
            same = edges[edge.type]
            seen = same.get((edge.src, edge.dst))
            same[edge.src, edge.dst] = {**seen, **edge.props} if seen else edge.props
    # in key order: transactions in flight at once lock the shared entities they MERGE in one order
    return ({name: [rows[key] for key in sorted(rows)] for name, rows in nodes.items()},
            {rel: [(src, dst, props) for (src, dst), props in rows.items()] for rel, rows in edges.items()})


def _paper_keys(batch: list[GraphRows]) -> set[str] | None:
    """The keys of the batch's papers; None if a relationship links to a node the batch does not write."""
    written = {(node.label, node.key) for part in batch for node in part.nodes}
    if all(edge.src in written and edge.dst in written for part in batch for edge in part.edges):
        return {part.nodes[0].key for part in batch if part.nodes}
    return None


def _check_properties(kind: str, props: dict[str, Any], written: dict[str, tuple[str, ...]]) -> None:
    """Refuse a property the write statements do not set (they name each one), rather than drop it."""
    extra = props.keys() - {"key", *written.get(kind, ())}  # the key is written from the row's own key
    if extra:
        raise StoreError(f"[S020] {kind} has properties the Neo4j store does not write: {sorted(extra)}")


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


def _keys_by_label(refs: Iterable[NodeRef]) -> dict[str, list[str]]:
    """The keys of these nodes, by label (only labels of the vocabulary, which go into Cypher text)."""
    out: dict[str, list[str]] = {}
    for label, key in refs:
        if label in NODE_CLASSES:
            out.setdefault(label, []).append(key)
    return out


class _FocusSource:
    """A Neo4j store as a `kg.core.focus.FocusSource`, and its neighbour lookup."""

    def __init__(self, store: Neo4jStore) -> None:
        self.store = store

    def _refs(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [row for row in self.store._execute(query, params, read=True) if row["label"] in NODE_CLASSES]

    def refs_with_keys(self, keys: Collection[str]) -> Iterator[NodeRef]:
        for row in self._refs("MATCH (n) WHERE n.key IN $keys RETURN labels(n)[0] AS label, n.key AS key", {"keys": list(keys)}):
            yield row["label"], row["key"]

    def paper_ids(self, lowered: str) -> Iterator[tuple[NodeRef, str]]:
        for row in self._refs("MATCH (p:Paper) WHERE toLower(p.id) = $lowered RETURN 'Paper' AS label, p.key AS key, p.id AS id",
                              {"lowered": lowered}):
            yield (row["label"], row["key"]), row["id"]

    def names(self) -> Iterator[tuple[NodeRef, str]]:
        for row in self._refs("MATCH (n) WITH n, CASE WHEN n:Paper THEN n.title ELSE n.name END AS text "
                              "WHERE text IS NOT NULL RETURN labels(n)[0] AS label, n.key AS key, text", {}):
            yield (row["label"], row["key"]), row["text"]

    def neighbours(self, frontier: set[NodeRef]) -> Iterator[NodeRef]:
        """The nodes one relationship of the graph away from any of `frontier`, either way."""
        for label, keys in _keys_by_label(frontier).items():
            for row in self._refs(f"MATCH (n:{label})-[r]-(m) WHERE n.key IN $keys AND type(r) IN $types "
                                  "RETURN DISTINCT labels(m)[0] AS label, m.key AS key",
                                  {"keys": keys, "types": list(RELATIONS)}):
                yield row["label"], row["key"]
