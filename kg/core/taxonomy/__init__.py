"""Canonical datasets, metrics and tasks of the field: the shipped vocabularies, read at run time.

`build.py` derives ``datasets.jsonl``, ``metrics.jsonl`` and ``tasks.jsonl`` from
Papers-with-Code leaderboards, the NLP-TDMS KB, SOTA?, SciREX and TDMSci (licences in
``LICENSE.md``). Here they are read, without ``../shared``: the gazetteer matches their
forms (`gazetteer_patterns`), entities that name a concept carry its canonical name and id
(`lookup`), one node per concept (`canonical_key`), and queries accept any synonym.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.core.ids import entity_key
from kg.core.taxonomy.names import SPLIT_WORDS
from kg.core.taxonomy.variants import variant_key

__all__ = ["METRIC_HEADS", "TYPES", "TaxonConcept", "canonical_key", "concepts", "dataset_core", "gazetteer_patterns", "is_generic_metric", "leaderboard_metric", "lookup",
           "metric_name", "percent_metric",
           "metric_shaped", "metric_without_setting", "plural", "spellings"]

TYPES: tuple[str, ...] = ("Dataset", "Metric", "Task")
_FOLDER = Path(__file__).parent
_FILES = {"Dataset": "datasets.jsonl", "Metric": "metrics.jsonl", "Task": "tasks.jsonl"}
_LABELS = {"Dataset": "DATASET", "Metric": "METRIC", "Task": "TASK"}


@dataclass(frozen=True, slots=True)
class TaxonConcept:
    """One dataset, metric or task of the vocabularies."""

    type: str
    id: str  # Papers-with-Code style slug: "wikitext-103"
    name: str  # canonical name: "WikiText-103"
    forms: tuple[str, ...]  # matched in any case
    exact: tuple[str, ...]  # matched only as written ("SST", "mAP")
    higher_is_better: bool | None = None
    generic: tuple[str, ...] = ()  # metric forms that are ordinary words too ("sensitivity")
    # datasets: leaderboard rows (a model's row, a paper's results on it), and the metrics most
    # of them report, as (metric concept id, rows) most reported first (`leaderboard_metric`)
    metric_rows: int = 0
    metrics: tuple[tuple[str, int], ...] = ()

    @property
    def key(self) -> str:
        """The node key of the concept: the entity key of its canonical name."""
        return entity_key(self.name)


@lru_cache(maxsize=None)
def concepts(kind: str) -> tuple[TaxonConcept, ...]:
    """Every concept of one type ("Dataset", "Metric" or "Task"), sorted by id.

    Examples:
        >>> any(c.name == "WikiText-103" for c in concepts("Dataset"))
        True
    """
    path = _FOLDER / _FILES[kind]
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out.append(TaxonConcept(kind, row["id"], row["name"], tuple(row["forms"]), tuple(row["exact"]),
                                    row.get("higher_is_better"), tuple(row.get("generic", ())),
                                    row.get("metric_rows", 0), tuple((m, n) for m, n in row.get("metrics", ()))))
    return tuple(out)


@lru_cache(maxsize=None)
def _index(kind: str, variants: bool = False) -> dict[str, TaxonConcept]:
    """Entity key (or, with `variants`, `variant_key`) of every form and name -> its concept."""
    index: dict[str, TaxonConcept] = {}
    for concept in concepts(kind):
        for form in (concept.name, *concept.forms, *concept.exact):
            index.setdefault(variant_key(form, kind) if variants else entity_key(form), concept)
    return index


# Names repeat across papers, and a miss costs two keys (the variant key folds with eight regexes):
# extraction and graph rows look names up per token scan and per entity.
@lru_cache(maxsize=1 << 16)
def lookup(kind: str, name: str) -> TaxonConcept | None:
    """The concept of type `kind` that `name` (or its key) names, if any.

    Examples:
        >>> lookup("Metric", "WER").name, lookup("Metric", "word error rates").id
        ('Word Error Rate', 'word-error-rate')
        >>> lookup("Dataset", "ImageNet 1K").name, lookup("Dataset", "no such dataset") is None
        ('ImageNet', True)
        >>> lookup("Metric", "Acc@1").name == lookup("Metric", "top-1 acc.").name
        True
    """
    if kind not in _FILES:
        return None
    found = _index(kind).get(entity_key(name))
    # "WMT'14 En-De" for "WMT 2014 English-German", "Acc@1" for "top-1 accuracy"
    found = found if found is not None else _index(kind, True).get(variant_key(name, kind))
    if found is None and kind == "Dataset" and (core := dataset_core(name)) is not None:
        return lookup(kind, core)
    return found


_TYPE_NOUNS = frozenset("dataset datasets database corpus benchmark data set".split())


def dataset_core(name: str) -> str | None:
    """A dataset's name without the words after it that say what it is or which split
    ("LIVE-YT-HFR Database", "VQA v2 validation set"); None when there is nothing to drop.

    Examples:
        >>> dataset_core("LIVE-YT-HFR Database"), dataset_core("VQA v2 validation set"), dataset_core("COCO")
        ('LIVE-YT-HFR', 'VQA v2', None)
    """
    words = name.split()
    while len(words) > 1 and (words[-1].lower() in _TYPE_NOUNS or words[-1].lower() in SPLIT_WORDS):
        words.pop()
    core = " ".join(words)
    return core if core != name else None


# A dataset's metric stands in for an unnamed one when most of its leaderboard rows report it
# (Cityscapes: mIoU in 47 of 53), more than any other, in a few rows at least.
DOMINANT_SHARE = 0.6
_MIN_ROWS = 3
# Metrics scored as a share ("82.7%"): accuracies, precisions, overlaps, rates; not a distance or
# an absolute error, however its scores read.
_PERCENT_METRIC = re.compile(
    r"(?i)accura|\bacc\b|precision|recall|\bf1\b|f-?score|f-measure|\bm?ap(?:\d|[@lms]|\b)|average precision|"
    r"iou|jaccard|dice|\bdsc\b|error|\b[wc]er\b|exact match|\bem\b|success|hits|@\d|top-?\d|rank-?\d|percent|%|"
    r"\bauc|auroc|aupr|roc|\bpck|mota|hota|idf1|correct|rate\b|\bj&f"
)
_NOT_PERCENT = re.compile(r"(?i)absolute|squared|end-?point|distance|registration|frame rate|bit rate|\bm?se\b")


@lru_cache(maxsize=None)
def _by_id(kind: str) -> dict[str, TaxonConcept]:
    return {concept.id: concept for concept in concepts(kind)}


def percent_metric(concept: TaxonConcept) -> bool:
    """Whether a metric is scored as a share, so that a "%" value can measure it.

    Examples:
        >>> [percent_metric(lookup("Metric", n)) for n in ["mIoU", "top-1 accuracy", "box AP", "WER", "Pass@1"]]
        [True, True, True, True, True]
        >>> [percent_metric(lookup("Metric", n)) for n in ["perplexity", "FID", "PSNR", "MAE", "Average End-Point Error"]]
        [False, False, False, False, False]
    """
    names = (concept.name, *concept.forms, *concept.exact)
    return any(_PERCENT_METRIC.search(n) for n in names) and not any(_NOT_PERCENT.search(n) for n in names)


def leaderboard_metric(dataset: str, unit: str = "") -> TaxonConcept | None:
    """The metric the leaderboards of the dataset `dataset` names mostly report, when one
    dominates (`DOMINANT_SHARE` of its rows, more than any other) and suits the value's unit
    (a "%" needs a metric scored as a share; a unit of measurement, none); else None.

    Examples:
        >>> leaderboard_metric("Cityscapes", "%").name, leaderboard_metric("WikiText-103").name
        ('mIoU', 'Perplexity')
        >>> leaderboard_metric("WikiText-103", "%"), leaderboard_metric("no such dataset")
        (None, None)
    """
    concept = lookup("Dataset", dataset)
    if concept is None or not concept.metrics or concept.metric_rows < _MIN_ROWS or unit not in {"", "%"}:
        return None
    (top, rows), *others = concept.metrics
    if rows < DOMINANT_SHARE * concept.metric_rows or (others and others[0][1] >= rows):
        return None
    metric = _by_id("Metric").get(top)
    if metric is None or (unit == "%" and not percent_metric(metric)):
        return None
    return metric


@lru_cache(maxsize=None)
def _generic_metrics() -> frozenset[str]:
    return frozenset(form for concept in concepts("Metric") for form in concept.generic)


def is_generic_metric(text: str) -> bool:
    """Whether a metric mention is a one-word metric the field mostly uses as an ordinary
    word, so that a paper names it as a metric only where a result measures it.

    Examples:
        >>> is_generic_metric("sensitivity"), is_generic_metric("sensitivities"), is_generic_metric("perplexity")
        (True, True, False)
    """
    lowered = text.lower()
    singular = lowered[:-3] + "y" if lowered.endswith("ies") else lowered[:-1] if lowered.endswith("s") else lowered
    return lowered in _generic_metrics() or singular in _generic_metrics()


def canonical_key(kind: str, name: str) -> str:
    """The node key for `name` as a `kind`: its concept's key, else its own entity key.

    Examples:
        >>> canonical_key("Metric", "WER"), canonical_key("Metric", "my new score")
        ('worderrorrate', 'mynewscore')
    """
    concept = lookup(kind, name)
    return concept.key if concept is not None else entity_key(name)


def plural(form: str) -> str | None:
    """The plural of a name ("accuracy" -> "accuracies", "AUC" -> "AUCs"), or None where the
    form ends in a digit or already in s, x, sh or ch ("GPT-3", "loss", "beam search").

    Examples:
        >>> plural("accuracy"), plural("F1 score"), plural("AUC"), plural("loss"), plural("GPT-3")
        ('accuracies', 'F1 scores', 'AUCs', None, None)
    """
    last = form[-1:]
    if not last.isalpha() or form.endswith(("s", "x", "sh", "ch")):
        return None
    if form.endswith("y") and len(form) > 1 and form[-2] not in "aeiou":
        return form[:-1] + "ies"
    return form + "s"


def spellings(form: str) -> list[str]:
    """A form and the ways papers write it with other joins: a hyphen as a space, and a
    hyphen at a digit dropped ("ImageNet-1k", "ImageNet 1k", "ImageNet1k"); a K, M or B
    after a number in the other case too, as the tokenizer splits "1K" but not "1k".

    Examples:
        >>> spellings("ImageNet-1k")
        ['ImageNet-1k', 'ImageNet 1k', 'ImageNet1k', 'ImageNet-1K', 'ImageNet 1K', 'ImageNet1K']
        >>> spellings("part-of-speech tagging"), spellings("BLEU")
        (['part-of-speech tagging', 'part of speech tagging'], ['BLEU'])
    """
    out = [form]
    if "-" in form:
        out.append(_HYPHEN.sub(" ", form))
        glued = _DIGIT_HYPHEN.sub("", form)
        if glued != form:
            out.append(glued)
    out += [swapped for f in out if (swapped := _MAGNITUDE.sub(lambda m: m.group().swapcase(), f)) != f]
    return list(dict.fromkeys(out))


def glued(form: str) -> str | None:
    """A dataset's name with its run of capitalised words written as one ("CNN / Daily Mail" ->
    "CNN / DailyMail", "Natural Questions" -> "NaturalQuestions"), as papers often write such
    names; None when it has no such run.

    Examples:
        >>> glued("CNN / Daily Mail"), glued("Open Images V4"), glued("Penn Treebank"), glued("COCO")
        ('CNN / DailyMail', 'OpenImages V4', 'PennTreebank', None)
    """
    out = _CAPITALISED_RUN.sub(lambda m: m.group().replace(" ", ""), form)
    return out if out != form else None


# two or more capitalised words in a row: "Daily Mail", "Natural Questions"
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")
_MAGNITUDE = re.compile(r"(?<=\d)[kKmMbB]\b")
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_DIGIT_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=\d)|(?<=\d)-(?=[A-Za-z])")


def gazetteer_patterns(kind: str) -> list[dict]:
    """`kg_gazetteer` patterns for every form of every concept of one type, in each of its
    `spellings`; the id is the concept's key. Metrics also match their plurals ("F1 scores"), but
    not a form that is another form and "score" ("BLEU score": the mention is "BLEU").

    Examples:
        >>> [p for p in gazetteer_patterns("Metric") if p["id"] == "worderrorrate"][:2]
        [{'label': 'METRIC', 'pattern': 'Word Error Rate', 'id': 'worderrorrate'}, {'label': 'METRIC', 'pattern': 'Word Error Rates', 'id': 'worderrorrate'}]
    """
    label = _LABELS[kind]
    out: list[dict] = []
    for concept in concepts(kind):
        key = concept.key
        names = {f.lower() for f in (*concept.forms, *concept.exact)}
        for forms, cased in ((concept.forms, False), (concept.exact, True)):
            for form in forms:
                head, _, last = form.rpartition(" ")
                if kind == "Metric" and last.lower() in {"score", "scores"} and head.lower() in names:
                    continue  # "BLEU score" is BLEU and a word of its own, as annotators mark it
                variants = spellings(form)
                if kind == "Dataset" and not cased and (joined := glued(form)) is not None:
                    variants.append(joined)  # "CNN/DailyMail"
                if kind == "Metric":
                    variants += [name for v in variants if (name := plural(v)) is not None]
                for variant in variants:
                    pattern = [{"ORTH": variant}] if cased else variant
                    out.append({"label": label, "pattern": pattern, "id": key})
    return out


# Head nouns of metric names ("detection accuracy", "success rate", "inference latency").
METRIC_HEADS = frozenset(
    """accuracy accuracies score scores error errors rate rates distance distances recall precision rank
    loss losses measure coefficient correlation correlations similarity ratio auc auroc auprc map ap
    iou miou psnr ssim f1 f-score f-measure bleu rouge meteor cider fid perplexity latency throughput
    speedup speed-up time memory cost fps flops agreement divergence overlap ece mae mse rmse wer cer
    sensitivity specificity runtime entropy likelihood match curve dice jaccard smatch kappa correct
    f1 f0.5 acc ppl bpd bpc prec rec rel sacrebleu ade fde nme mota hota idf1 measure""".split()
)
# Acronyms that papers use for other things more often than for a metric ("AR": autoregressive).
_AMBIGUOUS_ACRONYMS = frozenset({"AR", "CS", "MA", "IS", "MR", "CV", "UD", "SD", "AA", "OA"})
# Words around a metric that are no part of its name: changes of it ("accuracy gain"), and
# what a sentence says about it ("notable", "consistent", "average" improvement).
_DELTA_WORDS = frozenset(
    "gain gains improvement improvements boost boosts drop drops increase increases decrease decreases "
    "reduction reductions degradation degradations enhancement".split()
)
# What a sentence thinks of a value ("an interesting F1", "the empirical accuracy").
VALUE_COMMENTS = frozenset(
    """interesting real empirical actual true reported observed expected estimated poor excellent reasonable
    impressive promising satisfactory decent acceptable remarkable surprising perfect near-perfect""".split()
)
_LEAD_WORDS = VALUE_COMMENTS | frozenset(
    """a an the our its their this these those notable significant substantial considerable remarkable
    striking consistent large larger small smaller slight marked dramatic further additional absolute
    relative overall maximum minimum max min up only about nearly over more less higher lower better
    worse best worst strong stronger good great new state-of-the-art sota competitive comparable
    percentage-point point points pp respective highest lowest greatest increasing decreasing improving
    reducing improved reduced enhanced one two three four five six seven eight nine ten several many
    clear""".split()
)
_FUNCTION_WORDS = frozenset(
    """and or but of on in for with without to from by as at than while when where which that it is are
    was were be been being has have had show shows shown achieve achieves achieved yield yields improve
    improves improved reduce reduces maintain maintains incurring demonstrate demonstrates even also
    only just both all each versus vs between among across within per degrade degrades degraded
    trade-off tradeoff""".split()
)
# What names no metric around one, for other readers of result phrases (`extractors.adapt`).
LEAD_WORDS, DELTA_WORDS, FUNCTION_WORDS = _LEAD_WORDS, _DELTA_WORDS, _FUNCTION_WORDS
_NUMBERISH = re.compile(r"^[-+~≈<>]?[\d.,]+[%x×]?$|^\d")
_VERSIONED = re.compile(r"[a-z]\d")  # "YOLOv12", "Llama3": a model, not a metric


def _metric_acronym(word: str) -> bool:
    """A word shaped like a metric's acronym: mostly capitals ("HOTA", "mAP", "sFID"), or "@k".

    Examples:
        >>> [_metric_acronym(w) for w in ["HOTA", "mAP", "Pass@1", "YOLOv12", "TextRAG", "Claude-4-Sonnet", "Go"]]
        [True, True, True, False, False, False, False]
        >>> [_metric_acronym(w) for w in ["Grad-CAM", "mAP50", "AP50"]]
        [False, True, True]
    """
    letters = [c for c in word if c.isalpha()]
    if "@" in word:
        return bool(letters)
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper >= 0.6 * len(letters) and not _VERSIONED.search(word)


def metric_name(phrase: str) -> str | None:
    """The metric a phrase names, or None: a metric of the vocabulary, or words ending in a
    metric's head noun ("human detection accuracy") or an acronym ("HOTA", "Pass@1"), once
    changes ("gain") and comments ("notable") are trimmed; never a verb phrase or a generic word.

    Examples:
        >>> [metric_name(p) for p in ["word error rate", "notable accuracy gain", "HOTA", "Pass@1", "BERTScore"]]
        ['word error rate', 'accuracy', 'HOTA', 'Pass@1', 'BERTScore']
        >>> [metric_name(p) for p in ["striking performance gain", "test", "scaling", "larger", "maintains robust performance"]]
        [None, None, None, None, None]
        >>> metric_name("-pixel error"), metric_name("average success rate improvement"), metric_name("gains")
        ('pixel error', 'average success rate', None)
        >>> metric_name("interesting F1"), metric_name("the empirical accuracy")
        ('F1', 'accuracy')
    """
    words = phrase.strip(" -–—,.;:()[]").split()
    if not words:
        return None
    if lookup("Metric", " ".join(words)) is not None:
        return " ".join(words)
    while len(words) > 1 and words[-1].lower() in _DELTA_WORDS:
        words = words[:-1]
    while words and (words[0].lower() in _LEAD_WORDS or _NUMBERISH.match(words[0])
                     or (words[0].endswith("ly") and words[0].islower())):
        words = words[1:]
    if not words or len(words) > 4:
        return None
    text = " ".join(words)
    if lookup("Metric", text) is not None:
        return text
    if any(w.lower() in _FUNCTION_WORDS or w.lower() in _DELTA_WORDS for w in words):
        return None
    return text if metric_shaped(text) else None


# Words before a metric that state a result's setting, not what it measures ("zero-shot accuracy",
# "test perplexity", "5-shot EM"); `extractors.result_settings` reads them as the setting.
_SETTING_LEAD_RE = re.compile(
    r"(?i)^(?:(?:zero|one|two|three|four|five|ten|few|k|n|\d{1,3})[\s-]?shot|fine[\s-]?tun(?:ed|ing)|linear[\s-]prob(?:e|ing)"
    r"|test|testing|validation|val|dev|development|held-out)\s+(?=\S)"
)


def metric_without_setting(phrase: str) -> str:
    """A metric phrase without the setting words that lead it, when a metric remains.

    Examples:
        >>> metric_without_setting("zero-shot accuracy"), metric_without_setting("5-shot test accuracy")
        ('accuracy', 'accuracy')
        >>> metric_without_setting("test"), metric_without_setting("validation set"), metric_without_setting("F1")
        ('test', 'validation set', 'F1')
    """
    bare = phrase
    while (match := _SETTING_LEAD_RE.match(bare)) is not None:
        bare = bare[match.end():]
    return bare if bare != phrase and metric_name(bare) == bare else phrase


def metric_shaped(text: str) -> bool:
    """Whether a name has a metric's shape: it ends in a metric's head noun ("detection
    accuracy", "Hausdorff distance"), a metric acronym ("HOTA", "mAP50", "R@1") or "Score"
    ("BERTScore"); a head alone that names no metric ("time", "score") is not one.

    Examples:
        >>> [metric_shaped(t) for t in ["detection accuracy", "HOTA", "R@1", "BERTScore", "runtime", "Rank-1", "ROUGE-L"]]
        [True, True, True, True, True, True, True]
        >>> [metric_shaped(t) for t in ["F1", "Macro F1", "S-Measure", "SacreBLEU", "Percentage correct", "bits/dim"]]
        [True, True, True, True, True, True]
        >>> metric_shaped("charge neutrality"), metric_shaped("diversity"), metric_shaped("Ground Truth")
        (True, False, False)
        >>> [metric_shaped(t) for t in ["Reasoning", "novel classes", "time", "1/2", "AR", "Grad-CAM"]]
        [False, False, False, False, False, False]
    """
    words = text.split()
    if not words or text.lower() in _GENERIC_ALONE or text in _AMBIGUOUS_ACRONYMS:
        return False
    if _BITS_PER.match(text):  # "bits/dimension", "bits per byte"
        return True
    head = words[-1].lower()
    parts = head.split("-")  # "Rank-1", "ROUGE-L", "S-Measure", "Recall@10"
    bases = {head, _RANK_SUFFIX.sub("", head), parts[0], parts[-1], _RANK_SUFFIX.sub("", parts[0])}
    if bases & METRIC_HEADS or _metric_acronym(words[-1]) or head.endswith("score"):
        return True
    # a measured quality named by a noun phrase: "charge neutrality", "answer correctness"
    return len(words) >= 2 and head.isalpha() and head.endswith(("ity", "ness")) and words[0].islower()


_RANK_SUFFIX = re.compile(r"(?:[-@]?\d+(?:\.\d+)?[kK]?)+$")
_BITS_PER = re.compile(r"(?i)(?:bits?|nats?)\s*(?:/|per\s)\s*[a-z]+$")


# Metric heads that name no metric on their own.
_GENERIC_ALONE = frozenset({"time", "memory", "cost", "rate", "rates", "score", "scores", "measure", "ratio", "speed"})
