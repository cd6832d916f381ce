"""Greedy decoding of the recogniser's transition NER, all states of a batch at once in numpy.

spaCy's `Parser.greedy_parse` steps through a batch in C, but in the spaCy 3.8 wheels every
validity check of every move (29 moves for 7 labels, at each token) takes and drops the GIL,
twice or more (the state accessors check for errors with it): on arXiv abstracts that was
two thirds of the recogniser's time, and the network itself a fifth. This module takes the
same decisions with the same arithmetic, one array operation per step for the whole batch:

- the network up to the state features is spaCy's own layers (tok2vec, the parser's
  projection and its precomputed lower layer), called as `ParserStepModel` calls them;
- a state's features are those of `StateC.set_context_tokens` for NER (the buffer's first
  token, the open entity's first token and the token before the buffer's first, padding for
  the last two when no entity is open), summed in the same order as `sum_state_features`,
  plus the bias, maxout over the pieces, then the upper layer with the same BLIS `sgemm` the C
  loop calls (so each score is the same float) and its bias;
- unseen classes get the batch's minimum score, as in `predict_states`;
- the valid moves are those of `spacy.pipeline._parser_internals.ner` for a Doc without
  preset entities (B, I, L, U, O by the open entity, the last token, the next token's sentence
  start and whitespace), and the best valid move wins, the first on a tie (`arg_max_if_valid`).

`greedy_entities` returns None when the recogniser is not the shape this mirrors (another
pipeline, beam search, another feature set); `recognized_entities` then runs
the pipeline itself.
"""

from __future__ import annotations

import numpy
from blis.py import gemm
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["greedy_entities", "recognized_entities"]

_KINDS = "BILUO"


