"""The core every other layer builds on: records, names and errors, importing nothing else of ours.

- `kg.core.model`: the frozen records that cross stage boundaries (`Paper`, `Extraction`, ...);
- `kg.core.graph`: an `Extraction` as graph rows (`Node`, `Edge`, `GraphRows`), the stores' input;
- `kg.core.analytics`: what `kg analyze` computed (`Analysis`), which the stores write back;
- `kg.core.ids`: canonical keys and IRIs;
- `kg.core.vocab`: the closed vocabulary of classes, relations and properties;
- `kg.core.errors`: the coded exceptions;
- `kg.core.holdout`: which evaluation items tuning never sees;
- `kg.core.taxonomy`: the shipped dataset, metric and task vocabularies;
- `kg.core.batches`: `batched`, the one way to cut a stream into batches;
- `kg.core.rdf`: graph rows as RDF quads and back, the one mapping the stores and exports share;
- `kg.core.focus`: what a focus names and the nodes around it, one rule for pictures and stores.

`extractors`, `queries` and `kg.stores` import from here and from nothing else of ours;
`tests/test_layers.py` checks it. Importing `kg.core` imports none of its modules.
`__version__` is the installed distribution's version, so `pyproject.toml` is its one source.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("paperkg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
