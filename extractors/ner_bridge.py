"""`kg_ner_entities`: the statistical NER's entities (`doc.ents`) into the entity span group.

Runs after the rules (`kg_gazetteer`, `kg_names`), in the default profile only (when
`extractors/models/scierc_ner` exists). The recogniser is trained on SciERC, whose Method, Task, Metric and Material
mentions include generic noun phrases ("an algorithm", "images", "translation"); a
knowledge graph of ML papers wants names. So the bridge has two modes:

- ``"names"`` (the graph): the rules win; an entity is added where they found nothing, if it reads
  as a name ("MolFormer", "Intra-chunk Vision Encoder"), and a Material only when it reads
  as a dataset name ("the SNLI corpus" yes, "raw video content" no).
- ``"all"`` (mention evaluation, e.g. SciERC): every entity with its exact span and mapped
  type (Material -> Dataset), winning over rule spans it overlaps; later components keep
  these spans as they are (they carry ``kb_id == EXACT_KB_ID``). Elsewhere NER spans carry
  ``kb_id == "kg_ner"``, their provenance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from extractors.cues import DATASET_HEADS, EXACT_KB_ID, GENERIC_NAMES, NER_KB_ID, NOT_NAMES
from extractors.sents import Sentences
from extractors.names import new_name_label
from extractors.shapes import NameFamilies, name_key, name_shape

__all__ = ["NER_KB_ID", "NER_LABELS", "NerEntities", "make_ner_entities", "reads_as_name"]

# NER label -> span label; GENERIC and OTHER (SciERC's Generic, OtherScientificTerm) are dropped.
NER_LABELS: dict[str, str] = {"METHOD": "METHOD", "TASK": "TASK", "METRIC": "METRIC", "MATERIAL": "DATASET"}
MODES = ("names", "all")
# What the NER adds for the graph: names of methods and datasets; its tasks and metrics are
# common noun phrases ("polarity detection"), which the gazetteer covers where they matter.
_NAMED_LABELS = frozenset({"METHOD", "DATASET"})


def reads_as_name(words: list[str], *, sentence_start: bool) -> bool:
    """True when a mention reads as a proper name rather than a common noun phrase.

    Every word is capitalised or name-shaped (connectives aside), the phrase is no generic
    class ("Large Language Models") and no markup. One word must be name-shaped but not a
    bare acronym ("MolFormer", "LI-DiT-10B", "Pref-Aligner"; not "GPS"); several
    capitalised words make a name unless they open the sentence.

    Examples:
        >>> reads_as_name(["MolFormer"], sentence_start=True)
        True
        >>> reads_as_name(["Vision", "Encoder"], sentence_start=False)
        True
        >>> reads_as_name(["Language", "models"], sentence_start=False), reads_as_name(["GPS"], sentence_start=False)
        (False, False)
        >>> reads_as_name(["Speech", "Large", "Language", "Models"], sentence_start=False)
        False
        >>> reads_as_name(["GPTZero", "and", "Pangram"], sentence_start=False), reads_as_name(["2026-03-09"], sentence_start=False)
        (False, False)
    """
    content = [w for w in words if w.lower() not in _CONNECTIVES]
    if not content or any(c in w for w in words for c in _MARKUP):
        return False
    if any(w.lower() in {"and", "or", "."} for w in words) or "-" in (words[0], words[-1]) \
            or not any(c.isalpha() for c in "".join(words)):
        return False  # two names ("GPTZero and Pangram"), a cut-off word ("Reasoning-"), a date
    text = " ".join(words).lower()
    if any(text.endswith(generic) for generic in GENERIC_NAMES):
        return False
    if any(not (w[:1].isupper() or w[:1].isdigit()) and not name_shape(w) for w in content):
        return False  # a common noun or a verb: "GPT-like models", "CON-QA effectively maintains"
    if len(content) == 1:
        word = content[0]
        return name_shape(word) == "strong" or ("-" in word.strip("-") and word.lower() not in NOT_NAMES)
    return not sentence_start or any(name_shape(w) == "strong" for w in content)


_CONNECTIVES = frozenset({"of", "for", "and", "with", "on", "in", "to", "-", "the", "a"})
_MARKUP = frozenset("\\{}/@:<>=")


class NerEntities:
    """Adds a statistical NER's entities to `doc.spans[spans_key]`; see the module docstring.

    With a recogniser (`set_recognizer`, a tok2vec+ner pipeline) the component runs it
    itself, on the Doc's tokens: on the whole text in "all" mode, and in "names" mode only
    on the sentences that hold a word that could start a name (a name-shaped or capitalised
    word past the sentence's first), about half of an abstract, since nothing else can
    pass the name test. Without one it reads `doc.ents` of an NER earlier in the pipeline.
    """

    def __init__(self, name: str, *, spans_key: str, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"[X004] unknown kg_ner_entities mode {mode!r}; available: {', '.join(MODES)}")
        self.name = name
        self.spans_key = spans_key
        self.mode = mode
        self.recognizer: Language | None = None
        self.families = NameFamilies()

    def add_families(self, patterns: Iterable[dict]) -> None:
        """Learn name families from gazetteer patterns (see `NameFamilies`): they type a new
        name as the rules would, before the recogniser's own guess."""
        self.families.add(patterns)

    def set_recognizer(self, recognizer: Language) -> None:
        """Run `recognizer` (a pipeline that sets `doc.ents`) instead of reading `doc.ents`."""
        self.recognizer = recognizer

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 64) -> Iterator[Doc]:
        """Process a stream of Docs; the recogniser sees the texts of a whole batch at once."""
        for batch in minibatch(docs, size=batch_size):
            if self.recognizer is None:
                found = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in batch]
            else:
                found = self._recognize(self.recognizer, batch, batch_size=batch_size)
            for doc, ents in zip(batch, found, strict=True):
                yield self._add(doc, ents)

    def _recognize(self, recognizer: Language, docs: list[Doc], *, batch_size: int) -> list[list[tuple[int, int, str]]]:
        vocab = recognizer.vocab
        windows: list[tuple[int, int]] = []  # (doc number, first token) of each text the NER reads
        texts: list[Doc] = []
        for n, doc in enumerate(docs):
            sents = Sentences(doc)
            toks = sents.tokens
            spans = [(0, len(doc))] if self.mode == "all" else \
                [(a, b) for a, b in zip(sents.starts, sents.ends, strict=True) if _may_hold_a_name(toks.texts[a:b])]
            for a, b in spans:
                if b > a:
                    windows.append((n, a))
                    texts.append(Doc(vocab, words=toks.texts[a:b], spaces=[bool(s) for s in toks.spaces[a:b]]))
        found: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        for (n, a), ner_doc in zip(windows, recognizer.pipe(texts, batch_size=batch_size), strict=True):
            found[n].extend((a + e.start, a + e.end, e.label_) for e in ner_doc.ents)
        return found

    def _add(self, doc: Doc, found: list[tuple[int, int, str]]) -> Doc:
        ents = [(start, end, NER_LABELS[label]) for start, end, label in found if label in NER_LABELS]
        if not ents:
            return doc
        rules = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        sents = Sentences(doc)
        toks = sents.tokens
        if self.mode == "all":
            taken = {i for start, end, _ in ents for i in range(start, end)}
            spans = [s for s in rules if not any(i in taken for i in range(s.start, s.end))]
            spans += [self._span(doc, start, end, label, toks.span_text(start, end), EXACT_KB_ID)
                      for start, end, label in ents]
        else:
            taken = {i for span in rules for i in range(span.start, span.end)}
            spans = rules
            for start, end, label in ents:
                if label not in _NAMED_LABELS or any(i in taken for i in range(start, end)):
                    continue
                words = toks.texts[start:end]
                if "(" in words or ")" in words:
                    continue  # "Random Token Substitution (C-RTS)": definitions are the rules' job
                if not reads_as_name(words, sentence_start=sents.is_start(start)):
                    continue
                if label == "DATASET" and not _reads_as_dataset(words):
                    continue
                # typed as the rules type a new name; the recogniser's label otherwise
                label = new_name_label(self.families, words, toks, sents, start, default=label)
                spans.append(self._span(doc, start, end, label, toks.span_text(start, end), NER_KB_ID))
        doc.spans[self.spans_key] = sorted(spans, key=lambda s: s.start)
        return doc

    @staticmethod
    def _span(doc: Doc, start: int, end: int, label: str, text: str, kb_id: str) -> Span:
        return Span(doc, start, end, label=label, span_id=name_key(text), kb_id=kb_id)


