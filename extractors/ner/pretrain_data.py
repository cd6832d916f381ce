#!/usr/bin/env python3
"""Write a deterministic subset of arXiv CS abstracts as spaCy pretraining JSONL ({"text": ...}).

    python extractors/ner/pretrain_data.py ARXIV.jsonl.gz OUT.jsonl [N] [SEED]

Records are read in file order, de-duplicated on "id", and N of them are drawn with
random.Random(SEED).sample over the unique ids (sorted back into file order).
"""
import gzip
import json
import random
import sys


def main(src, out, n=15000, seed=13):
    seen, texts = set(), []
    with gzip.open(src, "rt", encoding="utf8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("id") in seen or not (rec.get("abstract") or "").strip():
                continue
            seen.add(rec.get("id"))
            texts.append(" ".join(rec["abstract"].split()))
    idx = sorted(random.Random(seed).sample(range(len(texts)), min(n, len(texts))))
    with open(out, "w", encoding="utf8") as fh:
        for i in idx:
            fh.write(json.dumps({"text": texts[i]}, ensure_ascii=False) + "\n")
    print(f"{src}: {len(texts)} unique abstracts -> {out}: {len(idx)}", file=sys.stderr)


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], int(a[2]) if len(a) > 2 else 15000, int(a[3]) if len(a) > 3 else 13)
