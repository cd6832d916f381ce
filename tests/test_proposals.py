"""extractors.proposals (and extractors.descriptive): what a paper proposes.

Invented sentences for each form: "we propose X", "X, a novel ...", descriptive names,
"our model, the X", components, a title's name, a released code repository; and what
is not a proposal (somebody else's model, a generic phrase).
"""

from __future__ import annotations

import pytest

import extractors
from kg.core.model import Paper


def _proposed(nlp, text: str, title: str = "A study") -> set[str]:
    extraction = next(extractors.extract([Paper(id="t", title=title, abstract=text)], nlp=nlp))
    return {e.name for e in extraction.entities if e.proposed}


@pytest.mark.parametrize(
    "text,title,proposed",
    [
        ("In this paper, we introduce IconShop, a text-guided method.", "A study", {"IconShop"}),
        ("Our model, the Routing Transformer, is sparse.", "A study", {"Routing Transformer"}),
        ("We introduce two models, namely Clinical-Longformer and Clinical-BigBird.", "A study",
         {"Clinical-Longformer", "Clinical-BigBird"}),
        ("This research investigates a new pretraining method called Future Token Prediction (FTP).",
         "Future Token Prediction -- Causal Language Modelling", {"Future Token Prediction"}),
        # the paper's own abbreviated name goes by its abbreviation, unless the title spells it out
        ("We introduce three objectives, namely Random Token Substitution (RTS) and Swapped Language Modeling (SLM).",
         "Structural Objectives for Transformers", {"RTS", "SLM"}),
        # a title's name that shortens the abstract's: one proposal
        ("Here we propose BLMM Crystal Transformer, a generative model for materials.",
         "Crystal Transformer: Generative Design of Materials", {"BLMM Crystal Transformer"}),
        ("We propose a static 8-bit SSM quantization method.", "Quamba: A Recipe", {"Quamba"}),
        # "we study ... and propose X"
        ("We find that reviewing is a decision process, and propose ZetaReviewer, a review agent.", "A study",
         {"ZetaReviewer"}),
        # a new name and what it is, in the paper's own sentence
        ("To enhance reliability, we integrate ZetaBlock, a lightweight anomaly module trained on normal samples.",
         "A study", {"ZetaBlock"}),
        ("In this work we investigate zeta2choice, a simple two-stage method for answers.", "A study",
         {"zeta2choice"}),
        # descriptive names after a proposal verb
        ("We propose a spectral analysis framework that models layers as graphs.", "A study",
         {"spectral analysis framework"}),
        ("We further propose an Alert-Confirm evaluation protocol that separates early signals.", "A study",
         {"Alert-Confirm evaluation protocol"}),
        ("We design a hard-region co-training strategy that supervises maps.", "A study",
         {"hard-region co-training strategy"}),
        # a description followed by its name: the name
        ("We propose a two-stream attention framework, called ZetaFlow, for video.", "A study", {"ZetaFlow"}),
        # a title's name and a description of the whole: the title's name; a part keeps its own
        ("We propose a two-stream attention framework for video.", "ZetaFlow: Attention for Video", {"ZetaFlow"}),
        ("We also introduce an annotation-free preference construction strategy for data.",
         "ZetaChat: Private Dialogue", {"ZetaChat", "annotation-free preference construction strategy"}),
        # a component the paper describes, once it proposes something
        ("We propose a collaborative framework. The small model, Fine-grained Difference-aware Zeta (FD-Zeta), "
         "learns dense maps.", "A study", {"FD-Zeta"}),
        # the code the paper releases
        ("ZetaPrune removes redundant tokens. Code is available at https://github.com/someone/ZetaPrune.",
         "A study", {"ZetaPrune"}),
        # a plain capitalised word after a proposal verb, with its apposition or alone
        ("We introduce Vexilo, an open retrieval recipe. Vexilo is trained on MS MARCO.", "A study", {"Vexilo"}),
        ("Here we present Lumen: a lightweight retriever.", "A study", {"Lumen"}),
        ("To address this, we propose Spectral Defense in Gaussian fields.", "A study", {"Spectral Defense"}),
        # a name read as a task by its head is a method when its apposition says so
        ("This paper introduces Sparse Generative Retrieval (SGR), a method that indexes documents.", "A study",
         {"SGR"}),
        ("We propose Hierarchical Sparse Retrieval, a method that indexes documents.", "A study",
         {"Hierarchical Sparse Retrieval"}),
        # "our method, dubbed X", "we implemented a chatbot called X"
        ("Our method, dubbed SPARQ, indexes documents.", "A study", {"SPARQ"}),
        ("We implemented a chatbot called LIGA for legal questions.", "A study", {"LIGA"}),
        # "referred to as X" in a paper that proposes something
        ("This paper proposes a voting approach for segmentation. The ensemble model, referred to as VX-3, "
         "achieves an IoU of 0.83.", "A study", {"VX-3"}),
        # a known name inside the description of a new thing is not what is proposed
        ("We develop ZetaRAG, an innovative RAG framework. This study aims to develop an improved RAG framework.",
         "A study", {"ZetaRAG"}),
    ],
)
def test_proposals_forms(nlp_fast, text, title, proposed):
    assert _proposed(nlp_fast, text, title) == proposed


