"""What becomes of the spans `kg_names` found: the longest span over each token
(`coverage`), the type an apposition gives a new name, the paper's own modifiers ("our
Japanese medical BERT"), a class named only as a modifier ("Transformer-based"), a size
after a model ("Mamba 2.8B"), and the run's end before a number that is no version.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span

from extractors.cues import MODEL_HEADS, NOT_NAMES, SELF_REFERENCES, TYPE_NOUN_LABEL
from extractors.sents import Tokens
from extractors.shapes import SIZE_RE, label_for_head, name_key, name_shape
from kg.core.taxonomy.variants import LANGUAGES

__all__ = ["POSSESSIVES", "as_apposition_says", "coverage", "is_linked_name", "is_modifier", "with_our_modifiers",
           "language_pair_end", "with_sizes", "without_trailing_number"]

# Generic architecture words, and nouns they modify rather than name ("transformer models").
_CLASS_WORDS = frozenset("transformer transformers network networks encoder encoders decoder decoders "
                         "transducer transducers".split())

_CLASS_NOUNS = frozenset(
    """model models architecture architectures encoder encoders decoder decoders layer layers block blocks
    backbone backbones language framework frameworks network networks variant variants module modules
    structure structures family families pruning""".split()
)

# Acronyms of architecture families: "CNN-based" names no model.
_GENERIC_ARCHITECTURES = frozenset(
    "cnn cnns rnn rnns gnn gnns dnn dnns mlp mlps lstm lstms gru grus gan gans vae vaes llm llms vlm vlms "
    "mllm mllms ssm ssms moe snn snns ann anns".split()
)

_MODIFIER_WORDS = frozenset({"based", "like", "style", "series", "class", "family", "type", "specific", "only"})

# "Subtask 3", "Level 2", "Table 4": a part of something numbered, not a versioned name
_NUMBERED_PARTS = frozenset(
    """task subtask level phase stage track section table figure fig chapter experiment setting scenario
    round step part appendix eq equation case study""".split()
)



def without_trailing_number(texts: list[str], start: int, end: int) -> int:
    """End of a capitalised run without a trailing number that is no version: a year
    ("Steve Harris 2013"), a measured value ("FID 2.16"), a numbered part ("Subtask 3") or the
    first side of a resolution ("ImageNet 256 × 256").

    Examples:
        >>> [without_trailing_number(w.split(), 0, len(w.split())) for w in
        ...  ["LLaMA 3.2", "Steve Harris 2013", "AUC 0.510", "Subtask 3", "Stable Diffusion 3"]]
        [2, 2, 1, 1, 3]
        >>> without_trailing_number("ImageNet 256 × 256".split(), 0, 2), without_trailing_number("FFHQ 1024 x 1024".split(), 0, 2)
        (1, 1)
    """
    if end - start < 2:
        return end
    last = texts[end - 1]
    number = last.lstrip("vV")
    if not number[:1].isdigit():
        return end
    whole, _, decimals = number.partition(".")
    if len(decimals) >= 2 or (len(whole) == 4 and whole[:2] in {"19", "20"} and not decimals) \
            or texts[end - 2].lower() in _NUMBERED_PARTS \
            or end + 1 < len(texts) and texts[end] in {"x", "×", "*"} and texts[end + 1][:1].isdigit():
        return end - 1
    return end



_LINK_WORDS = frozenset({"of", "as", "a", "an", "the", "in", "on", "for", "to", "and", "by", "with"})



def is_linked_name(parts: list[str]) -> bool:
    """"LLM-as-a-Judge", "Formal-of-Thought": capitalised words linked by function words.

    Examples:
        >>> [is_linked_name(w.split("-")) for w in ["LLM-as-a-Judge", "Tree-of-Thoughts", "State-of-the-Art",
        ...                                          "Out-of-Distribution", "Real-World", "Chain-of-thought"]]
        [True, True, False, False, False, False]
    """
    if len(parts) < 3 or not (parts[0][:1].isupper() and parts[-1][:1].isupper()):
        return False
    if "-".join(parts).lower() in NOT_NAMES:
        return False
    middle = parts[1:-1]
    return all(p in _LINK_WORDS for p in middle) and any(p in {"of", "as"} for p in middle)



def coverage(spans: Iterable[Span]) -> dict[int, Span]:
    """Token index -> the longest span covering it."""
    out: dict[int, Span] = {}
    for span in sorted(spans, key=len):
        for i in range(span.start, span.end):
            out[i] = span
    return out



def as_apposition_says(doc: Doc, toks: Tokens, span: Span) -> Span:
    """"Ko-MuSR, the first benchmark for ...": a new name is what its apposition calls it;
    a name read as a task by its head is a method or model when its apposition says so
    ("Sparse Generative Retrieval (SGR), a method that ...")."""
    end = span.end
    texts = toks.texts
    if end < len(texts) and texts[end] == "(":  # the long form, before its short form
        end = next((k + 1 for k in range(end, min(len(texts), end + 8)) if texts[k] == ")"), end)
    elif end < len(texts) and texts[end] == ")":  # the short form
        end += 1
    if end + 2 >= len(texts) or texts[end] != "," or texts[end + 1].lower() not in {"a", "an", "the"}:
        return span
    for k in range(end + 2, min(end + 12, len(texts))):  # "a large-scale fine-grained ... benchmark"
        label = TYPE_NOUN_LABEL.get(texts[k].lower())
        if label is None and texts[k - 1].lower() == "knowledge":
            label = label_for_head(texts[k - 1:k + 1], default="") or None  # "a public knowledge graph"
        if label is not None:
            if (label == "DATASET" and span.label_ != "DATASET") \
                    or (span.label_ == "TASK" and label in {"METHOD", "MODEL"}):
                return Span(doc, span.start, span.end, label=label, span_id=span.id_)
            return span
        if texts[k] != "-" and not texts[k].replace("-", "").isalnum():
            return span
    return span



def with_our_modifiers(doc: Doc, toks: Tokens, span: Span) -> Span:
    """"our Japanese medical BERT": the paper's own variant keeps its modifiers."""
    if span.label_ != "MODEL":
        return span
    for i in range(span.start - 1, max(-1, span.start - 4), -1):
        word = toks.texts[i].lower()
        if word == "our":
            if i + 1 < span.start:
                return Span(doc, i + 1, span.end, label="MODEL", span_id=name_key(toks.span_text(i + 1, span.end)))
            return span
        if not toks.texts[i].isalpha() or word in _OUR_STOP or word in SELF_REFERENCES or word in TYPE_NOUN_LABEL \
                or word in MODEL_HEADS \
                or (word.endswith("s") and not word.endswith("ss")):
            return span  # "our model outperforms BERT", "our experiments show X": "our" goes with a noun of its own
    return span



