"""Build the extraction pipeline and run it over papers: `load_nlp`, `extract`.

Data path: `Paper` records -> `normalize_markup` (LaTeX and HTML resolved, offsets kept) ->
`nlp.pipe` (`kg_sentencizer`, `kg_gazetteer`, `kg_names`,
[`kg_ner_entities`,] `kg_proposals`, `kg_results`, `kg_claims`) -> `doc_to_extraction`;
`kg_ner_entities`, in the default profile, runs the statistical SciERC recogniser.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from extractors.adapt import doc_to_extraction
from extractors.blas import use_one_thread_blas
from extractors.markup import normalize_markup
from extractors.ner_bridge import MODES
from extractors.sents import remember_source, remember_text
from kg.core import taxonomy
from kg.core.errors import ExtractionError, OptionError, did_you_mean
from kg.core.model import Extraction, Paper

__all__ = ["PATTERNS_DIR", "PROFILES", "NER_MODEL_DIR", "SPANS_KEY", "check_options", "extract", "load_nlp", "load_patterns"]

log = logging.getLogger(__name__)

PATTERNS_DIR = Path(__file__).parent / "patterns"
NER_MODEL_DIR = Path(__file__).parent / "models" / "scierc_ner"
PATTERN_FILES = ("models", "methods", "datasets", "metrics", "tasks")
# Names papers also write in the plural ("BERTs", "positional encodings"), made by
# `taxonomy.plural` as the files are read; a data set is named in the singular.
PLURAL_FILES = frozenset({"models", "methods", "metrics", "tasks"})
PROFILES = ("fast", "default")
SPANS_KEY = "kg_entities"


def check_options(profile: str, mentions: str = "names") -> None:
    """Raise OptionError for an unknown profile or mentions mode (before any work starts).

    Examples:
        >>> check_options("fast", "all")
    """
    if profile not in PROFILES:
        raise OptionError(f"[X001] unknown profile {profile!r};{did_you_mean(profile, PROFILES)} available: {', '.join(PROFILES)}")
    if mentions not in MODES:
        raise OptionError(f"[X004] unknown mentions mode {mentions!r};{did_you_mean(mentions, MODES)} available: {', '.join(MODES)}")


def load_nlp(profile: str = "default", *, mentions: str = "names") -> Language:
    """The extraction pipeline for a profile.

    Args:
        profile: "fast" (rules only, on `spacy.blank("en")`) or "default" (the rules,
            plus the statistical SciERC NER when `extractors/models/scierc_ner` exists).
        mentions: what the NER adds (default profile): "names" for the graph (names and
            dataset names only), or "all" for mention-level evaluation such as SciERC
            (every NER mention, exact span, mapped type). See `extractors.ner_bridge`.

    Returns:
        A `Language` whose components write into `doc.spans`.

    Raises:
        ExtractionError: unknown profile, or the NER model exists but cannot be loaded.
    """
    check_options(profile, mentions)
    recognizer = None
    if profile == "default" and NER_MODEL_DIR.is_dir():
        try:
            recognizer = spacy.load(NER_MODEL_DIR)
        except (OSError, ValueError) as err:
            raise ExtractionError(f"[X002] cannot load the NER model at {NER_MODEL_DIR}: {err}") from err
        use_one_thread_blas(recognizer)  # its products on a tuned BLAS kernel, one thread (see extractors.blas)
    elif profile == "default":
        log.info("no NER model at %s; the default profile runs the rules only", NER_MODEL_DIR)
    nlp = spacy.blank("en")
    # "MolBERT(pre-trained ...)": split a parenthesis glued to a name; "65.0/70.4", "1.2–1.4"
    # and "EPE=1.4", "F1=9.4" into numbers and what joins them, so each number is a token of its own
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z0-9])\((?=[A-Za-z])", r"(?<=[0-9%×])[/–—~](?=[0-9])", r"(?<=[%×])-(?=[0-9])",
               r"(?<=[A-Za-z])[=:](?=[0-9])", r"(?<=[0-9])=(?=[0-9])"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    # "... dubbed CrossRay3D. Experiments": a sentence's full stop after a name ending in a
    # capital with a digit or capital before it ("Mistral-7B.", "GPT-4V."), not "U.S." or "J."
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[0-9A-Z][A-Z])\."]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.add_pipe("kg_sentencizer")
    gazetteer = nlp.add_pipe("kg_gazetteer", config={"spans_key": SPANS_KEY})
    patterns = load_patterns()
    gazetteer.add_patterns(patterns)
    nlp.add_pipe("kg_names", config={"spans_key": SPANS_KEY}).add_families(patterns)
    if recognizer is not None:  # after the rules: it fills in where they found nothing ("all": overrides them)
        ner = nlp.add_pipe("kg_ner_entities", config={"spans_key": SPANS_KEY, "mode": mentions})
        ner.add_families(patterns)
        # the recogniser reads our tokens, so the tokenizer change above applies to it too
        ner.set_recognizer(recognizer)
    nlp.add_pipe("kg_proposals", config={"spans_key": SPANS_KEY})
    nlp.add_pipe("kg_results", config={"spans_key": SPANS_KEY})
    nlp.add_pipe("kg_claims", config={"spans_key": SPANS_KEY})
    return nlp


def load_patterns() -> list[dict]:
    """Every gazetteer pattern: the hand-kept ones of `extractors/patterns/*.jsonl`, each followed
    by its plural (`PLURAL_FILES`), then the forms of the shipped dataset, metric and task
    vocabularies (`kg.core.taxonomy`).

    Examples:
        >>> patterns = load_patterns()
        >>> {"label": "METRIC", "pattern": [{"ORTH": "WER"}], "id": "worderrorrate"} in patterns
        True
        >>> [p["pattern"] for p in patterns if p["id"] == "bert"][:2]
        ['BERT', 'BERTs']
    """
    patterns = [variant for stem in PATTERN_FILES for pattern in srsly.read_jsonl(PATTERNS_DIR / f"{stem}.jsonl")
                for variant in ([pattern, *_plurals(pattern)] if stem in PLURAL_FILES else [pattern])]
    return patterns + [pattern for kind in taxonomy.TYPES for pattern in taxonomy.gazetteer_patterns(kind)]


def _plurals(pattern: dict) -> list[dict]:
    """The pattern of a one-token or phrase name's plural, when it has one.

    Examples:
        >>> _plurals({"label": "MODEL", "pattern": [{"ORTH": "BERT"}], "id": "bert"})
        [{'label': 'MODEL', 'pattern': [{'ORTH': 'BERTs'}], 'id': 'bert'}]
        >>> _plurals({"label": "METRIC", "pattern": "latency", "id": "latency"})
        [{'label': 'METRIC', 'pattern': 'latencies', 'id': 'latency'}]
        >>> _plurals({"label": "MODEL", "pattern": "GPT-3", "id": "gpt3"})
        []
    """
    text = pattern["pattern"] if isinstance(pattern["pattern"], str) else pattern["pattern"][0]["ORTH"]
    name = taxonomy.plural(text)
    if name is None:
        return []
    return [{**pattern, "pattern": name if isinstance(pattern["pattern"], str) else [{"ORTH": name}]}]


def extract(
    papers: Iterable[Paper], *, nlp: Language | None = None, batch_size: int = 64
) -> Iterator[Extraction]:
    """Extract entities, results, claims and attributes from each paper, streaming.

    Args:
        papers: the papers; each abstract is read with its markup resolved
            (`extractors.markup`), and every offset indexes the abstract as stored.
        nlp: a pipeline from `load_nlp`; the default profile is built when None.
        batch_size: documents per `nlp.pipe` batch.

    Yields:
        One `Extraction` per paper, in input order.
    """
    if nlp is None:
        nlp = load_nlp()
    pairs = ((_make_doc(nlp, paper.abstract or ""), paper) for paper in papers)
    for doc, paper in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield doc_to_extraction(doc, paper)


def _make_doc(nlp: Language, abstract: str) -> Doc:
    """The Doc of an abstract's normalised text (markup resolved), which remembers its source."""
    normalized = normalize_markup(abstract)
    doc = remember_text(nlp.make_doc(normalized.text), normalized.text)
    if normalized.starts is not None:
        remember_source(doc, normalized)
    return doc
