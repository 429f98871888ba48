# Two commands for a fresh machine with only python3 and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint pytest bench faults mutants install install-dev translations migrate demo messages clean node-packages

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	$(PY) scripts/compile_translations.py

migrate: install translations
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) sh scripts/serve.sh

lint: install-dev
	$(BIN)/ruff check .

# The JavaScript the tests run (axe-core in tests/browser, ical.js in tests/interop/js), installed with
# npm when npm exists and node_modules is missing or older than its package-lock.json (npm ci writes
# node_modules/.package-lock.json). Without npm, or offline, the tests that need them skip, saying so
# (and fail when SPOLU_REQUIRE_SERVICES=1).
NODE_PACKAGES := tests/browser/node_modules/.package-lock.json tests/interop/js/node_modules/.package-lock.json

%/node_modules/.package-lock.json: %/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $* --no-audit --no-fund --silent || echo "npm ci in $* failed: the tests that need it skip"; \
	else \
		echo "npm is not installed: the tests that need $*/node_modules skip"; \
	fi

node-packages: $(NODE_PACKAGES)

pytest: install-dev translations node-packages
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint pytest

bench: install-dev translations
	$(PY) bench/run.py

# Mutation testing (not part of `make test`: about an hour for every app, see docs/ARCHITECTURE.md):
# mutmut breaks one line of each app's services, roles, door and feeds at a time and runs that app's
# tests; prints the score per module. `make mutants APP=registrations` runs one app.
# Equivalent mutants are listed in docs/mutants-equivalent.md.
APP ?=
mutants: install-dev translations
	$(PY) scripts/mutants.py $(APP)

# Faults injected into the real processes (gunicorn, qcluster, its own redis-server): fails when a goal is missed.
faults: install-dev translations
	$(PY) faults/run.py

# Refresh locale/*/django.po from the source (needs GNU gettext; compiling does not).
messages: install
	$(PY) manage.py makemessages --locale cs --locale en --ignore ".venv/*" --ignore "tests/*" --ignore "var/*" --no-obsolete
	$(PY) manage.py makemessages --domain djangojs --locale cs --locale en --ignore ".venv/*" --ignore "tests/*" --ignore "var/*" --ignore "static/vendor/*" --no-obsolete

clean:
	rm -rf $(VENV) var/staticfiles
