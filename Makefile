# argmap: `make run` sets up and opens the bundled map; `make test` sets up and runs every test,
# then `make lint` (ruff and mypy).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FILE ?=

.PHONY: setup run test lint bench docs lock clean

$(STAMP): pyproject.toml constraints.txt
	@$(PY) -c 'import sys; sys.exit("argmap needs Python 3.11 or newer (found %s)" % sys.version.split()[0] if sys.version_info < (3, 11) else 0)'
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/argmap $(FILE)

test: setup
	$(BIN)/python -m pytest -n auto --maxprocesses 4
	@$(MAKE) --no-print-directory lint

# Style and types (configured in pyproject.toml): part of `make test`, so of CI.
lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src/argmap

bench: setup
	$(BIN)/python benchmarks/run.py --markdown benchmarks/results.md
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_edit.py
	$(BIN)/python benchmarks/bench_eval.py
	$(BIN)/python benchmarks/bench_export.py

# The README's diagram and sample brief of the bundled map (needs Graphviz's dot).
docs: setup
	$(BIN)/argmap export arguments/nato-israel-eop.yaml --root step-1-eop --depth 2 --direction LR -o docs/step-1-eop.svg
	$(BIN)/argmap export arguments/nato-israel-eop.yaml -o docs/nato-israel-eop.svg
	$(BIN)/argmap brief arguments/nato-israel-eop.yaml --root step-1-eop -o docs/sample-brief.md
	$(BIN)/argmap brief arguments/nato-israel-eop.yaml -o docs/nato-israel-eop-brief.html

# Re-pin the test environment after changing dependencies in pyproject.toml.
lock:
	rm -rf /tmp/argmap-lock && $(PY) -m venv /tmp/argmap-lock
	/tmp/argmap-lock/bin/pip install --quiet -e '.[test]'
	/tmp/argmap-lock/bin/pip freeze --exclude-editable | grep -v '^argmap' > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache build src/*.egg-info
