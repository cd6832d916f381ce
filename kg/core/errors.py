"""Exceptions raised by PaperKG; each message starts with a short code.

`UsageError` marks the errors of a call made the wrong way (an unknown query, parameter,
profile or format): the CLI reports them as usage errors, exit 2, like click's own. Every other
`KGError` is a runtime error (exit 1).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "ExtractionError",
    "InputError",
    "KGError",
    "OptionError",
    "ParameterError",
    "QueryError",
    "RecordError",
    "StoreError",
    "UnknownQuery",
    "UsageError",
    "did_you_mean",
]


class KGError(Exception):
    """Base class for every error PaperKG raises on purpose."""


class UsageError(KGError):
    """The call is wrong, not the data or the store: fix the command line and run again."""


class InputError(KGError):
    """An input file cannot be read at all (missing, a directory, unknown format)."""


class RecordError(KGError):
    """One record of an input is malformed; the reader reports it and goes on."""


class ExtractionError(KGError):
    """The extraction pipeline cannot be built or run."""


class OptionError(ExtractionError, UsageError):
    """An unknown extraction profile or mentions mode."""


class StoreError(KGError):
    """A store cannot be opened, written or read."""


class QueryError(KGError):
    """A query is unknown, malformed or missing a parameter."""


class UnknownQuery(QueryError, UsageError, KeyError):
    """No canned query has that name."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ParameterError(QueryError, UsageError):
    """A canned query's parameter is missing, unknown or not written KEY=VALUE."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """" Did you mean 'x'?" for the choice closest to a mistyped word, or "" when none is close.

    Examples:
        >>> did_you_mean("leaderbord", ["leaderboard", "counts"])
        " Did you mean 'leaderboard'?"
        >>> did_you_mean("xyz", ["leaderboard", "counts"])
        ''
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""
