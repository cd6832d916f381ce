"""Build the shipped Dataset, Metric and Task vocabularies from third-party knowledge of the field.

Run with ``python -m kg.core.taxonomy.build --shared ../shared`` (``make vocab``). It reads

- ``data/taxonomy/pwc_sota_extractor``: Papers-with-Code leaderboards (task, dataset and
  metric names) and ``synonyms.csv`` (task synonyms); Apache-2.0;
- ``data/taxonomy/nlp_tdms_kb``: NLP-TDMS task, dataset and metric KB, with each metric's
  higher-is-better flag; Apache-2.0;
- ``data/train/sota_pwc_train.jsonl.gz``: the (task, dataset, metric) names of SOTA? tuples,
  from the papers `kg.core.holdout` does not hold out; CC BY-SA 4.0;
- ``data/train/scirex``: the names in SciREX 4-ary relations, and acronyms their coreference
  clusters spell out; Apache-2.0;
- ``data/train/tdmsci/train.conll``: TASK, DATASET and METRIC spans of the sentences
  `kg.core.holdout` does not hold out; Apache-2.0;

and writes ``datasets.jsonl``, ``metrics.jsonl`` and ``tasks.jsonl`` beside this module, one
concept a line, sorted by id, plus the licence notices. The output depends on nothing but
those files, so a rebuild gives the same bytes (a test checks it).

Names are cleaned into canonical names ("COCO test-dev" -> "COCO", "Accuracy (%)" ->
"Accuracy", "Named Entity Recognition (NER)" -> "Named Entity Recognition" with the synonym
"NER"), grouped by `kg.core.ids.entity_key`, and filtered: a form that the field's own text
(SciREX papers, TDMSci sentences) mostly uses as an ordinary word ("time", "test", "score")
is dropped, and short acronyms and capitalised English words match only as written ("SST",
"MAP", "Breakfast").
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.holdout import is_held_out
from kg.core.ids import entity_key
from kg.core.taxonomy import metric_shaped

__all__ = ["Concept", "build", "canonical_dataset", "canonical_metric", "canonical_task", "slug", "write"]

OUT_DIR = Path(__file__).parent
TYPES = ("Dataset", "Metric", "Task")
FILES = {"Dataset": "datasets.jsonl", "Metric": "metrics.jsonl", "Task": "tasks.jsonl"}

# --- cleaning names into canonical names ---------------------------------------------------

_SPACES = re.compile(r"\s+")
_PAREN = re.compile(r"\s*\(([^()]*)\)")
# Words naming a split, a setting or a protocol, not a dataset: "COCO test-dev", "ADE20K val"
_SPLIT_WORDS = frozenset(
    """test test-dev test-std test-challenge testdev dev val valid validation minival train training
    trainval full set split subset public private leaderboard unseen seen online offline""".split()
)
# "Set12 sigma70", "ImageNet 64x64", "CUB-200-2011 5-way", "VoxCeleb2 x100"
_SETTING_WORD = re.compile(r"sigma\d+|\d+x\d+|\d+×\d+|\d+-way|\d+-shot|x\d+|(?:test|dev|val|train)(?:-\w+|\d+)")
_TYPE_NOUNS = frozenset("dataset datasets data set corpus corpora benchmark database collection".split())
_SETTING_CUTS = re.compile(r"\s+(?:-|–|—|->|→|vs\.?|to)\s+|,|:|\s+\+\s+")
_LEADING_SPLIT = re.compile(r"^(?:%\s*)?(?:test|validation|val|dev|train|training|overall)\s+",
                            re.IGNORECASE)
_UNIT_PAREN = re.compile(r"\s*\((?:%|in %|mm|ms|s|sec|db|x|test|val|dev|avg\.?|mean)\)$", re.IGNORECASE)
_TOP_K = re.compile(r"\btop[\s-]?(\d+)\b", re.IGNORECASE)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip(" .:;,-")


def _initials_match(short: str, long: str) -> bool:
    """Whether `short` is an acronym of the words of `long` ("NER", "Named Entity Recognition").

    Examples:
        >>> _initials_match("NER", "Named Entity Recognition"), _initials_match("VQA", "Visual Question Answering")
        (True, True)
        >>> _initials_match("BiDAF", "Bi-Directional Attention Flow"), _initials_match("CR", "Cornell")
        (True, False)
    """
    letters = "".join(c.lower() for c in short if c.isalnum())
    words = [w.lower() for w in re.split(r"[\s\-/]+", long) if w and w.lower() not in _GLUE]
    if len(letters) < 2 or len(words) < 2 or len(words) > len(letters):
        return False

    def spells(i: int, w: int) -> bool:  # letters[i:] from words[w:], each word giving a prefix
        if w == len(words):
            return i == len(letters)
        word = words[w]
        return any(letters.startswith(word[:j], i) and spells(i + j, w + 1) for j in range(1, len(word) + 1))

    return spells(0, 0)


_GLUE = frozenset({"of", "the", "and", "for", "a", "in", "on", "to", "with"})


def _acronym_pair(name: str) -> tuple[str, list[str]]:
    """Split "Long Form (LF)" or "LF (Long Form)" into a name and its synonyms; other
    parentheses are dropped."""
    synonyms: list[str] = []
    kept = name
    for m in _PAREN.finditer(name):
        inner = m.group(1).strip()
        outer = _clean(_PAREN.sub("", name[: m.start()]))
        if inner and _initials_match(inner, outer):
            synonyms.append(inner)
        elif inner and _initials_match(outer, inner):
            synonyms.append(inner)
        kept = kept.replace(m.group(0), "")
    return _clean(kept), synonyms


def canonical_dataset(raw: str) -> tuple[str, list[str]] | None:
    """The canonical name of a dataset as a leaderboard writes it, and its synonyms.

    Examples:
        >>> canonical_dataset("COCO test-dev"), canonical_dataset("ADE20K val")
        (('COCO', []), ('ADE20K', []))
        >>> canonical_dataset("Set5 - 4x upscaling"), canonical_dataset("DAVIS 2017 (val)")
        (('Set5', []), ('DAVIS 2017', []))
        >>> canonical_dataset("Mini-Imagenet 5-way (1-shot)"), canonical_dataset("Adverse Drug Events (ADE) Corpus")
        (('Mini-Imagenet', []), ('Adverse Drug Events', ['ADE']))
        >>> canonical_dataset("ImageNet 64x64"), canonical_dataset("Hyper-Kvasir Dataset")
        (('ImageNet', []), ('Hyper-Kvasir', []))
        >>> canonical_dataset("Duke to Market"), canonical_dataset("Kinetics-400")
        (None, ('Kinetics-400', []))
    """
    text = _clean(raw)
    if re.search(r"\s(?:->|→|to|vs\.?)\s", text):
        return None  # a transfer setting between two datasets, each named elsewhere
    name, synonyms = _acronym_pair(text)
    name = _clean(_SETTING_CUTS.split(name)[0])
    words = name.split()
    while len(words) > 1:
        tail = words[-1].lower()
        if tail in _SPLIT_WORDS or tail in _TYPE_NOUNS or _SETTING_WORD.fullmatch(tail):
            words.pop()
        elif len(words) > 3 and words[-2] in {"x", "×"} and words[-1].isdigit() and words[-3].isdigit():
            words = words[:-3]  # "CUB 128 x 128"
        else:
            break
    name = " ".join(words)
    return (name, synonyms) if name else None


_GENERIC_METRIC_WORDS = frozenset("score scores value values result results metric metrics".split())


def canonical_metric(raw: str) -> tuple[str, list[str]] | None:
    """The canonical name of a metric as a leaderboard writes it, and its synonyms.

    Examples:
        >>> canonical_metric("Accuracy (%)"), canonical_metric("Top 1 Accuracy"), canonical_metric("% Test Accuracy")
        (('Accuracy', []), ('Top-1 Accuracy', []), ('Accuracy', []))
        >>> canonical_metric("Word Error Rate (WER)"), canonical_metric("Test perplexity")
        (('Word Error Rate', ['WER']), ('perplexity', []))
        >>> canonical_metric("Time (ms)"), canonical_metric("Average MPJPE (mm)")
        (('Time', []), ('Average MPJPE', []))
    """
    text = _clean(raw)
    while True:
        stripped = _UNIT_PAREN.sub("", text)
        if stripped == text:
            break
        text = stripped
    name, synonyms = _acronym_pair(text)
    while True:
        stripped = _LEADING_SPLIT.sub("", name)
        if stripped == name or not stripped:
            break
        name = stripped
    name = _TOP_K.sub(lambda m: f"Top-{m.group(1)}", _SETTING_CUTS.split(name)[0])
    name = _clean(name.rstrip("%*"))
    return (name, synonyms) if name else None


def canonical_task(raw: str) -> tuple[str, list[str]] | None:
    """The canonical name of a task, and its synonyms.

    Examples:
        >>> canonical_task("Named Entity Recognition (NER)"), canonical_task("part-of-speech_tagging")
        (('Named Entity Recognition', ['NER']), ('part-of-speech tagging', []))
    """
    name, synonyms = _acronym_pair(_clean(raw))
    return (name, synonyms) if name else None


def slug(name: str) -> str:
    """The Papers-with-Code style id of a name: lower case, other characters as single dashes.

    Examples:
        >>> slug("WikiText-103"), slug("Top-1 Accuracy"), slug("Human3.6M")
        ('wikitext-103', 'top-1-accuracy', 'human3-6m')
    """
    return re.sub(r"[^0-9a-z]+", "-", unicodedata.normalize("NFKC", name).lower()).strip("-")


# --- reading the sources --------------------------------------------------------------------


@dataclass
class Sighting:
    """One name as a source gives it: its type, canonical name, synonyms and source."""

    type: str
    name: str
    synonyms: tuple[str, ...]
    source: str
    direction: bool | None = None  # metrics: True when higher is better


_CANON = {"Dataset": canonical_dataset, "Metric": canonical_metric, "Task": canonical_task}


def _sighting(kind: str, raw: str, source: str, direction: bool | None = None) -> Sighting | None:
    cleaned = _CANON[kind](raw)
    if cleaned is None:
        return None
    name, synonyms = cleaned
    return Sighting(kind, name, tuple(synonyms), source, direction)


def read_pwc(folder: Path) -> Iterator[Sighting]:
    """Task, dataset and metric names of the Papers-with-Code leaderboard files, and the
    task synonyms of ``synonyms.csv``."""

    def walk(tasks: list[dict]) -> Iterator[Sighting]:
        for task in tasks:
            for raw in [task.get("task") or "", *(task.get("synonyms") or [])]:
                s = _sighting("Task", raw, "pwc")
                if s is not None:
                    yield s
            for dataset in task.get("datasets") or []:
                raw = dataset.get("dataset") or ""
                if len(raw.split()) <= 8:  # eff.json describes settings in sentences
                    s = _sighting("Dataset", raw, "pwc")
                    if s is not None:
                        yield s
                for sota in [dataset.get("sota") or {}] + [(sub.get("sota") or {}) for sub in dataset.get("subdatasets") or []]:
                    for metric in sota.get("metrics") or []:
                        s = _sighting("Metric", metric, "pwc")
                        if s is not None:
                            yield s
            yield from walk(task.get("subtasks") or [])

    for path in sorted(folder.glob("*.json")):
        yield from walk(json.loads(path.read_text(encoding="utf-8")))
    with open(folder / "synonyms.csv", encoding="utf-8") as f:
        for row in csv.reader(f, skipinitialspace=True):
            if len(row) == 2 and row[0] != "task":
                task, synonym = (_clean(x) for x in row)
                yield Sighting("Task", task, (synonym,), "pwc")


def read_tdms(folder: Path) -> Iterator[Sighting]:
    """The NLP-TDMS KB: tasks, datasets, and metrics with their higher-is-better flag."""
    for line in (folder / "taskKB.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            s = _sighting("Task", parts[1].replace("_", " "), "tdms")
            if s is not None:
                yield s
    for line in (folder / "datasetKB.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            s = _sighting("Dataset", parts[1], "tdms")
            if s is not None:
                yield s
    for line in (folder / "evaMatrixKB.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            s = _sighting("Metric", parts[1], "tdms", parts[2].strip() == "1")
            if s is not None:
                yield s


def read_sota(path: Path) -> Iterator[Sighting]:
    """Task, dataset and metric names of the SOTA? tuples of papers tuning may see."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            paper = json.loads(line)
            if is_held_out(paper["id"]):
                continue
            seen = set()
            for result in paper.get("results") or []:
                for kind, field_name in (("Task", "Task"), ("Dataset", "Dataset"), ("Metric", "Metric")):
                    raw = result.get(field_name) or ""
                    if (kind, raw) in seen:
                        continue
                    seen.add((kind, raw))
                    s = _sighting(kind, raw, "sota")
                    if s is not None:
                        yield s


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _detokenize(words: list[str]) -> str:
    """SciREX and TDMSci tokens back to text: no space around hyphens, slashes and dots
    inside names, none before closing punctuation."""
    text = " ".join(words)
    text = re.sub(r"\s*([-/])\s*", r"\1", text)
    text = re.sub(r"(\d)\s+\.\s+(\d)", r"\1.\2", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s+([),.;:!?%])", r"\1", text)
    text = re.sub(r"\s+'\s*s\b", "'s", text)
    return text


