# Two commands do everything: `make demo` and `make test`. Both create .venv with the
# machine's python3 when it is missing and install okrcoach into it from pyproject.toml.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.okrcoach-installed
DEMO   ?= demo
# what ruff checks (scripts/ only once it exists)
LINTED := $(wildcard okrcoach tests benchmarks scripts)

CHROMIUM := /usr/bin/chromium
# root installs directly; anyone else through sudo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint bench docs clean postgres

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -qq --disable-pip-version-check -e ".[test]"
	touch $@

## demo: write the demo organisation and check it
demo: $(STAMP)
	$(BIN)/okrcoach demo --out $(DEMO)
	$(BIN)/okrcoach validate $(DEMO)/goals.xlsx
	@# lint exits 1 when a finding is an error, which the demo's planted defects are
	$(BIN)/okrcoach lint $(DEMO)/goals.xlsx --quarter 2026-Q3 --statistics || test $$? -eq 1
	$(BIN)/okrcoach lint $(DEMO)/goals.xlsx --quarter 2026-Q3 --team "Growth Marketing" || test $$? -eq 1
	$(BIN)/okrcoach lint $(DEMO)/goals.xlsx --format csv > $(DEMO)/findings.csv || test $$? -eq 1
	@echo "Every finding of every quarter: $(DEMO)/findings.csv"
	$(BIN)/okrcoach retro --data $(DEMO)/goals.xlsx --quarter 2026-Q3 --out $(DEMO)/retros
	$(BIN)/okrcoach explore --data $(DEMO)/goals.xlsx --out $(DEMO)/explore

# Debian's Chromium for the browser tests (Playwright drives it; no browser download)
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq chromium

# Debian's PostgreSQL for the database tests (they start a private server on the loopback address)
POSTGRES := $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb) $(shell command -v initdb))
postgres:
	@test -n "$(POSTGRES)" || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql)

## test: lint, then unit tests, notebook tests (nbval), end-to-end CLI tests and browser tests
test: $(STAMP) $(CHROMIUM) postgres lint
	$(BIN)/python -m pytest

## lint: ruff's formatting and lint checks (fix with `ruff format` and `ruff check --fix`)
lint: $(STAMP)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/ruff check $(LINTED)

## bench: the speed benchmarks (each prints its figures and ratio)
bench: $(STAMP)
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/lint_speed.py
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/trends_speed.py
	$(BIN)/python benchmarks/anomalies_nab.py
	$(BIN)/python benchmarks/forecast_m4.py
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/coach_latency.py
	$(BIN)/python benchmarks/explore_speed.py

## docs: regenerate docs/rules.md from the rule registry
docs: $(STAMP)
	$(BIN)/okrcoach rules --format markdown > docs/rules.md
	$(BIN)/python -c "from okrcoach.loading.exports.docs import markdown; print(markdown(), end='')" > docs/importing.md

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .hypothesis
