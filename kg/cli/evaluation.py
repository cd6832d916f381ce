"""`kg eval`: extraction quality with the shared scorers."""

from __future__ import annotations

import time

from kg.cli.app import (
    Opt,
    app,
    err,
    out,
)


@app.command("eval")
def eval_cmd(
    profile: str = Opt("default", "--profile", help="Extraction profile: default, fast (rules only), or both."),
    fast: bool = Opt(False, "--fast", help="Same as --profile fast."),
    shared: str | None = Opt(None, "--shared", help="Shared data folder DIR (default: $PAPERKG_SHARED or ../shared)."),
) -> None:
    """Extract and score with the shared scorers: dev gold (unseen, then tuning), SciERC dev,
    TDMSci and SOTA? (unseen), and the seed gold last (the tuning set)."""
    from kg.evaluate import eval_profiles, evaluate, load_scorers, shared_dir

    profiles = eval_profiles("fast" if fast else profile)
    base = shared_dir(shared)
    scorers = load_scorers(base)
    for name in profiles:
        started = time.perf_counter()
        err.print(f"scoring profile {name!r} with the scorers and data of {base}", markup=False)
        lines = evaluate(base, profile=name, scorers=scorers)
        out.print(f"== profile {name} ==", markup=False, emoji=False, highlight=False)
        for line in lines:
            out.print(line.text(), markup=False, emoji=False, highlight=False)
        err.print(f"profile {name!r} scored in {time.perf_counter() - started:.0f} s", markup=False)