def read_scirex(path: Path, known: dict[tuple[str, str], str]) -> Iterator[Sighting]:
    """Names in SciREX 4-ary relations (Material = dataset), spelt as the other sources spell
    the same name when they know it (SciREX writes "Penn_Treebank__Word_Level_"); and the
    long forms of acronyms its coreference clusters spell out ("Exact Match (EM)")."""
    kinds = {"Material": "Dataset", "Metric": "Metric", "Task": "Task"}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            words = doc["words"]
            names: set[tuple[str, str]] = set()
            for relation in doc.get("n_ary_relations") or []:
                for role, kind in kinds.items():
                    raw = relation.get(role)
                    if raw:
                        names.add((kind, raw))
            for kind, raw in sorted(names):
                spelt = known.get((kind, _squash(raw))) or raw.replace("_", " ")
                s = _sighting(kind, spelt, "scirex")
                if s is None:
                    continue
                mentions = {_detokenize(words[a:b]) for a, b in (doc.get("coref") or {}).get(raw, [])}
                short = s.name
                longs = sorted(m for m in mentions if _initials_match(short, m) and len(m.split()) <= 6
                               and re.fullmatch(r"[\w'’-]+(?: [\w'’-]+)*", m) and m.split()[-1].lower() not in _GLUE)
                yield Sighting(kind, s.name, s.synonyms + tuple(longs), "scirex")


