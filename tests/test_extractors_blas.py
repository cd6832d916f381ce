"""extractors.blas: the recogniser's matrix products on numpy's BLAS, one thread, same answers."""

from __future__ import annotations

import numpy
import pytest
import spacy
from thinc.api import NumpyOps

from extractors import blas
from extractors.pipeline import NER_MODEL_DIR

needs_openblas = pytest.mark.skipif(blas.one_thread_ops() is None, reason="numpy's BLAS is no OpenBLAS >= 0.3.27")


@needs_openblas
@pytest.mark.parametrize("shape", [(1, 3, 2), (7, 192, 64), (300, 256, 192)])
@pytest.mark.parametrize("trans1,trans2", [(False, False), (True, False), (False, True), (True, True)])
def test_extractors_one_thread_gemm_is_the_product(shape, trans1, trans2):
    m, k, n = shape
    rng = numpy.random.default_rng(m + k + n)
    x = rng.standard_normal((k, m) if trans1 else (m, k), dtype="float32")
    y = rng.standard_normal((n, k) if trans2 else (k, n), dtype="float32")
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)  # thinc's own (BLIS)
    out = numpy.empty((m, n), dtype="float32")
    got = blas.one_thread_ops().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
    assert got is out
    numpy.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


@needs_openblas
@pytest.mark.parametrize("threads", [1, 2, 3])
def test_extractors_one_thread_gemm_restores_the_threads_setting(threads):
    set_local = blas._set_local_threads()
    previous = set_local(threads)
    try:
        blas.one_thread_ops().gemm(numpy.ones((64, 64), dtype="float32"), numpy.ones((64, 64), dtype="float32"))
        assert set_local(threads) == threads
    finally:
        set_local(previous)


@needs_openblas
@pytest.mark.skipif(not NER_MODEL_DIR.is_dir(), reason="no shipped recogniser")
@pytest.mark.parametrize("text", [
    "We evaluate FooNet on the WidgetQA benchmark and report exact match and F1 scores.",
    "Machine translation quality is measured with BLEU on a held-out test set.",
    "The proposed Graph Relay Transformer improves named entity recognition on CoNLL-2003.",
])
def test_extractors_recognizer_finds_the_same_entities_on_either_ops(text):
    reference, ours = spacy.load(NER_MODEL_DIR), spacy.load(NER_MODEL_DIR)
    assert blas.use_one_thread_blas(ours)
    assert [(e.start, e.end, e.label_) for e in ours(text).ents] == \
        [(e.start, e.end, e.label_) for e in reference(text).ents]
