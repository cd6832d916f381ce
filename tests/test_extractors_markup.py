"""extractors.markup: LaTeX and HTML markup resolved, every offset mapped back to the source.

Each construct has a parametrised case (invented sentences); hypothesis checks the offset map
on random LaTeX-ish text, and the whole pipeline's offsets on random abstracts.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.markup import NormalizedText, normalize_markup

# --- each construct ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source,expected",
    [
        # escapes
        (r"reaches 81.2\% accuracy", "reaches 81.2% accuracy"),
        (r"Q\&A and A\_B and \#1 and \$5", "Q&A and A_B and #1 and $5"),
        # font and link commands keep their text
        (r"our \textbf{FooNet} model", "our FooNet model"),
        (r"our \emph{FooNet} model", "our FooNet model"),
        (r"our \textit{FooNet} and \textsc{BarNet}", "our FooNet and BarNet"),
        (r"{\em Deep} and {\bf wide} nets", "Deep and wide nets"),
        (r"see \href{https://x.org}{our code} now", "see our code now"),
        (r"at \url{https://github.com/a_b/c~d}.", "at https://github.com/a_b/c~d."),
        (r"a \textcolor{red}{red} word", "a red word"),
        # citations, references, footnotes go, with the space before them
        (r"as in~\cite{smith2020}.", "as in."),
        (r"as in \citep[p.~3]{smith2020, doe2021} and more", "as in and more"),
        (r"shown by \citet{smith2020} before", "shown by before"),
        (r"in Table~\ref{tab:main}, we", "in Table, we"),
        (r"works.\footnote{Code: \url{x}} Then", "works. Then"),
        # tilde, dashes and quotes
        (r"Fig.~3 and in~ImageNet", "Fig. 3 and in ImageNet"),
        ("is ~3x faster (~5%)", "is ~3x faster (~5%)"),
        ("gains of 1.6~3.6 points", "gains of 1.6~3.6 points"),
        ("a set C = {P, S} here", "a set C = {P, S} here"),
        (r"a set $C = \{P, S\}$ and {\em x}", "a set C = {P, S} and x"),
        ("from 10--20% and A---B", "from 10–20% and A—B"),
        ("a tokenised -- dash and --- dash", "a tokenised -- dash and --- dash"),
        (r"a \LaTeX{} -- dash and --- dash", "a LaTeX – dash and — dash"),
        ("a `` tokenised '' quote and ``this''", 'a `` tokenised \'\' quote and "this"'),
        (r"a \LaTeX{} `` spaced '' quote", 'a LaTeX " spaced " quote'),
        # inline math stays readable
        (r"3$\times$ faster", "3× faster"),
        (r"$4\times$ fewer", "4× fewer"),
        (r"2.1$\pm$0.3 points", "2.1±0.3 points"),
        (r"a $\sim$3\% gain", "a ~3% gain"),
        (r"$\approx$ 5 and $\geq$ 6 and $\leq 7$", "≈ 5 and ≥ 6 and ≤ 7"),
        (r"an error of $10^{-3}$ with R$^2$", "an error of 10⁻³ with R²"),
        (r"$F_1$ and $F_{1}$ score", "F1 and F1 score"),
        (r"at 90$^\circ$ and the 1$^{st}$ place", "at 90° and the 1st place"),
        (r"$\mathbf{84.2}$ mAP", "84.2 mAP"),
        (r"$\frac{1}{2}$ and $\sqrt{2}$ and $O(\log n)$", "1/2 and √2 and O(log n)"),
        (r"$\alpha$ and $\beta$-VAE", "α and β-VAE"),
        (r"\(x^{2}\) here", "x² here"),
        (r"\times and \pm in text", "× and ± in text"),
        (r"$$ stripped math", "stripped math"),
        ("costs $5 and $10 each", "costs $5 and $10 each"),
        # accents
        (r"Sch\"olkopf, Erd\H{o}s, \'{e}t\'e, \v{C}ech", "Schölkopf, Erdős, été, Čech"),
        # HTML
        ("A &amp; B&#39;s &lt;tag&gt; &#x41;", "A & B's <tag> A"),
        ("H<sub>2</sub>O and <b>bold</b><br/>next", "H2O and bold next"),
        ("R&D and a <5% drop", "R&D and a <5% drop"),
        # line breaks, hyphenation, spaces
        ("Semantic seg-\nmentation works", "Semantic segmentation works"),
        ("self-\nsupervised and multi-\n  task", "self-supervised and multi-task"),
        ("state-of-the-\nart results", "state-of-the-art results"),
        ("flow-\nand token-level", "flow- and token-level"),
        ("pre-training and pre-\ntraining", "pre-training and pre-training"),
        ("a line\n  break\tand  spaces ", "a line break and spaces"),
        ("\n  leading space", "leading space"),
        # unknown macros print nothing; their arguments are text
        (r"\ours{} beats \name{BarNet}", "beats BarNet"),
    ],
)
def test_markup_construct(source, expected):
    norm = normalize_markup(source)
    assert norm.text == expected
    _check_map(norm)


@pytest.mark.parametrize(
    "text",
    ["We propose FooNet, which reaches 87.3% top-1 accuracy on ImageNet (a 2.1-point gain).",
     "GPT-4 and Llama-2-70B score 71.3/80.2 on MMLU; e.g. 5 vs. 6 [1].",
     "", "x", "Émile's café: 10 × 3 ± 0.5 ≥ 2 – “quoted”."],
)
def test_markup_plain_text_is_unchanged(text):
    norm = normalize_markup(text)
    assert norm.text == text and norm.starts is None
    assert norm.source_span(0, len(text)) == (0, len(text))


@pytest.mark.parametrize(
    "source,normalized_word,source_slice",
    [
        (r"the \emph{ResNet} model", "ResNet", "ResNet"),
        (r"reaches \textbf{81.2\%} top-1", "81.2%", r"81.2\%"),
        (r"reaches \textbf{81.2}\% top-1", "81.2%", r"81.2}\%"),
        (r"3$\times$ faster", "3×", r"3$\times$"),
        (r"$\mathbf{84.2}$ mAP", "84.2", r"$\mathbf{84.2}$"),
        (r"the $F_1$ score", "F1", r"$F_1$"),
        (r"an R$^2$ of 0.9", "R²", "R$^2$"),
        ("seg-\nmentation", "segmentation", "seg-\nmentation"),
        ("A &amp; B", "&", "&amp;"),
    ],
)
def test_markup_source_span(source, normalized_word, source_slice):
    norm = normalize_markup(source)
    start = norm.text.index(normalized_word)
    a, b = norm.source_span(start, start + len(normalized_word))
    assert source[a:b] == source_slice


@pytest.mark.parametrize(
    "source,sentences",
    [
        (r"\textbf{We} win~\cite{a}. \emph{It} works.", [r"\textbf{We} win~\cite{a}.", r"\emph{It} works."]),
        (r"\textbf{One.} \textbf{Two.}", [r"\textbf{One.}", r"\textbf{Two.}"]),
        ("  One.\n  Two.  ", ["One.", "Two."]),
    ],
)
def test_markup_source_sentence_takes_its_markup(source, sentences):
    norm = normalize_markup(source)
    cut = norm.text.index(" ", norm.text.index(".") + 1) if norm.text.count(".") > 1 else None
    parts = [(0, cut), (cut + 1, len(norm.text))] if cut else [(0, len(norm.text))]
    assert [source[slice(*norm.source_sentence(a, b))] for a, b in parts] == sentences


# --- the offset map on random LaTeX-ish text ---------------------------------------------------

_FRAGMENTS = [
    "We", "propose", "FooNet", "accuracy", "seg", "mentation", "self", "a", "of", "ImageNet", "81.2", "3", "10",
    " ", " ", " ", "  ", "\n", "\n  ", "\t", "-", "-\n", "--", "---", ".", ",", "(", ")", "~", "``", "''", "'",
    "\\%", "\\&", "\\_", "\\", "\\textbf{", "\\emph{", "{\\em ", "{", "}", "\\cite{x}", "~\\citep[p.~3]{a,b}",
    "$", "$\\times$", "$\\pm$", "$^{2}$", "$_{1}$", "$\\sim$", "$10^{-3}$", "$\\frac{1}{2}$", "\\times", "\\pm",
    "\\'e", "\\\"{o}", "\\v{c}", "&amp;", "&#39;", "&nbsp;", "&bogus;", "<b>", "</b>", "<sub>", "\\url{a~b}",
    "\\href{u}{t}", "\\ours", "\\\\", "\\,", "\\ ", "^", "_", "\\(x\\)", "é", "×",
]


@st.composite
def latexish(draw) -> str:
    return "".join(draw(st.lists(st.sampled_from(_FRAGMENTS), max_size=40)))


def _check_map(norm: NormalizedText) -> None:
    """Every character maps to a non-empty source range, in order; ASCII letters and digits
    come from a range that holds them; spans and sentences map inside the source."""
    source, text = norm.source, norm.text
    if norm.starts is None:
        assert text == source
        return
    starts, ends = norm.starts, norm.ends
    assert len(starts) == len(ends) == len(text)
    assert text == text.strip(" ") and "  " not in text and "\n" not in text
    for i, ch in enumerate(text):
        assert 0 <= starts[i] < ends[i] <= len(source)
        if i:  # in order: after the previous character's range, or in the same one
            assert ends[i - 1] <= starts[i] or (starts[i - 1], ends[i - 1]) == (starts[i], ends[i])
        if ch in string.ascii_letters + string.digits and source[starts[i]] != "&":  # "&#x41;" is "A"
            assert ch in source[starts[i] : ends[i]]
    bounds = [-1]
    for a, b in _words(text):
        s, e = norm.source_span(a, b)
        assert 0 <= s < e <= len(source)
        sa, se = norm.source_sentence(a, b)
        assert sa <= s and e <= se and sa >= bounds[-1]
        bounds.append(se)


def _words(text: str) -> list[tuple[int, int]]:
    out, start = [], None
    for i, ch in enumerate(text + " "):
        if ch == " " and start is not None:
            out.append((start, i))
            start = None
        elif ch != " " and start is None:
            start = i
    return out


@settings(max_examples=400, deadline=None)
@given(latexish())
def test_markup_offsets_round_trip(source):
    _check_map(normalize_markup(source))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_markup_any_text(source):
    _check_map(normalize_markup(source))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + ".,;:()[]%+=/?!'\"é×±", max_size=80)
       .map(lambda s: " ".join(s.split())).filter(lambda s: "''" not in s))  # '' is TeX's closing quote
def test_markup_plain_text_round_trips_unchanged(text):
    norm = normalize_markup(text)
    assert norm.text == text and norm.starts is None


# --- through the pipeline ----------------------------------------------------------------------

_ABSTRACT_PARTS = [
    r"Our \textbf{FooNet} reaches 81.2\% top-1 accuracy on ImageNet~\cite{deng}.",
    r"It is 3$\times$ faster than ResNet-50 --- with 2.1$\pm$0.3 points more mAP on COCO.",
    "We study semantic seg-\nmentation and self-\nsupervised learning.",
    r"FooNet outperforms BERT by $\sim$5\% F$_1$ on SQuAD \citep{x}.",
    "A &amp; B&#39;s model gets 45.6 BLEU on WMT14 En-De.",
    "Plain sentence with 12.5% error on CIFAR-10.",
    "\n  ",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_ABSTRACT_PARTS), min_size=1, max_size=6).map(" ".join))
def test_markup_pipeline_offsets_index_the_stored_abstract(nlp_fast, abstract):
    import extractors
    from kg.core.model import Paper

    (x,) = extractors.extract([Paper(id="p", title=r"\textbf{FooNet}: fast", abstract=abstract)], nlp=nlp_fast)
    for entity in x.entities:
        assert "\\" not in entity.name and "$" not in entity.name
        for m in entity.mentions:
            assert abstract[m.start : m.end] == m.text and m.text.strip() == m.text
    for r in x.results:
        assert abstract[r.raw_start : r.raw_end] == r.raw
        assert abstract[r.evidence.start : r.evidence.end] == r.evidence.text
        assert r.evidence.start <= r.raw_start < r.raw_end <= r.evidence.end
    for c in x.claims:
        assert abstract[c.evidence.start : c.evidence.end] == c.evidence.text
    for a in x.attributes:
        assert abstract[a.start : a.end] == a.raw
    last = 0
    for start, end in x.sentences:
        assert last <= start < end <= len(abstract)
        last = end


def test_markup_pipeline_reads_the_normalised_text(nlp_fast):
    import extractors
    from kg.core.model import Paper

    abstract = r"Our \textbf{FooNet} reaches 81.2\% top-1 accuracy on ImageNet~\cite{deng}, 3$\times$ faster."
    (x,) = extractors.extract([Paper(id="p", title="T", abstract=abstract)], nlp=nlp_fast)
    (accuracy,) = [r for r in x.results if r.value == 81.2]
    assert (accuracy.unit, accuracy.raw, accuracy.metric) == ("%", r"81.2\%", "top-1 accuracy")
    assert accuracy.evidence.text == abstract
    assert x.sentences == ((0, len(abstract)),)
    (imagenet,) = [e for e in x.entities if e.name == "ImageNet"]
    assert [(m.start, m.end) for m in imagenet.mentions] == [(abstract.index("ImageNet"), abstract.index("~"))]
    assert any(r.value == 3 and r.unit == "x" and r.raw == r"3$\times$" for r in x.results)