POSSESSIVES = frozenset({"'s", "’s"})

_OUR_STOP = frozenset("the a an and or of in on for with to by from proposed new novel own".split())



def is_modifier(toks: Tokens, span: Span) -> bool:
    """"Transformer-based", "based on transformers", "transformer models": a class named only
    as a modifier."""
    end = span.end
    if end < len(toks) and end - span.start == 1 and toks.texts[end].lower() in _CLASS_NOUNS \
            and toks.texts[span.start].lower() in _CLASS_WORDS and span.label_ in {"MODEL", "METHOD"}:
        return True
    if end + 1 < len(toks) and toks.texts[end] == "-" and not toks.spaces[end - 1] \
            and toks.texts[end + 1].lower() in _MODIFIER_WORDS:
        # "Transformer-based", "CNN-based": a class; "PRNet-based", "CLIP-based": a model all the same
        text = toks.span_text(span.start, end)
        return span.label_ in {"MODEL", "METHOD"} and not any(c.isdigit() for c in text) \
            and (text.lower() in _GENERIC_ARCHITECTURES or not name_shape(text))
    start = span.start
    if start >= 2 and toks.texts[start - 1].lower() == "on" and toks.texts[start - 2].lower() == "based":
        text = toks.span_text(start, end)
        return span.label_ == "MODEL" and text.lower() == text
    return False



def with_sizes(doc: Doc, toks: Tokens, spans: list[Span]) -> Iterator[Span]:
    """Extend MODEL names by a following size or version ("Mamba 2.8B", "Midjourney V6"), and
    DATASET names by a following language pair ("WMT'14 English-German", "IWSLT14 De-En"): the
    pair is part of the benchmark's name, as leaderboards write it."""
    taken = {s.start for s in spans}
    for span in spans:
        nxt = span.end
        end = nxt + 1 if span.label_ == "MODEL" and nxt < len(toks) and SIZE_RE.match(toks.texts[nxt]) \
            else language_pair_end(toks.texts, nxt) if span.label_ == "DATASET" else None
        if end is not None and nxt not in taken:
            yield Span(doc, span.start, end, label=span.label_, span_id=name_key(toks.span_text(span.start, end)))
        else:
            yield span


_PAIR_JOINS = frozenset({"-", "–", "→", "->", "/", "to"})


def language_pair_end(texts: list[str], i: int) -> int | None:
    """The end of a language pair starting at token `i` ("English - German", "En - De",
    "English→German", "English-to-German"), or None; a code pair needs the codes' case to agree ("EN-RO", "En-Ro").

    Examples:
        >>> language_pair_end(["English", "-", "German", "."], 0), language_pair_end(["En", "-", "De"], 0)
        (3, 3)
        >>> language_pair_end(["English", "-", "to", "-", "German"], 0)
        5
        >>> language_pair_end(["English→Romanian"], 0), language_pair_end(["Go", "-", "To"], 0)
        (1, None)
    """
    if i < len(texts) and "→" in texts[i] and all(_language(p) for p in texts[i].split("→")):
        return i + 1
    if i + 2 < len(texts) and texts[i + 1] in _PAIR_JOINS and _language(texts[i]) and _language(texts[i + 2]):
        return i + 3
    if i + 4 < len(texts) and texts[i + 1] == texts[i + 3] == "-" and texts[i + 2].lower() == "to" \
            and _language(texts[i]) and _language(texts[i + 4]):
        return i + 5
    return None


def _language(word: str) -> bool:
    """A language by name ("German") or ISO code written as a code ("De", "DE", "de")."""
    if word.lower() in LANGUAGES:
        return word[:1].isupper()
    return len(word) == 2 and word.isalpha() and word.lower() in _LANGUAGE_CODES


_LANGUAGE_CODES = frozenset(LANGUAGES.values())
