# Two commands for a fresh machine with only python3 and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint pytest bench faults install install-dev translations migrate demo messages clean

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

pytest: install-dev translations
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint pytest

bench: install-dev translations
	$(PY) bench/run.py

# Faults injected into the real processes (gunicorn, qcluster, its own redis-server): fails when a goal is missed.
faults: install-dev translations
	$(PY) faults/run.py

# Refresh locale/*/django.po from the source (needs GNU gettext; compiling does not).
messages: install
	$(PY) manage.py makemessages --locale cs --locale en --ignore ".venv/*" --ignore "tests/*" --ignore "var/*" --no-obsolete
	$(PY) manage.py makemessages --domain djangojs --locale cs --locale en --ignore ".venv/*" --ignore "tests/*" --ignore "var/*" --ignore "static/vendor/*" --no-obsolete

clean:
	rm -rf $(VENV) var/staticfiles
