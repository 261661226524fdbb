# The two commands: `make run` and `make test`. Everything lives in .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8866

.PHONY: run test lint format bench demo clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed package-lock.json
	$(PY) -m pip install -q -e ".[test]"
	npm ci --no-audit --no-fund  # node_modules/.bin: configurable-http-proxy (the hub's tests)
	touch $@

run: $(VENV)/.installed
	$(VENV)/bin/betrokkenheid serve --port $(PORT)

# The browser and hub tests first, alone (they measure a room's timing on this machine);
# then the others on both cores, each file in one worker (a notebook's cells run in order).
test: $(VENV)/.test-installed
	$(PY) -m pytest -m "browser or hub"
	$(PY) -m pytest -m "not browser and not hub" -n 2 --dist loadfile

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check betrokkenheid tests bench

format: $(VENV)/.test-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format betrokkenheid tests bench

bench: $(VENV)/.test-installed
	$(PY) bench/imports.py
	$(PY) bench/answer.py
	$(PY) bench/analysis.py
	$(PY) bench/report.py
	$(PY) bench/dashboard.py
	$(PY) bench/room.py
	$(PY) bench/pages.py

demo: $(VENV)/.installed
	$(VENV)/bin/betrokkenheid demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist *.egg-info node_modules
