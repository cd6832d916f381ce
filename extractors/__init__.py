"""PaperKG extraction: paper abstracts -> entities, results, claims and attributes.

Importing the package registers the `kg_*` spaCy factories (`kg_sentencizer`, `kg_gazetteer`, `kg_names`,
`kg_proposals`, `kg_results`, `kg_claims`, `kg_ner_entities`), so
`nlp.add_pipe("kg_results")` works after `import extractors`.

Example:
    >>> import extractors
    >>> from kg.core.model import Paper
    >>> paper = Paper(id="p1", title="T", abstract="Our model reaches 87.3% accuracy on CIFAR-10.")
    >>> [(r.value, r.unit, r.metric, r.dataset) for r in next(extractors.extract([paper])).results]
    [(87.3, '%', 'accuracy', 'CIFAR-10')]
"""

from __future__ import annotations

# Imported for their factory registrations.
from extractors import claims, gazetteer, names, ner_bridge, proposals, results, sentencizer  # noqa: F401
from extractors.adapt import doc_to_extraction
from extractors.pipeline import check_options, extract, load_nlp
from extractors.quantities import parse_quantity

__all__ = ["check_options", "doc_to_extraction", "extract", "load_nlp", "parse_quantity"]
