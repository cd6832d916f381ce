"""Build the extraction pipeline and run it over papers: `load_nlp`, `extract`.

Data path: `Paper` records -> `nlp.pipe` (sentencizer, gazetteer `span_ruler`,
`kg_names`, `kg_proposals`, `kg_results`, `kg_claims`) -> `doc_to_extraction`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
import srsly
from spacy.language import Language

from extractors.adapt import doc_to_extraction
from extractors.cues import LABEL_TO_TYPE
from extractors.sents import remember_text
from kg.errors import ExtractionError
from kg.model import Extraction, Paper

__all__ = ["PATTERNS_DIR", "PROFILES", "NER_MODEL_DIR", "SPANS_KEY", "extract", "load_nlp"]

log = logging.getLogger(__name__)

PATTERNS_DIR = Path(__file__).parent / "patterns"
NER_MODEL_DIR = Path(__file__).parent / "models" / "scierc_ner"
PATTERN_FILES = ("models", "methods", "datasets", "metrics", "tasks")
PROFILES = ("fast", "default")
SPANS_KEY = "kg_entities"


def load_nlp(profile: str = "default") -> Language:
    """The extraction pipeline for a profile.

    Args:
        profile: "fast" (rules only, on `spacy.blank("en")`) or "default" (the rules,
            plus the statistical SciERC NER when `extractors/models/scierc_ner` exists).

    Returns:
        A `Language` whose components write into `doc.spans`.

    Raises:
        ExtractionError: unknown profile, or the NER model exists but cannot be loaded.
    """
    if profile not in PROFILES:
        raise ExtractionError(f"[X001] unknown profile {profile!r}; available: {', '.join(PROFILES)}")
    use_ner = profile == "default" and NER_MODEL_DIR.is_dir()
    if use_ner:
        try:
            nlp = spacy.load(NER_MODEL_DIR)
        except (OSError, ValueError) as err:
            raise ExtractionError(f"[X002] cannot load the NER model at {NER_MODEL_DIR}: {err}") from err
    else:
        if profile == "default":
            log.info("no NER model at %s; the default profile runs the rules only", NER_MODEL_DIR)
        nlp = spacy.blank("en")
    # "MolBERT(pre-trained ...)": split a parenthesis glued to a name
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z0-9])\((?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    if "senter" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    caseless, cased = _split_patterns(
        pattern for stem in PATTERN_FILES for pattern in srsly.read_jsonl(PATTERNS_DIR / f"{stem}.jsonl")
    )
    ruler_config = {
        "spans_key": SPANS_KEY,
        "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        "validate": False,
    }
    nlp.add_pipe("span_ruler", config={**ruler_config, "phrase_matcher_attr": "LOWER"}).add_patterns(caseless)
    nlp.add_pipe("span_ruler", name="span_ruler_cased", config={**ruler_config, "overwrite": False}).add_patterns(cased)
    if use_ner:
        nlp.add_pipe("kg_ner_entities", config={"spans_key": SPANS_KEY})
    nlp.add_pipe("kg_names", config={"spans_key": SPANS_KEY})
    nlp.add_pipe("kg_proposals", config={"spans_key": SPANS_KEY})
    nlp.add_pipe("kg_results", config={"spans_key": SPANS_KEY})
    nlp.add_pipe("kg_claims", config={"spans_key": SPANS_KEY})
    return nlp


def _split_patterns(patterns: Iterable[dict]) -> tuple[list[dict], list[dict]]:
    """Caseless phrase patterns, and exact-case ones.

    A one-token ``[{"ORTH": "OPT"}]`` pattern becomes the phrase "OPT" for a ruler that
    matches on ORTH: the same matches, found by the phrase matcher, which is far
    faster than the token matcher on a long pattern list.
    """
    caseless, cased = [], []
    for pattern in patterns:
        body = pattern["pattern"]
        if isinstance(body, list) and len(body) == 1 and set(body[0]) == {"ORTH"}:
            cased.append({**pattern, "pattern": body[0]["ORTH"]})
        else:
            caseless.append(pattern)
    return caseless, cased


def extract(
    papers: Iterable[Paper], *, nlp: Language | None = None, batch_size: int = 64
) -> Iterator[Extraction]:
    """Extract entities, results, claims and attributes from each paper, streaming.

    Args:
        papers: the papers; each abstract is processed as is (offsets index it).
        nlp: a pipeline from `load_nlp`; the default profile is built when None.
        batch_size: documents per `nlp.pipe` batch.

    Yields:
        One `Extraction` per paper, in input order.
    """
    if nlp is None:
        nlp = load_nlp()
    pairs = ((remember_text(nlp.make_doc(paper.abstract or ""), paper.abstract or ""), paper) for paper in papers)
    for doc, paper in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield doc_to_extraction(doc, paper)


# The NER bridge is tiny and only used here, so it lives with the pipeline.
class NerEntities:
    """Copy `doc.ents` of a statistical NER into the entity span group where no rule span is."""

    NER_LABELS = {"METHOD": "METHOD", "TASK": "TASK", "METRIC": "METRIC", "MATERIAL": "DATASET"}

    def __init__(self, name: str, *, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc):  # type: ignore[no-untyped-def]
        from kg.ids import entity_key

        spans = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        taken = {i for span in spans for i in range(span.start, span.end)}
        for ent in doc.ents:
            label = self.NER_LABELS.get(ent.label_, ent.label_ if ent.label_ in LABEL_TO_TYPE else None)
            if label is None or any(i in taken for i in range(ent.start, ent.end)):
                continue
            spans.append(spacy.tokens.Span(doc, ent.start, ent.end, label=label, span_id=entity_key(ent.text)))
        doc.spans[self.spans_key] = sorted(spans, key=lambda s: s.start)
        return doc


@Language.factory(
    "kg_ner_entities",
    assigns=["doc.spans"],
    requires=["doc.ents"],
    default_config={"spans_key": SPANS_KEY},
)
def make_ner_entities(nlp: Language, name: str, spans_key: str) -> NerEntities:
    """Build the `kg_ner_entities` bridge from `doc.ents` to the entity span group."""
    return NerEntities(name, spans_key=spans_key)
