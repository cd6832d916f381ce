# PaperKG: `make demo` builds the example graph, `make test` runs the tests.
# Both create .venv and install the project first if needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.paperkg-installed

.PHONY: demo test install neo4j model vocab bench eval clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build examples/daily_papers.txt

test: $(STAMP)
	$(BIN)/python -m pytest -q

# A real Neo4j server without Docker (Maven Central's neo4j-harness); Ctrl-C stops it.
neo4j: $(STAMP)
	$(BIN)/python tests/neo4j_server/server.py

# Retrain the shipped SciERC entity recogniser from $(SHARED)/data/scierc.
model: $(STAMP)
	SHARED=$(SHARED) PYTHON=$(BIN)/python bash extractors/ner/train.sh

# Rebuild the shipped dataset, metric and task vocabularies (kg/taxonomy/*.jsonl) from $(SHARED).
vocab: $(STAMP)
	$(BIN)/python -m kg.taxonomy.build --shared $(SHARED)

eval: $(STAMP)
	$(BIN)/kg eval --shared $(SHARED)

bench: $(STAMP)
	$(BIN)/python bench/run_all.py --shared $(SHARED)

clean:
	rm -rf kg-store graph.html build .pytest_cache
