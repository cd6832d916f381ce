"""`normalize_markup`: LaTeX and HTML markup of real abstracts -> readable text, with an offset map.

First step of the extraction data path, before tokenisation: `extractors.pipeline.extract`
runs the pipeline on `NormalizedText.text`, and `extractors.adapt` maps every offset back
with `NormalizedText.source_span` / `source_sentence`, so offsets index `paper.abstract` as
stored and evidence is what the paper says. A pure function, no spaCy.

What it rewrites (arXiv sources and metadata write all of these):

- escapes and symbols: ``\\%`` -> "%", ``\\&`` -> "&", ``\\times`` -> "×", ``\\pm`` -> "±",
  ``\\sim`` -> "~", ``\\approx`` -> "≈", ``\\geq`` -> "≥", Greek letters, accents (``\\'e`` -> "é");
- font and link commands keep their text: ``\\textbf{..}``, ``\\emph{..}``, ``\\textit``,
  ``\\href{url}{text}`` (the text), ``{\\em ..}``; citations, references, labels, footnotes and
  spacing commands go, with the space before a citation ("in~\\cite{x}." -> "in.");
- inline math ``$..$`` / ``\\(..\\)`` keeps its content readable: ``$^{2}$`` -> "²",
  ``$10^{-3}$`` -> "10⁻³", ``$F_1$`` -> "F1", ``$\\frac{a}{b}$`` -> "a/b";
- ``~`` between words -> " " (a tilde before a number after a space, "~3x", stays: it means
  "about"; so does one between two numbers, "1.6~3.6", a range), ``--`` -> "–" and ``---`` -> "—"
  ("10--20"), ``` ``quoted'' ``` -> '"quoted"'; in text without a backslash, a free-standing
  " -- " and spaced quotes are tokenised text (SciERC's) and stay, and braces are braces;
- HTML entities (``&amp;``, ``&#39;``) and simple HTML tags (``<b>``, ``<sub>``);
- a word hyphenated across a line break ("seg-\\nmentation" -> "segmentation"; "self-\\nsupervised"
  keeps its hyphen, see `extractors.hyphenation`), line breaks, tabs and runs of spaces -> one space.

Text without any markup comes back unchanged, after a few substring tests.
"""

from __future__ import annotations

import html
import re
import unicodedata

from extractors.hyphenation import join_hyphenated
from extractors.latex_commands import (
    ACCENTS,
    DROP_ALONE,
    DROP_WITH_ARGS,
    GLUED_TO_WORD,
    KEEP_TEXT,
    SUPERSCRIPTS,
    SYMBOLS,
    TEXT_ACCENTS,
    TWO_ARGUMENTS,
)
from extractors.normalized_text import NormalizedText, TextEmitter

__all__ = ["NormalizedText", "normalize_markup"]

# Anything that can start markup: text with none of these is returned as is. Substring tests
# (`str.__contains__`) find them four times faster than one regular expression would.
_TRIGGERS = ("\\", "$", "~", "{", "}", "&", "<", "\n", "\t", "\r", "--", "  ", "''", "``")
_TRIGGER_RE = re.compile(r"[\\$~{}&<\t\r\n]|--|''|``| (?=\s)")
_COMMAND_RE = re.compile(r"\\(?:([A-Za-z]+)\*?|(.))", re.S)
_HTML_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HTML_TAG_RE = re.compile(r"</?(b|i|em|strong|u|sub|sup|br|p|span|div|code|tt|small|big|font)(?:\s[^<>]{0,200})?/?>",
                          re.I)
_SPACES_RE = re.compile(r"[ \t\r\n]+")

def normalize_markup(text: str) -> NormalizedText:
    """Readable text from an abstract with LaTeX or HTML markup, with an offset map back.

    Args:
        text: the abstract as stored.

    Returns:
        The normalised text and its map to `text` (identity when nothing changed).

    Examples:
        >>> normalize_markup("Top-1 of 81.2\\\\% on~ImageNet~\\\\cite{deng09} -- a 2.1$\\\\pm$0.3 gain.").text
        'Top-1 of 81.2% on ImageNet – a 2.1±0.3 gain.'
        >>> normalize_markup("Semantic seg-\\n  mentation with self-\\nsupervised R$^2$ and $F_1$.").text
        'Semantic segmentation with self-supervised R² and F1.'
        >>> normalize_markup("A &amp; B&#39;s ``best'' {\\\\em model}, ~3x faster").text
        'A & B\\'s "best" model, ~3x faster'
    """
    if not any(map(text.__contains__, _TRIGGERS)):
        return NormalizedText(text, text)
    out = TextEmitter(latex="\\" in text)
    _scan(text, 0, len(text), out, math=False)
    if out.last == " ":
        out.pop()
    normalized = out.text()
    if normalized == text:
        return NormalizedText(text, text)
    return NormalizedText(normalized, text, out.starts, out.ends)