def tdmsci_sentences(path: Path) -> Iterator[tuple[int, list[str], list[tuple[int, int, str]]]]:
    """(number, tokens, [(start, end, TYPE)]) per sentence of a TDMSci .conll file, numbered
    from 1 as ``eval/tdmsci.py`` numbers them."""
    rows: list[list[str]] = []
    number = 0
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            rows.append(line.split("\t"))
            continue
        if not rows:
            continue
        number += 1
        tokens = [r[0] for r in rows]
        spans, start, kind = [], None, None
        for i, (_, _, tag) in enumerate([*rows, ["", "", "O"]]):
            tag_kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if start is not None and (tag.startswith("B-") or tag_kind != kind):
                spans.append((start, i, kind))
                start = None
            if tag_kind and start is None:
                start, kind = i, tag_kind
        yield number, tokens, spans
        rows = []


def read_tdmsci(path: Path) -> Iterator[Sighting]:
    """TASK, DATASET and METRIC spans of the TDMSci train sentences tuning may see."""
    kinds = {"TASK": "Task", "DATASET": "Dataset", "METRIC": "Metric"}
    for number, tokens, spans in tdmsci_sentences(path):
        if is_held_out(f"tdmsci:{number}"):
            continue
        for start, end, tag in spans:
            if tag in kinds and end - start <= 8:
                s = _sighting(kinds[tag], _detokenize(tokens[start:end]), "tdmsci")
                if s is not None:
                    yield s


