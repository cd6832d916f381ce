"""Canned queries: one question per file, a SPARQL `.rq` and a Cypher `.cypher` twin.

Each file starts with a header:

    # question: <what it answers>
    # params: name, other, optional=default      (or "none")

(`//` instead of `#` in Cypher). A parameter with `=default` may be left out; a default of
"yes" or "no" makes it a flag, which takes yes/no, true/false or 1/0 and is bound as "yes"
or "no". Both twins return the same columns in the same
order. In SPARQL, a `#@values` comment line marks where the parameters' VALUES
block goes (one per UNION branch that needs them; by default the top of WHERE), and
a `#@bind` line where they are bound by BIND instead (for parameters only a FILTER
reads). Values are always bound as parameters, never formatted into the text;
each parameter `x` is also bound as `x_key`, the canonical entity key of its
value, so "Wikitext-103" finds "WikiText-103".
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

from kg.core import taxonomy
from kg.core.errors import ParameterError, QueryError, UnknownQuery, did_you_mean
from kg.core.ids import entity_key

LANGUAGES = {"sparql": "rq", "cypher": "cypher"}


@dataclass(frozen=True, slots=True)
class CannedQuery:
    """A query file: its name, language, question, parameter names and text."""

    name: str
    lang: str
    question: str
    params: tuple[str, ...]
    text: str
    defaults: tuple[tuple[str, str], ...] = ()  # (name, value) of the parameters that may be left out


def names() -> list[str]:
    """Names of all canned queries (those with a SPARQL file), sorted.

    Examples:
        >>> "leaderboard" in names()
        True
    """
    folder = resources.files(__name__).joinpath("sparql")
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))


def load(name: str, lang: str = "sparql") -> CannedQuery:
    """The canned query `name` in `lang` ("sparql" or "cypher").

    Raises:
        UnknownQuery: no such query.

    Examples:
        >>> load("leaderboard").params, load("leaderboard").defaults
        (('dataset', 'metric', 'setting', 'quoted'), (('setting', 'any'), ('quoted', 'no')))
    """
    if lang not in LANGUAGES:
        raise QueryError(f"[Q003] unknown query language {lang!r}; use sparql or cypher")
    path = resources.files(__name__).joinpath(lang, f"{name}.{LANGUAGES[lang]}")
    if not path.is_file():
        raise UnknownQuery(f"[Q001] no query {name!r};{did_you_mean(name, names())} available: {', '.join(names())}")
    text = path.read_text(encoding="utf-8")
    question, declared = "", []
    for line in text.splitlines():
        stripped = line.lstrip("#/ ").strip()
        if not line.startswith(("#", "//")):
            break
        if stripped.lower().startswith("question:"):
            question = stripped.split(":", 1)[1].strip()
        elif stripped.lower().startswith("params:"):
            value = stripped.split(":", 1)[1].strip()
            declared = [p.strip().partition("=") for p in value.split(",") if p.strip() and p.strip() != "none"]
    params = tuple(name.strip() for name, _, _ in declared)
    defaults = tuple((name.strip(), default.strip()) for name, eq, default in declared if eq)
    return CannedQuery(name, lang, question, params, text, defaults)


_TYPED_PARAMS = {"dataset": "Dataset", "metric": "Metric", "task": "Task"}
_FLAG_VALUES = {"yes": frozenset({"yes", "true", "1"}), "no": frozenset({"no", "false", "0"})}


def _flag(query: str, name: str, value: Any) -> str:
    """A flag's value as "yes" or "no"; anything else is a ParameterError."""
    word = str(value).strip().lower()
    for answer, words in _FLAG_VALUES.items():
        if word in words:
            return answer
    raise ParameterError(f"[Q009] query {query!r}: -p {name}= takes yes or no, got {value!r}")


def bind(query: CannedQuery, params: dict[str, Any]) -> dict[str, Any]:
    """The parameter values for `query`, each also as `<name>_key`.

    Raises:
        ParameterError: an unknown parameter is given (checked first: a typo explains a missing
            one), a declared parameter without a default is missing, or a flag is neither yes nor no.

    A `dataset`, `metric` or `task` value that names a concept of the vocabularies binds
    its concept's key, so any synonym finds it ("WER" and "word error rate").

    Examples:
        >>> bind(load("leaderboard"), {"dataset": "Wikitext-103", "metric": "PPL"})["dataset_key"]
        'wikitext103'
        >>> bind(load("leaderboard"), {"dataset": "Wikitext-103", "metric": "word error rate"})["metric_key"]
        'worderrorrate'
    """
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        raise ParameterError(
            f"[Q004] query {query.name!r} takes no parameter {unknown[0]!r};{did_you_mean(unknown[0], query.params)}"
            f" params: {', '.join(query.params) or 'none'}"
        )
    defaults = dict(query.defaults)
    missing = [p for p in query.params if params.get(p) in (None, "") and p not in defaults]
    if missing:
        raise ParameterError(f"[Q002] query {query.name!r} needs -p {missing[0]}=VALUE (params: {', '.join(query.params)})")
    out: dict[str, Any] = {}
    for name in query.params:
        given = params.get(name)
        value = defaults[name] if given in (None, "") else str(given)
        if defaults.get(name) in _FLAG_VALUES["yes"] | _FLAG_VALUES["no"]:
            value = _flag(query.name, name, value)
        out[name] = value
        kind = _TYPED_PARAMS.get(name)
        out[f"{name}_key"] = taxonomy.canonical_key(kind, value) if kind else entity_key(value)
    return out


class Store(Protocol):
    """What `run` needs of a store (`kg.stores.TripleStore` has it): which language it speaks,
    and a way to run a query's text with its parameters."""

    supports_sparql: bool

    def sparql(self, text: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def cypher(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...


def run(store: Store, name: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of the canned query `name` asked of `store`, in the language the store speaks.

    The store runs the text and parameters it is given and knows nothing of this package.

    Raises:
        UnknownQuery: no such query.
        ParameterError: a parameter is unknown or missing.

    Examples:
        >>> from kg.stores import open_store
        >>> store = open_store("memory:")
        >>> run(store, "leaderboard", dataset="GLUE", metric="accuracy")
        []
        >>> store.close()
    """
    if store.supports_sparql:
        query = load(name, "sparql")
        return store.sparql(query.text, bind(query, params))
    query = load(name, "cypher")
    return store.cypher(query.text, bind(query, params))


def counts(store: Store) -> dict[str, int]:
    """Number of nodes per label and relationships per type in `store` (the `counts` query).

    Examples:
        >>> from kg.stores import open_store
        >>> store = open_store("memory:")
        >>> counts(store)
        {}
        >>> store.close()
    """
    return {row["name"]: row["count"] for row in run(store, "counts")}
