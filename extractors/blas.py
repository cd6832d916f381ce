"""Matrix products for the statistical recogniser: numpy's OpenBLAS on one thread, where it exists.

thinc's CPU ops multiply with the BLIS bundled in `blis` (0.7.0), whose CPU detection predates
AMD Zen 3 and falls back to its generic reference kernel there: on such a machine the recogniser
spent about a third of its time in that kernel. numpy's OpenBLAS picks a tuned kernel, but
spreads a product over every core; the extraction scales by processes (`--workers`), so each
product here runs on the calling thread alone (`openblas_set_num_threads_local`, OpenBLAS >=
0.3.27), and the thread's previous setting comes back after it. Without an OpenBLAS that offers
that call (another BLAS, another platform), the recogniser keeps thinc's own ops.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable
from pathlib import Path

from spacy.language import Language
from thinc.api import NumpyOps

__all__ = ["one_thread_ops", "use_one_thread_blas"]


@functools.cache
def _set_local_threads() -> Callable[[int], int] | None:
    """OpenBLAS's `openblas_set_num_threads_local` of the library numpy loaded, or None."""
    import numpy  # noqa: F401  (loads the library this looks for)

    maps = Path("/proc/self/maps")
    if not maps.exists():
        return None
    paths = {line.split()[-1] for line in maps.read_text().splitlines() if "openblas" in line.lower() and "/" in line}
    for path in sorted(paths):
        try:
            set_local = ctypes.CDLL(path).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        set_local.restype, set_local.argtypes = ctypes.c_int, [ctypes.c_int]
        return set_local
    return None


class _OneThreadOps(NumpyOps):
    """NumpyOps whose products are numpy's (`use_blis=False`), each on the calling thread."""

    def gemm(self, x, y, *, out=None, trans1=False, trans2=False):
        set_local = _set_local_threads()
        previous = set_local(1)
        try:
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
        finally:
            set_local(previous)


def one_thread_ops() -> NumpyOps | None:
    """The ops above, or None where numpy's BLAS cannot be held to one thread."""
    return _OneThreadOps(use_blis=False) if _set_local_threads() is not None else None


def use_one_thread_blas(pipeline: Language) -> bool:
    """Give every layer of `pipeline`'s models the ops above; False (nothing changed) without them."""
    ops = one_thread_ops()
    if ops is None:
        return False
    for _, component in pipeline.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for node in model.walk():
                node.ops = ops
    return True
