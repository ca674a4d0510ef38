# Stretchlog: `make run` to use it, `make test` to check it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := /usr/bin/chromium
# Tests never run with DEBUG on, so they need a key of their own.
TEST_ENV := SECRET_KEY=test-only-not-a-secret

.PHONY: run test lint format chromium clean

# plotly.js, pinned in package.json and package-lock.json, from the npm registry.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed node_modules/.installed
	DEBUG=1 $(BIN)/python manage.py migrate
	@echo
	@echo "Stretchlog is starting on http://127.0.0.1:8000"
	@echo "To make an admin account (in another terminal): DEBUG=1 $(BIN)/python manage.py createsuperuser"
	@echo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

chromium:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

test: $(VENV)/.installed-dev node_modules/.installed chromium
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles test-results .pytest_cache .ruff_cache
