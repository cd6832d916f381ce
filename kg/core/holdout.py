"""Which evaluation items are held out of tuning: a fixed third of every set, chosen by hash.

Rules, vocabularies and trained recognisers are tuned on the rest; the figures `kg eval`
reports as "unseen" come from the held-out third only. The choice depends on nothing but the
item's key, so every developer, test and benchmark holds out the same items:

- the dev gold (`data/gold/arxiv_dev_gold.jsonl`): the paper's `id` ("arxiv:2511.14107");
- SOTA? papers (`data/train/sota_pwc_train.jsonl.gz`): the paper's `id`;
- TDMSci train sentences: "tdmsci:N", N numbered from 1 as `eval/tdmsci.py inputs` numbers them.
"""

from __future__ import annotations

import hashlib

__all__ = ["is_held_out"]


def is_held_out(key: str) -> bool:
    """True for the third of keys that tuning must never see.

    Examples:
        >>> is_held_out("arxiv:2511.14107"), is_held_out("tdmsci:3")
        (False, True)
    """
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 3 == 0