# Names the paper gives its own work, in shapes seen on SciREX and SOTA? train abstracts: text -> proposed.
NAMED_BY_THE_PAPER = {
    # a description defined with its short form on the spot: the short form
    "We propose a spectral cascade network (SCNet) that merges branches.": {"SCNet"},
    "Our proposed deeply-gated nets (DGN) method lowers the error.": {"DGN"},
    # "a framework we call X", "which we term X"
    "We unify these models in a framework we call Zeta Passing Networks.": {"Zeta Passing Networks"},
    "We apply a generic algorithm, which we term ZetaZero, to board games.": {"ZetaZero"},
    # the noun that says what the paper's own thing is, then its name
    "Experiments show that our fast text classifier zetaText is on par with deep models.": {"zetaText"},
    # "This network, called X", "The method, called X,": the paper's own description names it
    "The method, called Mask Zeta-CNN, extends Faster R-CNN by adding a branch.": {"Mask Zeta-CNN"},
    "This architecture, called a Feature Zeta Network (FZN), improves detection.": {"FZN"},
    "Our proposed approach, ZetaParse, achieves state-of-the-art performance on SiftFlow.": {"ZetaParse"},
    # the name before "we present", its short form when it has one
    "The Domain Zeta Network (DZN) we present employs a compound loss.": {"DZN"},
    "When trained on ImageNet, our models (ZetaGANs) achieve an Inception Score of 166.5.": {"ZetaGANs"},
    # a prepositional phrase after the object's noun does not end it
    "We also introduce a new compact model for French ZetaBERT which is competitive.": {"ZetaBERT"},
    # "define" proposes what it calls new
    "We collect pairs and define a new metric, Zeta Failure Rate (ZFR), which counts failures.": {"ZFR"},
    # a paper that proposes only a description: a new name first seen winning is its name
    "We propose a two-stream attention framework for video. Experiments show that ZetaFlow outperforms "
    "ZetaBERT by 3 points.": {"two-stream attention framework", "ZetaFlow"},
    # a defined short form of a lower-case object of the paper's proposal verb, whatever its head
    "To address this, we devise a recurrent zeta approximation (RZA) to compute maps once.": {"RZA"},
    "We propose a two time-scale zeta rule (TTZR) for training GANs.": {"TTZR"},
    'We introduce the "exponential zeta unit" (EZU) which speeds up learning.': {"EZU"},
    # "our" / "the proposed" before such a long form
    "The gain obtained using our locally decorrelated zeta features (LDZF) is substantial.": {"LDZF"},
    # the subject of a present passive proposal
    "An Online Zeta Matching (OZM) loss function is proposed to train the network.": {"OZM"},
    "A novel zeta pooling layer, ZetaPool, is proposed to aggregate features.": {"ZetaPool"},
    "In this paper, a Zeta Graph Network (ZGN) is proposed for traffic.": {"ZGN"},
    # "This paper describes X, a <kind>"
    "This paper describes Zetatron 2, a neural network architecture for speech synthesis.": {"Zetatron 2"},
    # a name seen before it wins was somebody else's
    "We propose a two-stream attention framework for video. We compare with ZetaBERT. ZetaBERT achieves "
    "3 points.": {"two-stream attention framework"},
}


@pytest.mark.parametrize("text", list(NAMED_BY_THE_PAPER))
def test_proposals_named_by_the_paper(nlp_fast, text):
    assert _proposed(nlp_fast, text) == NAMED_BY_THE_PAPER[text]


