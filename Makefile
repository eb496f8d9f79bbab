# convmap: every target creates .venv if missing and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test lint bench bench-pyodide clean

# Pyodide's core for the live pages: npm installs the version package-lock.json pins
# into node_modules/ (git-ignored); the site build copies it into the site.
ENGINE := node_modules/.package-lock.json

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.docs-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	touch $@

$(VENV)/.test-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[docs,test]'
	touch $@

$(ENGINE): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node 20 and npm (see README)"; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

## serve: the site at http://127.0.0.1:8000, rebuilt as files change. --dirty rebuilds only
## the edited page (both editions' pages are rebuilt when convmap, docs_site/, an example or
## a snippet changes: docs_site/build_cache.py); --no-strict because mkdocs warns on every
## dirty build. `make site` and `make test` build cleanly and strictly.
serve: $(VENV)/.docs-installed $(ENGINE)
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000

## site: a strict build of the site into site/
site: $(VENV)/.docs-installed $(ENGINE)
	$(BIN)/mkdocs build --strict --site-dir site

## test: the whole suite: unit, golden, doctests, strict site build, browser
test: $(VENV)/.test-installed $(ENGINE)
	$(BIN)/ruff check src tests benchmarks docs_site docs
	$(BIN)/python -m pytest

## lint: ruff
lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests benchmarks docs_site docs
	$(BIN)/ruff format --check src tests benchmarks docs_site docs

## bench: the convolution benchmark (add ARGS=--quick for a fast run)
bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/bench_conv.py $(ARGS)

## bench-pyodide: how long the live pages' Python engine takes to start, cold and warm
bench-pyodide: $(VENV)/.test-installed $(ENGINE)
	$(BIN)/python benchmarks/bench_pyodide_load.py $(ARGS)

clean:
	rm -rf $(VENV) node_modules site .pytest_cache .hypothesis test-artifacts
