"""The Python API for notebooks: `kg.open(...)` gives a `PaperGraph` over a built store.

It reads what `kg build` wrote: canned queries by name (`queries/`), and SPARQL or Cypher as
text, each answer a list of rows (dicts of plain Python values), ready for
`pandas.DataFrame(rows)`. It is a thin layer over `kg.stores`: the same stores, the same
queries and the same errors as the `kg` command.

    >>> import kg
    >>> g = kg.open("memory:")
    >>> g.query("counts")
    []
    >>> g.close()
"""

from __future__ import annotations

from typing import Any

import queries
from kg.core.errors import QueryError

__all__ = ["PaperGraph", "open_graph"]


class PaperGraph:
    """A built PaperGraph store, opened for questions (use it as a context manager, or `close()`).

    Attributes:
        store: the underlying store (`kg.stores.rdf.RDFStore` or `kg.stores.neo4j.Neo4jStore`).
    """

    def __init__(self, store: Any) -> None:
        self.store = store

    def query(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of the canned query `name` (`kg query --list`), its parameters as keywords.

        Raises:
            UnknownQuery: no such query. ParameterError: a parameter is unknown, missing or malformed.

        Examples:
            >>> with open_graph("memory:") as g:
            ...     g.query("leaderboard", dataset="WikiText-103", metric="perplexity", quoted="yes")
            []
        """
        return queries.run(self.store, name, **params)

    def queries(self) -> dict[str, tuple[str, ...]]:
        """Each canned query's name and parameters.

        Examples:
            >>> open_graph("memory:").queries()["progress"]
            ('dataset', 'metric', 'setting', 'quoted')
        """
        return {name: queries.load(name).params for name in queries.names()}

    def sparql(self, text: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of a read-only SPARQL query; keyword values are bound to the variables of their name.

        Raises:
            QueryError: the store is Neo4j, or the query is malformed or an update.

        Examples:
            >>> open_graph("memory:").sparql("SELECT ?n WHERE { BIND (?x + 1 AS ?n) }", x=41)
            [{'n': 42}]
        """
        if not getattr(self.store, "supports_sparql", False):
            raise QueryError("[Q008] this store answers Cypher, not SPARQL; use cypher()")
        return self.store.sparql(text, params or None)

    def cypher(self, text: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of a read-only Cypher query; keyword values are its `$parameters`.

        Raises:
            QueryError: the store is the embedded RDF store, or the query fails or writes.
        """
        if not getattr(self.store, "supports_cypher", False):
            raise QueryError("[Q008] this store answers SPARQL, not Cypher; use sparql()")
        return self.store.cypher(text, params)

    def close(self) -> None:
        """Close the store (an embedded store on disk can then be opened by another process)."""
        self.store.close()

    def __enter__(self) -> PaperGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PaperGraph({type(self.store).__name__})"  # never the URI: it may hold a password


def open_graph(url: str | None = None, **options: Any) -> PaperGraph:
    """Open the store at `url`: a directory (default `./kg-store`), `memory:`, or a `bolt://` or
    `neo4j://` URI (credentials from the environment or `.env`, as for the `kg` command).

    Raises:
        StoreError: the store cannot be opened (missing, in use, unknown scheme, bad credentials).
    """
    from kg.stores import open_store

    return PaperGraph(open_store(url, **options))
