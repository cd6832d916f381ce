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
import json
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.ids import entity_key
from kg.core.taxonomy import metric_shaped
from kg.core.taxonomy.aliases import mine_aliases, size_variants
from kg.core.taxonomy.leaderboards import count_dataset_metrics
from kg.core.taxonomy.names import (
    NEVER_NAMES,
    SPLIT_WORDS,
    canonical_dataset,
    canonical_metric,
    dataset_shaped,
    slug,
    task_shaped,
)
from kg.core.taxonomy.sources import (
    Sighting,
    read_pwc,
    read_scirex,
    read_sota,
    read_tdms,
    read_tdmsci,
    squash,
)
from kg.core.taxonomy.variants import variant_key, without_maker
from kg.core.taxonomy.usage import (
    Usage,
    form_tokens,
    is_english_phrase,
    is_english_word,
    is_exact,
    is_generic_word,
    keep_form,
    read_usage,
)

__all__ = ["Concept", "build", "metric_direction", "write"]

OUT_DIR = Path(__file__).parent
TYPES = ("Dataset", "Metric", "Task")
FILES = {"Dataset": "datasets.jsonl", "Metric": "metrics.jsonl", "Task": "tasks.jsonl"}


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
    # datasets: leaderboard rows counted, and the metrics most of them use ([(metric id, rows)])
    metric_rows: int = 0
    metrics: list[tuple[str, int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        out = {"id": self.id, "name": self.name, "forms": self.forms, "exact": self.exact,
               "sources": self.sources, "support": self.support}
        if self.type == "Metric":
            out["higher_is_better"] = self.higher_is_better
            out["generic"] = self.generic
        if self.metrics:
            out["metric_rows"] = self.metric_rows
            out["metrics"] = [list(m) for m in self.metrics]
        return out


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
        known.setdefault((s.type, squash(s.name)), s.name)
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

    all_forms = {form_tokens(f) for counts in spellings.values() for f in counts}
    usage = read_usage(data / "train" / "scirex" / "train_docs.jsonl.gz", data / "train" / "tdmsci" / "train.conll",
                       data / "train" / "sota_pwc_train.jsonl.gz", all_forms)
    # "box mAP" tuples whose scores abstracts print as "AP", "Percentage correct" as "accuracy"
    for kind, a, b in learnt_aliases(data / "train" / "sota_pwc_train.jsonl.gz", spellings, usage,
                                     lambda kind, key: find((kind, key))[1]):
        union((kind, a), (kind, b))

    # "WMT 2014 EN-DE" and "WMT2014 English-German", "box mAP" and "AP": spelling variants of one name
    # (`variant_key`); "MS-COCO" and "COCO": one dataset with and without its maker (`without_maker`)
    first: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, key in sorted(spellings):
        for form in sorted(spellings[(kind, key)]) if kind != "Task" else ():
            form = without_maker(form) if kind == "Dataset" else form
            union(first.setdefault((kind, variant_key(form, kind)), (kind, key)), (kind, key))

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

    concepts: dict[str, list[Concept]] = {kind: [] for kind in TYPES}
    by_root: dict[tuple[str, str], Concept] = {}
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
                if not keep_form(kind, form, usage) or form in _AMBIGUOUS or (kind == "Task" and not task_shaped(form)):
                    continue
                if kind == "Dataset" and (is_english_word(form, usage) or is_english_phrase(form, usage)):
                    continue
                (exact if is_exact(form, usage) else forms).add(form)
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
            if kind == "Task" or (kind == "Dataset" and not dataset_shaped(name)) \
                    or (kind == "Metric" and not _METRIC_HEAD.search(name)):
                continue
        generic = sorted(f for f in forms if kind == "Metric" and is_generic_word(f, usage))
        concepts[kind].append(by_root.setdefault(root, Concept(
            type=kind, id=slug(name), name=name, generic=generic,
            forms=sorted(forms), exact=sorted(exact),
            sources=sorted(concept_sources),
            support=total,
            higher_is_better=metric_direction(name, sum((votes[n] for n in nodes), Counter()))
            if kind == "Metric" else None,
        )))
    for kind in TYPES:
        concepts[kind] = _unique_ids(concepts[kind])
    # "ImageNet Classification": a dataset's name and a task, never a name of the task
    dataset_forms = {f for c in concepts["Dataset"] for f in (c.name, *c.forms, *c.exact)}
    for task in concepts["Task"]:
        task.forms = [f for f in task.forms if not _after_a_dataset(f, dataset_forms)]
        task.exact = [f for f in task.exact if not _after_a_dataset(f, dataset_forms)]

    def concept_id(kind: str, raw: str) -> str | None:
        cleaned = _CANON[kind](raw)
        node = (kind, entity_key(cleaned[0])) if cleaned is not None else None
        concept = by_root.get(find(node)) if node in spellings else None
        return concept.id if concept is not None else None

    # "82.7% on Cityscapes": the metric Cityscapes' leaderboards use (`leaderboard_metric`)
    boards = count_dataset_metrics(data / "taxonomy" / "pwc_sota_extractor", data / "train" / "sota_pwc_train.jsonl.gz",
                                   lambda raw: concept_id("Dataset", raw), lambda raw: concept_id("Metric", raw))
    for concept in concepts["Dataset"]:
        concept.metric_rows, concept.metrics = boards.get(concept.id, (0, []))
    return concepts


_CANON = {"Dataset": canonical_dataset, "Metric": canonical_metric}


def learnt_aliases(sota: Path, spellings: dict[tuple[str, str], Counter[str]], usage: Usage,
                   root: Callable[[str, str], str]) -> list[tuple[str, str, str]]:
    """(type, key, key) pairs that name one concept, learnt by `aliases.mine_aliases` from the
    SOTA? papers tuning may see: between names the vocabulary keeps, never a generic word.
    Names are counted by their group so far (`root`): "WER" and "word error rate" are one."""
    finders, named = {}, {}
    for kind in _CANON:
        folded, named[kind] = {}, {}
        exact: dict[str, str] = {}
        for (k, key), counts in sorted(spellings.items()):
            for form in sorted(counts) if k == kind else ():
                if not keep_form(kind, form, usage) or form in _AMBIGUOUS or not _plausible(Sighting(kind, form, (), "")):
                    continue
                if kind == "Dataset" and (is_english_word(form, usage) or is_english_phrase(form, usage)):
                    continue
                if kind == "Metric" and is_generic_word(form, usage):
                    continue
                named[kind][form] = root(kind, key)
                if is_exact(form, usage):
                    exact.setdefault(form, root(kind, key))
                else:
                    folded.setdefault(entity_key(form), root(kind, key))
        finders[kind] = lambda text, exact=exact, folded=folded: exact.get(text) or folded.get(entity_key(text))

    def tuple_node(kind: str, raw: str) -> str | None:
        cleaned = _CANON[kind](raw)
        key = entity_key(cleaned[0]) if cleaned is not None else ""
        return root(kind, key) if (kind, key) in spellings else None

    pairs = mine_aliases(sota, {"Dataset": "Dataset", "Metric": "Metric"}, tuple_node, finders)
    # a dataset's variant keeps its leading word ("NYU Depth v2" / "NYUv2", "MSR-VTT-1kA" /
    # "MSR-VTT"); two benchmarks a paper reports side by side ("CamVid", "Cityscapes") do not
    sized = size_variants(sota, named["Dataset"], lambda raw: tuple_node("Dataset", raw))  # "ImageNet-1k"
    pairs += [("Dataset", *p) for p in sized]
    return [(kind, a, b) for kind, a, b in pairs if kind != "Dataset" or a[:3] == b[:3]]


def _after_a_dataset(form: str, dataset_forms: set[str]) -> bool:
    """Whether a task's form starts with a dataset's name as the vocabulary writes it.

    Examples:
        >>> _after_a_dataset("ImageNet Classification", {"ImageNet"}), _after_a_dataset("Music Modeling", {"MUSIC"})
        (True, False)
    """
    words = form.split()
    return any(" ".join(words[:k]) in dataset_forms for k in range(1, len(words)))


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
    if not words or len(words) > (6 if s.type == "Task" else 5) or s.name.lower() in NEVER_NAMES:
        return False
    if s.type == "Dataset":
        lowered = s.name.lower()
        if any(w in SPLIT_WORDS for w in lowered.split()[:1]) or not dataset_shaped(s.name):
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
