"""Spelling variants: a key that folds the spellings papers use for one name.

`variant_key` is coarser than `kg.core.ids.entity_key`: it also folds "Acc." / "accuracy",
"WMT 2014" / "WMT'14" / "WMT14", "English-German" / "En-De", "v1.3" / "1.3", "256x256" /
"256 256", "Acc@1" / "top-1 accuracy", "Recall@5" / "R@5" and "bits/dim" / "bits per dim".
`kg.core.taxonomy.lookup` falls back to it, so a spelling no source gave still finds its concept.
"""

from __future__ import annotations

import re

from kg.core.ids import entity_key

__all__ = ["LANGUAGES", "variant_key"]

# Language names -> ISO 639-1 codes, for pairs of them ("English-German" = "En-De").
LANGUAGES = dict(pair.split(":") for pair in """
    english:en german:de french:fr romanian:ro chinese:zh japanese:ja russian:ru czech:cs spanish:es
    italian:it portuguese:pt turkish:tr finnish:fi estonian:et latvian:lv lithuanian:lt hindi:hi
    gujarati:gu kazakh:kk arabic:ar korean:ko vietnamese:vi dutch:nl polish:pl hebrew:he swedish:sv
    danish:da greek:el hungarian:hu ukrainian:uk indonesian:id thai:th persian:fa urdu:ur bengali:bn
    tamil:ta""".split())
_LANG = "|".join(sorted(LANGUAGES, key=len, reverse=True))
# two languages joined as a pair: "English-German", "English to German", "English→German"
_LANG_PAIR = re.compile(rf"\b({_LANG})\s*(?:-|–|—|->|→|/|\s+to\s+)\s*({_LANG})\b")
# a year after a name: "WMT 2014", "WMT'14", "CoNLL-2003" (1990-2039; "2048" is a size)
_YEAR = re.compile(r"(?<=[a-z])\s*['’-]?\s*(?:19(?=[89]\d\b)|20(?=[0-3]\d\b))|(?<=[a-z])\s*['’]\s*(?=\d\d\b)")
_VERSION = re.compile(r"(?<=[a-z0-9])[\s-]*v(?=\d)")  # "ActivityNet v1.3", "NYU-Depth V2"
_BY = re.compile(r"(?<=\d)\s*[x×]\s*(?=\d)")  # "256x256", "256 × 256"
_ACC = re.compile(r"\bacc\b\.?")
_PER = re.compile(r"\s*/\s*(?=(?:dim|dimension|pixel|char|character|byte|token|word|frame|image|sample|second|sec|s)\b)")
_AT_K = re.compile(r"\b(?:acc|accuracy)\s*@\s*(\d+)")  # "Acc@1" = "top-1 accuracy"
_RECALL_AT = re.compile(r"\b(?:recall|rank|r)\s*@\s*(\d+)")  # "Recall@5", "Rank@5" = "R@5"


def variant_key(name: str) -> str:
    """A key that folds the usual spelling variants of one name; equal keys name one concept.

    Examples:
        >>> variant_key("WMT'14 En-De") == variant_key("WMT 2014 English-German")
        True
        >>> variant_key("Acc@1") == variant_key("top-1 acc.") == variant_key("Top 1 Accuracy")
        True
    """
    text = name.lower()
    text = _AT_K.sub(r"top\1 accuracy", text)
    text = _RECALL_AT.sub(r"r@\1", text)
    text = _ACC.sub("accuracy", text)
    text = _PER.sub(" per ", text)  # "bits/dim" = "bits per dim"
    text = _LANG_PAIR.sub(lambda m: f"{LANGUAGES[m.group(1)]}-{LANGUAGES[m.group(2)]}", text)
    text = _YEAR.sub("", text)
    text = _VERSION.sub(" ", text)
    text = _BY.sub(" ", text)
    return entity_key(text)