# Where plain copying stops: a character that may start markup.
_TEXT_STOP_RE = _TRIGGER_RE
_MATH_STOP_RE = re.compile(r"[\\$~{}^_&<\t\r\n]| (?=\s)")


def _scan(src: str, pos: int, end: int, out: TextEmitter, *, math: bool) -> None:
    """Normalise `src[pos:end]` into `out`, in text or math mode."""
    stop_re = _MATH_STOP_RE if math else _TEXT_STOP_RE
    while pos < end:
        stop = stop_re.search(src, pos, end)
        if stop is None:
            out.copy(src, pos, end)
            return
        i = stop.start()
        out.copy(src, pos, i)
        pos = _markup(src, i, end, out, math=math)


def _markup(src: str, i: int, end: int, out: TextEmitter, *, math: bool) -> int:
    """Handle the possible markup at `src[i]`; return where scanning goes on."""
    c = src[i]
    if c == "\\":
        return _command(src, i, end, out, math=math)
    if c in " \t\r\n":
        run = _SPACES_RE.match(src, i, end)
        j = run.end() if run is not None else i + 1
        if c == " " and j == i + 1:
            out.copy(src, i, j)
            return j
        if not math and i > 0 and src[i - 1] == "-" and "\n" in src[i:j] and join_hyphenated(src, i, j, end, out):
            return j
        out.put(" ", i, j)
        return j
    if c == "$":
        return _dollar(src, i, end, out)
    if c == "{" or c == "}":
        if not math and not out.latex:
            out.copy(src, i, i + 1)  # no backslash in the whole text: "C = {PC, SC}" is a set
        return i + 1  # braces group; they print nothing
    if c == "~":
        if math:
            out.put(" ", i, i + 1)
            return i + 1
        before = src[i - 1] if i > 0 else " "
        after = src[i + 1] if i + 1 < end else " "
        if before.isdigit() and after.isdigit():
            out.copy(src, i, i + 1)  # "1.6~3.6": a range
        elif (before.isalnum() or before in ".,;:)]}") and not after.isspace():
            out.put(" ", i, i + 1)  # "Fig.~3", "in~\cite": an unbreakable space
        else:
            out.copy(src, i, i + 1)  # "~3x": about
        return i + 1
    if c == "&":
        entity = _HTML_ENTITY_RE.match(src, i, end)
        if entity is not None:
            value = html.unescape(entity.group())
            if value != entity.group():
                out.put(" " if value == "\xa0" else value, i, entity.end())
                return entity.end()
        out.copy(src, i, i + 1)
        return i + 1
    if c == "<":
        tag = _HTML_TAG_RE.match(src, i, end)
        if tag is not None:
            if tag.group(1).lower() in ("br", "p", "div"):
                out.put(" ", i, tag.end())
            return tag.end()
        out.copy(src, i, i + 1)
        return i + 1
    if math and c in "^_":
        return _script(src, i, end, out)
    if c == "-" and src.startswith("--", i):
        n = 3 if src.startswith("---", i) else 2
        if not out.latex and (i == 0 or src[i - 1].isspace()) and (i + n >= end or src[i + n].isspace()):
            out.copy(src, i, i + n)  # no LaTeX: a free-standing " -- " is a tokenised dash (SciERC)
        else:
            out.put("—" if n == 3 else "–", i, i + n)  # "10--20", "models---and"
        return i + n
    # ``quoted''; without LaTeX, a spaced `` or '' is a tokenised quote (SciERC) and stays
    if c == "`" and src.startswith("``", i) and (out.latex or i + 2 < end and not src[i + 2].isspace()):
        out.put('"', i, i + 2)
        return i + 2
    if c == "'" and src.startswith("''", i) and (out.latex or i > 0 and not src[i - 1].isspace()):
        out.put('"', i, i + 2)
        return i + 2
    out.copy(src, i, i + 1)
    return i + 1


def _group_end(src: str, i: int, end: int) -> int | None:
    """Index after the brace group opening at `src[i] == "{"`, or None when it never closes."""
    depth = 0
    k = i
    while k < end:
        c = src[k]
        if c == "\\":
            k += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return None


def _bracket_end(src: str, i: int, end: int) -> int | None:
    """Index after an optional argument opening at `src[i] == "["`, or None."""
    close = src.find("]", i, min(end, i + 200))
    return close + 1 if close >= 0 else None


