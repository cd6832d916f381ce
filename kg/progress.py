"""Progress for long jobs: a rich bar with rate and ETA on a terminal, plain
periodic lines otherwise (logs, CI), nothing when quiet."""

from __future__ import annotations

import threading
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


@contextmanager
def stage_reporter(stages: tuple[str, ...], *, console: Any, quiet: bool = False) -> Iterator[list[Callable[[int], None]]]:
    """Yield one `advance(n)` per stage of a job whose stages run at the same time (a build
    extracts and loads at once); report each stage's count and rate on `console`.

    The advances may be called from different threads.

    Examples:
        >>> import io
        >>> from rich.console import Console
        >>> with stage_reporter(("extracted", "loaded"), console=Console(file=io.StringIO())) as (extracted, loaded):
        ...     extracted(3); loaded(2)
    """
    if quiet:
        yield [lambda n: None for _ in stages]
        return
    if console.is_terminal:
        from rich.progress import Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        columns = [TextColumn("{task.description}"), TextColumn("{task.completed:,.0f} papers"),
                   TaskProgressColumn(show_speed=True), TimeElapsedColumn()]
        with Progress(*columns, console=console, transient=True) as bar:
            tasks = [bar.add_task(stage, total=None) for stage in stages]
            yield [lambda n, task=task: bar.advance(task, n) for task in tasks]
        return
    started = last = time.monotonic()
    done = [0] * len(stages)
    lock = threading.Lock()

    def advancer(i: int) -> Callable[[int], None]:
        def advance(n: int) -> None:
            nonlocal last
            with lock:
                done[i] += n
                now = time.monotonic()
                if now - last >= PLAIN_EVERY_SECONDS:
                    last = now
                    console.print(", ".join(f"{stage} {count:,} papers ({count / (now - started):,.0f}/s)"
                                            for stage, count in zip(stages, done)), markup=False)
        return advance

    yield [advancer(i) for i in range(len(stages))]
