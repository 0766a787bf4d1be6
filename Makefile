# heaolu: the two commands of the README, and a few helpers for developers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp

.PHONY: demo test install lint format messages bench

$(STAMP): pyproject.toml examples/signs_of_safety/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps -e examples/signs_of_safety
	touch $(STAMP)

install: $(STAMP)

## Seed the demo database (SQLite, ./var/heaolu.db) and serve it at http://127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/heaolu demo
	HEAOLU_ADMIN_2FA=optional $(BIN)/heaolu serve --host 127.0.0.1 --port 8000

## Lint, type-check and run the whole suite on SQLite, then on PostgreSQL
test: $(STAMP)
	$(BIN)/python scripts/test.py $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Re-extract messages and merge them into a catalogue (then translate the new ones):
## core by default, a plugin with PACKAGE=plugins/<name>
PACKAGE ?= core
MESSAGES_POT ?= var/messages.pot
LOCALE_DIR ?= $(PACKAGE)/locale
messages: $(STAMP)
	mkdir -p $(dir $(MESSAGES_POT))
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k gettext -k ngettext:1,2 --no-location \
		--sort-output --omit-header -o $(MESSAGES_POT) $(PACKAGE)
	if [ -f $(LOCALE_DIR)/et/LC_MESSAGES/messages.po ]; then \
		$(BIN)/pybabel update -i $(MESSAGES_POT) -d $(LOCALE_DIR) -l et --width 100 --ignore-obsolete; \
	else \
		$(BIN)/pybabel init -i $(MESSAGES_POT) -d $(LOCALE_DIR) -l et --width 100; \
	fi

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

## Benchmarks (see bench/README.md): in process, then every page over HTTP against the targets
## (the low-end benchmark drives Debian's Chromium: installed here when missing and we are root)
bench: $(BENCH_STAMP)
	command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	$(BIN)/python -m bench.run
