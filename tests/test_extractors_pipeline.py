"""extractors: the components under the rules — sentence bounds, gazetteer, cue words, the
token table and the NER bridge — each checked against what it replaces or promises.

Pipelines are `spacy.blank("en")` plus our components; NER entities are set by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span

import extractors
from extractors.cues import EXACT_KB_ID, NER_KB_ID
from extractors.gazetteer import split_patterns
from extractors.ner_bridge import reads_as_name, reads_as_term
from extractors.sents import CueMatcher, Sentences, Tokens, remember_text
from kg.core.errors import ExtractionError
from kg.core.model import Paper

SENTENCE_TEXTS = [
    "",
    "One.",
    "No final mark",
    "Hi there. Is it? (Yes.) OK",
    "Wait... what?! Really.\n\nNew paragraph here.",
    "e.g. this, i.e. that. U.S. law applies.",
    "“Quoted.” Then more. 12.5% of cases. Done",
    "؟ Arabic mark. 。 And a CJK mark 。Next",
    "   leading spaces. trailing spaces.   ",
    ". . . ! ? ,",
]


@pytest.mark.parametrize("text", SENTENCE_TEXTS)
def test_extractors_sentencizer_equals_spacy(text):
    nlp = spacy.blank("en")
    reference = nlp.add_pipe("sentencizer")
    ours = nlp.add_pipe("kg_sentencizer", name="ours")
    expected = reference(nlp.make_doc(text))
    doc = ours(remember_text(nlp.make_doc(text), text))
    assert [t.is_sent_start for t in doc] == [t.is_sent_start for t in expected]
    assert Sentences(doc).starts == [s.start for s in expected.sents]


def test_extractors_sentencizer_keeps_boundaries_set_before():
    nlp = spacy.blank("en")
    doc = nlp("One two. Three four")
    doc[1].is_sent_start = True
    nlp.add_pipe("kg_sentencizer")(doc)
    assert [t.is_sent_start for t in doc] == [True, True, False, True, False]


PATTERNS = [
    {"label": "MODEL", "pattern": "BERT", "id": "bert"},
    {"label": "MODEL", "pattern": "Vision Transformer", "id": "visiontransformer"},
    {"label": "DATASET", "pattern": "ImageNet", "id": "imagenet"},
    {"label": "METRIC", "pattern": "top-1 accuracy", "id": "top1accuracy"},
    {"label": "METRIC", "pattern": "accuracy", "id": "accuracy"},
    {"label": "MODEL", "pattern": [{"ORTH": "OPT"}], "id": "opt"},
    {"label": "TASK", "pattern": [{"ORTH": "VISION"}], "id": "vision"},
]


@pytest.mark.parametrize(
    "text",
    [
        "A Vision Transformer and bert reach 81% top-1 accuracy on imagenet.",
        "OPT, opt and Opt; the VISION Transformer of Vision Transformer fame.",
        "Nothing to see here.",
    ],
)
def test_extractors_gazetteer_equals_two_span_rulers(text):
    caseless, cased = split_patterns(PATTERNS)
    config = {"spans_key": "kg_entities", "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
              "validate": False}
    rulers = spacy.blank("en")
    rulers.add_pipe("span_ruler", config={**config, "phrase_matcher_attr": "LOWER"}).add_patterns(caseless)
    rulers.add_pipe("span_ruler", name="cased", config={**config, "overwrite": False}).add_patterns(cased)
    ours = spacy.blank("en")
    ours.add_pipe("kg_gazetteer").add_patterns(PATTERNS)

    def spans(nlp):
        doc = nlp(text)
        return [(s.start, s.end, s.label_, s.id_) for s in doc.spans["kg_entities"]]

    assert spans(ours) == spans(rulers)


def test_extractors_gazetteer_rejects_token_patterns():
    with pytest.raises(ValueError, match=r"\[X003\]"):
        split_patterns([{"label": "MODEL", "pattern": [{"LOWER": "bert"}, {"IS_DIGIT": True}]}])


def test_extractors_cue_matcher_scans_a_doc_once():
    nlp = spacy.blank("en")
    verbs = CueMatcher(nlp, {"VERB": ["outperforms"], "NAMING": ["called"]})
    than = CueMatcher(nlp, {"THAN": ["better than"], "VERB": ["beats"]})
    doc = nlp("A method called X outperforms Y and beats Z, better than W.")
    assert verbs(doc) == [("NAMING", 2, 3), ("VERB", 4, 5)]
    cached = doc.user_data["paperkg.cues"]
    assert than(doc) == [("VERB", 7, 8), ("THAN", 10, 12)]
    assert doc.user_data["paperkg.cues"] is cached


@pytest.mark.parametrize(
    "start,end,exact,overlapping,contained",
    [
        (0, 5, (0, 1), [0], [0]),  # "GPT-4"
        (6, 11, None, [1], [1]),  # "wins "
        (11, 16, (2, 5), [2, 3, 4], [2, 3, 4]),  # "(big)"
        (12, 14, None, [3], []),  # inside "big"
    ],
)
def test_extractors_token_table_alignment(start, end, exact, overlapping, contained):
    nlp = spacy.blank("en")
    doc = nlp("GPT-4 wins (big).")
    toks = Tokens(doc, doc.text)
    assert toks.exact(start, end) == exact
    assert list(toks.overlapping(start, end)) == overlapping
    assert list(toks.contained(start, end)) == contained
    assert toks.texts == [t.text for t in doc] and [bool(s) for s in toks.spaces] == [bool(t.whitespace_) for t in doc]


# --- the NER bridge ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words,sentence_start,expected",
    [
        (["MolFormer"], True, True),
        (["LI-DiT-10B"], False, True),
        (["Pref-Aligner"], False, True),
        (["Intra-chunk", "Vision", "Encoder"], False, True),
        (["Few-Step", "Discrete", "Flow-Matching"], True, False),
        (["GPS"], False, False),
        (["Large", "Language", "Models"], False, False),
        (["Speech", "Large", "Language", "Models"], False, False),
        (["GPT-like", "models"], False, False),
        (["CON-QA", "effectively", "maintains"], False, False),
        (["\\textbf{SynthICL}"], False, False),
        (["https://github.com/x/y.git"], False, False),
        (["images"], False, False),
    ],
)
def test_extractors_ner_reads_as_name(words, sentence_start, expected):
    assert reads_as_name(words, sentence_start=sentence_start) is expected


@pytest.mark.parametrize(
    "words,label,expected",
    [
        ("machine translation", "TASK", True),
        ("POS tagging", "TASK", True),
        ("sentiment analysis", "TASK", True),
        ("multi-label classification task", "TASK", True),
        ("statistical machine translation ( SMT )", "TASK", True),
        ("SRL", "TASK", True),
        ("Chinese SRL", "TASK", True),
        ("learning semantic representations", "TASK", True),
        ("the Netflix challenge", "TASK", False),
        ("Netflix recommendation challenge", "TASK", True),
        ("using large corpora", "TASK", False),
        ("pre - training", "TASK", False),
        ("the task", "TASK", False),
        ("downstream tasks", "TASK", False),
        ("long sequence modeling positions them", "TASK", False),
        ("large language models", "TASK", False),
        ("machine translation ( see above )", "TASK", False),
        ("BLEU", "METRIC", True),
        ("BLEU score", "METRIC", True),
        ("word error rate", "METRIC", True),
        ("ROUGE-1", "METRIC", True),
        ("accuracies", "METRIC", True),
        ("striking performance gain", "METRIC", False),
        ("scaling", "METRIC", False),
        ("our metric", "METRIC", False),
        ("Penn Treebank", "DATASET", True),
        ("Europarl corpus", "DATASET", True),
        ("Reuters RCV1/RCV2 corpora", "DATASET", True),
        ("WordNet", "DATASET", True),
        ("raw video content", "DATASET", False),
        ("the corpus", "DATASET", False),
        ("\\textbf{SNLI}", "DATASET", False),
    ],
)
def test_extractors_ner_reads_as_term(words, label, expected):
    assert reads_as_term(words.split(), label) is expected


def _ner_doc(mode: str):
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_sentencizer")
    nlp.add_pipe("kg_gazetteer").add_patterns([{"label": "DATASET", "pattern": "SNLI", "id": "snli"}])
    nlp.add_pipe("kg_ner_entities", config={"mode": mode})
    nlp.add_pipe("kg_results")
    text = "We train MolFormer on raw video content and the SNLI corpus, and report accuracy."
    doc = nlp.make_doc(text)
    remember_text(doc, text)
    doc.ents = [Span(doc, 2, 3, "METHOD"), Span(doc, 4, 7, "MATERIAL"), Span(doc, 9, 11, "DATASET"),
                Span(doc, 14, 15, "METRIC"), Span(doc, 0, 1, "GENERIC")]
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def test_extractors_ner_names_mode_keeps_names():
    doc = _ner_doc("names")
    spans = {(s.text, s.label_, s.id_, s.kb_id_) for s in doc.spans["kg_entities"]}
    # the NER's "SNLI corpus" is the gazetteer's SNLI; material, generic words and a generic
    # metric no result measures ("accuracy", `kg_results`) are dropped
    assert spans == {("MolFormer", "MODEL", "molformer", NER_KB_ID), ("SNLI corpus", "DATASET", "snli", NER_KB_ID),
                     ("SNLI", "DATASET", "snli", "")}
    # one entity, named by the rules, its mention the recogniser's (the one inside it is no other mention)
    paper = Paper(id="p", title="T", abstract=doc.text)
    snli = next(e for e in extractors.doc_to_extraction(doc, paper).entities if e.key == "snli")
    assert snli.name == "SNLI" and [doc.text[m.start:m.end] for m in snli.mentions] == ["SNLI corpus"]


def test_extractors_ner_all_mode_keeps_every_mention_exactly():
    doc = _ner_doc("all")
    spans = {(s.text, s.label_, s.kb_id_) for s in doc.spans["kg_entities"]}
    assert spans == {("MolFormer", "METHOD", EXACT_KB_ID), ("raw video content", "DATASET", EXACT_KB_ID),
                     ("SNLI corpus", "DATASET", EXACT_KB_ID), ("accuracy", "METRIC", EXACT_KB_ID)}


def test_extractors_ner_entities_carry_their_provenance():
    doc = _ner_doc("names")
    paper = Paper(id="p", title="T", abstract=doc.text)
    molformer = next(e for e in extractors.doc_to_extraction(doc, paper).entities if e.name == "MolFormer")
    assert (molformer.extractor, molformer.confidence) == ("kg_ner_entities", 0.7)


def test_extractors_default_profile_runs_the_shipped_recognizer():
    """The one test that loads the trained model: it ships in the package, with its hashes."""
    from extractors.pipeline import NER_MODEL_DIR

    nlp = extractors.load_nlp("default")
    recognizer = nlp.get_pipe("kg_ner_entities").recognizer
    assert recognizer is not None and recognizer.pipe_names == ["tok2vec", "ner"]
    meta = recognizer.meta["paperkg"]
    hashes = meta["sha256"]
    assert {"scierc_train.json", "scirex_train_docs.jsonl.gz", "tdmsci_train.conll", "config.cfg"} <= set(hashes)
    assert all(len(h) == 64 for h in hashes.values())
    # chosen on a slice of train; the unseen sets are reported, and the graph's types are its labels
    assert meta["slice_scores"]["ents_f"] > 0 and set(meta["unseen_span_scores"]) == {"scierc_dev", "tdmsci_held_out"}
    assert {"METHOD", "TASK", "METRIC", "DATASET"} <= set(recognizer.get_pipe("ner").labels)
    assert NER_MODEL_DIR.is_relative_to(Path(extractors.__file__).parent)
    assert "kg_ner_entities" not in extractors.load_nlp("fast").pipe_names


def test_extractors_ner_unknown_modes():
    with pytest.raises(ExtractionError, match=r"\[X004\]"):
        extractors.load_nlp("fast", mentions="some")
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match=r"\[X004\]"):
        nlp.add_pipe("kg_ner_entities", config={"mode": "some"})


# --- fast paths equal the plain definitions ----------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from extractors import abbreviations, quantities, shapes  # noqa: E402

_NUMBERISH = st.lists(st.sampled_from([*"0123456789.,-+±–−& x%KMBTabcXv_/{^()=\\$", "&minus;", "\\%", " points"]),
                      max_size=25).map("".join)
_WORDISH = st.lists(st.sampled_from([*"aZbYcX09-.'’+* _()\n", "Ab", "AB", "aB", "é", "Ω"]), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(_NUMBERISH)
def test_extractors_quantity_scan_equals_the_pattern(text):
    assert [m.span() for m in quantities._quantity_matches(text)] == \
        [m.span() for m in quantities.QUANTITY_RE.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(_WORDISH)
def test_extractors_shaped_word_scan_equals_the_pattern(text):
    assert [m.span() for m in shapes.shaped_words(text)] == [m.span() for m in shapes._WORD_RE.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abAB1-", max_size=5), st.text(alphabet="abAB c-1İ", max_size=30))
def test_extractors_long_form_search_equals_the_char_walk(short, long):
    chars = [c.lower() for c in short if c.isalpha()]
    assert abbreviations.long_form_start(short, long) == abbreviations._long_form_start_by_char(chars, long)


_STAND_IN_PATTERNS = [{"label": "METHOD", "pattern": "Pref-Aligner"}, {"label": "MATERIAL", "pattern": "raw video content"}]


def _with_recognizer(mode: str = "names", patterns=_STAND_IN_PATTERNS, *, rules: bool = True, families=()):
    """Our pipeline with a stand-in recogniser: an entity ruler that tags `patterns`
    (without `kg_names` when not `rules`, so only the bridge finds names)."""
    recognizer = spacy.blank("en")
    recognizer.add_pipe("entity_ruler").add_patterns(list(patterns))
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_sentencizer")
    if rules:
        nlp.add_pipe("kg_names")
    bridge = nlp.add_pipe("kg_ner_entities", config={"mode": mode})
    bridge.set_recognizer(recognizer)
    bridge.add_families(families)
    return nlp


@pytest.mark.parametrize(
    "mode,expected",
    [
        # "names": the rules miss Pref-Aligner; "raw video content" is data, not a named data set
        ("names", [("Pref-Aligner", "METHOD", NER_KB_ID)]),
        ("all", [("Pref-Aligner", "METHOD", EXACT_KB_ID), ("raw video content", "DATASET", EXACT_KB_ID)]),
    ],
)
def test_extractors_ner_runs_its_recognizer(mode, expected):
    nlp = _with_recognizer(mode)
    docs = list(nlp.pipe(["Results on images. We train Pref-Aligner .", "It reads raw video content ."]))
    assert [(s.text, s.label_, s.kb_id_) for doc in docs for s in doc.spans["kg_entities"]] == expected


@pytest.mark.parametrize(
    "text,found,rules,expected",
    [
        # a name the rules typed by shape is retyped by a mention that adds a type noun ...
        ("Labels come from the Zeta Math IR test collection .", ("Zeta Math IR test collection", "DATASET"),
         [("Zeta Math IR", "METHOD", "zetamathir", False)], [("Zeta Math IR test collection", "DATASET", "zetamathir")]),
        # ... but not a name the gazetteer knows, nor by a mention without one
        ("Labels come from the Zeta Math IR test collection .", ("Zeta Math IR test collection", "DATASET"),
         [("Zeta Math IR", "METHOD", "zetamathir", True)], [("Zeta Math IR", "METHOD", "zetamathir")]),
        ("We build a model for French FrALBERT today .", ("French FrALBERT", "DATASET"),
         [("FrALBERT", "MODEL", "fralbert", False)], [("FrALBERT", "MODEL", "fralbert")]),
        # a term longer than the rules' span of its type is the same entity; the rules' span stays inside it
        ("We study information extraction ( IE ) here .", ("information extraction ( IE )", "TASK"),
         [("information extraction", "TASK", "ie")],
         [("information extraction", "TASK", "ie"), ("information extraction ( IE )", "TASK", "ie")]),
        # a parenthesis the recogniser left open is closed
        ("We study information extraction ( IE ) here .", ("information extraction ( IE", "TASK"),
         [("information extraction", "TASK", "ie")],
         [("information extraction", "TASK", "ie"), ("information extraction ( IE )", "TASK", "ie")]),
        ("Scores use the top-1 accuracy .", ("top-1 accuracy", "METRIC"), [("accuracy", "METRIC", "accuracy")],
         [("top-1 accuracy", "METRIC", "accuracy"), ("accuracy", "METRIC", "accuracy")]),
        # ... but "score" after a metric's name is no part of it, as annotators mark it
        ("Scores use the BLEU score .", ("BLEU score", "METRIC"), [("BLEU", "METRIC", "bleu")],
         [("BLEU", "METRIC", "bleu")]),
        ("Scores use the Zorro scores .", ("Zorro scores", "METRIC"), [("Zorro", "METRIC", "zorro")],
         [("Zorro", "METRIC", "zorro")]),
        # a metric the rules do not know needs a name's shape
        ("Scores use MEANT here .", ("MEANT", "METRIC"), [], [("MEANT", "METRIC", "meant")]),
        ("We track the acceptance rate .", ("acceptance rate", "METRIC"), [], []),
        # a rule span of another type, or as long, wins
        ("Results on the MMLU task .", ("MMLU task", "TASK"), [("MMLU", "DATASET", "mmlu")], [("MMLU", "DATASET", "mmlu")]),
        ("We study machine translation .", ("machine translation", "TASK"), [("machine translation", "METHOD", "mt")],
         [("machine translation", "METHOD", "mt")]),
        # where the rules found nothing, a term that reads as one is added as it is
        ("We report BLEU on parsing .", ("parsing", "TASK"), [], [("parsing", "TASK", "parsing")]),
        ("We report the gain in performance .", ("performance", "METRIC"), [], []),
    ],
)
def test_extractors_ner_terms_keep_the_recognisers_boundaries(text, found, rules, expected):
    rules = [rule if len(rule) == 4 else (*rule, True) for rule in rules]  # (name, label, id, a known name)
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_sentencizer")
    nlp.add_pipe("kg_gazetteer").add_patterns([{"label": label, "pattern": name, "id": key} for name, label, key, _ in rules])
    bridge = nlp.add_pipe("kg_ner_entities", config={"mode": "names"})
    bridge.add_families([{"label": label, "pattern": name, "id": key} for name, label, key, known in rules if known])
    recognizer = spacy.blank("en")
    recognizer.add_pipe("entity_ruler").add_patterns([{"label": found[1], "pattern": [{"ORTH": w} for w in found[0].split()]}])
    bridge.set_recognizer(recognizer)
    doc = nlp(text)
    # (the gazetteer writes each of its spans twice, as a second span_ruler would)
    assert list(dict.fromkeys((s.text, s.label_, s.id_) for s in doc.spans["kg_entities"])) == expected


@pytest.mark.parametrize(
    "text,name,label",
    [
        # the recogniser says METHOD; the rules' typing of a new name wins
        ("We release Harness-Bench for agents .", "Harness-Bench", "DATASET"),
        ("Experiments on Kubric-Gx and FooSet show gains .", "Kubric-Gx", "DATASET"),
        ("We tune Qwen2.5-Coder on code .", "Qwen2.5-Coder", "MODEL"),
        ("We apply Pref-Aligner to videos .", "Pref-Aligner", "METHOD"),
    ],
)
def test_extractors_ner_names_are_typed_like_the_rules_type_them(text, name, label):
    nlp = _with_recognizer(patterns=[{"label": "METHOD", "pattern": name}], rules=False,
                           families=[{"label": "MODEL", "pattern": "Qwen"}])
    doc = nlp(text)
    assert [(s.text, s.label_) for s in doc.spans["kg_entities"]] == [(name, label)]


@pytest.mark.parametrize(
    "text,name,mention",
    [
        # data nouns after a data set's name are in its mention, as annotators mark them
        ("We test on the Quill 2019 data set today .", "Quill 2019", "Quill 2019 data set"),
        ("Scores on the QXJ test data improve .", "QXJ", "QXJ test data"),
        ("We train on the Tarn corpus test sets .", "Tarn", "Tarn corpus test sets"),
        ("Our parser reads the Fenwick dataset .", "Fenwick", "Fenwick dataset"),
        # no data noun: the name alone
        ("We test on Quill 2019 and stop .", "Quill 2019", "Quill 2019"),
        ("The QXJ test shows nothing .", "QXJ", "QXJ"),
    ],
)
def test_extractors_ner_data_set_mentions_take_their_data_nouns(text, name, mention):
    nlp = _with_recognizer(patterns=[{"label": "METHOD", "pattern": "nothing here"}], rules=False)
    nlp.add_pipe("kg_gazetteer", before="kg_ner_entities").add_patterns(
        [{"label": "DATASET", "pattern": n, "id": n.lower().replace(" ", "")} for n in ("Quill 2019", "QXJ", "Tarn", "Fenwick")])
    doc = nlp(text)
    paper = Paper(id="p", title="T", abstract=doc.text)
    entity = next(e for e in extractors.doc_to_extraction(doc, paper).entities if e.type == "Dataset")
    # one entity, named by its name; results and claims see only the name (`kg_entities`)
    assert (entity.name, [m.text for m in entity.mentions]) == (name, [mention])
    assert {s.text for s in doc.spans["kg_entities"]} == {name}
