"""The shared scorers (`eval/score.py`, `eval/scierc.py`, `eval/tdmsci.py` of the shared folder),
imported by path, never copied, and the summary lines they print."""

from __future__ import annotations

import contextlib
import importlib.util
import io
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

from kg.core.errors import InputError

__all__ = ["SharedScorers", "load_scorers", "summary_line"]


class SharedScorers(NamedTuple):
    """The shared scorer modules, imported from the shared folder's `eval/`."""

    score: ModuleType
    scierc: ModuleType
    tdmsci: ModuleType


def load_scorers(shared: str | Path) -> SharedScorers:
    """Import `eval/score.py`, `eval/scierc.py` and `eval/tdmsci.py` of the shared folder by path.

    Raises:
        InputError: a scorer is missing or cannot be imported.
    """
    modules = []
    for stem in SharedScorers._fields:
        path = Path(shared) / "eval" / f"{stem}.py"
        if not path.is_file():
            raise InputError(f"[G001] shared scorer not found: {path} (pass --shared DIR)")
        spec = importlib.util.spec_from_file_location(f"paperkg_shared_{stem}", path)
        if spec is None or spec.loader is None:
            raise InputError(f"[G007] cannot import the shared scorer {path}")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as err:  # noqa: BLE001 - whatever a third-party script raises on import
            raise InputError(f"[G007] cannot import the shared scorer {path}: {err}") from err
        modules.append(module)
    return SharedScorers(*modules)


def _printed(run: Callable[[], Any]) -> list[str]:
    """The lines a scorer prints (they print their figures); its SystemExit is an InputError."""
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            run()
    except SystemExit as err:
        raise InputError(f"[G005] the shared scorer stopped: {err}") from err
    return buffer.getvalue().splitlines()


def summary_line(run: Callable[[], Any], what: str) -> str:
    """The last line a shared scorer prints when `run` calls it: its summary of the figures.

    Raises:
        InputError: the scorer stopped (SystemExit) or printed nothing.
    """
    lines = _printed(run)
    if not lines:
        raise InputError(f"[G008] the shared {what} scorer printed nothing")
    return lines[-1]
