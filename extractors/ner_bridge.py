"""`kg_ner_entities`: the statistical NER's entities (`doc.ents`) into the entity span group.

Runs after the rules (`kg_gazetteer`, `kg_names`), in the default profile only (when
`extractors/models/scierc_ner` exists). The recogniser is trained on SciERC, SciREX and
TDMSci (`extractors/ner/`); its labels are METHOD, TASK, METRIC, DATASET (a named data set),
MATERIAL (data described, not named: "raw video content") and the auxiliary OTHER and
GENERIC. A knowledge graph of ML papers wants names, so the bridge has two modes:

- ``"names"`` (the graph): the rules win over a METHOD, which is added where they found
  nothing if it reads as a name ("MolFormer", "Intra-chunk Vision Encoder"). TASK, METRIC and
  DATASET mentions are kept with the recogniser's exact boundaries ("multi-label
  classification task", "top-1 accuracy", "FrameNet corpus", "information extraction (IE)") when
  they read as a term of their type (`reads_as_term`: no determiner or pronoun, a metric word
  or shape, a named data set); such a mention is the same entity as the shorter rule span of
  its type inside it, which stays (it names the entity; `doc_to_extraction` keeps only the
  outermost mention). A contained span of another type is replaced
  only when it is no gazetteer name and the mention adds a type noun of its own: the rules
  type a name they do not know by its shape ("NTCIR Math IR" a method), the recogniser by
  the words around it ("the NTCIR Math IR test collection"). MATERIAL, OTHER and GENERIC are
  never kept. As TDMSci annotates mentions, a metric's stops before "score" ("BLEU scores":
  "BLEU"), and a data set's takes the data nouns after its name ("the TAC 2010 data set"), in
  the span group `MENTIONS_KEY`, which only the record's mentions read.
- ``"all"`` (mention evaluation, e.g. SciERC): every entity with its exact span and mapped
  type (MATERIAL -> DATASET), winning over rule spans it overlaps; later components keep
  these spans as they are (they carry ``kb_id == EXACT_KB_ID``). Elsewhere NER spans carry
  ``kb_id == "kg_ner"``, their provenance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from extractors.cues import (
    DATASET_HEADS,
    EXACT_KB_ID,
    GENERIC_METRICS,
    MENTIONS_KEY,
    GENERIC_NAMES,
    METRIC_HEADS,
    NER_KB_ID,
    NOT_NAMES,
    TASK_HEADS,
)
from extractors.name_context import new_name_label
from extractors.ner_decode import recognized_entities
from extractors.sents import Sentences, Tokens, read_spans, write_spans
from extractors.shapes import NameFamilies, label_for_head, name_key, name_shape

__all__ = ["NER_KB_ID", "NER_LABELS", "NerEntities", "make_ner_entities", "reads_as_name", "reads_as_term"]

# NER label -> span label; GENERIC and OTHER (SciERC's Generic, OtherScientificTerm) are dropped,
# MATERIAL (data described, not named) counts as a data set in "all" mode only.
NER_LABELS: dict[str, str] = {"METHOD": "METHOD", "TASK": "TASK", "METRIC": "METRIC", "DATASET": "DATASET",
                              "MATERIAL": "DATASET"}
MODES = ("names", "all")
# What the NER adds for the graph: names of methods (the rules win), and terms for tasks,
# metrics and data sets with the recogniser's boundaries.
_TERM_LABELS = frozenset({"TASK", "METRIC", "DATASET"})


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
# A metric's last word; not the words of an outcome ("performance gain", "a 2x speed-up").
_METRIC_TERM_HEADS = METRIC_HEADS - frozenset(
    "performance gain improvement improvements increase decrease drop reduction success speed speedup speed-up "
    "throughput latency retention neutrality".split())
_NOT_METRIC_HEADS = frozenset("curve curves time times size sizes cost costs".split())
_HYPERPARAMETER_WORDS = frozenset("learning dropout batch warmup momentum temperature".split())
_TERM_MARKUP = frozenset("\\{}@:<>=")  # "/" is no markup in a term: "RCV1/RCV2 corpora"
_DETERMINERS = frozenset(
    "the a an this these that those our their its his her my your such each every all both any some "
    "other another which what it we they one two several many most".split())
_PRONOUNS = frozenset("it its they them their we us our he she his her".split())
# Endings of process nouns, the usual heads of a task: "parsing", "translation", "analysis".
_PROCESS_ENDINGS = ("ing", "tion", "sion", "sis", "ment")
# Nouns after a task's name: "the Entity Linking task", "the Netflix challenge".
_TASK_NOUNS = frozenset("task tasks challenge challenges competition".split())
# "-ing" words that start no activity ("using X", "during training").
_NOT_GERUNDS = frozenset("using during being having including following according regarding concerning "
                         "existing underlying corresponding resulting remaining increasing bring string".split())
_GENERIC_TERMS = frozenset(
    "task tasks problem problems application applications setting settings domain domains "
    "performance results result evaluation metric metrics measure measures score scores "
    "data dataset datasets corpus corpora benchmark benchmarks "
    "training learning testing inference prediction predictions optimization pretraining pre-training "
    "fine-tuning finetuning experiments experiment analysis".split())


def reads_as_term(words: list[str], label: str, *, metric_words: frozenset[str] = frozenset(),
                  task_words: frozenset[str] = frozenset(), sentence_start: bool = False) -> bool:
    """True when a TASK, METRIC or DATASET mention reads as a term of its type, not as a
    generic or cut-off phrase.

    A term has no determiner in front and no pronoun, no markup, at most eight words, and no
    parenthesis but a final defined short form ("information extraction (IE)"). It is no
    bare type word ("the task", "results"). A TASK names an activity: its head (before a
    final "task" or "challenge") is a task word (`TASK_HEADS` or `task_words`, e.g. the
    gazetteer's one-word task names), a process noun ("parsing", "translation", "analysis")
    or a short form ("MT", "Chinese SRL"); or it is a short gerund phrase ("learning semantic
    representations"). A METRIC ends in a metric word (`METRIC_HEADS` or `metric_words`, one-word
    metric names such as "kappa") or has a name-shaped word ("BLEU", "ROUGE-1", "F1"); no
    hyperparameter ("learning rate"), no generic measure qualified by plain words ("predictive
    accuracy": "accuracy" is the rules' to keep or drop). A DATASET is a name: one name-shaped,
    all-caps or (past the sentence's first word) capitalised word ("PTB", "Europarl"), words
    that read as a name, or a data-set noun after a capitalised word ("TED corpus").

    Examples:
        >>> reads_as_term(["machine", "translation"], "TASK"), reads_as_term(["multi-label", "classification", "task"], "TASK")
        (True, True)
        >>> reads_as_term(["this", "task"], "TASK"), reads_as_term(["task"], "TASK"), reads_as_term(["downstream", "tasks"], "TASK")
        (False, False, False)
        >>> reads_as_term(["tracking", "its"], "TASK"), reads_as_term(["money", "consuming", "process"], "TASK"), reads_as_term(["SRL"], "TASK")
        (False, False, True)
        >>> reads_as_term(["training"], "TASK"), reads_as_term(["prediction", "task"], "TASK"), reads_as_term(["pre", "-", "training"], "TASK")
        (False, False, False)
        >>> reads_as_term(["learning", "semantic", "representations"], "TASK"), reads_as_term(["using", "large", "corpora"], "TASK")
        (True, False)
        >>> reads_as_term(["BLEU", "score"], "METRIC"), reads_as_term(["F1"], "METRIC"), reads_as_term(["recall"], "METRIC")
        (True, True, True)
        >>> reads_as_term(["striking", "performance", "gain"], "METRIC"), reads_as_term(["scaling"], "METRIC")
        (False, False)
        >>> reads_as_term(["learning", "rate"], "METRIC"), reads_as_term(["predictive", "accuracy"], "METRIC"), reads_as_term(["top-1", "accuracy"], "METRIC")
        (False, False, True)
        >>> reads_as_term(["information", "extraction", "(", "IE", ")"], "TASK"), reads_as_term(["x", "(", "see", "above", ")"], "TASK")
        (True, False)
        >>> reads_as_term(["Europarl", "corpus"], "DATASET"), reads_as_term(["raw", "video", "content"], "DATASET")
        (True, False)
        >>> reads_as_term(["PTB"], "DATASET"), reads_as_term(["TPR", "disparity"], "DATASET")
        (True, False)
    """
    if not words or len(words) > 8 or words[0].lower() in _DETERMINERS or any(w.lower() in _PRONOUNS for w in words):
        return False
    if any(c in w for w in words for c in _TERM_MARKUP) or not any(c.isalpha() for c in "".join(words)):
        return False
    if "-" in (words[0], words[-1]) or words[-1].lower() in {"and", "or", "of", "for", "with", "on", "in", "to"}:
        return False
    if "(" in words or ")" in words:
        if not (len(words) >= 4 and words[-3] == "(" and words[-1] == ")" and _reads_as_short_form(words[-2])
                and words.count("(") == 1 and words.count(")") == 1):
            return False
        words = words[:-3]
    if all(w.lower() in _GENERIC_TERMS for w in words) or " ".join(words).lower().replace(" - ", "-") in _GENERIC_TERMS:
        return False  # "results", "pre - training"
    if label == "METRIC":
        if any(w.lower() in _HYPERPARAMETER_WORDS for w in words):
            return False  # "learning rate", "dropout rate": settings, not measures
        head = words[-1].lower()
        heads = {head, head[:-3] + "y" if head.endswith("ies") else head[:-1] if head.endswith("s") else head}
        shaped = any(name_shape(w) or any(c.isdigit() for c in w) for w in words)
        if len(words) > 1 and heads & GENERIC_METRICS and not shaped:
            return False  # "predictive accuracy", "generalization loss": a generic measure, qualified
        return (bool(heads & _METRIC_TERM_HEADS) or (head in metric_words and head not in _NOT_METRIC_HEADS)
                or shaped)
    if label == "DATASET":
        return _names_data(words, sentence_start=sentence_start)
    head = words[-1].lower()
    if head in _TASK_NOUNS and len(words) > 1:
        head = words[-2].lower()
    first = words[0].lower()
    return (head in TASK_HEADS or head in task_words or head.endswith(_PROCESS_ENDINGS)
            or _reads_as_short_form(words[-1])
            or (first.endswith("ing") and first not in _NOT_GERUNDS and 2 <= len(words) <= 5))



class NerEntities:
    """Adds a statistical NER's entities to `doc.spans[spans_key]`; see the module docstring.

    With a recogniser (`set_recognizer`, a tok2vec+ner pipeline) the component runs it
    itself, on the Doc's tokens, sentence by sentence in "names" mode (the whole text in
    "all" mode). Without one it reads `doc.ents` of an NER earlier in the pipeline.
    """

    def __init__(self, name: str, *, spans_key: str, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"[X004] unknown kg_ner_entities mode {mode!r}; available: {', '.join(MODES)}")
        self.name = name
        self.spans_key = spans_key
        self.mode = mode
        self.recognizer: Language | None = None
        self.families = NameFamilies()
        self.metric_words: frozenset[str] = frozenset()
        self.task_words: frozenset[str] = frozenset()
        self.known: set[str] = set()  # keys of the gazetteer's names: their type is not the recogniser's to change

    def add_families(self, patterns: Iterable[dict]) -> None:
        """Learn from gazetteer patterns: name families (see `NameFamilies`), which type a new
        name as the rules would, before the recogniser's own guess; the one-word metric and
        task names, which make a METRIC or TASK mention that ends in one read as one; and the
        known names, whose type a TASK, METRIC or DATASET mention does not change."""
        patterns = list(patterns)
        self.families.add(patterns)
        self.known |= {key for p in patterns for key in (p.get("id"), _pattern_key(p.get("pattern"))) if key}
        self.metric_words |= _one_word_names(patterns, "METRIC")
        self.task_words |= _one_word_names(patterns, "TASK")

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
                found = self._recognize(self.recognizer, batch)
            for doc, ents in zip(batch, found, strict=True):
                yield self._add(doc, ents)

    def _recognize(self, recognizer: Language, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
        vocab = recognizer.vocab
        windows: list[tuple[int, int]] = []  # (doc number, first token) of each text the NER reads
        texts: list[Doc] = []
        for n, doc in enumerate(docs):
            sents = Sentences(doc)
            toks = sents.tokens
            spans = [(0, len(doc))] if self.mode == "all" else list(zip(sents.starts, sents.ends, strict=True))
            for a, b in spans:
                if b > a:
                    windows.append((n, a))
                    texts.append(Doc(vocab, words=toks.texts[a:b], spaces=[bool(s) for s in toks.spaces[a:b]]))
        found: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        # the parser steps through a batch in parallel, so every sentence of the documents' batch goes in one
        for (n, a), text_ents in zip(windows, recognized_entities(recognizer, texts), strict=True):
            found[n].extend((a + start, a + end, label) for start, end, label in text_ents)
        return found

    def _add(self, doc: Doc, found: list[tuple[int, int, str]]) -> Doc:
        if self.mode == "names":
            found = [(start, end, label) for start, end, label in found if label != "MATERIAL"]
        ents = [(start, end, NER_LABELS[label]) for start, end, label in found if label in NER_LABELS]
        if not ents and self.mode != "names":
            return doc
        rules = read_spans(doc, self.spans_key)
        sents = Sentences(doc)
        toks = sents.tokens
        if not ents:  # no new mentions, but the rules' data sets may have longer ones
            doc.spans[MENTIONS_KEY] = list(_with_data_nouns(doc, toks, rules))
            return doc
        if self.mode == "all":
            taken = {i for start, end, _ in ents for i in range(start, end)}
            spans = [s for s in rules if not any(i in taken for i in range(s.start, s.end))]
            spans += [self._span(doc, start, end, label, toks.span_text(start, end), EXACT_KB_ID)
                      for start, end, label in ents]
            write_spans(doc, self.spans_key, sorted(spans, key=lambda s: s.start))
            return doc
        dropped: set[int] = set()  # positions in `rules` of the spans a longer term replaces
        added = []
        for start, end, label in ents:
            if label in _TERM_LABELS and end < len(toks) and toks.texts[end] == ")" \
                    and toks.texts[start:end].count("(") > toks.texts[start:end].count(")"):
                end += 1  # "information extraction (IE": the recogniser stopped short of the parenthesis
            words = toks.texts[start:end]
            inside = {n: s for n, s in enumerate(rules) if s.start < end and s.end > start}
            if label in _TERM_LABELS:
                if not reads_as_term(words, label, metric_words=self.metric_words, task_words=self.task_words,
                                     sentence_start=sents.is_start(start)):
                    continue
                if any(s.start < start or s.end > end or (s.start, s.end) == (start, end)
                       or s.label_ != label and (self._known(s, toks) or s.end == end or not _types_as(words, label))
                       for s in inside.values()):
                    continue  # a rule span longer, crossing, as long, or of another type (see the module docstring)
                if label == "METRIC" and not any(s.label_ == label for s in inside.values()) \
                        and not any(name_shape(w) for w in words):
                    continue  # a new metric needs a name's shape ("MEANT"); else it extends a known one ("BLEU score")
                if label == "METRIC" and words[-1].lower() in {"score", "scores"} \
                        and any(s.label_ == label and (s.start, s.end) == (start, end - 1) for s in inside.values()):
                    continue  # "BLEU scores": the metric is BLEU, as annotators mark it; "score" adds nothing
                named = [s for s in inside.values() if s.id_]
                key = max(named, key=len).id_ if named else name_key(toks.span_text(start, end))
                # the rules' names of its type stay, for the entity's name; one retyped goes
                dropped.update(n for n, s in inside.items() if s.label_ != label)
                added.append(Span(doc, start, end, label=label, span_id=key, kb_id=NER_KB_ID))
                continue
            if inside or "(" in words or ")" in words:
                continue  # the rules found something here; "Random Token Substitution (C-RTS)": definitions are theirs
            if not reads_as_name(words, sentence_start=sents.is_start(start)):
                continue
            # typed as the rules type a new name; the recogniser's label otherwise
            label = new_name_label(self.families, words, toks, sents, start, default=label)
            added.append(self._span(doc, start, end, label, toks.span_text(start, end), NER_KB_ID))
        spans = [s for n, s in enumerate(rules) if n not in dropped] + added
        write_spans(doc, self.spans_key, sorted(spans, key=lambda s: s.start))
        # longer mentions only: results and claims read names, not "the TAC 2010 data set"
        doc.spans[MENTIONS_KEY] = list(_with_data_nouns(doc, toks, spans))
        return doc

    def _known(self, span: Span, toks: Tokens) -> bool:
        """Whether a rule span is a name of the gazetteer (rather than one the rules typed by shape)."""
        return span.id_ in self.known or name_key(toks.span_text(span.start, span.end)) in self.known

    @staticmethod
    def _span(doc: Doc, start: int, end: int, label: str, text: str, kb_id: str) -> Span:
        return Span(doc, start, end, label=label, span_id=name_key(text), kb_id=kb_id)


# Nouns after a data set's name that annotators keep in its mention ("the TAC 2010 data set",
# "the WSJ test data", "the Brown corpus test set"); the entity keeps the name alone.
_DATA_NOUNS = frozenset("data dataset datasets corpus corpora collection".split())
_SPLIT_WORDS = frozenset("test training train evaluation development dev validation held-out".split())
_SET_NOUNS = frozenset("set sets data".split())


def _data_noun_end(texts: list[str], end: int) -> int:
    """Where a data set's mention ends when data nouns follow its name at `end` (`end` if none).

    Examples:
        >>> texts = "the TAC 2010 data set and the WSJ test data and CTB test sets of it".split()
        >>> _data_noun_end(texts, 3), _data_noun_end(texts, 8), _data_noun_end(texts, 12), _data_noun_end(texts, 1)
        (5, 10, 14, 1)
        >>> _data_noun_end("the NIST MT08 set and".split(), 3), _data_noun_end("FooBench sets a new record".split(), 1)
        (4, 1)
    """
    k = end
    if k < len(texts) and (texts[k].lower() in _DATA_NOUNS or texts[k].lower() in {"set", "sets"}
                           and texts[k + 1 : k + 2] not in (["a"], ["an"], ["the"], ["new"], ["records"])):
        k += 1  # "the NIST MT08 set"; "X sets a new record" is a verb
        if texts[k - 1].lower() == "data" and k < len(texts) and texts[k].lower() in {"set", "sets"}:
            k += 1
    if k < len(texts) - 1 and texts[k].lower() in _SPLIT_WORDS and texts[k + 1].lower() in _SET_NOUNS:
        k += 2
    return k


def _with_data_nouns(doc: Doc, toks: Tokens, spans: list[Span]) -> Iterator[Span]:
    """A longer mention, "X data set", for each data set X that data nouns follow (see
    `_data_noun_end`), when no span holds them; the same entity, named by X."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    ends = {s.end for s in spans if s.label_ == "DATASET"}
    for s in spans:
        end = _data_noun_end(toks.texts, s.end) if s.label_ == "DATASET" else s.end
        if end > s.end and end not in ends and not any(i in taken for i in range(s.end, end)):
            ends.add(end)
            key = s.id_ or name_key(toks.span_text(s.start, s.end))
            yield Span(doc, s.start, end, label="DATASET", span_id=key, kb_id=NER_KB_ID)


def _types_as(words: list[str], label: str) -> bool:
    """Whether a mention ends in a type noun of `label`: "corpus" for DATASET, "score" for
    METRIC, "task" or "parsing" for TASK.

    Examples:
        >>> _types_as(["NTCIR", "test", "collection"], "DATASET"), _types_as(["French", "FrALBERT"], "DATASET")
        (True, False)
    """
    head = words[-1].lower()
    return label_for_head(words, default="") == label or (label == "TASK" and head in {"task", "tasks"})


def _pattern_key(form: object) -> str:
    """The name key of a pattern's text (phrase or single-token pattern), "" for others."""
    if isinstance(form, list) and len(form) == 1 and isinstance(form[0], dict):
        form = next((v for k, v in form[0].items() if k in ("ORTH", "TEXT", "LOWER", "NORM") and isinstance(v, str)), None)
    return name_key(form) if isinstance(form, str) else ""


def _one_word_names(patterns: list[dict], label: str) -> frozenset[str]:
    """The lower-cased one-word names among a label's patterns (phrase or token patterns).

    Examples:
        >>> sorted(_one_word_names([{"label": "METRIC", "pattern": "ROC curve"},
        ...                         {"label": "METRIC", "pattern": [{"ORTH": "WER"}]},
        ...                         {"label": "METRIC", "pattern": "AUROC"},
        ...                         {"label": "TASK", "pattern": "parsing"}], "METRIC"))
        ['auroc', 'wer']
    """
    words = set()
    for pattern in patterns:
        if pattern.get("label") != label:
            continue
        form = pattern.get("pattern")
        if isinstance(form, str) and len(form.split()) == 1:
            words.add(form.lower())
        elif isinstance(form, list) and len(form) == 1 and isinstance(form[0], dict):
            word = next((v for k, v in form[0].items() if k in ("ORTH", "TEXT", "LOWER", "NORM") and isinstance(v, str)), None)
            if word:
                words.add(word.lower())
    return frozenset(words)


def _reads_as_short_form(word: str) -> bool:
    """A defined short form: "IE", "SMT", "BiLSTM", "mAP" (two capitals, no spaces, short)."""
    return 2 <= len(word) <= 12 and sum(c.isupper() for c in word) >= 2 and all(c.isalnum() or c in "-." for c in word)


def _names_data(words: list[str], *, sentence_start: bool) -> bool:
    """A DATASET mention that is a name; see `reads_as_term`."""
    if len(words) == 1:
        word = words[0]
        return bool(name_shape(word))
    if reads_as_name(words, sentence_start=sentence_start):
        return True
    return words[-1].lower() in DATASET_HEADS and any(w[:1].isupper() or name_shape(w) for w in words[:-1])


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
