"""Deterministic identifiers: canonical entity keys and node IRIs.

Equal names give equal keys ("WikiText-103" and "Wikitext-103"), so the same
entity in two papers is one node, and building twice gives the same graph.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

BASE = "https://w3id.org/paperkg/"
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def entity_key(name: str) -> str:
    """Canonical key of an entity name: NFKC, lower case, letters and digits only,
    a plural "s" dropped.

    Examples:
        >>> entity_key("WikiText-103") == entity_key("Wikitext 103")
        True
        >>> entity_key("LLaMA 2"), entity_key("Llama-2")
        ('llama2', 'llama2')
        >>> entity_key("Transformers")
        'transformer'
    """
    key = _NON_ALNUM.sub("", unicodedata.normalize("NFKC", name).lower())
    if len(key) > 4 and key.endswith("s") and not key.endswith(("ss", "us", "is")):
        key = key[:-1]
    return key


def short_hash(*parts: object, length: int = 16) -> str:
    """A stable hex digest of the parts, for keys of n-ary nodes.

    Examples:
        >>> short_hash("p1", 3, 7.5)
        '525c1c44a4b7f8ac'
    """
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def paper_key(paper_id: str) -> str:
    """Node key of a paper: its id, made safe for an IRI path.

    Examples:
        >>> paper_key("2401.01234")
        '2401.01234'
        >>> paper_key("seed 01/x")
        'seed%2001%2Fx'
    """
    return quote(paper_id, safe=":._-")


def paper_id_from_title(title: str) -> str:
    """A paper id for records that carry none, derived from the title.

    Examples:
        >>> paper_id_from_title("Attention Is All You Need")
        'title:0ea83918854b'
    """
    return "title:" + short_hash(entity_key(title), length=12)


def node_iri(label: str, key: str) -> str:
    """The IRI of a node of the given label ("Paper", "Model", ...) and key.

    Examples:
        >>> node_iri("Dataset", "wikitext103")
        'https://w3id.org/paperkg/id/dataset/wikitext103'
    """
    return f"{BASE}id/{label.lower()}/{quote(key, safe=':._-')}"
