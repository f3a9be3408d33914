# The project's interface: CI calls the same targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format admin install install-test migrate

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(MANAGE) migrate --noinput

## run: install, migrate (which loads the programme's content), serve on http://127.0.0.1:8000/
run: migrate
	@$(MANAGE) create_local_staff
	@echo "Site : http://$(HOST):$(PORT)/  (Ctrl+C pour arrêter)"
	$(MANAGE) runserver $(HOST):$(PORT)

## test: ruff (lint + format) then the whole pytest suite
test: install-test lint
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## admin: create a staff account, asking for the e-mail and the password
admin: migrate
	$(MANAGE) createstaff