# --- the field's own text: how often a form is an entity where it occurs ----------------------

_TOKEN = re.compile(r"\w+|[^\w\s]")


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text))


@dataclass
class Usage:
    """Occurrences of forms in the reference text, and how many of them are tagged."""

    seen: Counter[tuple[str, ...]] = field(default_factory=Counter)
    tagged: Counter[tuple[str, tuple[str, ...]]] = field(default_factory=Counter)  # (type, tokens)
    tagged_folded: Counter[tuple[str, tuple[str, ...]]] = field(default_factory=Counter)  # (type, lower tokens)
    lowercase: Counter[str] = field(default_factory=Counter)  # words written in lower case
    capitalised: Counter[str] = field(default_factory=Counter)  # words written with a capital


def read_usage(scirex: Path, tdmsci: Path, sota: Path, forms: set[tuple[str, ...]]) -> Usage:
    """Count, for each form (as tokens, case kept), its occurrences in SciREX papers and
    TDMSci sentences, the occurrences tagged with each type, and how often each lower-case
    one-word form occurs in the SOTA? abstracts and those papers (is it an English word?)."""
    usage = Usage()
    longest = max((len(f) for f in forms), default=1)
    folded = {tuple(t.lower() for t in f) for f in forms}
    wanted = forms | folded
    kinds = {"Material": "Dataset", "Metric": "Metric", "Task": "Task", "Method": "Method",
             "DATASET": "Dataset", "METRIC": "Metric", "TASK": "Task"}

    def scan(words: list[str], spans: Iterable[tuple[int, int, str]]) -> None:
        toks: list[str] = []
        starts: dict[int, int] = {}  # word index -> token index
        for i, word in enumerate(words):
            starts[i] = len(toks)
            toks.extend(_TOKEN.findall(word))
        starts[len(words)] = len(toks)
        lowered = [t.lower() for t in toks]
        for i in range(len(toks)):
            for n in range(1, longest + 1):
                if i + n > len(toks):
                    break
                cased = tuple(toks[i : i + n])
                if cased in wanted:
                    usage.seen[cased] += 1
                low = tuple(lowered[i : i + n])
                if low != cased and low in wanted:
                    usage.seen[("\x00lower",) + low] += 1
        for a, b, tag in spans:
            kind = kinds.get(tag)
            if kind is None:
                continue
            cased = tuple(toks[starts[a] : starts[b]])
            usage.tagged[(kind, cased)] += 1
            usage.tagged_folded[(kind, tuple(t.lower() for t in cased))] += 1
        _count_words(usage, toks)

    with gzip.open(scirex, "rt", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            scan(doc["words"], ((a, b, tag) for a, b, tag in doc.get("ner") or []))
    for number, tokens, spans in tdmsci_sentences(tdmsci):
        if not is_held_out(f"tdmsci:{number}"):
            scan(tokens, spans)
    with gzip.open(sota, "rt", encoding="utf-8") as f:
        for line in f:
            _count_words(usage, _TOKEN.findall(json.loads(line).get("abstract") or ""))
    return usage


def _count_words(usage: Usage, tokens: Iterable[str]) -> None:
    for t in tokens:
        if t.islower():
            usage.lowercase[t] += 1
        else:
            usage.capitalised[t] += 1


# --- grouping, filtering, writing --------------------------------------------------------------


@dataclass
class Concept:
    """One dataset, metric or task: canonical name and id, the forms that name it."""

    type: str
    id: str
    name: str
    forms: list[str]  # matched in any case
    exact: list[str]  # matched only as written
    sources: list[str]
    support: int
    higher_is_better: bool | None = None
    generic: list[str] = field(default_factory=list)  # metrics: forms that are ordinary words too

    def to_dict(self) -> dict:
        out = {"id": self.id, "name": self.name, "forms": self.forms, "exact": self.exact,
               "sources": self.sources, "support": self.support}
        if self.type == "Metric":
            out["higher_is_better"] = self.higher_is_better
            out["generic"] = self.generic
        return out


# Forms that are never names of a dataset, metric or task on their own, whatever a source says.
_NEVER = frozenset(
    """score scores average avg mean overall total all time test dev val validation train training
    error errors value result results performance quality general other others none default
    params parameters model models method methods data dataset datasets task tasks it is as
    acc. rate rank level joint full base large small medium hard easy""".split()
)
# Metrics that are sizes, settings or protocol notes, not measures of an outcome.
_NOT_METRIC = re.compile(
    r"(?i)\b(?:params?|parameters|number of|model size|ext\.? data|extra data|training data|"
    r"hardware|using|ground[- ]truth|split|protocol|setting|pretrain|pre-train|backbone|"
    r"year|date|#)\b"
)
_LOWER_IS_BETTER = re.compile(
    r"(?i)(?:error|loss|perplexity|\bppl\b|\bwer\b|\bcer\b|\bter\b|\bper\b|\bfid\b|\bkid\b|\bmae\b|\bmse\b|"
    r"rmse|\bnme\b|\bepe\b|mpjpe|\bhce\b|fpr|\beer\b|\bnll\b|\bece\b|distance|latency|\btime\b|"
    r"\bbpc\b|\bbpd\b|bits[ /-]?per|bits/dim|bit per|bits per|\babs ?rel\b|\bsq ?rel\b|mean rank|median rank|"
    r"\bmr\b|\bmedr\b|miss rate|false alarm|false positive|memory|\bflops\b|\bmacs\b|runtime|"
    r"inference time|\bcost\b|\blpips\b|\bhd95\b|hausdorff|chamfer|deviation|divergence|regret|"
    r"mce\b|\bcd\b|\bade\b|\bfde\b)"
)
_HIGHER_DESPITE = re.compile(r"(?i)(?:reduction|rank-\d|r@|recall@|hits@|speed ?up)")


def metric_direction(name: str, votes: Counter[bool]) -> bool | None:
    """True when a higher value is better, False when lower is; from the NLP-TDMS flag when
    it has one, else from the words of the name.

    Examples:
        >>> metric_direction("Word Error Rate", Counter()), metric_direction("Top-1 Accuracy", Counter())
        (False, True)
        >>> metric_direction("Error Reduction", Counter()), metric_direction("Rank-1", Counter())
        (True, True)
    """
    if votes:
        return votes.most_common(1)[0][0]
    if _LOWER_IS_BETTER.search(name) and not _HIGHER_DESPITE.search(name):
        return False
    return True


def _is_exact(form: str, usage: Usage) -> bool:
    """Whether a form must match as written: short forms with a capital ("SST", "mAP",
    "WER"), and capitalised English words ("Breakfast", "Cornell" as "cornell" is rare)."""
    letters = [c for c in form if c.isalpha()]
    if any(c.isupper() for c in letters) and len(letters) <= 5 and " " not in form \
            and not any(c.isdigit() for c in form):
        return True
    if form.isalpha() and form.isupper():
        return True  # "AGENDA", "IEMOCAP": capitals as the name is written
    if form.isalpha() and not form.islower() and usage.lowercase[form.lower()] >= 3 \
            and usage.lowercase[form.lower()] > usage.capitalised[form]:
        return True  # "DeLiVER", "SPIDER": a name as written, an English word in lower case more often
    return _is_english_word(form, usage)


def _is_english_word(form: str, usage: Usage) -> bool:
    """A capitalised word that the field's text writes in lower case more often ("Review",
    "Tennis"), not a name that some sentence also writes in lower case ("Cityscapes")."""
    return " " not in form and "-" not in form and form[:1].isupper() and form[1:].islower() \
        and usage.lowercase[form.lower()] >= 3 and usage.lowercase[form.lower()] > usage.capitalised[form]


def _keep_form(kind: str, form: str, usage: Usage, *, min_seen: int = 20, min_share: float = 0.1) -> bool:
    """Whether a gazetteer match on `form` would mostly be right: the form is no generic
    word, and where the field's text uses it often, it is tagged as this type often enough."""
    letters = [c for c in form if c.isalpha()]
    if len(letters) < 2 and not any(c.isdigit() for c in form):
        return False
    if form.lower() in _NEVER or len(form) > 80 or re.fullmatch(r"[\d\s.,%]+", form):
        return False
    if len(letters) == 2 and form.isupper() and not any(c.isdigit() for c in form):
        # two capitals ("AP", "EM", "IS", "MR"): only when the field tags them so
        tokens = _tokens(form)
        seen = usage.seen[tokens]
        return seen >= 5 and usage.tagged[(kind, tokens)] >= 0.5 * seen
    tokens = _tokens(form)
    if _is_exact(form, usage):
        seen, tagged = usage.seen[tokens], usage.tagged[(kind, tokens)]
    else:
        folded = tuple(t.lower() for t in tokens)
        seen = usage.seen[folded] + usage.seen[("\x00lower",) + folded]
        tagged = usage.tagged_folded[(kind, folded)]
    return seen < min_seen or tagged >= min_share * seen


def _is_generic_word(form: str, usage: Usage) -> bool:
    """A one-word metric the field's text mostly uses as an ordinary word ("sensitivity",
    "runtime": tagged a metric in under half of its uses), as opposed to "perplexity"."""
    if not (form.isalpha() and form.islower()):
        return False
    seen = usage.seen[(form,)] + usage.seen[("\x00lower", form)]
    return seen >= 5 and usage.tagged_folded[("Metric", (form,))] < 0.5 * seen


def _is_english_phrase(form: str, usage: Usage) -> bool:
    """Plain words the field writes in lower case ("E-commerce", "long video"): no name.

    Examples:
        >>> u = Usage(); u.lowercase.update({"commerce": 5, "long": 9, "video": 9})
        >>> _is_english_phrase("E-commerce", u), _is_english_phrase("long video", u), _is_english_phrase("Long Video", u)
        (True, True, False)
    """
    parts = re.split(r"[\s-]+", form.lower())
    if len(parts) < 2 or any(c.isdigit() for c in form) or any(c.isupper() for c in form[1:]):
        return False  # one word, or a name in Title Case ("Visual Genome")
    words = [w for w in parts if len(w) > 1]
    return bool(words) and all(usage.lowercase[w] >= 3 for w in words)


def _task_shaped(form: str) -> bool:
    """A task is an acronym or a phrase; one plain word only when it names an activity
    ("summarization", "denoising"), never a field or a quality ("Multimodal", "Vision").

    Examples:
        >>> [_task_shaped(f) for f in ["summarization", "denoising", "NER", "Multimodal", "Vision", "question answering"]]
        [True, True, True, False, False, True]
    """
    if " " in form or "-" in form or (form.isupper() and len(form) >= 2):
        return True
    return form.lower().endswith(("tion", "ssion", "usion", "ing", "ment", "sis"))


def _dataset_shaped(name: str) -> bool:
    """A dataset name has a name's shape: a digit, a capital inside a word, or capitals
    starting at least two words ("Penn Treebank"); one capitalised word ("Cora") too.

    Examples:
        >>> [_dataset_shaped(n) for n in ["CIFAR-10", "Penn Treebank", "Cora", "Social media", "newspaper texts"]]
        [True, True, True, False, False]
    """
    words = name.split()
    if any(any(c.isdigit() for c in w) or any(c.isupper() for c in w[1:]) for w in words):
        return True
    capitals = sum(w[:1].isupper() for w in words)
    return capitals >= 2 or (len(words) == 1 and capitals == 1)


_TYPE_RANK = {"Dataset": 0, "Metric": 1, "Task": 2}
# Short forms papers use for other things more often ("MA" morphological analysis, "UD").
_AMBIGUOUS = frozenset({"MA", "UD", "CS", "AR", "IS", "MR", "CV", "SD"})
_METRIC_HEAD = re.compile(
    r"(?i)(?:accuracy|error|score|rate|precision|recall|\bf\d|f-measure|\bauc|loss|perplexity|bleu|rouge|"
    r"correlation|distance|iou|\bmap\b|\bap\d*\b|@\d|psnr|ssim|latency|throughput|speed)"
)


def build(shared: Path) -> dict[str, list[Concept]]:
    """The vocabularies, one list of concepts per type, from the files under `shared`.

    Raises:
        FileNotFoundError: a source file is missing.
    """
    data = shared / "data"
    sightings: list[Sighting] = []
    sightings += read_pwc(data / "taxonomy" / "pwc_sota_extractor")
    sightings += read_tdms(data / "taxonomy" / "nlp_tdms_kb")
    sightings += read_sota(data / "train" / "sota_pwc_train.jsonl.gz")
    known = {}
    for s in sightings:  # SciREX names take the spelling the leaderboards use
        known.setdefault((s.type, _squash(s.name)), s.name)
    sightings += read_scirex(data / "train" / "scirex" / "train_docs.jsonl.gz",
                             {(k, sq): n for (k, sq), n in sorted(known.items())})
    sightings += read_tdmsci(data / "train" / "tdmsci" / "train.conll")
    sightings = [s for s in sightings if _plausible(s)]

    # group forms by type and key; a synonym joins its name's group
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # group node -> spelling counts
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    support: Counter[tuple[str, str]] = Counter()
    votes: dict[tuple[str, str], Counter[bool]] = defaultdict(Counter)
    for s in sightings:
        node = (s.type, entity_key(s.name))
        if not node[1]:
            continue
        find(node)
        spellings[node][s.name] += 1
        sources[node].add(s.source)
        support[node] += 1
        if s.direction is not None:
            votes[node][s.direction] += 1
        for synonym in s.synonyms:
            other = (s.type, entity_key(synonym))
            if other[1] and _plausible(Sighting(s.type, synonym, (), s.source)):
                spellings[other][synonym] += 0  # a form, not a vote for the name
                union(node, other)
    # "BLEU score" and "BLEU", "F1 score" and "F1": one metric when the shorter is one too
    for kind, key in sorted(spellings):
        if kind == "Metric" and key.endswith("score") and ("Metric", key[: -len("score")]) in spellings:
            union(("Metric", key), ("Metric", key[: -len("score")]))

    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for node in sorted(spellings):
        groups[find(node)].append(node)

    # a form that names groups of two types stays with the type most sources give it
    owner: dict[str, tuple[int, int, str]] = {}
    for root, nodes in groups.items():
        weight = sum(support[n] for n in nodes)
        for node in nodes:
            best = owner.get(node[1])
            candidate = (weight, -_TYPE_RANK[node[0]], node[0])
            if best is None or candidate > best:
                owner[node[1]] = candidate

    all_forms = {_tokens(f) for counts in spellings.values() for f in counts}
    usage = read_usage(data / "train" / "scirex" / "train_docs.jsonl.gz", data / "train" / "tdmsci" / "train.conll",
                       data / "train" / "sota_pwc_train.jsonl.gz", all_forms)

    concepts: dict[str, list[Concept]] = {kind: [] for kind in TYPES}
    for root, nodes in sorted(groups.items()):
        kind = root[0]
        weight = Counter({n: sum(spellings[n].values()) for n in nodes})
        named = [n for n in nodes if weight[n] > 0] or nodes
        main = max(named, key=lambda n: (support[n], weight[n], n[1]))
        counts = spellings[main]
        # the spelling most sources use, a capitalised one first ("ImageNet-1k", not "imagenet-1k")
        name = min(counts, key=lambda s: (s == s.lower() and s != s.upper(), -counts[s], s))
        forms, exact = set(), set()
        for node in nodes:
            if owner[node[1]][2] != kind:
                continue
            for form in spellings[node]:
                if not _keep_form(kind, form, usage) or form in _AMBIGUOUS or (kind == "Task" and not _task_shaped(form)):
                    continue
                if kind == "Dataset" and (_is_english_word(form, usage) or _is_english_phrase(form, usage)):
                    continue
                (exact if _is_exact(form, usage) else forms).add(form)
        folded = {f.lower() for f in forms}
        exact = {f for f in exact if f.lower() not in folded}
        if not (forms or exact) or (kind == "Metric" and _NOT_METRIC.search(name)):
            continue
        total = sum(support[n] for n in nodes)
        concept_sources = set().union(*(sources[n] for n in nodes))
        # a name one paper or sentence gave: too weak for a gazetteer unless it has a name's
        # shape (datasets) or a metric's head word (metrics)
        # a dataset called by three capitals or fewer ("CAD", "CFG") from a few tuples: the
        # field uses such acronyms for other things far more often
        if kind == "Dataset" and total < 5 and len(concept_sources) == 1 and re.fullmatch(r"[A-Z]{2,3}", name):
            continue
        if total < 2 and concept_sources <= {"tdmsci", "sota", "scirex"}:
            if kind == "Task" or (kind == "Dataset" and not _dataset_shaped(name)) \
                    or (kind == "Metric" and not _METRIC_HEAD.search(name)):
                continue
        generic = sorted(f for f in forms if kind == "Metric" and _is_generic_word(f, usage))
        concepts[kind].append(Concept(
            type=kind, id=slug(name), name=name, generic=generic,
            forms=sorted(forms), exact=sorted(exact),
            sources=sorted(concept_sources),
            support=total,
            higher_is_better=metric_direction(name, sum((votes[n] for n in nodes), Counter()))
            if kind == "Metric" else None,
        ))
    for kind in TYPES:
        concepts[kind] = _unique_ids(concepts[kind])
    return concepts


def _unique_ids(concepts: list[Concept]) -> list[Concept]:
    """Concepts sorted by id; two concepts with one slug ("F1" vs "F-1" never, as their keys
    differ, but "C++" vs "C") get the key as a suffix."""
    counts = Counter(c.id for c in concepts)
    for c in concepts:
        if counts[c.id] > 1 or not c.id:
            c.id = f"{c.id}-{entity_key(c.name)}" if c.id else entity_key(c.name)
    return sorted(concepts, key=lambda c: c.id)


def _plausible(s: Sighting) -> bool:
    """Drop names no gazetteer should hold: too long, descriptive, or generic."""
    words = s.name.split()
    if not words or len(words) > (6 if s.type == "Task" else 5) or s.name.lower() in _NEVER:
        return False
    if s.type == "Dataset":
        lowered = s.name.lower()
        if any(w in _SPLIT_WORDS for w in lowered.split()[:1]) or not _dataset_shaped(s.name):
            return False
        return not re.search(r"\b(?:of|for|with|from|on|in|using|by)\b", lowered)
    if s.type == "Metric":
        return len(words) <= 5 and not re.search(r"\b(?:on|in|for|using|with)\b", s.name.lower()) \
            and not _NOT_METRIC.search(s.name) and metric_shaped(s.name)
    return True


NOTICE = """# Licence of the vocabularies in this folder

`datasets.jsonl`, `metrics.jsonl` and `tasks.jsonl` are derived from third-party data by
`kg/core/taxonomy/build.py` (`make vocab`):

- SOTA? (D'Souza et al., SimpleText@CLEF 2024), the train split's (task, dataset, metric) names:
  CC BY-SA 4.0, see `licenses/SOTA_LICENSE.md`.
- Papers-with-Code leaderboards as packaged by sota-extractor (`pwc_sota_extractor`): Apache-2.0,
  see `licenses/pwc_sota_extractor.LICENSE`.
- NLP-TDMS knowledge base (Hou et al., ACL 2019): Apache-2.0, see `licenses/nlp_tdms_kb.LICENSE`.
- SciREX (Jain et al., ACL 2020) train relations: Apache-2.0, see `licenses/scirex.LICENSE`.
- TDMSci (Hou et al., EACL 2021) train spans: Apache-2.0, see `licenses/tdmsci.LICENSE`.

As they contain material derived from SOTA?, the three files are distributed under
**CC BY-SA 4.0** (https://creativecommons.org/licenses/by-sa/4.0/); the Apache-2.0 notices of the
other sources are kept in `licenses/`. Each concept lists its `sources`. Changes: names were
cleaned into canonical names, grouped, filtered, and given ids.
"""

_LICENSES = {
    "SOTA_LICENSE.md": ("data", "train", "SOTA_LICENSE.md"),
    "pwc_sota_extractor.LICENSE": ("data", "taxonomy", "pwc_sota_extractor", "LICENSE"),
    "nlp_tdms_kb.LICENSE": ("data", "taxonomy", "nlp_tdms_kb", "LICENSE"),
    "scirex.LICENSE": ("data", "train", "scirex", "LICENSE"),
    "tdmsci.LICENSE": ("data", "train", "tdmsci", "LICENSE"),
}


def render(concepts: list[Concept]) -> str:
    """The JSON Lines text of one vocabulary."""
    return "".join(json.dumps(c.to_dict(), ensure_ascii=False, sort_keys=False) + "\n" for c in concepts)


def write(concepts: dict[str, list[Concept]], shared: Path, out: Path = OUT_DIR) -> list[Path]:
    """Write the vocabularies and the licence notices into `out`; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in TYPES:
        path = out / FILES[kind]
        path.write_text(render(concepts[kind]), encoding="utf-8")
        written.append(path)
    (out / "LICENSE.md").write_text(NOTICE, encoding="utf-8")
    licenses = out / "licenses"
    licenses.mkdir(exist_ok=True)
    for name, parts in _LICENSES.items():
        shutil.copyfile(shared.joinpath(*parts), licenses / name)
        written.append(licenses / name)
    return written


def main(argv: list[str] | None = None) -> None:
    """``python -m kg.core.taxonomy.build --shared ../shared [--out DIR]``"""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    concepts = build(args.shared)
    write(concepts, args.shared, args.out)
    for kind in TYPES:
        by_source = Counter(s for c in concepts[kind] for s in c.sources)
        forms = sum(len(c.forms) + len(c.exact) for c in concepts[kind])
        print(f"{kind}: {len(concepts[kind])} concepts, {forms} forms; by source: {dict(sorted(by_source.items()))}")


if __name__ == "__main__":
    main()
