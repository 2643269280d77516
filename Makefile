# Foursight: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test check lint format bench clean venv

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

## run: install, migrate the embedded database, load the demo once (each step printed as it
## goes, then the sign-in address, demo accounts, BCU codes and sample files), serve on http://$(HOST):$(PORT)
run: venv
	$(PY) -m foursight migrate
	$(PY) -m foursight demo --if-empty --url http://$(HOST):$(PORT)
	$(PY) -m foursight serve --host $(HOST) --port $(PORT)

## test: the whole suite on SQLite; app tests again on PostgreSQL, in a second process beside it,
## when FOURSIGHT_TEST_DATABASE_URL is set (the API fuzzing run and the journeys run once, on SQLite)
test: venv
	PY=$(PY) scripts/test-all

## check: lint, types, the import contracts and the write-ownership rule (tests/architecture)
check: venv
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	env -u DATABASE_URL $(PY) -m pytest -q tests/architecture

## bench: install the peers measured side by side and list the benchmark scripts
bench: venv
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@ls benchmarks/*.py | sed 's|^|  $(PY) |'

format: venv
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) var build *.egg-info
