"""Input bytes to lines of text: gzip by content, byte-order marks, UTF-8 else Windows-1252 per line."""

from __future__ import annotations

import codecs
import gzip
import io
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

__all__ = ["decode_line", "open_binary", "text_lines"]


def open_binary(name: str) -> BinaryIO:
    if name == "-":
        return sys.stdin.buffer
    f = open(name, "rb")
    if f.peek(2)[:2] == b"\x1f\x8b":  # gzip magic, whatever the file is called
        f.close()
        return gzip.GzipFile(name, "rb")  # type: ignore[return-value]  # owns, so closes, its file
    return f


def decode_line(data: bytes) -> str:
    """Text of one input line: UTF-8, else Windows-1252 (a superset of Latin-1).

    Examples:
        >>> decode_line("café".encode("latin-1")), decode_line("café".encode())
        ('café', 'café')
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def text_lines(raw: BinaryIO) -> Iterator[tuple[int, str]]:
    """(line number, text) pairs, handling BOMs and mixed encodings line by line."""
    head = raw.read(4) if hasattr(raw, "read") else b""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = (head + raw.read()).decode("utf-16", errors="replace")
        for number, line in enumerate(io.StringIO(text), start=1):
            yield number, line
        return
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    stream = io.BufferedReader(_Prefixed(head, raw))  # type: ignore[arg-type]
    for number, data in enumerate(stream, start=1):
        yield number, decode_line(data)


class _Prefixed(io.RawIOBase):
    """A raw stream that yields `prefix` and then the rest of `raw` (the peeked BOM)."""

    def __init__(self, prefix: bytes, raw: BinaryIO) -> None:
        self._prefix = prefix
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
