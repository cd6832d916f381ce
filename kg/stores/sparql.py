"""SPARQL text for the embedded store: the predefined prefixes, updates told from queries, and
parameters bound as VALUES or BIND blocks of terms.

Why not Oxigraph's own bindings (`Store.query(..., substitutions=)`, which rdflib's `initBindings`
reaches through oxrdflib): pyoxigraph 0.5 binds only variables the query projects, and binds them
after planning, so the planner cannot start from them. With the parameter variables added to the
projection, on a 10k-paper store `papers_using_dataset` took 713 ms instead of 2 ms and
`paper_provenance` 3.4 s instead of 1 ms; and a variable inside a sub-select is out of the
substitution's scope, so `community_members` answered for every community. A VALUES block gives
the planner the values. Each value is written as Oxigraph's own N-Triples term (`str(ox.Literal)`),
which escapes quotes, backslashes and line breaks, so no value can change the query
(`tests/test_queries.py` sends hostile values).
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from kg.core.errors import QueryError
from kg.core.vocab import PREFIXES

__all__ = ["PREFIX_IRIS", "bind_parameters", "is_update"]

PREFIX_IRIS: dict[str, str] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
VALUES_MARK = "#@values"
BIND_MARK = "#@bind"

_PROLOGUE = re.compile(r"^\s*(?:(?:#[^\n]*|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.I)
_UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
# A comment: "#" up to the end of the line, unless the "#" starts a mark.
_COMMENT_RE = re.compile(r"#(?!@(?:values|bind)\b)[^\n]*")
_DATATYPES = {bool: "boolean", int: "integer", float: "double"}


def is_update(text: str) -> bool:
    """Whether a SPARQL text is an update (its first keyword after the prologue).

    Examples:
        >>> is_update("PREFIX a: <x:> DELETE WHERE { ?s ?p ?o }"), is_update("SELECT * { ?s ?p ?o }")
        (True, False)
    """
    body = text[_PROLOGUE.match(text).end():]
    return body.lstrip().upper().startswith(_UPDATE_KEYWORDS)


def term(value: Any) -> str:
    """A parameter value as a SPARQL term: a plain literal, or typed for booleans and numbers.

    Examples:
        >>> term('a"} DROP ALL'), term(3), term(True)
        ('"a\\\\"} DROP ALL"', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>')
    """
    kind = _DATATYPES.get(type(value))
    if kind is None:
        return str(ox.Literal(str(value)))
    lexical = ("true" if value else "false") if kind == "boolean" else repr(value)
    return str(ox.Literal(lexical, datatype=ox.NamedNode(f"http://www.w3.org/2001/XMLSchema#{kind}")))


def _fill_marks(text: str, mark: str, block: str) -> str | None:
    """`text` with each `mark` outside comments replaced by `block`; None if it has none.

    Examples:
        >>> _fill_marks("{ #@bind ?x } # not #@bind here", "#@bind", "B")
        '{ B ?x } # not #@bind here'
    """
    out, at, found = [], 0, False
    for comment in [*_COMMENT_RE.finditer(text), None]:
        end = comment.start() if comment is not None else len(text)
        code = text[at:end]
        found = found or mark in code
        out.append(code.replace(mark, block))
        if comment is not None:
            out.append(comment.group())
            at = comment.end()
    return "".join(out) if found else None


def bind_parameters(text: str, params: dict[str, Any]) -> str:
    r"""The query with its parameters bound by VALUES (or BIND) blocks.

    A query may mark where to bind with `#@values` lines (a SPARQL comment, so the file still
    runs anywhere); each UNION branch that needs the values should carry one, because Oxigraph
    joins a top-level VALUES only after evaluating the branches in full. Without marks the block
    goes at the top of the WHERE clause. A `#@bind` line binds them with BIND there instead: a
    FILTER on a parameter (`?date >= ?since`) then runs as a plain filter on the rows above it,
    where a VALUES table would make Oxigraph join first and filter late (7x slower). Parameters
    the text never names are left out.

    Raises:
        QueryError: parameters for a query without a WHERE block.

    Examples:
        >>> bind_parameters('SELECT ?t WHERE { ?p ?x ?k }', {"k": 'a"} DROP ALL', "unused": 1})
        'SELECT ?t WHERE { VALUES (?k) { ("a\\"} DROP ALL") } ?p ?x ?k }'
        >>> bind_parameters('SELECT ?t WHERE { { #@values ?p ?x ?k } UNION { #@values ?k ?x ?p } }', {"k": "v"})
        'SELECT ?t WHERE { { VALUES (?k) { ("v") } ?p ?x ?k } UNION { VALUES (?k) { ("v") } ?k ?x ?p } }'
        >>> bind_parameters('SELECT ?p WHERE { ?p ?d ?x #@bind FILTER (?x >= ?k) }', {"k": "2025"})
        'SELECT ?p WHERE { ?p ?d ?x BIND ("2025" AS ?k) FILTER (?x >= ?k) }'
    """
    used = [name for name in params if re.search(rf"[?$]{re.escape(name)}\b", text)]
    if not used:
        return text
    terms = {name: term(params[name]) for name in used}
    filled = _fill_marks(text, BIND_MARK, " ".join(f"BIND ({terms[n]} AS ?{n})" for n in used))
    if filled is not None:
        return filled
    block = f"VALUES ({' '.join(f'?{n}' for n in used)}) {{ ({' '.join(terms.values())}) }}"
    filled = _fill_marks(text, VALUES_MARK, block)
    if filled is not None:
        return filled
    match = _WHERE.search(text)
    if match is None:
        raise QueryError("[Q007] a parameterised SPARQL query needs a WHERE { ... } block")
    return f"{text[: match.end()]} {block}{text[match.end():]}"
