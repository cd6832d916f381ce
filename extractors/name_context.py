"""Where a new name stands, and what that says of its type: in the list after an
evaluation's "on" ("experiments on LoCoMo and LongMemEval"), after a plural data set noun
("benchmarks, FLIR and M3FD"), between a count and its items ("500 LongMemEval questions"),
alone among capitalised words ("than Claude and Gemini"), or as the acronym that opens a
noun phrase ("the TCSP crystal structure prediction algorithm"). `kg_names` and
`kg_ner_entities` read them.
"""

from __future__ import annotations

from extractors.cues import EVALUATION_CUES, NOT_NAMES, TYPE_NOUN_LABEL
from extractors.sents import Sentences, Tokens
from extractors.shapes import NameFamilies, counts_parameters, label_by_suffix, name_shape

__all__ = ["ARTICLES", "NP_BREAKS", "acronym_before", "evaluated_on", "is_lone_title", "is_proposed_word",
           "listed_after_data_noun", "names_its_items", "new_name_label", "split_of"]

_LIST_GLUE = frozenset({",", "and", "or", "the", "-", "&"})



def new_name_label(families: NameFamilies, words: list[str], toks: Tokens, sents: Sentences, start: int, *,
                   default: str, end: int | None = None) -> str:
    """The label of a name no gazetteer knows, its words at tokens [`start`, `end`): that of
    the known name it extends, of its ending, MODEL if a part counts billions of parameters
    ("Foo-7B-v0.1"), DATASET in a list after an evaluation's "on" or
    after a data set noun ("benchmarks, FLIR and M3FD"), or before the items it holds
    ("500 LongMemEval questions"), else `default`. `kg_names` and `kg_ner_entities` type new
    names with it."""
    label = families.label_of(words[0]) or label_by_suffix(words[-1]) \
        or ("MODEL" if counts_parameters(" ".join(words)) else None)
    if label:
        return label
    if evaluated_on(toks, sents, start) or listed_after_data_noun(toks, sents, start) or split_of(toks, sents, start) \
            or (end is not None and names_its_items(toks, sents, start, end)):
        return "DATASET"
    return default



# Plural nouns a data set is counted in ("500 LongMemEval questions").
_ITEM_NOUNS = frozenset(
    """questions samples examples problems instances images videos dialogues conversations queries
    environments pairs documents episodes scenes clips utterances sentences prompts items""".split()
)

_DATA_NOUNS = frozenset({"datasets", "benchmarks", "corpora", "data-sets", "suites", "collections", "testbeds"})



def names_its_items(toks: Tokens, sents: Sentences, start: int, end: int) -> bool:
    """Whether the name at tokens [start, end) stands between a count and the items it holds.

    Examples:
        >>> from spacy.lang.en import English
        >>> sents = Sentences(English()("We use 500 LongMemEval questions and 3 GPT-4 runs ."))
        >>> texts = sents.tokens.texts
        >>> names_its_items(sents.tokens, sents, texts.index("LongMemEval"), texts.index("LongMemEval") + 1)
        True
        >>> names_its_items(sents.tokens, sents, texts.index("GPT-4"), texts.index("GPT-4") + 1)
        False
    """
    texts = toks.texts
    return end < len(texts) and texts[end].lower() in _ITEM_NOUNS and start > sents.start(start) \
        and (texts[start - 1][:1].isdigit() or texts[start - 1].lower() in {"the", "all"})



_SPLITS = frozenset({"test", "testing", "val", "validation", "dev", "development", "training", "train", "held-out"})
_PARTS = frozenset({"set", "sets", "split", "splits", "subset", "subsets", "partition"})


def split_of(toks: Tokens, sents: Sentences, start: int) -> bool:
    """Whether the name at token `start` follows a split of it: "the validation split of X",
    "the test set of X", "the set of X" (a data set, whatever its name's shape).

    Examples:
        >>> from spacy.lang.en import English
        >>> sents = Sentences(English()("We report mIoU on the validation split of Zorb-7 and the head of FooNet ."))
        >>> texts = sents.tokens.texts
        >>> split_of(sents.tokens, sents, texts.index("Zorb-7")), split_of(sents.tokens, sents, texts.index("FooNet"))
        (True, False)
    """
    texts = toks.texts
    i = start - 1
    if i - 1 < sents.start(start) or texts[i].lower() != "of" or texts[i - 1].lower() not in _PARTS:
        return False
    return texts[i - 2].lower() in _SPLITS | {"the"} if i - 2 >= sents.start(start) else False


