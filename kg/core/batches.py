"""One way to cut a stream into batches: for the build's chunks, worker batches and store writes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

__all__ = ["batched"]

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` items in order, the last one shorter; reads `items` lazily.

    Python 3.12's `itertools.batched`, with lists instead of tuples.

    Examples:
        >>> list(batched(range(5), 2))
        [[0, 1], [2, 3], [4]]
        >>> list(batched([], 3))
        []
    """
    if size < 1:
        raise ValueError(f"batch size must be at least 1, got {size}")
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
