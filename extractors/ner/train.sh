#!/usr/bin/env bash
# Reproduce PaperKG's SciERC NER model end to end:
#   SciERC json -> DocBin, (optional) spacy pretrain of tok2vec on arXiv CS abstracts,
#   spacy train, then package to extractors/models/scierc_ner with sha256s + dev scores in meta.json.
#
# Usage (from anywhere):  bash extractors/ner/train.sh
# Environment:
#   SHARED           shared data dir (default: ../shared relative to the repo root)
#   PYTHON           python with spacy 3.8 (default: <repo>/.venv/bin/python)
#   WORK             scratch dir (default: /tmp/paperkg-ner-build); pretraining output there is reused if present
#   OUT              output pipeline dir (default: <repo>/extractors/models/scierc_ner)
#   PRETRAIN         1 = spacy pretrain the tok2vec first (default 1); 0 = train from random init
#   PRETRAIN_N       number of arXiv abstracts in the pretraining subset (default 15000)
#   PRETRAIN_SEED    seed for the subset sample (default 13)
#   PRETRAIN_EPOCHS  pretraining epochs over the subset (default 1)
#   ALL_LABELS       1 = also train OtherScientificTerm/Generic as OTHER/GENERIC (default 1); 0 = only the 4 scored types
#   TRAIN_ARGS       extra `spacy train` overrides, e.g. "--training.dropout 0.3"
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
ALL_LABELS="${ALL_LABELS:-1}"
TRAIN_ARGS="${TRAIN_ARGS:-}"
CONFIG="$HERE/config.cfg"
TRAIN_JSON="$SHARED/data/scierc/train.json"
DEV_JSON="$SHARED/data/scierc/dev.json"
ARXIV="$SHARED/data/arxiv/arxiv_cs_abstracts.jsonl.gz"

# one core, one thread (keep any OPENBLAS_CORETYPE the caller set)
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0

mkdir -p "$WORK"
echo "== convert SciERC ($SHARED) -> $WORK" >&2
LABEL_FLAG=""; [ "$ALL_LABELS" = "1" ] && LABEL_FLAG="--all-labels"
"$PYTHON" "$HERE/convert.py" "$TRAIN_JSON" "$WORK/train.spacy" $LABEL_FLAG
"$PYTHON" "$HERE/convert.py" "$DEV_JSON" "$WORK/dev.spacy" $LABEL_FLAG

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
    FIN_ARGS=(--pretrain "$PT_TEXT" --extra "arxiv_cs_abstracts.jsonl.gz=$ARXIV" --extra "pretrained_tok2vec.bin=$PT_BIN")
fi

echo "== spacy train -> $WORK/trained" >&2
rm -rf "$WORK/trained"
# shellcheck disable=SC2086
"$PYTHON" -m spacy train "$CONFIG" --output "$WORK/trained" \
    --paths.train "$WORK/train.spacy" --paths.dev "$WORK/dev.spacy" "${INIT[@]}" $TRAIN_ARGS

echo "== package -> $OUT" >&2
"$PYTHON" "$HERE/finalize.py" "$WORK/trained/model-best" "$OUT" \
    --train "$TRAIN_JSON" --dev "$DEV_JSON" --config "$CONFIG" "${FIN_ARGS[@]}" \
    --note "pretrain=$PRETRAIN n=$PRETRAIN_N epochs=$PRETRAIN_EPOCHS all_labels=$ALL_LABELS args='$TRAIN_ARGS'"
du -sh "$OUT" >&2
