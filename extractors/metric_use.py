"""Whether the words around a generic metric name ("accuracy", "recall", "latency": words the
field also uses as ordinary words) name it as a measure, though no number of the abstract
measures it: listed with another metric ("precision and recall", "BLEU, accuracy and F1",
"precision/recall"), or after words that say what is measured ("in terms of accuracy",
"measured by precision", "evaluation metrics: recall", "we evaluate the accuracy", "the accuracy was computed").

`kg_results` (`extractors.results`) keeps a generic metric mention when a result measures it or
`named_as_measure` says so; "high accuracy", "improves accuracy", "the loss of detail" stay out.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span

from extractors.cues import WEAK_METRICS
from extractors.sents import Tokens

__all__ = ["metric_bounds", "named_as_measure"]

# Verbs whose object is what is measured: "we evaluate the accuracy", "measuring recall"; and
# their participles after the metric: "the accuracy was computed by".
_MEASURING = frozenset(
    """measure measures measuring compute computes computing calculate calculates calculating evaluate
    evaluates evaluating report reports reporting estimate estimates estimating""".split())
_MEASURED = frozenset("measured computed calculated evaluated reported estimated".split())
# Words that join the names of one list of metrics.
_JOINS = frozenset({",", "and", "or", "/", "&"})
# Words between a join or a cue and a name that leave it intact ("precision and the recall",
# "in terms of their accuracy").
_FILLERS = frozenset({"the", "its", "their"})
# Words right before a metric that say it is what is measured: "in terms of", "measured by",
# "evaluated using", "metrics such as", "metrics:". The last word of each cue.
_CUE_ENDS = {
    "of": ("terms",),  # "in terms of"
    "by": ("measured", "measure", "measures", "evaluated", "assessed", "quantified"),
    "with": ("measured", "evaluated", "assessed"),
    "using": ("measured", "evaluated", "assessed"),
    "as": ("such", "measured"),  # "metrics such as", "measured as"
    ":": ("metric", "metrics", "measures"),
    "including": ("metric", "metrics", "measures"),
}


def metric_bounds(toks: Tokens, metrics: Iterable[Span]) -> tuple[frozenset[int], frozenset[int]]:
    """The start and end tokens of the metric mentions a generic one may be listed with (no
    weak word), computed once per document for `named_as_measure`."""
    partners = [m for m in metrics if toks.span_text(m.start, m.end).lower() not in WEAK_METRICS]
    return frozenset(m.start for m in partners), frozenset(m.end for m in partners)


def named_as_measure(toks: Tokens, span: Span, bounds: tuple[frozenset[int], frozenset[int]]) -> bool:
    """Whether `span`, a generic metric mention, is named as a measure by its words: one of a
    list of metric mentions (`bounds`, their start and end tokens: `metric_bounds`) or right
    after a cue of measuring. A weak word ("performance", "efficiency") is never one.

    Examples:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> def check(text, names, target):
        ...     doc = nlp(text)
        ...     toks = Tokens(doc, doc.text)
        ...     spans = [doc.char_span(doc.text.index(n), doc.text.index(n) + len(n)) for n in names]
        ...     return named_as_measure(toks, spans[names.index(target)], metric_bounds(toks, spans))
        >>> check("We report precision and recall.", ["precision", "recall"], "recall")
        True
        >>> check("Results in terms of accuracy are good.", ["accuracy"], "accuracy")
        True
        >>> check("It improves accuracy and speed.", ["accuracy"], "accuracy")
        False
    """
    texts = toks.texts
    if texts[span.start].lower() in WEAK_METRICS:
        return False
    starts, ends = bounds
    i = span.start - 1
    while i > 0 and texts[i].lower() in _FILLERS:
        i -= 1
    if i > 0 and texts[i].lower() in _JOINS and (i in ends or texts[i] == "and" and texts[i - 1] == "," and i - 1 in ends):
        return True  # "precision and recall", "BLEU, accuracy"; "A, B, and recall"
    j = span.end
    if j < len(texts) and texts[j].lower() in _JOINS:
        while j < len(texts) and (texts[j].lower() in _JOINS or texts[j].lower() in _FILLERS):
            j += 1
        if j in starts:
            return True  # "recall and F1", "accuracy, precision"
    cue = texts[i].lower() if i >= 0 else ""  # the word before the fillers, as for a list above
    if i > 0 and cue in _CUE_ENDS and texts[i - 1].lower() in _CUE_ENDS[cue] or cue in _MEASURING and i < span.start:
        return True  # "in terms of accuracy", "we evaluate the accuracy"
    after = [t.lower() for t in texts[span.end : span.end + 2]]
    return len(after) == 2 and after[0] in {"is", "was", "are", "were"} and after[1] in _MEASURED
