"""Where the Neo4j store connects: URI, user, password and database from the arguments, the
environment or a `.env` file, and the URI with its password hidden for messages."""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["connection_settings", "read_env_file", "redact_url"]


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
        "write_sessions": get("NEO4J_WRITE_SESSIONS"),
    }
