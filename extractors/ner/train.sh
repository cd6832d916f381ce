#!/usr/bin/env bash
# Reproduce PaperKG's entity recogniser end to end (`make model`):
#   1. tok2vec pretraining on arXiv CS abstracts (`spacy pretrain`, characters objective; cached in $WORK);
#   2. a silver recogniser on SciERC train alone (the one source that annotates every label);
#   3. SciERC train + SciREX train + TDMSci train (its held-out third excluded) on one label set, the
#      silver recogniser marking as missing what a source does not annotate (see convert.py);
#   4. spacy train, the checkpoint chosen on a slice of train kept aside (never SciERC dev, never
#      the TDMSci held-out third: those are the figures reported as unseen);
#   5. package to extractors/models/scierc_ner with sha256s of data and config and the scores in meta.json.
#
# Usage (from anywhere):  bash extractors/ner/train.sh
# Environment:
#   SHARED            shared data dir (default: ../shared relative to the repo root)
#   PYTHON            python with spacy 3.8 (default: <repo>/.venv/bin/python)
#   WORK              scratch dir (default: /tmp/paperkg-ner-build); pretraining output there is reused if present
#   OUT               output pipeline dir (default: <repo>/extractors/models/scierc_ner)
#   PRETRAIN          1 = spacy pretrain the tok2vec first (default 1); 0 = train from random init
#   PRETRAIN_N        number of arXiv abstracts in the pretraining subset (default 15000)
#   PRETRAIN_SEED     seed for the subset sample (default 13)
#   PRETRAIN_EPOCHS   pretraining epochs over the subset (default 1)
#   SILVER            1 = mark unannotated labels missing with a SciERC-only recogniser (default 1)
#   SCIREX_SENTENCES  body sentences (holding a mention) drawn from each SciREX paper (default 12)
#   TDMSCI_WEIGHT     times each TDMSci training sentence is repeated (default 3)
#   TRAIN_ARGS        extra `spacy train` overrides for the final model, e.g. "--training.dropout 0.3"
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SHARED="${SHARED:-../shared}"
case "$SHARED" in /*) ;; *) SHARED="$(cd "$REPO/$SHARED" && pwd)";; esac
PYTHON="${PYTHON:-$REPO/.venv/bin/python}"
WORK="${WORK:-/tmp/paperkg-ner-build}"
OUT="${OUT:-$REPO/extractors/models/scierc_ner}"
PRETRAIN="${PRETRAIN:-1}"
PRETRAIN_N="${PRETRAIN_N:-15000}"
PRETRAIN_SEED="${PRETRAIN_SEED:-13}"
PRETRAIN_EPOCHS="${PRETRAIN_EPOCHS:-1}"
SILVER="${SILVER:-1}"
SCIREX_SENTENCES="${SCIREX_SENTENCES:-12}"
TDMSCI_WEIGHT="${TDMSCI_WEIGHT:-3}"
TRAIN_ARGS="${TRAIN_ARGS:-}"
CONFIG="$HERE/config.cfg"
SCIERC_TRAIN="$SHARED/data/scierc/train.json"
SCIERC_DEV="$SHARED/data/scierc/dev.json"
SCIREX_TRAIN="$SHARED/data/train/scirex/train_docs.jsonl.gz"
TDMSCI_TRAIN="$SHARED/data/train/tdmsci/train.conll"
ARXIV="$SHARED/data/arxiv/arxiv_cs_abstracts.jsonl.gz"

# one core, one thread (keep any OPENBLAS_CORETYPE the caller set)
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0
mkdir -p "$WORK"
SECONDS=0

INIT=()
FIN_ARGS=()
if [ "$PRETRAIN" = "1" ]; then
    PT_TEXT="$WORK/pretrain_${PRETRAIN_N}_${PRETRAIN_SEED}.jsonl"
    # cache key: only the config sections that pretraining depends on
    PT_KEY="$("$PYTHON" -c 'import sys,hashlib,json; from spacy.util import load_config; c=load_config(sys.argv[1], interpolate=False); print(hashlib.sha256(json.dumps([c[k] for k in ("system","nlp","pretraining")]+[c["components"]["tok2vec"]], sort_keys=True, default=str).encode()).hexdigest()[:12])' "$CONFIG")"
    PT_DIR="$WORK/pretrain_${PRETRAIN_N}_${PRETRAIN_SEED}_${PT_KEY}"
    PT_BIN="$PT_DIR/model$((PRETRAIN_EPOCHS - 1)).bin"
    [ -s "$PT_TEXT" ] || "$PYTHON" "$HERE/pretrain_data.py" "$ARXIV" "$PT_TEXT" "$PRETRAIN_N" "$PRETRAIN_SEED"
    if [ -s "$PT_BIN" ]; then
        echo "== reusing pretrained tok2vec $PT_BIN" >&2
    else
        echo "== spacy pretrain ($PRETRAIN_N abstracts x $PRETRAIN_EPOCHS epochs) -> $PT_DIR" >&2
        rm -rf "$PT_DIR"
        "$PYTHON" -m spacy pretrain "$CONFIG" "$PT_DIR" --paths.raw_text "$PT_TEXT" \
            --pretraining.max_epochs "$PRETRAIN_EPOCHS"
    fi
    INIT=(--paths.init_tok2vec "$PT_BIN")
    FIN_ARGS=(--extra "pretrain_subset.jsonl=$PT_TEXT" --extra "arxiv_cs_abstracts.jsonl.gz=$ARXIV"
              --extra "pretrained_tok2vec.bin=$PT_BIN")
fi

SILVER_ARGS=()
if [ "$SILVER" = "1" ]; then
    # cache key: what the silver recogniser depends on (config, SciERC train, converter, pretrained tok2vec)
    SILVER_KEY="$(cat "$CONFIG" "$SCIERC_TRAIN" "$HERE/convert.py" ${PT_BIN:+"$PT_BIN"} | sha256sum | cut -c1-12)"
    SILVER_DIR="$WORK/silver_$SILVER_KEY"
    if [ -d "$SILVER_DIR/model-best" ]; then
        echo "== reusing silver recogniser $SILVER_DIR" >&2
    else
        echo "== silver recogniser: SciERC train alone -> $SILVER_DIR" >&2
        "$PYTHON" "$HERE/convert.py" "$WORK/silver_data" --scierc "$SCIERC_TRAIN"
        rm -rf "$SILVER_DIR"
        "$PYTHON" -m spacy train "$CONFIG" --output "$SILVER_DIR" \
            --paths.train "$WORK/silver_data/train.spacy" --paths.dev "$WORK/silver_data/slice.spacy" "${INIT[@]}"
    fi
    SILVER_ARGS=(--silver "$SILVER_DIR/model-best")
fi

echo "== convert SciERC + SciREX + TDMSci -> $WORK/data" >&2
"$PYTHON" "$HERE/convert.py" "$WORK/data" --scierc "$SCIERC_TRAIN" --scirex "$SCIREX_TRAIN" \
    --tdmsci "$TDMSCI_TRAIN" --scirex-sentences "$SCIREX_SENTENCES" --tdmsci-weight "$TDMSCI_WEIGHT" "${SILVER_ARGS[@]}"

echo "== spacy train -> $WORK/trained" >&2
rm -rf "$WORK/trained"
# shellcheck disable=SC2086
"$PYTHON" -m spacy train "$CONFIG" --output "$WORK/trained" \
    --paths.train "$WORK/data/train.spacy" --paths.dev "$WORK/data/slice.spacy" "${INIT[@]}" $TRAIN_ARGS

echo "== package -> $OUT" >&2
# training time of this run: pretraining and the silver recogniser count only when built now
"$PYTHON" "$HERE/finalize.py" "$WORK/trained/model-best" "$OUT" --config "$CONFIG" \
    --slice "$WORK/data/slice.spacy" --stats "$WORK/data/stats.json" \
    --scierc-dev "$SCIERC_DEV" --tdmsci "$TDMSCI_TRAIN" \
    --extra "scierc_train.json=$SCIERC_TRAIN" --extra "scirex_train_docs.jsonl.gz=$SCIREX_TRAIN" \
    --extra "tdmsci_train.conll=$TDMSCI_TRAIN" "${FIN_ARGS[@]}" --training-seconds "$SECONDS" \
    --note "pretrain=$PRETRAIN n=$PRETRAIN_N epochs=$PRETRAIN_EPOCHS silver=$SILVER scirex_sentences=$SCIREX_SENTENCES tdmsci_weight=$TDMSCI_WEIGHT args='$TRAIN_ARGS'"
du -sh "$OUT" >&2
