# Two commands for a newcomer: `make run` (demo on SQLite, no services) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
# manage.py defaults to bos.settings.dev and pytest to bos.settings.test (pyproject.toml);
# nothing is exported here so each keeps its own.

.PHONY: help venv install setup run test lint format check clean assets screenshots bench

help:
	@echo "make run    - installeer, migreer, laad het demojaar 2020-2021 en start op http://127.0.0.1:8000"
	@echo "make setup  - alles van 'make run' behalve de server starten"
	@echo "make test   - de hele testsuite"
	@echo "make lint   - ruff, makemigrations --check, manage.py check, bandit, pip-audit"
	@echo "make assets - (alleen voor wie de front-end bijwerkt; vraagt Node) NL Design System-CSS en htmx naar static/vendor/"
	@echo "make screenshots - schermafdrukken van de hoofdpagina's per rol (1366 en 390 px) in docs/screenshots/ en van elke stap van de rondgang per rol in docs/screenshots/journeys/"
	@echo "make bench  - prestatiemeting op 1x en 100x de demo (PostgreSQL en Redis op 127.0.0.1)"

$(PY):
	@PYBIN=$$(PYTHON="$(PYTHON)" sh scripts/find-python) || exit 1; \
	echo "Virtualenv aanmaken met $$PYBIN"; \
	"$$PYBIN" -m venv $(VENV)

$(VENV)/.installed: $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt ".[dev]"
	@touch $@

install: $(VENV)/.installed

setup: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

# One test process per core (pytest-xdist), each with its own database; PYTEST_WORKERS=0 runs
# them in this process.
PYTEST_WORKERS ?= auto
test: install
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=bos.settings.test $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	bash .ci/supply-chain $(PY)

# Needs PostgreSQL (postgres@127.0.0.1:5432) and Redis (127.0.0.1:6379, db 5); see README.
bench: install
	$(PY) benchmarks/bench.py $(BENCH_ARGS)

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Front-end assets come from the npm registry, pinned by package-lock.json; the copied files in
# static/vendor/ are committed, so `make run` needs no Node.
assets:
	npm ci --no-audit --no-fund
	sh scripts/copy-assets

# The journeys per role (tests/browser/test_journeys.py) leave one screenshot per step in
# docs/screenshots/journeys/ when BOS_JOURNEY_SCREENSHOTS is set.
screenshots: setup
	@mkdir -p var docs/screenshots/journeys
	$(PY) scripts/screenshots.py
	rm -f docs/screenshots/journeys/*.png
	BOS_JOURNEY_SCREENSHOTS=1 DJANGO_SETTINGS_MODULE=bos.settings.test $(PY) -m pytest -n 0 -q tests/browser/test_journeys.py

clean:
	rm -rf $(VENV) var/bos.sqlite3 .pytest_cache .ruff_cache
