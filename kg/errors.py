"""Exceptions raised by PaperKG; each message starts with a short code."""

from __future__ import annotations


class KGError(Exception):
    """Base class for every error PaperKG raises on purpose."""


class InputError(KGError):
    """An input file cannot be read at all (missing, a directory, unknown format)."""


class RecordError(KGError):
    """One record of an input is malformed; the reader reports it and goes on."""


class ExtractionError(KGError):
    """The extraction pipeline cannot be built or run."""


class StoreError(KGError):
    """A store cannot be opened, written or read."""


class QueryError(KGError):
    """A query is unknown, malformed or missing a parameter."""


class UnknownQuery(QueryError, KeyError):
    """No canned query has that name."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
