# frontwatch: `make demo` and `make test` work on a fresh clone (Python >= 3.11, PyPI reachable).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
SEEDS  ?= ../shared/seeds
DEMO_OUT ?= out

.PHONY: demo test test-load bench bench-quick lint install dev web clean cli-docs fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Runtime install. The stamp depends on pyproject.toml so a dependency change re-installs.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

# The report's front-end (Leaflet, d3, world-atlas from npm), bundled into package data.
STATIC := src/frontwatch/report/static/app.js
web: $(STATIC)
$(STATIC): web/package.json web/package-lock.json web/build.mjs $(wildcard web/src/*)
	bash web/build.sh

demo: install web
	@rm -rf $(DEMO_OUT)/demo $(DEMO_OUT)/seeds
	$(BIN)/frontwatch analyze examples/corpus --out $(DEMO_OUT)/demo
	@if [ -d "$(SEEDS)" ]; then $(BIN)/frontwatch analyze $(SEEDS) --out $(DEMO_OUT)/seeds; fi
	@echo
	@echo "Demo report:  $(abspath $(DEMO_OUT))/demo/report.html"
	@if [ -d "$(SEEDS)" ]; then echo "Seeds report: $(abspath $(DEMO_OUT))/seeds/report.html"; fi

test: dev web
	$(BIN)/python -m pytest -q -m "not load"

# The concurrent API load test (minutes on 2 cores): run by .ci/run after `make test`.
test-load: dev
	$(BIN)/python -m pytest -q -m load

# Deeper property-based fuzzing (5,000 examples per test; about 15 minutes on 2 cores).
fuzz: dev
	$(BIN)/python -m pytest -q tests/fuzz --hypothesis-profile=fuzz-deep

lint: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: dev
	$(BIN)/python -m bench.run --out bench

bench-quick: dev
	$(BIN)/python -m bench.run --quick --out bench

clean:
	rm -rf $(VENV) out build dist .pytest_cache .mypy_cache .ruff_cache
