"""What a read did: records read, papers kept, and each skipped record with its place and reason."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["MAX_PROBLEMS_KEPT", "Problem", "ReadReport"]

log = logging.getLogger(__name__)

MAX_PROBLEMS_KEPT = 1000


@dataclass(frozen=True, slots=True)
class Problem:
    """One skipped record or unreadable file: where, and why."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class ReadReport:
    """Counts of a read: records seen, papers kept, records skipped, and why."""

    read: int = 0
    papers: int = 0
    skipped: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    on_problem: Callable[[Problem], None] | None = None

    def problem(self, file: str, line: int | None, message: str) -> None:
        """Record a skipped record (or file) and tell the listener."""
        item = Problem(file, line, message)
        self.skipped += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(item)
        log.warning("%s", item)
        if self.on_problem is not None:
            self.on_problem(item)
