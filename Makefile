# The README's two commands are `make run` and `make test`; both set themselves up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck bench setup

$(BIN)/tutor: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/tutor

setup: $(BIN)/tutor

run: setup
	$(BIN)/tutor

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check tutor tests bench
	$(BIN)/ruff format --check tutor tests bench

typecheck: setup
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/run.py