def recognized_entities(recognizer: Language, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
    """The entities (start, end, label) of `recognizer.pipe(docs)` (one batch), by
    `greedy_entities` where it applies."""
    found = greedy_entities(recognizer, docs)
    if found is None:
        found = [[(e.start, e.end, e.label_) for e in doc.ents]
                 for doc in recognizer.pipe(docs, batch_size=max(len(docs), 1))]
    return found


def greedy_entities(recognizer: Language, docs: list[Doc]) -> list[list[tuple[int, int, str]]] | None:
    """The entities (start, end, label) the recogniser's NER finds in each Doc, as
    `recognizer.pipe(docs)` would set `doc.ents`; None when this decoder does not apply.
    The Docs get the tok2vec's tensors (as running the pipeline would)."""
    if recognizer.pipe_names != ["tok2vec", "ner"] or any(len(doc) and doc.has_annotation("ENT_IOB") for doc in docs):
        return None
    ner = recognizer.get_pipe("ner")
    model = ner.model
    if ner.cfg.get("beam_width", 1) != 1 or model.name != "parser_model" \
            or not isinstance(model.ops.xp.zeros(0), numpy.ndarray):
        return None
    moves = _moves(ner)
    if moves is None or model.get_ref("lower").get_dim("nF") != 3:
        return None
    tok2vec = recognizer.get_pipe("tok2vec")
    tok2vec.set_annotations(docs, tok2vec.predict(docs))
    found: list[list[tuple[int, int, str]]] = [[] for _ in docs]
    # as `Parser.pipe` with the whole list as one batch: by length, in sub-batches of a quarter
    order = sorted(range(len(docs)), key=lambda n: len(docs[n]))
    size = max(len(docs) // 4, 2)
    for first in range(0, len(order), size):
        part = order[first : first + size]
        for n, ents in zip(part, _decode(model, moves, [docs[n] for n in part]), strict=True):
            found[n] = ents
    return found


def _decode(model, moves: tuple[numpy.ndarray, numpy.ndarray, list[str]],
            docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
    """`Parser.predict` + `set_annotations` of one sub-batch (see the module docstring)."""
    if not any(len(doc) for doc in docs):
        return [[] for _ in docs]
    embed, lower, upper = model.layers
    tokvecs = embed.predict(docs)
    cached = lower.predict(tokvecs)  # (tokens + 1, features, hidden, pieces); row 0 is the padding
    n_feats, n_hidden, n_pieces = cached.shape[1:]
    flat = numpy.ascontiguousarray(cached.reshape(cached.shape[0], n_feats, n_hidden * n_pieces))
    bias = lower.get_param("b").reshape(-1)
    if model.attrs["has_upper"]:
        weights, out_bias = upper.get_param("W"), upper.get_param("b")
    else:
        weights = out_bias = None
    kinds, labels, names = moves
    seen = numpy.ones(len(kinds), dtype=bool)
    seen[list(model.attrs["unseen_classes"])] = False
    is_b, is_i, is_l, is_u, is_o = ((kinds == k)[None, :] for k in range(5))
    labelled = (labels != 0)[None, :]
    offsets = numpy.cumsum([0] + [len(doc) for doc in docs])
    # what each token allows, by the BILUO rules (no preset entities): the last token of its Doc,
    # the next token opening a sentence, whitespace; then the valid moves with no entity open,
    # and those of an open entity but for its label
    last = numpy.zeros(offsets[-1], dtype=bool)
    last[offsets[1:][offsets[1:] > offsets[:-1]] - 1] = True
    attrs = numpy.concatenate([doc.to_array([SENT_START, IS_SPACE]) for doc in docs])
    stop = (last | numpy.append(attrs[1:, 0] == 1, False))[:, None]
    blank = (attrs[:, 1] != 0)[:, None]
    closed_valid = (is_b & labelled & ~(stop | blank)) | (is_u & labelled & ~blank) | is_o
    open_valid = (is_i & labelled & ~stop) | (is_l & labelled)
    # with no entity open, features 1 and 2 are padding: each token's scores once, for all steps
    closed_scores = _scores(flat[1:, 0] + flat[0, 1], flat[0, 2], bias, n_pieces, weights, out_bias)
    # with every class seen, a state with no entity open takes its token's best move, known in
    # advance: it jumps over the tokens whose move is O (the unseen classes' minimum is the step's)
    jump = bool(seen.all())
    if jump:
        closed_best = numpy.where(closed_valid, closed_scores, -numpy.inf).argmax(axis=1)
        events = numpy.append(numpy.flatnonzero(kinds[closed_best] != 4), offsets[-1])
        next_event = events[numpy.searchsorted(events, numpy.arange(offsets[-1]))]
    # one state per non-empty Doc: its buffer's first token (index in the sub-batch), its Doc's end
    alive = numpy.array([n for n, doc in enumerate(docs) if len(doc)], dtype=numpy.int64)
    pos = offsets[alive].copy()
    end = offsets[alive + 1]
    ent_start = numpy.full(len(alive), -1, dtype=numpy.int64)
    ent_label = numpy.zeros(len(alive), dtype=labels.dtype)
    found: list[list[tuple[int, int, str]]] = [[] for _ in docs]

    def _open_scores(here, start, label):
        # features: the buffer's first token, the entity's first, the token before the buffer's first
        scores = _scores(flat[here + 1, 0] + flat[start + 1, 1], flat[here, 2], bias, n_pieces, weights, out_bias)
        return scores, open_valid[here] & (labels[None, :] == label[:, None])

    while len(alive):
        opened = ent_start >= 0
        if jump:
            pos[~opened] = next_event[pos[~opened]]
            keep = pos < end
            if not keep.all():
                alive, pos, end, ent_start, ent_label, opened = (
                    alive[keep], pos[keep], end[keep], ent_start[keep], ent_label[keep], opened[keep])
                if not len(alive):
                    break
            best = closed_best[pos]
            if opened.any():
                scores, valid = _open_scores(pos[opened], ent_start[opened], ent_label[opened])
                best[opened] = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)
        else:
            scores, valid = closed_scores[pos], closed_valid[pos]
            if opened.any():
                scores[opened], valid[opened] = _open_scores(pos[opened], ent_start[opened], ent_label[opened])
            scores[:, ~seen] = scores.min()
            best = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)
        kind = kinds[best]
        begin = (kind == 0) | (kind == 3)
        ent_start[begin] = pos[begin]
        ent_label[begin] = labels[best[begin]]
        done = (kind == 2) | (kind == 3)
        for k in numpy.flatnonzero(done):
            n = alive[k]
            found[n].append((int(ent_start[k] - offsets[n]), int(pos[k] + 1 - offsets[n]), names[best[k]]))
        ent_start[done] = -1
        pos += 1
        keep = pos < end
        if not keep.all():
            alive, pos, end, ent_start, ent_label = alive[keep], pos[keep], end[keep], ent_start[keep], ent_label[keep]
    return found


def _scores(pair: numpy.ndarray, third: numpy.ndarray, bias: numpy.ndarray, n_pieces: int,
            weights: numpy.ndarray | None, out_bias: numpy.ndarray | None) -> numpy.ndarray:
    """Action scores from the sum of a state's first two features and its third, in
    `predict_states`' order: + third, + bias, maxout, then the upper layer (BLIS, as in C)."""
    unmaxed = pair + third
    unmaxed += bias
    unmaxed = unmaxed.reshape(len(unmaxed), -1, n_pieces)
    hidden = unmaxed[..., 0]
    for piece in range(1, n_pieces):
        hidden = numpy.maximum(hidden, unmaxed[..., piece])
    if weights is None:
        return numpy.ascontiguousarray(hidden)
    scores = gemm(numpy.ascontiguousarray(hidden), weights, trans2=True, beta=0.0)
    scores += out_bias
    return scores


def _moves(ner) -> tuple[numpy.ndarray, numpy.ndarray, list[str]] | None:
    """Each class's move (index in "BILUO"), label id (0 = none) and label name; None when a
    move is not one of the BILUO system's."""
    kinds, labels, names = [], [], []
    ids: dict[str, int] = {"": 0}
    for clas in range(ner.moves.n_moves):
        name = ner.moves.get_class_name(clas)
        kind, _, label = name.partition("-")
        if kind not in _KINDS or (kind == "O") != (name == "O"):
            return None
        kinds.append(_KINDS.index(kind))
        labels.append(ids.setdefault(label, len(ids)))
        names.append(label)
    return numpy.array(kinds), numpy.array(labels), names
