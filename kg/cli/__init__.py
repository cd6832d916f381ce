"""The `kg` command: thin wrappers over kg.build, kg.export, kg.viz, kg.evaluate and the stores.

The only package that prints. Each command is a few lines in a module by topic
(`building`, `querying`, `checking`, `outputs`, `evaluation`; what they share in `app`);
`main` runs them and turns errors into one readable line on stderr and an exit code;
`--debug` shows the traceback instead.
"""

from __future__ import annotations

import os
import sys
from typing import Any

# Imported for their command registrations, in the order `kg --help` lists them.
from kg.cli import building, querying, checking, outputs, evaluation  # noqa: F401  isort: skip
from kg.cli.app import app, err, out
from kg.core.errors import KGError, UsageError, did_you_mean

__all__ = ["app", "main"]


def _is_click(error: BaseException, kind: str) -> bool:
    """Whether `error` is one of click's exceptions of that class name.

    By name, because typer 0.2x raises the exceptions of the click it vendors (`typer._click`),
    which are not the classes of the `click` package; older typer raises click's own.
    """
    return any(cls.__name__ == kind for cls in type(error).__mro__)


def _usage_line(error: BaseException) -> str:
    """A click usage error as one line: "Error: ..." with click's hint, and a suggestion when close."""
    message = " ".join(error.format_message().split())  # type: ignore[attr-defined]
    ctx = getattr(error, "ctx", None)
    command = getattr(ctx, "command", None)
    if message.startswith("No such command") and "Did you mean" not in message and command is not None:
        name = message.split("'")[1] if message.count("'") >= 2 else ""
        message += did_you_mean(name, getattr(command, "commands", {}))
    if message and message[-1] not in ".?!":
        message += "."
    hint = f" Try '{ctx.command_path} --help' for help." if ctx is not None else ""
    return f"Error: {message}{hint}"


class ReaderLeft(Exception):
    """Standard output's reader went away (`kg ... | head`): not an error, and not an OSError,
    which typer would turn into exit 1 before `main` sees it."""


class _GuardedStdout:
    """sys.stdout whose broken pipe raises `ReaderLeft`; rich and `extract` write through it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError as e:
            raise ReaderLeft from e

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError as e:
            raise ReaderLeft from e

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main() -> None:
    """Entry point: run the app, turning errors into one line and an exit code.

    Exit codes: 0 success (and help), 1 a runtime error (its message has a code), 2 a usage
    error (unknown command, option, query, parameter or format), 130 interrupted.
    """
    debug = "--debug" in sys.argv
    sys.stdout = _GuardedStdout(sys.stdout)  # type: ignore[assignment]
    try:
        code = app(standalone_mode=False)
        sys.stdout.flush()
    except (ReaderLeft, BrokenPipeError):  # `kg query ... | head`: the reader left, which is not an error
        _silence_stdout()
        sys.exit(0)
    except UsageError as e:
        if debug:
            raise
        err.print(f"Error: {e}", markup=False)
        sys.exit(2)
    except KGError as e:
        if debug:
            raise
        err.print(f"error: {e}", markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except OSError as e:  # an output path that cannot be written, a full disk: the user's to fix
        if debug:
            raise
        where = f": {e.filename}" if e.filename else ""
        err.print(f"error: [C008] {e.strerror or e}{where}", markup=False)
        sys.exit(1)
    except Exception as e:  # noqa: BLE001 - the CLI's promise: one line, not a traceback
        if _is_click(e, "NoArgsIsHelpError"):
            # `kg` or `kg plot` alone: the help is the answer. Rich help is already printed; plain
            # click carries it in the message.
            text = e.format_message()  # type: ignore[attr-defined]
            if text.strip():
                out.print(text, markup=False, highlight=False)
            sys.exit(0)
        if _is_click(e, "UsageError"):
            err.print(_usage_line(e), markup=False, highlight=False)
            sys.exit(e.exit_code)  # type: ignore[attr-defined]
        if _is_click(e, "Abort"):
            err.print("aborted")
            sys.exit(130)
        if _is_click(e, "ClickException"):
            err.print(f"Error: {' '.join(e.format_message().split())}", markup=False)  # type: ignore[attr-defined]
            sys.exit(e.exit_code)  # type: ignore[attr-defined]
        if debug:
            raise
        err.print(f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)", markup=False)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
