"""Progress for long jobs: a rich bar with rate and ETA on a terminal, plain
periodic lines otherwise (logs, CI), nothing when quiet."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

PLAIN_EVERY_SECONDS = 10.0


@contextmanager
def progress_reporter(
    *, total: int | None, description: str, console: Any, quiet: bool = False
) -> Iterator[Callable[[int], None]]:
    """Yield `advance(n)`; report progress on `console` until the block ends."""
    if quiet:
        yield lambda n: None
        return
    if console.is_terminal:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TaskProgressColumn(show_speed=True), TimeElapsedColumn(), TimeRemainingColumn()]
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(description, total=total)
            yield lambda n: bar.advance(task, n)
        return
    started = last = time.monotonic()
    done = 0

    def advance(n: int) -> None:
        nonlocal done, last
        done += n
        now = time.monotonic()
        if now - last >= PLAIN_EVERY_SECONDS:
            last = now
            rate = done / (now - started)
            eta = f", ETA {(total - done) / rate:.0f} s" if total and rate else ""
            console.print(f"{description}: {done:,} papers, {rate:,.0f}/s{eta}", markup=False)

    yield advance
