"""Spelling variants: a key that folds the spellings papers use for one name.

`variant_key` is coarser than `kg.core.ids.entity_key`: it also folds "Acc." / "accuracy",
"WMT 2014" / "WMT'14" / "WMT14", "English-German" / "En-De", "v1.3" / "1.3", "256x256" /
"256 256", "Acc@1" / "top-1 accuracy", "Recall@5" / "R@5" and "bits/dim" / "bits per dim"; for
metrics also "box mAP" / "AP", "AP@0.5" / "AP50", "Dice coefficient" / "Dice" and "ROC-AUC" /
"AUROC", "bits/dimension" / "bpd" (`variant_key(name, "Metric")`).
`kg.core.taxonomy.lookup` falls back to it, so a spelling no source gave still finds its concept.
"""

from __future__ import annotations

import re

from kg.core.ids import entity_key

__all__ = ["LANGUAGES", "variant_key", "without_maker"]

# Language names -> ISO 639-1 codes, for pairs of them ("English-German" = "En-De").
LANGUAGES = dict(pair.split(":") for pair in """
    english:en german:de french:fr romanian:ro chinese:zh japanese:ja russian:ru czech:cs spanish:es
    italian:it portuguese:pt turkish:tr finnish:fi estonian:et latvian:lv lithuanian:lt hindi:hi
    gujarati:gu kazakh:kk arabic:ar korean:ko vietnamese:vi dutch:nl polish:pl hebrew:he swedish:sv
    danish:da greek:el hungarian:hu ukrainian:uk indonesian:id thai:th persian:fa urdu:ur bengali:bn
    tamil:ta""".split())
_LANG = "|".join(sorted(LANGUAGES, key=len, reverse=True))
# two languages joined as a pair: "English-German", "English to German", "English-to-German", "English→German"
_LANG_PAIR = re.compile(rf"\b({_LANG})\s*(?:-to-|-|–|—|->|→|/|\s+to\s+)\s*({_LANG})\b")
# a year after a name: "WMT 2014", "WMT'14", "CoNLL-2003" (1990-2039; "2048" is a size)
_YEAR = re.compile(r"(?<=[a-z])\s*['’-]?\s*(?:19(?=[89]\d\b)|20(?=[0-3]\d\b))|(?<=[a-z])\s*['’]\s*(?=\d\d\b)")
_VERSION = re.compile(r"(?<=[a-z0-9])[\s-]*v(?=\d)")  # "ActivityNet v1.3", "NYU-Depth V2"
_BY = re.compile(r"(?<=\d)\s*[x×]\s*(?=\d)")  # "256x256", "256 × 256"
_ACC = re.compile(r"\bacc\b\.?")
_PER = re.compile(r"\s*/\s*(?=(?:dim|dimension|pixel|char|character|byte|token|word|frame|image|sample|second|sec|s)\b)")
_AT_K = re.compile(r"\b(?:acc|accuracy)\s*@\s*(\d+)")  # "Acc@1" = "top-1 accuracy"
_RECALL_AT = re.compile(r"\b(?:recall|rank|r)\s*@\s*(\d+)")  # "Recall@5", "Rank@5" = "R@5"
# Metrics only. The area under a curve, however the words are ordered: "ROC-AUC", "AUC-ROC",
# "AUROC", "PR AUC", "AUPRC"
_AUC_OF = re.compile(r"\b(?:(roc|pr)[\s-]?auc|auc[\s-]?(roc|pr)c?|au[\s-]?(roc|pr)c?)\b")
# Average precision: detection's default is the box ("box AP", "bbox mAP", "Bounding Box AP" = "AP"),
# and "mAP" and "AP" name one measure (COCO calls its mean over classes AP); an IoU threshold as a
# fraction or in hundredths ("AP@0.5", "AP 0.5", "AP50")
_BOX = re.compile(r"^(?:box|bbox|bounding[\s-]?box)\s+(?=m?ap\b)")
_MEAN_AP = re.compile(r"\bmap(?=\b|\d|@)")
_AP_THRESHOLD = re.compile(r"(?<=\bap)\s*@?\s*0?\.(\d)(\d?)\b")
# A rate in bits or nats is written out or by its initials: "bits per dimension" = "bits/dim" = "bpd",
# "bits per character" = "BPC"
_BITS_PER = re.compile(r"\b(bit|nat)s?\s+per\s+([a-z])[a-z]*\b")
# A head word after the measure's own name: "Dice coefficient", "Jaccard index", "IoU score"
_HEAD_WORD = re.compile(r"(?<=\w\w)\s+(?:score|coefficient|index|metric)s?$")


# Who made a dataset, before a name-shaped rest: "MS COCO" = "MS-COCO" = "COCO", "Stanford 2D-3D"
# (not "Stanford Cars": a plain word is no name of its own)
_MAKER = re.compile(r"(?i:ms|microsoft|google|stanford|nih|adobe|facebook)[\s-]+(?=\S*?(?:[A-Z].*[A-Z]|\d))")


def without_maker(name: str) -> str:
    """A dataset's name without the maker written before it, for the vocabulary build to
    join the leaderboards' two names of one dataset; names in text keep theirs (a maker before
    a model's name is no dataset).

    Examples:
        >>> [without_maker(n) for n in ["MS COCO", "MS-COCO-2014", "Google Speech Commands", "Stanford Cars", "COCO"]]
        ['COCO', 'COCO-2014', 'Speech Commands', 'Stanford Cars', 'COCO']
    """
    return _MAKER.sub("", name, count=1) if _MAKER.match(name) else name


def variant_key(name: str, kind: str = "") -> str:
    """A key that folds the usual spelling variants of one name; equal keys name one concept.
    With `kind` "Metric", also the variants of metric names.

    Examples:
        >>> variant_key("WMT'14 En-De") == variant_key("WMT 2014 English-German") == variant_key("WMT14 English-to-German")
        True
        >>> variant_key("Acc@1") == variant_key("top-1 acc.") == variant_key("Top 1 Accuracy")
        True
        >>> len({variant_key(n, "Metric") for n in ["box mAP", "AP", "bbox AP", "mAP"]})
        1
        >>> variant_key("AP@0.5", "Metric") == variant_key("AP50", "Metric"), variant_key("mask AP", "Metric")
        (True, 'maskap')
        >>> variant_key("bits/dimension", "Metric"), variant_key("Bits per character", "Metric")
        ('bpd', 'bpc')
    """
    text = name.lower()
    if kind == "Metric":
        text = _AUC_OF.sub(lambda m: "au" + (m.group(1) or m.group(2) or m.group(3)), text)
        text = _MEAN_AP.sub("ap", _BOX.sub("", text))
        text = _AP_THRESHOLD.sub(lambda m: m.group(1) + (m.group(2) or "0"), text)
        text = _HEAD_WORD.sub("", text)
    text = _AT_K.sub(r"top\1 accuracy", text)
    text = _RECALL_AT.sub(r"r@\1", text)
    text = _ACC.sub("accuracy", text)
    text = _PER.sub(" per ", text)  # "bits/dim" = "bits per dim"
    if kind == "Metric":
        text = _BITS_PER.sub(lambda m: m.group(1)[0] + "p" + m.group(2), text)
    text = _LANG_PAIR.sub(lambda m: f"{LANGUAGES[m.group(1)]}-{LANGUAGES[m.group(2)]}", text)
    text = _YEAR.sub("", text)
    text = _VERSION.sub(" ", text)
    text = _BY.sub(" ", text)
    return entity_key(text)
