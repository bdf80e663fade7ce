# Two commands matter: `make run` (set up everything, serve the demo) and
# `make test` (set up everything, run every suite). The rest are their parts.

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	&& echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
PORT ?= 5000
export GUIDEWELL_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: run test install dev build browser lint pytest vitest e2e bench screenshots clean

run: install build
	$(BIN)/guidewell demo --port $(PORT)

test: dev build browser lint pytest vitest e2e

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMPS)/install: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/install

install: $(STAMPS)/install

dev: $(STAMPS)/dev

# Builds the SDK and the admin app into server/guidewell/static when they exist.
build:
	@for dir in sdk_js admin; do \
		if [ -f $$dir/package.json ]; then \
			echo "building $$dir"; \
			(cd $$dir && { [ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm run --silent build) || exit 1; \
		fi; \
	done

browser:
	@bash e2e/ensure_browser.sh $(BIN)/python

lint: dev
	$(BIN)/ruff check server tests e2e bench
	$(BIN)/ruff format --check server tests e2e bench
	@for dir in sdk_js admin; do \
		if [ -f $$dir/tsconfig.json ]; then (cd $$dir && npx --no-install tsc --noEmit) || exit 1; fi; \
	done

pytest: dev
	$(BIN)/pytest tests

# Unit tests of the SDK and the admin app, and the SDK's size budget.
vitest: build
	@for dir in sdk_js admin; do \
		if [ -f $$dir/package.json ]; then \
			(cd $$dir && npm test --silent && { ! grep -q '"size"' package.json || npm run --silent size; }) || exit 1; \
		fi; \
	done

e2e: dev build browser
	$(BIN)/pytest e2e -p no:cacheprovider

bench: dev build
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script --quick || exit 1; done

# PNGs of the main admin screens and of each kind of guide, for the README and docs.
screenshots: dev build browser
	$(BIN)/python e2e/screenshots.py
	$(BIN)/python -m e2e.sdk_screenshots

clean:
	rm -rf $(VENV) $(STAMPS) server/guidewell/static/sdk server/guidewell/static/admin