def _arguments(src: str, k: int, end: int, *, limit: int = 9) -> tuple[list[tuple[int, int]], int]:
    """The brace arguments after a command at `k` (optional ones skipped): their inner
    ranges and where they end. Spaces may separate them, not a blank line."""
    args: list[tuple[int, int]] = []
    while k < end and len(args) < limit:
        j = k
        while j < end and src[j] in " \t" and j - k < 4:
            j += 1
        if j < end and src[j] == "[":
            close = _bracket_end(src, j, end)
            if close is None:
                break
            k = close
            continue
        if j < end and src[j] == "{":
            close = _group_end(src, j, end)
            if close is None:
                break
            args.append((j + 1, close - 1))
            k = close
            continue
        break
    return args, k


def _command(src: str, i: int, end: int, out: TextEmitter, *, math: bool) -> int:
    """A backslash command at `src[i]`: emit what it prints, return where scanning goes on."""
    m = _COMMAND_RE.match(src, i, end)
    if m is None:  # a backslash at the very end
        return i + 1
    name = m.group(1) or m.group(2)
    k = m.end()
    if m.group(2) is not None:  # one-symbol command
        if name in ("(", "["):  # \( .. \) and \[ .. \] math
            close = src.find("\\" + (")" if name == "(" else "]"), k, end)
            if close >= 0:
                _math(src, i, k, close, close + 2, out)
                return close + 2
        if name in TEXT_ACCENTS and not (math and name in ",;:!"):
            return _accent(src, i, k, end, ACCENTS[name], out)
        if name == "\\":  # "\\" line break, maybe "\\[2pt]"
            if k < end and src[k] == "*":
                k += 1
            if k < end and src[k] == "[":
                k = _bracket_end(src, k, end) or k
            out.put(" ", i, k)
            return k
        if name in (",", "!", ";", ":") and not math and i > 0 and src[i - 1].isdigit() \
                and k < end and src[k].isdigit():
            return k  # "10\,000": a thin space inside a number
        out.put(" " if name.isspace() else SYMBOLS.get(name, name), i, k)
        return k
    if name in ACCENTS:  # "\v{c}", "\c c", "\hat{y}" ("\vc" is a command named "vc")
        return _accent(src, i, k + 1 if len(name) == 1 and k < end and src[k] == " " else k, end,
                       ACCENTS[name], out)
    if name in DROP_WITH_ARGS:
        if name in GLUED_TO_WORD and out.last == " ":
            out.pop()  # "shown in~\cite{x}." -> "shown in."
        _, k = _arguments(src, k, end, limit=2 if name in TWO_ARGUMENTS else 1)
        if name in ("begin", "end"):
            out.put(" ", i, k)
        return k
    if name in DROP_ALONE:
        return k
    if name in ("frac", "dfrac", "tfrac", "nicefrac"):
        args, k2 = _arguments(src, k, end, limit=2)
        if len(args) == 2:
            _scan(src, *args[0], out, math=True)
            out.put("/", args[0][1], args[1][0])
            _scan(src, *args[1], out, math=True)
            return k2
    if name == "sqrt":
        args, k2 = _arguments(src, k, end, limit=1)
        out.put("√", i, k)
        if args:
            _scan(src, *args[0], out, math=True)
            return k2
        return k
    if name in ("textsuperscript", "textsubscript"):
        args, k2 = _arguments(src, k, end, limit=1)
        if args:
            if name == "textsuperscript":
                out.put(_superscript(src, args[0][0], args[0][1]), i, k2)
            else:
                _scan(src, *args[0], out, math=False)
            return k2
        return k
    if name in ("url", "nolinkurl"):  # a URL is copied as written ("~", "%" and "_" included)
        args, k2 = _arguments(src, k, end, limit=1)
        if args:
            out.copy(src, *args[0])
            return k2
    if name in KEEP_TEXT:
        args, k2 = _arguments(src, k, end, limit=2 if name in TWO_ARGUMENTS else 1)
        if args:
            inner_math = math and name not in ("text", "textbf", "textit", "textrm", "mbox", "emph")
            _scan(src, *args[-1], out, math=inner_math)
            return k2
        if name.startswith(("math", "bold", "bm", "pmb")) and k < end and not src[k].isspace():
            nxt = _COMMAND_RE.match(src, k, end) if src[k] == "\\" else None
            if nxt is not None:  # "\mathbf\beta"
                return _command(src, k, end, out, math=True)
            out.copy(src, k, k + 1)  # "\mathbfβ"
            return k + 1
        return k
    if name in SYMBOLS:
        text = SYMBOLS[name]
        if k < end and src[k] == "{" and src.startswith("{}", k):
            k += 2  # "\LaTeX{}"
        out.put(text, i, k)
        return k
    # an unknown macro (\ours, \modelname): its name prints nothing we could know; in math a
    # name is the best reading ("\FO" -> "FO"); its brace arguments are text
    if math:
        out.put(name, i, k)
    return k


