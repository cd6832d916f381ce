"""Run every benchmark in turn (what `make bench` does); each prints its own ratios and bars."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

if __name__ == "__main__":
    for script in ("extract_speed.py", "build_scale.py", "queries_incremental.py", "neo4j_load.py", "analyze.py"):
        print(f"\n=== {script} ===", flush=True)
        subprocess.run([sys.executable, str(HERE / script), *sys.argv[1:]], check=False)
