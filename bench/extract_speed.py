"""Extraction speed on real arXiv abstracts: abstracts per CPU second, ratios and bars.

    python bench/extract_speed.py [--shared DIR] [-n 2000] [--repeat 3] [--workers 2]

Engines, all in this process and on the same N abstracts (the first N of the corpus):

- ceiling: `spacy.blank("en")` tokenizer + sentencizer, the least any spaCy pipeline does;
- fast and default: `extractors.extract` with `load_nlp("fast")` / `load_nlp("default")`;
- quantulum3: `parser.parse(text)`, an off-the-shelf number-and-unit extractor.

Speed is CPU time (`time.process_time`), so other jobs on the machine count as little as
possible. The texts are cut into chunks of 50. Each round runs every engine in turn over all
chunks (one engine at a time, so none runs on caches another just evicted); each chunk counts
with its best time over `--repeat` rounds, so bursts of load on a shared machine drop out
and all engines see the same conditions. spaCy engines run once over the texts first (warm
tokenizer caches for all of them).

Then the wall-clock speed-up of `kg.build.extract_records(workers=W)` over `workers=1`:
"steady" is the rate once the first batch is out (process start and pipeline loading are
excluded, in both arms); "end-to-end" includes them. The bar applies to the steady rate.
No assertions: this prints figures, ratios and PASS/FAIL lines.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections import deque
from collections.abc import Callable

from _common import arxiv_records, shared_dir

CHUNK = 50


ENGINES = ("ceiling", "fast", "default", "quantulum3")
# on request only: the default profile with the recogniser's moves decoded by spaCy's own greedy
# parser instead of `extractors.ner_decode` (an A/B of the decoder, same output)
EXTRA_ENGINES = ("default-spacy-decode",)


def _engines(names: list[str]) -> dict[str, Callable[[list], None]]:
    import spacy

    import extractors

    engines: dict[str, Callable[[list], None]] = {}
    if "ceiling" in names:
        blank = spacy.blank("en")
        blank.add_pipe("sentencizer")
        engines["ceiling"] = lambda papers: deque(blank.pipe(p.abstract for p in papers), maxlen=0)
    for profile in ("fast", "default"):
        if profile in names:
            nlp = extractors.load_nlp(profile)
            engines[profile] = lambda papers, nlp=nlp: deque(extractors.extract(papers, nlp=nlp), maxlen=0)
    if "default-spacy-decode" in names:
        import extractors.ner_decode as ner_decode

        nlp = extractors.load_nlp("default")

        def spacy_decode(papers, nlp=nlp, greedy=ner_decode.greedy_entities):
            ner_decode.greedy_entities = lambda recognizer, docs: None  # recognized_entities runs the pipeline
            try:
                deque(extractors.extract(papers, nlp=nlp), maxlen=0)
            finally:
                ner_decode.greedy_entities = greedy

        engines["default-spacy-decode"] = spacy_decode
    if "quantulum3" in names:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "classifier dependencies not installed"
            from quantulum3 import parser
        engines["quantulum3"] = lambda papers: deque((parser.parse(p.abstract) for p in papers), maxlen=0)
    return engines


def cpu_rates(papers: list, engines: dict[str, Callable[[list], None]], repeat: int) -> dict[str, float]:
    """Abstracts per CPU second of each engine: chunked, interleaved, best of `repeat` per chunk."""
    chunks = [papers[i : i + CHUNK] for i in range(0, len(papers), CHUNK)]
    for name, run in engines.items():
        if name != "quantulum3":
            run(papers)
    best = {name: [float("inf")] * len(chunks) for name in engines}
    for _ in range(repeat):
        for name, run in engines.items():
            for k, chunk in enumerate(chunks):
                start = time.process_time()
                run(chunk)
                best[name][k] = min(best[name][k], time.process_time() - start)
    return {name: len(papers) / sum(times) for name, times in best.items()}


def worker_rates(papers: list, profile: str, workers: int) -> tuple[float, float]:
    """(steady, end-to-end) abstracts per wall second of `extract_records` on `workers` processes."""
    from kg.build import extract_records

    start = time.perf_counter()
    first = None
    n = 0
    for n, _ in enumerate(extract_records(papers, profile=profile, workers=workers), 1):
        if first is None:
            first = (time.perf_counter(), n)
    end = time.perf_counter()
    # the first record arrives with its whole batch of 64
    steady_from = first[0] if first else start
    steady_n = n - 64 if n > 64 else n
    return steady_n / max(end - steady_from, 1e-9), n / (end - start)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", help="shared data folder (default $PAPERKG_SHARED or ../shared)")
    ap.add_argument("-n", "--n", type=int, default=2000, help="abstracts (default 2000)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds per chunk; the best counts (default 3)")
    ap.add_argument("--workers", type=int, default=2, help="processes for the speed-up; 1 skips it (default 2)")
    ap.add_argument("--workers-profile", default="default", help="profile for the speed-up (default: default)")
    ap.add_argument("--engines", default=",".join(ENGINES),
                    help=f"comma-separated subset of {','.join(ENGINES + EXTRA_ENGINES)}, or 'none' "
                         f"(default: {','.join(ENGINES)})")
    args = ap.parse_args()
    names = [] if args.engines == "none" else args.engines.split(",")
    if unknown := set(names) - set(ENGINES + EXTRA_ENGINES):
        ap.error(f"unknown engine(s) {', '.join(sorted(unknown))}; choose from {', '.join(ENGINES + EXTRA_ENGINES)}")

    from kg.core.model import Paper

    papers = [Paper(id=r["id"], title=r.get("title") or "", abstract=r.get("abstract") or "")
              for r in arxiv_records(shared_dir(args.shared), args.n)]
    print(f"{len(papers)} arXiv abstracts, CPU time, best of {args.repeat} per chunk of {CHUNK}", flush=True)
    rates = cpu_rates(papers, _engines(names), args.repeat)
    for name, rate in rates.items():
        print(f"{name:12s} {rate:9.1f} abstracts/s")
    ratios: dict[str, float] = {}
    for a, b in (("fast", "ceiling"), ("fast", "quantulum3"), ("default", "quantulum3"),
                 ("default", "default-spacy-decode")):
        if a in rates and b in rates:
            ratios[f"{a}/{b}"] = rates[a] / rates[b]
    if args.workers > 1:
        one = worker_rates(papers, args.workers_profile, 1)
        many = worker_rates(papers, args.workers_profile, args.workers)
        print(f"workers ({args.workers_profile}): 1 -> {one[0]:.1f}/s steady, {one[1]:.1f}/s end-to-end; "
              f"{args.workers} -> {many[0]:.1f}/s steady, {many[1]:.1f}/s end-to-end")
        ratios[f"workers {args.workers} speed-up (steady)"] = many[0] / one[0]
        ratios[f"workers {args.workers} speed-up (end-to-end)"] = many[1] / one[1]
    for name, value in ratios.items():
        print(f"{name:36s} {value:7.2f}")
    checks = [
        ("fast >= 500 abstracts/s", "fast", lambda: rates["fast"] >= 500),
        ("fast/ceiling >= 0.30", "fast/ceiling", lambda: ratios["fast/ceiling"] >= 0.30),
        ("fast >= 20x quantulum3", "fast/quantulum3", lambda: ratios["fast/quantulum3"] >= 20),
        ("default >= 3x quantulum3", "default/quantulum3", lambda: ratios["default/quantulum3"] >= 3),
        ("default >= 80 abstracts/s", "default", lambda: rates["default"] >= 80),
        (f"workers {args.workers} >= 1.7x (steady)", f"workers {args.workers} speed-up (steady)",
         lambda: ratios[f"workers {args.workers} speed-up (steady)"] >= 1.7),
    ]
    bars = [(name, check()) for name, needs, check in checks if needs in rates or needs in ratios]
    for name, ok in bars:
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(ok for _, ok in bars) else 1


if __name__ == "__main__":
    sys.exit(main())