def listed_after_data_noun(toks: Tokens, sents: Sentences, start: int) -> bool:
    """Whether the name at token `start` is in a list right after a plural data set noun
    ("two multispectral benchmarks, FLIR and M3FD", "datasets (CUB, Cars)", "datasets like CUB
    and Cars", "benchmarks such as CUB"), not after a model noun ("Models such as FLIR and M3FD")."""
    texts = toks.texts
    floor = sents.start(start)
    i = start - 1
    comma = False
    while i > floor and start - i <= 12:
        word = texts[i]
        if word in {",", ":", "(", "like", "including"} and texts[i - 1].lower() in _DATA_NOUNS:
            return True
        if word == "as" and i - 2 >= floor and texts[i - 1] == "such" and texts[i - 2].lower() in _DATA_NOUNS:
            return True  # "datasets such as M6Doc and D4LA"
        comma = comma or word == ","
        if comma and word.lower() in {"and", "or"}:
            return False
        if not (word in _LIST_GLUE or word[:1].isupper() or word[:1].isdigit() or name_shape(word)):
            return False
        i -= 1
    return False



def evaluated_on(toks: Tokens, sents: Sentences, start: int) -> bool:
    """Whether the name at token `start` is in the list after an evaluation's "on"/"across"
    ("experiments on LoCoMo and LongMemEval", "trained on SUES-200", "85.4% IoU on WHU-CD", "On
    ALFWorld and WebShop, SERL wins"): a data set, not a model. Not what a method is "based on",
    nor where it runs ("on GPUs"), nor what follows the list ("SERL")."""
    texts = toks.texts
    floor = sents.start(start)
    i = start - 1
    comma = False
    while i >= floor and start - i <= 16:
        word = texts[i]
        comma = comma or word == ","
        if comma and word.lower() in {"and", "or"}:
            return False  # "On A and B, C improves": the list closed before the comma
        if word.lower() in {"on", "across", "over"}:
            if i == floor:
                return True  # "On ALFWorld and WebShop, SERL achieves ..."
            if word.lower() == "over" and texts[i - 1].lower() not in EVALUATION_CUES:
                return False  # "an improvement of 5% over X": what is compared, not a data set
            cues = [w.lower() for w in texts[max(floor, i - 4) : i]]
            # "experiments on X", and "85.4% IoU on X": a measured value before "on" is one too
            return bool(cues) and cues[-1] not in {"based", "built", "relies", "rely", "focus", "focuses", "depends"} \
                and any(w in EVALUATION_CUES or w == "%" or w[:1].isdigit() for w in cues)
        if not (word in _LIST_GLUE or word[:1].isupper() or word[:1].isdigit() or name_shape(word)):
            return False  # "nuScenes" is a name too
        i -= 1
    return False



def is_lone_title(texts: list[str], k: int) -> bool:
    """A capitalised word on its own ("than Claude and Gemini"), not one of a capitalised
    run or an adjective before a noun ("Bayesian optimization")."""
    word = texts[k]
    if not (word.istitle() and word.isalpha() and len(word) >= 3):
        return False
    nxt = texts[k + 1] if k + 1 < len(texts) else "."
    return not (nxt[:1].isalpha() and (nxt[:1].isupper() or nxt.lower() not in NP_BREAKS))



# What may follow a one-word name right after "we propose": its apposition, definition or end.
_AFTER_PROPOSED_WORD = frozenset({",", "(", ":", ".", ";", "that", "which", "to", "for", "as"})


def is_proposed_word(texts: list[str], k: int) -> bool:
    """A plain capitalised word right after a proposal verb is the name of what the paper
    proposes when nothing joins it to a noun ("we introduce Vero, an open RL recipe", "we
    propose Mirage."), not an adjective ("we propose Bayesian optimization").

    Examples:
        >>> [is_proposed_word(s.split(), 2) for s in ["We propose Vero , a recipe", "We propose Vero .",
        ...                                           "We propose Bayesian optimization", "We present English ."]]
        [True, True, False, False]
    """
    word = texts[k]
    if not (word.istitle() and word.isalpha() and len(word) >= 3) or word.lower() in NOT_NAMES:
        return False
    return k + 1 < len(texts) and texts[k + 1].lower() in _AFTER_PROPOSED_WORD


def acronym_before(texts: list[str], noun: int, stop: int) -> int | None:
    """Index of an acronym that opens a noun phrase ending at `noun` ("the TCSP crystal
    structure prediction algorithm"): after an article, before one to three plain modifiers.

    Examples:
        >>> acronym_before(["the", "TCSP", "structure", "prediction", "algorithm"], 4, 0)
        1
        >>> acronym_before(["the", "GPU", "memory", "algorithm"], 3, 0)
        >>> acronym_before(["VSF", "on", "new", "datasets"], 3, 0)
    """
    k = noun - 1
    while k > stop and noun - k <= 3 and texts[k].islower() and texts[k].replace("-", "").isalpha() \
            and texts[k] not in NP_BREAKS and texts[k] not in TYPE_NOUN_LABEL and not texts[k].endswith(("s", "ly")):
        k -= 1
    if k == noun - 1 or k <= stop or texts[k - 1].lower() not in ARTICLES:
        return None
    word = texts[k]
    return k if name_shape(word) and word.lower() not in NOT_NAMES else None



ARTICLES = frozenset({"the", "a", "an", "our", "this", "their", "its"})

NP_BREAKS = frozenset(
    """a an the and or of on in to for with by from as at that which than via using into over under is are was
    were be been being has have had can may will our their its we they this these those it""".split()
)