def _accent(src: str, i: int, k: int, end: int, mark: str, out: TextEmitter) -> int:
    """An accent command over the letter at `k` (or in a brace group there)."""
    if k < end and src[k] == "{":
        close = _group_end(src, k, end)
        if close is not None:
            inner = TextEmitter()  # "\'{\i}", "\~{\^{e}}"
            _scan(src, k + 1, close - 1, inner, math=False)
            base = inner.text().strip().replace("ı", "i").replace("ȷ", "j")  # a dotless letter under an accent
            out.put(unicodedata.normalize("NFC", (base or " ") + mark).strip(), i, close)
            return close
    if k < end and src[k].isalpha():
        out.put(unicodedata.normalize("NFC", src[k] + mark), i, k + 1)
        return k + 1
    out.put(SYMBOLS.get(src[i + 1 : k], ""), i, k)
    return k


def _script(src: str, i: int, end: int, out: TextEmitter) -> int:
    """A math superscript or subscript at `src[i]` ("^{-3}", "_1", "^\\circ")."""
    k = i + 1
    while k < end and src[k] == " ":
        k += 1
    if k >= end:
        return end
    if src[k] == "{":
        close = _group_end(src, k, end)
        if close is None:
            return k + 1
        a, b, stop = k + 1, close - 1, close
    elif src[k] == "\\":
        m = _COMMAND_RE.match(src, k, end)
        a, b = k, m.end() if m is not None else k + 1
        stop = b
    else:
        a, b, stop = k, k + 1, k + 1
    if src[i] == "_":
        _scan(src, a, b, out, math=True)
    else:
        out.put(_superscript(src, a, b), i, stop)
    return stop


def _superscript(src: str, a: int, b: int) -> str:
    """A superscript as text: Unicode superscripts when every character has one ("10⁻³",
    "R²", "90°"), the letters as they are for ordinals ("1st"), else "^(...)"."""
    inner = TextEmitter()
    _scan(src, a, b, inner, math=True)
    text = inner.text().strip()
    if not text:
        return ""
    if all(ch in SUPERSCRIPTS for ch in text):
        return "".join(SUPERSCRIPTS[ch] for ch in text)
    if text in ("st", "nd", "rd", "th"):  # "1$^{st}$"
        return text
    return "^" + text if len(text) == 1 else f"^({text})"


def _dollar(src: str, i: int, end: int, out: TextEmitter) -> int:
    """``$..$`` or ``$$..$$`` math at `src[i]`; a "$" that opens no math is copied."""
    if src.startswith("$$", i):
        close = src.find("$$", i + 2, end)
        if close > i + 2 and _looks_like_math(src[i + 2 : close]):
            _math(src, i, i + 2, close, close + 2, out)
            return close + 2
        return i + 2  # "$$": inline math whose content was stripped
    close = i + 1
    while True:
        close = src.find("$", close, end)
        if close < 0 or src[close - 1] != "\\":
            break
        close += 1
    if close > i + 1 and _looks_like_math(src[i + 1 : close]):
        _math(src, i, i + 1, close, close + 1, out)
        return close + 1
    out.copy(src, i, i + 1)
    return i + 1


def _math(src: str, opening: int, a: int, b: int, closing: int, out: TextEmitter) -> None:
    """Math `src[a:b]` between delimiters at `[opening, a)` and `[b, closing)`: the delimiters
    belong to the first and last characters it prints, so "3$\\times$" maps back whole."""
    first = len(out.starts)
    _scan(src, a, b, out, math=True)
    starts, ends = out.starts, out.ends
    last = len(starts) - 1
    if last < first:
        return
    k, old = first, (starts[first], ends[first])
    while k <= last and (starts[k], ends[k]) == old:
        starts[k] = opening
        k += 1
    k, old = last, (starts[last], ends[last])
    while k >= first and (starts[k], ends[k]) == old:
        ends[k] = closing
        k -= 1


def _looks_like_math(inner: str) -> bool:
    """True for the content of a math pair, false for two dollar amounts ("$5 and $10").

    Examples:
        >>> _looks_like_math("\\\\times"), _looks_like_math("5 and "), _looks_like_math(" qcb_{0} ")
        (True, False, True)
    """
    if len(inner) > 400 or "\n\n" in inner:
        return False
    if inner[0].isspace() or inner[-1].isspace():
        return any(c in inner for c in "\\^_{")
    return True
