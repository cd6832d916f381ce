# PaperKG: `make demo` builds the example graph, `make test` runs the tests.
# Both create .venv and install the project first if needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.paperkg-installed
# The exact versions the tests pass with (Python 3.11, Linux x86_64), hashes included; `make lock`
# refreshes it. pyproject.toml keeps the compatible ranges for installs into other environments.
LOCK := requirements.lock
UV_VERSION := 0.13.9
PIP := $(BIN)/python -m pip install -q --disable-pip-version-check

.PHONY: demo test install lock neo4j model vocab bench eval clean

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r $(LOCK)
	$(PIP) --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build examples/daily_papers.txt

# The suite runs on every core (pytest-xdist); the Neo4j tests stay on one worker
# (tests/conftest.py). `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= auto

test: $(STAMP)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadgroup

# Re-resolve the lock to the newest versions pyproject.toml allows (uv in a venv of its own, so the
# project's venv holds exactly the lock). Then `make test`, and commit requirements.lock.
lock:
	@test -x .venv-lock/bin/uv || ($(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install -q uv==$(UV_VERSION))
	.venv-lock/bin/uv pip compile pyproject.toml --extra dev --upgrade --generate-hashes \
		--python-version 3.11 --python-platform x86_64-unknown-linux-gnu --output-file $(LOCK)

# A real Neo4j server without Docker (Maven Central's neo4j-harness); Ctrl-C stops it.
neo4j: $(STAMP)
	$(BIN)/python tests/neo4j_server/server.py

# Retrain the shipped entity recogniser from SciERC, SciREX and TDMSci train in $(SHARED) (extractors/ner/README.md).
model: $(STAMP)
	SHARED=$(SHARED) PYTHON=$(BIN)/python bash extractors/ner/train.sh

# Rebuild the shipped dataset, metric and task vocabularies (kg/core/taxonomy/*.jsonl) from $(SHARED).
vocab: $(STAMP)
	$(BIN)/python -m kg.core.taxonomy.build --shared $(SHARED)

# Quality of both profiles on the dev gold, SciERC dev, TDMSci, SOTA? and the seed (about a minute).
eval: $(STAMP)
	$(BIN)/kg eval --shared $(SHARED) --profile both

bench: $(STAMP)
	$(BIN)/python bench/run_all.py --shared $(SHARED)

clean:
	rm -rf kg-store graph.html build .pytest_cache
