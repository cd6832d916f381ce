"""`NormalizedText`: normalised text with, per character, the range of the source text it came
from, and the `TextEmitter` that builds it (`extractors.markup` fills it).
"""

from __future__ import annotations

__all__ = ["NormalizedText", "TextEmitter"]


class NormalizedText:
    """Normalised text and the map from each of its characters back to the source text.

    `starts[i]`/`ends[i]` are the source range character `i` came from: the character itself
    when copied, the whole command when it replaces one ("×" from ``$\\times$``). Markup that
    was dropped belongs to no character. With no markup, `starts` is None (identity).

    Examples:
        >>> from extractors.markup import normalize_markup
        >>> norm = normalize_markup("We get 3$\\\\times$ at \\\\textbf{81.2\\\\%}.")
        >>> norm.text
        'We get 3× at 81.2%.'
        >>> start, end = norm.source_span(13, 18); norm.source[start:end]
        '81.2\\\\%'
        >>> normalize_markup("plain text").starts is None
        True
    """

    __slots__ = ("text", "source", "starts", "ends")

    def __init__(self, text: str, source: str, starts: list[int] | None = None, ends: list[int] | None = None):
        self.text = text
        self.source = source
        self.starts = starts
        self.ends = ends

    def __repr__(self) -> str:
        return f"NormalizedText({self.text!r})"

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source range of the normalised `[start, end)`, markup around it left out.

        Examples:
            >>> from extractors.markup import normalize_markup
            >>> norm = normalize_markup("the \\\\emph{ResNet} model")
            >>> norm.text, norm.source_span(4, 10)
            ('the ResNet model', (10, 16))
        """
        if self.starts is None or self.ends is None:
            return start, end
        n = len(self.starts)
        if end <= start:
            at = self.starts[start] if start < n else len(self.source)
            return at, at
        return self.starts[start], self.ends[min(end, n) - 1]

    def source_sentence(self, start: int, end: int) -> tuple[int, int]:
        """The source range of a normalised sentence, with the markup that opens or closes it.

        Markup dropped before the sentence's first character belongs to it; markup dropped after
        its last one too, when a space or the end of the text follows (else it opens the next
        sentence), so consecutive sentences never overlap.

        Examples:
            >>> from extractors.markup import normalize_markup
            >>> norm = normalize_markup("\\\\textbf{We} win~\\\\cite{a}. \\\\emph{It} works.")
            >>> norm.text
            'We win. It works.'
            >>> [norm.source[slice(*norm.source_sentence(*s))] for s in ((0, 7), (8, 17))]
            ['\\\\textbf{We} win~\\\\cite{a}.', '\\\\emph{It} works.']
        """
        if self.starts is None or self.ends is None:
            return start, end
        source, text, starts, ends = self.source, self.text, self.starts, self.ends
        first, last = self.source_span(start, end)
        gap_start = ends[start - 1] if start > 0 else 0
        first -= len(source[gap_start:first].lstrip())
        if end >= len(starts) or text[end] == " ":
            gap_end = starts[end] if end < len(starts) else len(source)
            last += len(source[last:gap_end].rstrip())
        return first, last


class TextEmitter:
    """Collects normalised text with, per character, its source range."""

    __slots__ = ("parts", "starts", "ends", "last", "latex")

    def __init__(self, *, latex: bool = True) -> None:
        self.latex = latex  # the text has a backslash: braces are LaTeX groups
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.last = ""  # last character emitted

    def copy(self, source: str, a: int, b: int) -> None:
        if b > a and source[a] == " " and self.last in ("", " "):
            a += 1  # a space after a space, or first: a copied run holds no other double space
        if b > a:
            self.parts.append(source[a:b])
            self.starts.extend(range(a, b))
            self.ends.extend(range(a + 1, b + 1))
            self.last = source[b - 1]

    def put(self, text: str, a: int, b: int) -> None:
        """`text` stands for the source `[a, b)`; a space is never doubled nor put first."""
        if not text:
            return
        if text == " ":
            if self.last in ("", " "):
                return
        elif text[0] == " " and self.last in ("", " "):
            text = text.lstrip(" ")
            if not text:
                return
        self.parts.append(text)
        self.starts.extend([a] * len(text))
        self.ends.extend([b] * len(text))
        self.last = text[-1]

    def pop(self) -> None:
        """Remove the last character emitted."""
        part = self.parts.pop()
        if len(part) > 1:
            self.parts.append(part[:-1])
        self.starts.pop()
        self.ends.pop()
        self.last = self.parts[-1][-1] if self.parts else ""

    def text(self) -> str:
        return "".join(self.parts)
