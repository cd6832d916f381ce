"""Shared bits of the benchmark scripts: where the data is, corpus slices, timing, RSS."""

from __future__ import annotations

import gzip
import json
import os
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_dir(arg: str | None) -> Path:
    """The shared data folder: --shared, $PAPERKG_SHARED, or ../shared next to the repo."""
    path = Path(arg or os.environ.get("PAPERKG_SHARED") or REPO.parent / "shared")
    if not (path / "data" / "arxiv").is_dir():
        raise SystemExit(f"no arXiv corpus under {path}/data/arxiv; pass --shared DIR")
    return path


def arxiv_records(shared: Path, limit: int | None = None) -> Iterator[dict]:
    """The real arXiv abstracts, as stored (one JSON object per line)."""
    with gzip.open(shared / "data" / "arxiv" / "arxiv_cs_abstracts.jsonl.gz", "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def write_corpus(shared: Path, path: Path, *, copies: int = 1, limit: int | None = None) -> int:
    """Write the corpus `copies` times (copy k gets ids suffixed "~k") to a JSON Lines file."""
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        for k in range(copies):
            for rec in arxiv_records(shared, limit):
                if k:
                    rec = {**rec, "id": f"{rec['id']}~{k}"}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def child_peak_rss_mb() -> float:
    """Peak resident memory of the largest finished child process, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class Timer:
    """Wall and CPU seconds of a block."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.end = time.perf_counter()
        self.wall = self.end - self.wall
        self.cpu = time.process_time() - self.cpu


def neo4j_server_module():
    """tests/neo4j_server/server.py, the Maven-launched Neo4j of the tests, as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("server", REPO / "tests" / "neo4j_server" / "server.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def neo4j_server(options: str = "test") -> tuple[str, str, str, object | None]:
    """URI, user and password of NEO4J_URI if set, else of the test harness server started here
    (tests/neo4j_server), and that server (None for NEO4J_URI), to `stop()` when done.

    `options`: "test", the JVM the tests start (C1 only, 1 GB heap, 128 MB page cache: quick to
    start), or "load", the one `make neo4j` starts for loading corpora (server.LOAD_JAVA_OPTS)."""
    if os.environ.get("NEO4J_URI"):
        return os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ["NEO4J_PASSWORD"], None
    module = neo4j_server_module()
    server = module.start(timeout=900, **(module.load_options() if options == "load" else {}))
    return server.uri, server.user, server.password, server


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of a running process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