@pytest.mark.parametrize(
    "text",
    [
        "We present a direct comparison between Mamba and Transformer models.",
        "We use GPT-4o, a multimodal model, to label the data.",
        "We extend ZetaBERT, a language model for law, with adapters.",
        "We compare against ResNet-50, a convolutional network trained on ImageNet.",
        "We propose a comprehensive framework for argument similarity.",
        "We propose a simple yet effective method.",
        "We propose a real-time monocular depth estimation method.",
        "We propose a novel deep learning approach for triage.",
        "They present ZetaNet, a new model.",
        "We present English results and French results.",
        "We propose an improved BERT model for legal text.",
        "The model, referred to as ZetaNet, is trained on law.",
        "Code is available at https://github.com/someone/tools.",
        # a short form attached to something else than the proposal
        "We propose a framework for sign language recognition (SLR).",
        "We propose a method using a zeta recurrent network (ZRN) encoder.",
        # a name spelled out in parentheses is not a description defining it
        "We use GPT-4o (Generative Pretrained Transformer) to label data.",
        # "we call" on somebody else's name is not a naming
        "We call the ZetaNet API for each query.",
        # a lower-case long form with its short form that the paper does not propose
        "We use a recurrent zeta approximation (RZA) to compute maps once.",
        "They devise a recurrent zeta approximation (RZA) for maps.",
        "Their locally decorrelated zeta features (LDZF) are slow.",
        # "work" that is somebody else's
        "Recent work has proposed ZetaNet, a detector for cars. We study its limits.",
        "Prior work introduced ZetaFormer, a model for text.",
        # passives of somebody else's work or of another clause's subject
        "The ZetaNet architecture is proposed by Smith et al. for detection.",
        "ZetaNet was proposed in 2019 for detection.",
        "In ZetaNet, a pooling layer is proposed.",
        "The encoder is based on Zeta-Encoder, and the decoder is designed with a fusion framework.",
        # a name given to somebody else's model
        "We use a model called ZetaBERT to encode text.",
        "A model, called ZetaBERT, is used for encoding.",
        "The ZetaBERT model we use is pretrained on law.",
        # "namely" after a proposal built on somebody else's name
        "We propose a new architecture based on contextual embeddings, namely ZetaBERT, for restoration.",
        "We release a corpus. We annotate named entities in it.",
        # the object of the proposal verb ends at its noun: what follows is something else
        "We present a unified system addressing both Subtask 3 and Subtask 4.",
        "We define the Zeta Score as the ratio of hits to misses.",
        "We propose a framework leveraging ZetaNet to detect fraud.",
        # a known kind defined on the way, then the noun it modifies
        "We propose a convolutional neural network (CNN) architecture for expression recognition.",
        # a title run into the abstract is not the subject of "we present"
        "Pooling for Regularization of Deep Zeta Networks We introduce a simple method.",
    ],
)
def test_proposals_none(nlp_fast, text):
    assert _proposed(nlp_fast, text) == set()


# A title without a colon that opens with a name ("X for Y", or the whole title), when the
# abstract names nothing it proposes: proposed if the abstract mentions it or it has a name's shape.
@pytest.mark.parametrize(
    "title,text,proposed",
    [
        ("Stochastic Zeta Pooling for Regularization of Deep Networks",
         "We introduce a simple method for regularizing networks. Stochastic zeta pooling replaces max pooling.",
         {"Stochastic Zeta Pooling"}),
        ("Frustum ZetaNets for 3D Object Detection", "We study 3D detection from point clouds directly.",
         {"Frustum ZetaNets"}),
        ("Zeta Kernel Networks", "We propose a new zeta kernel network that learns invariances.", {"zeta kernel network"}),
        # neither mentioned nor shaped like a name: the title's topic, not a name
        ("Zeta Pooling for Traffic Forecasting", "We study how well networks forecast traffic.", set()),
        # the abstract names what it proposes: that, not the title's phrase
        ("Zeta Pooling for Detection", "We propose ZetaNet, a detector. Zeta pooling helps.", {"ZetaNet"}),
        # a study, a task, a description of a kind
        ("An Empirical Study of Zeta Models", "We study zeta models at scale. Zeta models are common.", set()),
        ("Zeta Crisis Detection in Conversations", "We study zeta crisis detection in chats.", set()),
        ("A Zeta Signal Processing Framework for Detection", "We propose a zeta signal processing framework.",
         {"zeta signal processing framework"}),
    ],
)
def test_proposals_title_lead_name(nlp_fast, title, text, proposed):
    assert _proposed(nlp_fast, text, title) == proposed
