# svcdesign — two commands for a newcomer:
#   make lab    set up .venv, then open JupyterLab on notebooks/
#   make test   set up .venv, then run every test (unit, property, cross-engine, notebooks)
# Other targets: make dashboard (the staffing explorer under Voila), make bench (side-by-side benchmarks).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

CHROMIUM ?= /usr/bin/chromium

.PHONY: lab test dashboard bench venv browser clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,notebooks,scale]'
	$(BIN)/python -m svcdesign.warmup
	touch $(STAMP)

# The browser test drives the dashboard in Debian's Chromium (Playwright cannot download a browser here).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (the browser test needs it)"; exit 1; fi; }

test: $(STAMP) browser
	$(BIN)/python -m pytest tests notebooks --nbval-lax $(PYTEST_ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

dashboard: $(STAMP)
	$(BIN)/voila notebooks/02_staffing_explorer.ipynb --Voila.ip=127.0.0.1

# Each script runs svcdesign side by side with its peers in one run and rewrites its own section of
# benchmarks/RESULTS.md (--no-write to print only). The backtest needs ../shared/data (not shipped).
bench: $(STAMP)
	for script in benchmarks/bench_*.py benchmarks/backtest_january.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