def _may_hold_a_name(words: list[str]) -> bool:
    """True when a sentence has a word a `reads_as_name` mention needs: a name-shaped or
    capitalised hyphenated word, or two capitalised (or a capitalised and a numeric) words
    past its first.

    Examples:
        >>> _may_hold_a_name("We train MolFormer .".split()), _may_hold_a_name("The Vision Encoder wins".split())
        (True, True)
        >>> _may_hold_a_name("Results on the GPU improve .".split())
        False
    """
    capitalised = numeric = 0
    for n, word in enumerate(words):
        if name_shape(word) == "strong" or ("-" in word and word[:1].isupper()):
            return True
        if n:
            capitalised += word[:1].isupper()
            numeric += word[:1].isdigit()
    return capitalised >= 2 or (capitalised >= 1 and numeric >= 1)


def _reads_as_dataset(words: list[str]) -> bool:
    """A Material that names data: a dataset head noun ("corpus"), or an all-caps or
    name-shaped word that no model suffix marks as a model ("SNLI", "WikiText-103")."""
    if words[-1].lower() in DATASET_HEADS:
        return True
    return any(name_shape(w) and not w.lower().endswith(("bert", "former", "gpt", "net", "llm", "lm"))
               and w.lower() not in NOT_NAMES for w in words)


@Language.factory(
    "kg_ner_entities",
    assigns=["doc.spans"],
    requires=["doc.sents"],
    default_config={"spans_key": "kg_entities", "mode": "names"},
)
def make_ner_entities(nlp: Language, name: str, spans_key: str, mode: str) -> NerEntities:
    """Build the `kg_ner_entities` bridge; give it a recogniser with `set_recognizer`
    (else it reads `doc.ents`)."""
    return NerEntities(name, spans_key=spans_key, mode=mode)
