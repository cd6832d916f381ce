"""extractors: gazetteer and new names, titles, robustness (claims, proposals, results: own files).

Pipelines are `load_nlp("fast")` (spacy.blank("en") plus rule components), never a
trained model.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import spacy

import extractors
from extractors.adapt import title_names
from kg.core.errors import ExtractionError
from kg.core.model import Paper


def _extract(nlp, abstract: str, title: str = "A study"):
    return next(extractors.extract([Paper(id="t", title=title, abstract=abstract)], nlp=nlp))


def _entity(extraction, name: str):
    """The entity named `name`, or with a mention that reads `name` ("ULLER (Unified ...)" is one mention)."""
    return next((e for e in extraction.entities if e.name == name or any(m.text == name for m in e.mentions)), None)


def _assert_offsets(extraction):
    text = extraction.paper.abstract
    for entity in extraction.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    for result in extraction.results:
        assert text[result.raw_start : result.raw_end] == result.raw
        assert text[result.evidence.start : result.evidence.end] == result.evidence.text
    for attribute in extraction.attributes:
        assert text[attribute.start : attribute.end] == attribute.raw


# --- pipeline and public API ---------------------------------------------------------


def test_extractors_analyze_pipes_clean(nlp_fast):
    analysis = nlp_fast.analyze_pipes()
    assert not any(analysis["problems"].values())


def test_extractors_factories_registered_after_import():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in ("kg_names", "kg_proposals", "kg_results", "kg_claims"):
        nlp.add_pipe(name)
    doc = nlp("Our model reaches 87.3% accuracy on CIFAR-10.")
    assert "kg_results" in doc.spans


def test_extractors_unknown_profile():
    with pytest.raises(ExtractionError, match=r"\[X001\]"):
        extractors.load_nlp("turbo")


def test_extractors_version_and_record_shape(nlp_fast):
    record = _extract(nlp_fast, "We propose FooNet. FooNet reaches 91.2% accuracy on ImageNet.").to_dict()
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert record["extractor"] == {"name": "paperkg", "version": pyproject["project"]["version"]}
    assert set(record) >= {"paper", "entities", "results", "claims", "attributes"}


def test_extractors_doc_to_extraction_is_pure(nlp_fast):
    paper = Paper(id="p", title="T", abstract="GPT-4 reaches 86.4% accuracy on MMLU.")
    doc = nlp_fast(paper.abstract)
    spans = {key: [(s.start, s.end, s.label_) for s in group] for key, group in doc.spans.items()}
    for _ in range(2):  # the same record each time, and the Doc left as it was
        x = extractors.doc_to_extraction(doc, paper)
        assert sorted((e.name, e.type) for e in x.entities) == [("GPT-4", "Model"), ("MMLU", "Dataset"),
                                                               ("accuracy", "Metric")]
        assert [(r.value, r.unit, r.metric, r.dataset, r.model, r.raw) for r in x.results] == [
            (86.4, "%", "accuracy", "MMLU", "GPT-4", "86.4%")]
        assert x.sentences == ((0, 37),)
        assert {key: [(s.start, s.end, s.label_) for s in group] for key, group in doc.spans.items()} == spans


# --- entities: gazetteer aliases, case, new names ---------------------------------------


@pytest.mark.parametrize(
    "text,first,second",
    [
        ("Vision Transformers (ViTs) are strong. ViTs scale well.", "Vision Transformers (ViTs)", "ViTs"),
        ("We fine-tune LLaMA 2 and compare Llama-2 variants.", "LLaMA 2", "Llama-2"),
        ("Results on WikiText-103 and Wikitext-103 agree.", "WikiText-103", "Wikitext-103"),
    ],
)
def test_extractors_aliases_merge(nlp_fast, text, first, second):
    extraction = _extract(nlp_fast, text)
    assert _entity(extraction, first) is not None
    assert _entity(extraction, first) is _entity(extraction, second)


@pytest.mark.parametrize(
    "text,name,etype",
    [
        ("We evaluate on SQuAD and GLUE.", "SQuAD", "Dataset"),
        ("We report BLEU and perplexity.", "BLEU", "Metric"),
        ("We compare against OPT and BERT.", "OPT", "Model"),
        ("We study named entity recognition.", "named entity recognition", "Task"),
        ("We use prefix tuning for adaptation.", "prefix tuning", "Method"),
    ],
)
def test_extractors_gazetteer_types(nlp_fast, text, name, etype):
    entity = _entity(_extract(nlp_fast, text), name)
    assert entity is not None and entity.type == etype


@pytest.mark.parametrize(
    "text,not_a_name",
    [
        ("We introduce Metric Freedom ($F$), a predictor. $F$ measures rigidity.", "F$"),
        ("We report Top-1 accuracy with a 6-DoF pose and RoI pooling.", "Top-1"),
        ("We report Top-1 accuracy with a 6-DoF pose and RoI pooling.", "RoI"),
    ],
)
def test_extractors_markup_and_jargon_are_no_names(nlp_fast, text, not_a_name):
    assert not_a_name not in {e.name for e in _extract(nlp_fast, text).entities}


def test_extractors_case_sensitive_patterns(nlp_fast):
    assert _entity(_extract(nlp_fast, "Users opt for a blue theme."), "opt") is None


@pytest.mark.parametrize(
    "text,name,etype",
    [
        ("To address this, we introduce GLACIA, the first framework for lakes.", "GLACIA", "Model"),
        ("We compare to a hybrid (Mamba-2-Hybrid). The Mamba-2-Hybrid is fast.", "Mamba-2-Hybrid", "Model"),
        ("The powerful LI-DiT-10B will be available.", "LI-DiT-10B", "Model"),
        ("We propose Accumulative Attention Score with Forgetting Factor (A2SF). A2SF helps.", "A2SF", "Method"),
        ("Our evaluation on the Arabic KHATT dataset shows gains.", "KHATT", "Dataset"),
        ("We present the SourceData-NLP dataset for NER.", "SourceData-NLP", "Dataset"),
        ("We report results on the MEDIQA benchmark.", "MEDIQA", "Dataset"),
        ("This work introduces multiMentalRoBERTa, a classifier.", "multiMentalRoBERTa", "Model"),
        # an apposition says what a new name is
        ("We introduce Ko-MuSR, the first benchmark for Korean multistep reasoning.", "Ko-MuSR", "Dataset"),
        ("We present FooBar-7, a large-scale dataset of annotated scans.", "FooBar-7", "Dataset"),
        ("We present FooNet-2, a model trained on the SNLI dataset.", "FooNet-2", "Model"),
        # quotes around a name after a naming cue are not part of it
        ("LLMs produce fabricated outputs, often called ``hallucinations''.", "hallucinations", "Method"),
        # names listed after an evaluation's "on" are data sets; after "based on", models
        ("Experiments on LoCoMo and LongMemEval show gains.", "LongMemEval", "Dataset"),
        ("The model is trained on SUES-200 and tested on University-1652.", "University-1652", "Dataset"),
        ("It achieves 61% accuracy across DexYCB, HO3Dv3 and FreiHAND.", "FreiHAND", "Dataset"),
        ("We build a retriever based on FooNet-2 for search.", "FooNet-2", "Model"),
        ("On ALFWorld and WebShop, SERL achieves 90% success.", "WebShop", "Dataset"),
        # a new name extending a known one takes its type, whatever the context
        ("On Qwen2.5-VL, FooNet keeps 98% of the accuracy.", "Qwen2.5-VL", "Model"),
        ("We train on ImageNet-100-LT with a new loss.", "ImageNet-100-LT", "Dataset"),
        # an acronym glued to a word, capitalised words linked by function words, joined acronyms
        ("Our detector surpasses MVMap on maps.", "MVMap", "Model"),
        ("The dominant oversight paradigm, LLM-as-a-Judge, fails.", "LLM-as-a-Judge", "Model"),
        ("It uses a bidirectional Formal-of-Thought architecture.", "Formal-of-Thought", "Model"),
        ("We construct ZQRT-FCD, a large-scale fine-grained farmland benchmark with pairs.", "ZQRT-FCD", "Dataset"),
        # a branded short form of a method whose long form ends like a task
        ("We propose LePREC (Legal Professional-inspired Reasoning Elicitation and Classification).", "LePREC",
         "Method"),
        # a descriptive name of what the paper proposes
        ("We propose a spectral analysis framework that models layers as graphs.", "spectral analysis framework",
         "Method"),
        ("Compared with L-BFGS, our L2O-based inverse optimizer is faster.", "L2O-based inverse optimizer", "Method"),
        # a specific model named as a base stays a name; capitalised compounds with a model head
        ("Our estimator integrates PRNet-based face alignment.", "PRNet", "Model"),
        ("The encoder is based on Lite-Encoder, and the decoder is small.", "Lite-Encoder", "Model"),
        ("Compared with L-BFGS, our optimizer is faster.", "L-BFGS", "Model"),
        ("First, the Entry Agent reads the question.", "Entry Agent", "Model"),
        # the head of a long form comes before "for"
        ("ULLER (Unified Language for Learning and Reasoning) offers a syntax.", "ULLER", "Model"),
        # a name at the end of a sentence keeps its full stop apart
        ("The detector is dubbed ZetaRay3D. Experiments show gains.", "ZetaRay3D", "Method"),
        # a knowledge graph or base is data, by its name or its apposition
        ("We query the Orchard Crop Knowledge Graph (OCKG), a public knowledge graph of farms.",
         "Orchard Crop Knowledge Graph", "Dataset"),
        ("Answers come from the Lumen Drug Knowledge Base with SPARQL.", "Lumen Drug Knowledge Base", "Dataset"),
        ("We use Tess-9, a curated knowledge graph of plant species.", "Tess-9", "Dataset"),
        # a slash and a size are part of a model's name
        ("We fine-tune ViT-B/16 and Glint-7B on the task.", "ViT-B/16", "Model"),
        ("A check on ZED-ViT-L/14 shows the same failures.", "ZED-ViT-L/14", "Model"),
        ("Answers by Qwen9-8B/235B are scored.", "Qwen9-8B/235B", "Model"),
    ],
)
def test_extractors_new_names(nlp_fast, text, name, etype):
    entity = _entity(_extract(nlp_fast, text), name)
    assert entity is not None, name
    assert entity.type == etype


@pytest.mark.parametrize(
    "text,name",
    [
        ("Transformer-based models are popular for many tasks.", "Transformer"),
        ("We study the limitations of transformer models in predicting molecules.", "transformer"),
        ("Our method does not alter the internal structure of Transformer models.", "Transformer"),
        ("The score is not suitable for the transformer decoder structure.", "transformer"),
    ],
)
def test_extractors_modifier_only_mentions_dropped(nlp_fast, text, name):
    assert _entity(_extract(nlp_fast, text), name) is None


@pytest.mark.parametrize(
    "text,name",
    [
        ("Our enhanced biomedical BERT model beats the baseline.", "enhanced biomedical BERT"),
        ("We compare Mamba models to transformers.", "Mamba"),
        ("We pre-train transformers on code.", "transformers"),
    ],
)
def test_extractors_names_kept_before_class_nouns(nlp_fast, text, name):
    assert _entity(_extract(nlp_fast, text), name) is not None


@pytest.mark.parametrize(
    "text,name,etype",
    [
        ("Combined with the TCSP crystal structure prediction algorithm, we design materials.", "TCSP", "Method"),
        ("We evaluate on the AIROGS glaucoma dataset.", "AIROGS", "Dataset"),
        ("The agent is trained with the QZRL policy network.", "QZRL", "Model"),
        ("We propose three objectives to BERT's Masked Language Modeling (MLM), namely X and Y.",
         "Masked Language Modeling", "Method"),
    ],
)
def test_extractors_names_in_noun_phrases(nlp_fast, text, name, etype):
    entity = _entity(_extract(nlp_fast, text), name)
    assert entity is not None, name
    assert entity.type == etype


@pytest.mark.parametrize(
    "text,absent",
    [
        ("We run the GPU memory allocation algorithm.", "GPU"),
        ("VSF is robust on challenging new datasets.", "VSF"),
        ("The STVH simultaneously models both views.", "STVH"),
        ("Then the QZ method, being fast, wins.", "QZ"),
    ],
)
def test_extractors_no_acronym_across_clauses(nlp_fast, text, absent):
    assert _entity(_extract(nlp_fast, text), absent) is None


@pytest.mark.parametrize(
    "text,absent",
    [
        ("We show State-of-the-Art results on Out-of-Distribution data.", "State-of-the-Art"),
        ("We show State-of-the-Art results on Out-of-Distribution data.", "Out-of-Distribution"),
        ("It separates early signals (Alert) from late ones.", "Alert"),
        ("We gain 2.04 dB in PSNR over the baseline.", "dB"),
        ("Our model outperforms BERT on GLUE.", "model outperforms BERT"),
        ("We propose a comprehensive framework for logic.", "comprehensive framework"),
        ("We propose a monocular depth estimation method for robots.", "monocular depth estimation method"),
        # runs of capitalised words that are no model or method
        ("Knowledge graphs connect data (Steve Harris 2013).", "Steve Harris 2013"),
        ("It reaches FID 2.16 on ImageNet.", "FID 2.16"),
        ("We address Subtask 3 of the challenge.", "Subtask 3"),
        ("It runs at 30 FPS on an RTX 4090 and a Jetson Orin.", "RTX 4090"),
        ("Domains include Financial Analysis and Browser Automation.", "Financial Analysis"),
        ("We join the ArchEHR-QA Shared Task this year.", "ArchEHR-QA Shared Task"),
    ],
)
def test_extractors_not_names(nlp_fast, text, absent):
    assert absent not in {m.text for e in _extract(nlp_fast, text).entities for m in e.mentions}


@pytest.mark.parametrize(
    "text,mention",
    [
        ("We train on the Kestrel Speech Corpus (KSC) and test on it.", "Kestrel Speech Corpus (KSC)"),
        ("Work on Relational Intent Parsing (RIP) grows.", "Relational Intent Parsing (RIP)"),
        ("The Glimmer Net ( GN ) runs fast.", "Glimmer Net ( GN )"),
    ],
)
def test_extractors_long_and_short_form_are_one_mention(nlp_fast, text, mention):
    # as TDMSci and SciERC annotate them; the entity keeps its name
    mentions = {m.text for e in _extract(nlp_fast, text).entities for m in e.mentions}
    assert mention in mentions


@pytest.mark.parametrize(
    "text,metric,absent",
    [
        ("Our parser reaches an interesting F1 of 74.3% on the Tarn corpus.", "F1", "interesting F1"),
        ("We estimate the empirical accuracy (91.2%) of the tagger.", None, "empirical accuracy"),
        ("The poor accuracy of 41% shows the limits.", None, "poor accuracy"),
        ("It keeps a detection accuracy of 88.1%.", "detection accuracy", None),
    ],
)
def test_extractors_metric_phrases_without_comments(nlp_fast, text, metric, absent):
    # what a sentence thinks of a value ("interesting", "empirical", "poor") is no part of its metric
    metrics = {e.name for e in _extract(nlp_fast, text).entities if e.type == "Metric"}
    assert (metric is None or metric in metrics) and absent not in metrics


@pytest.mark.parametrize(
    "text,metric",
    [
        ("Our trading agent earns a cumulative return of 41.2% over the year.", "cumulative return"),
        ("The pruned model lowers the TPR disparity to 0.02.", "TPR disparity"),
        ("Flickering drops from 12.1% to 3.4% with our decoder.", "Flickering"),
    ],
)
def test_extractors_what_a_result_measures_is_a_metric(nlp_fast, text, metric):
    metrics = {e.name for e in _extract(nlp_fast, text).entities if e.type == "Metric"}
    assert metric in metrics


@pytest.mark.parametrize(
    "text",
    [
        "Performance improves by 3.1% over the baseline.",
        "It runs 2.5x faster than before.",
        "The overall score rises to 71.0.",
    ],
)
def test_extractors_generic_measures_are_no_metrics(nlp_fast, text):
    metrics = {e.name.lower() for e in _extract(nlp_fast, text).entities if e.type == "Metric"}
    assert not metrics & {"performance", "faster", "score", "overall score"}


@pytest.mark.parametrize(
    "text,name",
    [
        ("We make a coreference dataset called OntoBlue publicly available.", "OntoBlue"),
        ("We propose a method called Deep Graph Infomax that learns.", "Deep Graph Infomax"),
        ("We use a technique called spectral normalization for training.", "spectral normalization"),
    ],
)
def test_extractors_name_after_naming_cue_stops_at_plain_words(nlp_fast, text, name):
    assert name in {e.name for e in _extract(nlp_fast, text).entities}


# --- titles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title,names",
    [
        ("Quamba: A Post-Training Quantization Recipe", ["Quamba"]),
        ("Clinical-Longformer and Clinical-BigBird: Transformers for X", ["Clinical-Longformer", "Clinical-BigBird"]),
        ("Grokking in the Wild: Data Augmentation", []),
        ("Transformers for molecular property prediction: Domain adaptation", []),
        ("No colon here", []),
        # a version after the name is part of it
        ("ZetaFlow 2.0: Evolution of Optical Flow Estimation", ["ZetaFlow 2.0"]),
        ("Zetia v0.1: the Winning Entry to a Challenge", ["Zetia v0.1"]),
        # plain capitalised words are a name when the apposition says what kind of work it is
        ("Virtual Zeta Training: A Regularization Method for Learning", ["Virtual Zeta Training"]),
        ("Deep Zeta: Scaling up Speech Recognition", []),
        ("Grokking in the Wild: A Data Augmentation Method", []),
    ],
)
def test_extractors_title_names(title, names):
    assert [t.name for t in title_names(title)] == names


@pytest.mark.parametrize(
    "title,etype",
    [
        ("Ko-MuSR: A Multistep Soft Reasoning Benchmark for LLMs Capable of Understanding Korean", "Dataset"),
        ("The SourceData-NLP dataset: integrating curation", "Dataset"),
        ("FooCorp: A Corpus of Annotated Contracts", "Dataset"),
        ("Quamba: A Post-Training Quantization Recipe for Selective State Space Models", "Model"),
        ("IconShop: Text-Guided Vector Icon Synthesis", "Model"),
    ],
)
def test_extractors_title_says_the_type(nlp_fast, title, etype):
    name = title_names(title)[0].name
    extraction = _extract(nlp_fast, f"We introduce {name} for the community.", title)
    assert {(e.name, e.type) for e in extraction.entities if e.proposed} == {(name, etype)}




# --- robustness --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "Dies ist eine deutsche Zusammenfassung über 12,5 % Genauigkeit mit BERT.",
        "这是一个中文摘要，准确率为 87.3%。",
        "We reach 93.1\\% accuracy and a 2.5$\\times$ speedup with $\\mathcal{O}(n^{1.5})$ cost.",
        "Loss drops by \u22120.5 points with a 12\u2009% gain and 3\u202f000 samples.",
        "F1 improves by 3&nbsp;% &amp; latency drops 2&times; on SQuAD &lt;v2&gt;.",
        "((((( ))))) 1) 2) 3) e.g., i.e., ( ) (A) (B2)",
        "x" * 5000,
    ],
)
def test_extractors_bad_input_does_not_crash(nlp_fast, text):
    extraction = _extract(nlp_fast, text)
    assert extraction.paper.abstract == text
    _assert_offsets(extraction)


def test_extractors_one_megabyte_abstract(nlp_fast):
    # each sentence a fact of its own (a fact said twice is one result)
    sentences = (f"FooNet reaches {i / 100:.2f}% accuracy on ImageNet while BarNet outperforms ResNet-50 by 2.1 points. "
                 for i in range(20_000))
    text = "".join(sentences)[:1_000_000]
    extraction = _extract(nlp_fast, text)
    assert len(extraction.results) >= 1000
    assert extraction.results[-1].raw_end <= len(text)


def test_extractors_seed_foundation(nlp_fast, seed_papers):
    """The Routing Transformer's perplexities and GLACIA's mIoU come out of the real seed listing."""
    by_title = {p.title.split(":")[0]: p for p in seed_papers}
    title = "Efficient Content-Based Sparse Attention with Routing Transformers"
    routing = _extract(nlp_fast, by_title[title].abstract)
    found = {(r.value, r.dataset) for r in routing.results}
    assert {(15.8, "Wikitext-103"), (18.3, "Wikitext-103")} <= found
    glacia = next(extractors.extract([by_title["GLACIA"]], nlp=nlp_fast))
    assert any(r.value == 87.3 and r.metric == "mIoU" and r.model == "GLACIA" for r in glacia.results)


def test_extractors_factories_load_by_entry_point_without_import():
    """`nlp.add_pipe("kg_results")` works in a fresh process that never imports `extractors`."""
    import subprocess
    import sys

    code = ("import spacy; nlp = spacy.blank('en'); nlp.add_pipe('sentencizer');"
            "[nlp.add_pipe(n) for n in ('kg_names', 'kg_proposals', 'kg_results', 'kg_claims')]; print(nlp.pipe_names)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "kg_results" in out and "kg_claims" in out
