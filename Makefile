# convmap: every target creates .venv if missing and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.docs-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	touch $@

$(VENV)/.test-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[docs,test]'
	touch $@

## serve: the site at http://127.0.0.1:8000, rebuilt as files change
serve: $(VENV)/.docs-installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## site: a strict build of the site into site/
site: $(VENV)/.docs-installed
	$(BIN)/mkdocs build --strict --site-dir site

## test: the whole suite: unit, golden, doctests, strict site build, browser
test: $(VENV)/.test-installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

## lint: ruff
lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

## bench: the convolution benchmark (add ARGS=--quick for a fast run)
bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/bench_conv.py $(ARGS)

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis test-artifacts
