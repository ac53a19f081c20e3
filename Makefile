# svcdesign — two commands for a newcomer:
#   make lab    set up .venv, then open JupyterLab on notebooks/
#   make test   set up .venv, then run every test (unit, property, cross-engine, notebooks)
# Other targets: make dashboard (the staffing explorer under Voila), make bench (side-by-side benchmarks),
# make fuzz (thousands of hostile inputs, counts in tests/FUZZ.md), make notebooks (notebooks from notebooks/src),
# make docs (the reference documentation, into site/).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

CHROMIUM ?= /usr/bin/chromium

.PHONY: lab test lint dashboard bench fuzz notebooks docs venv browser clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,notebooks,scale]'
	$(BIN)/python -m svcdesign.warmup
	touch $(STAMP)

# The browser test drives the dashboard in Debian's Chromium (Playwright cannot download a browser here).
# Arabic and Persian pages are drawn in Noto Naskh Arabic (SIL Open Font License; Debian's fonts-noto-core, 12 MB,
# 42 MB installed); without it they fall back to DejaVu Sans, so a user without root is told, not stopped.
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (the browser test needs it)"; exit 1; fi; }
	@fc-list 'Noto Naskh Arabic' family 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null; \
	  else echo "The Arabic and Persian font is missing: run 'sudo apt-get install fonts-noto-core' (Noto Naskh Arabic)"; fi; }

# Static checks, run first by make test: the one-way layers and no import cycles (import-linter, contracts
# in pyproject.toml), style (ruff) and types (mypy with the pydantic plugin).
LINTED := svcdesign tests tools benchmarks notebooks/src docs/_hooks
lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

test: $(STAMP) browser lint
	$(BIN)/python -m pytest tests notebooks --nbval-lax $(PYTEST_ARGS)

# As root (a container, CI) Jupyter refuses to start without --allow-root; LAB_ARGS passes more flags
# (e.g. LAB_ARGS='--no-browser --port 8890').
LAB_ARGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $(ROOT_FLAG) $(LAB_ARGS)

# Notebooks are written from their sources: notebooks/src/X.py (cells split by '# %%' and
# '# %% [markdown]') becomes notebooks/X.ipynb, without outputs. Edit the source, then run this.
NOTEBOOK_SOURCES := $(shell find notebooks/src -name '*.py')
notebooks: $(STAMP)
	@for src in $(NOTEBOOK_SOURCES); do \
	  out=notebooks/$${src#notebooks/src/}; out=$${out%.py}.ipynb; mkdir -p $$(dirname $$out); \
	  $(BIN)/python tools/make_notebook.py $$src $$out || exit 1; \
	done

# The reference documentation (docs/, mkdocs.yml): tutorial, how-to, the API from the docstrings, background.
# Built into site/ (git ignores it) with warnings as errors; open site/index.html. make test builds it too
# (tests/test_docs.py).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict --site-dir site

# Every hostile-input case of tests/fuzzing.py (18,000+, about 22 minutes on 2 cores; FUZZ_CASES=N runs a sample of N),
# each under a 30 s limit; rewrites the counts in tests/FUZZ.md.
FUZZ_CASES ?= 0
fuzz: $(STAMP)
	$(BIN)/python tests/fuzzing.py --cases $(FUZZ_CASES) --write

# The staffing explorer under Voila, for this machine only (127.0.0.1). To share it (README, "Sharing the
# dashboard safely"): DASHBOARD_TOKEN=… makes Voila ask for that token (handed over as JUPYTER_TOKEN with
# Voila's --token flag, so it is on no command line); DASHBOARD_IP=… serves beyond this machine, only with a token.
DASHBOARD_IP ?= 127.0.0.1
ifneq ($(filter dashboard,$(MAKECMDGOALS)),)
ifeq ($(strip $(DASHBOARD_TOKEN)),)
ifeq ($(filter 127.% localhost ::1,$(DASHBOARD_IP)),)
$(error DASHBOARD_IP=$(DASHBOARD_IP) serves the dashboard beyond this machine: set DASHBOARD_TOKEN too (or put an authenticating proxy in front of 127.0.0.1))
endif
endif
endif

# The page is notebooks/dashboard.ipynb (the explorer alone; 02_staffing_explorer.ipynb is for notebook users).
# A kernel is preheated: it runs the notebook before the page is asked for, so the first figure shows in seconds.
DASHBOARD_ARGS := --preheat_kernel=True
# The dashboard's language: `make dashboard LANG=fa` or `DASHBOARD_LANGUAGE=fa` (en, ar or fa; default: the
# scenario's). LANG is also the shell's POSIX locale: a language code given as LANG on make's command line is taken
# as the dashboard's language, and Voila and its kernel then run in the C.UTF-8 locale (never in a locale "fa").
DASHBOARD_LANGUAGE ?=
ifeq ($(origin LANG),command line)
ifneq ($(filter en ar fa,$(LANG)),)
DASHBOARD_LANGUAGE := $(LANG)
override LANG := C.UTF-8
endif
endif
dashboard: export SVCDESIGN_LANGUAGE = $(DASHBOARD_LANGUAGE)
dashboard: $(STAMP)
	@if [ -n "$$DASHBOARD_TOKEN" ]; then \
	  echo "Voila asks for DASHBOARD_TOKEN: open the address it prints with ?token=<the token>"; \
	  JUPYTER_TOKEN="$$DASHBOARD_TOKEN" exec $(BIN)/voila notebooks/dashboard.ipynb $(DASHBOARD_ARGS) --Voila.ip=$(DASHBOARD_IP) --token; \
	else \
	  exec $(BIN)/voila notebooks/dashboard.ipynb $(DASHBOARD_ARGS) --Voila.ip=$(DASHBOARD_IP); \
	fi

# Each script runs svcdesign side by side with its peers in one run and rewrites its own section of
# benchmarks/RESULTS.md (--no-write to print only). The backtest needs ../shared/data (not shipped).
bench: $(STAMP)
	for script in benchmarks/bench_*.py benchmarks/backtest_january.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
