# Stretchlog: `make run` to use it, `make test` to check it (`make quick`: all but the browser tests).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := /usr/bin/chromium
# Tests never run with DEBUG on, so they need a key of their own.
TEST_ENV := SECRET_KEY=test-only-not-a-secret

.PHONY: run serve bench test quick lint format chromium clean lock

# plotly.js, pinned in package.json and package-lock.json, from the npm registry.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Installs come from the lockfiles: every package, dependencies included, at one version with
# its hashes checked. `make lock` remakes them from the top-level requirements*.txt.
INSTALL := $(BIN)/pip install -q --require-hashes --no-deps -r

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(INSTALL) requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements.lock requirements-dev.lock | $(BIN)/python
	$(INSTALL) requirements-dev.lock
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: requirements.lock requirements-bench.lock | $(BIN)/python
	$(INSTALL) requirements-bench.lock
	touch $@ $(VENV)/.installed

UV := uv==0.13.9
lock: | $(BIN)/python
	$(BIN)/pip install -q $(UV)
	for name in requirements requirements-dev requirements-bench; do \
		$(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 \
			--no-header $$name.txt -o $$name.lock || exit 1; \
	done

# Web push's VAPID key pair (journal/reminders/push.py), made once and kept out of git like
# .secret_key: a new pair would silence every device that subscribed. VAPID_PRIVATE_KEY in the
# environment wins over the file.
.vapid.env: | $(VENV)/.installed
	umask 077 && DEBUG=1 $(BIN)/python manage.py vapid_keys > $@.new && mv $@.new $@
VAPID_ENV = $(if $(VAPID_PRIVATE_KEY),,set -a; . ./.vapid.env; set +a;)

run: $(VENV)/.installed node_modules/.installed $(if $(VAPID_PRIVATE_KEY),,.vapid.env)
	DEBUG=1 $(BIN)/python manage.py migrate
	@echo
	@echo "Stretchlog is starting on http://127.0.0.1:8000, with its reminder worker"
	@echo "To make an admin account (in another terminal): DEBUG=1 $(BIN)/python manage.py createsuperuser"
	@echo
	@# The task queue's worker (reminders) runs beside the web server and stops with it; both
	@# get the web push keys.
	$(VAPID_ENV) DEBUG=1 $(BIN)/python manage.py qcluster & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production settings: DEBUG off, hashed and compressed static files served by WhiteNoise,
# gunicorn with two workers a core and one more. HTTPS=0 serves plain http, for loopback only.
BIND ?= 127.0.0.1:8000
HTTPS ?= 0
WEB_CONCURRENCY ?= $(shell $(PYTHON) -c 'import os; print(2 * os.cpu_count() + 1)')
SERVE_ENV = DEBUG=0 HTTPS=$(HTTPS) STATIC_HASHED=1 SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}"

# Made once, kept out of git; SECRET_KEY in the environment wins over it.
.secret_key:
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

serve: $(VENV)/.installed node_modules/.installed $(if $(SECRET_KEY),,.secret_key) \
		$(if $(VAPID_PRIVATE_KEY),,.vapid.env)
	$(SERVE_ENV) $(BIN)/python manage.py migrate
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(VAPID_ENV) $(SERVE_ENV) $(BIN)/python manage.py qcluster & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(SERVE_ENV) $(BIN)/gunicorn stretchlog.wsgi --bind $(BIND) --workers $(WEB_CONCURRENCY) \
		--access-logfile -

# Builds a benchmark data set, serves it as `make serve` does and loads it; see docs/performance.md.
# BENCH_ARGS="--requests 50 --users 100" for a quicker run; bench/run.py --help lists them.
bench: $(VENV)/.installed-bench node_modules/.installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

chromium:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# What both test targets check before pytest: migrations, lint, format, the JavaScript tests.
define CHECKS
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/lint-imports
	$(TEST_ENV) $(BIN)/mypy
	node --test tests/js/
endef

# The whole suite, browser tests included.
test: $(VENV)/.installed-dev node_modules/.installed chromium
	$(CHECKS)
	$(TEST_ENV) $(BIN)/python -m pytest -n auto

# The same but the browser tests (tests/browser/): the quicker loop while working, and no
# chromium needed. `make test` before a commit that touches a page.
quick: $(VENV)/.installed-dev node_modules/.installed
	$(CHECKS)
	$(TEST_ENV) $(BIN)/python -m pytest -n auto --ignore=tests/browser

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles test-results .pytest_cache .ruff_cache
