# The commands the README names. Each creates .venv and installs what it needs first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?= -n 2

.PHONY: demo test lint format check worker beat smoke assets bench bench-national bench-seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make demo: SQLite demo with fictional data on http://127.0.0.1:8000 (logins are printed)
demo: $(STAMP)
	VOROC_DEMO=1 $(BIN)/python manage.py migrate --no-input -v 0
	VOROC_DEMO=1 $(BIN)/python manage.py seed_demo
	VOROC_DEMO=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: the whole suite (PostgreSQL when DATABASE_URL is set, else SQLite)
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make format lint: before every commit (format rewrites the files; lint checks what CI checks)
format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

## make worker / make beat: Celery against the local Redis (REDIS_URL must be set)
worker: $(STAMP)
	$(BIN)/celery -A voroc worker --loglevel=INFO

beat: $(STAMP)
	$(BIN)/celery -A voroc beat --loglevel=INFO

## make smoke: gunicorn, worker and beat against the local PostgreSQL and Redis (scripts/smoke_stack.py)
smoke: $(STAMP)
	$(BIN)/python scripts/smoke_stack.py

## make assets: copy the NL Design System CSS and axe-core from npm into static/ and tests/e2e/assets/ (committed; only after a version change in package.json)
assets:
	bash scripts/build_assets.sh

## make bench: the page benchmarks on scratch SQLite files, p50/p95/queries beside a floor (bench/RESULTS.md);
## for PostgreSQL run each script with DATABASE_URL of an empty scratch database of its own
BENCH_PUPILS ?= 20000
bench: $(STAMP)
	env -u DATABASE_URL $(BIN)/python bench/mbo_worklist.py $(BENCH_PUPILS)
	env -u DATABASE_URL $(BIN)/python bench/rmc_overzicht.py $(BENCH_PUPILS) --export
	env -u DATABASE_URL $(BIN)/python bench/leerling_import.py --rows 5000

## make bench-national: every role's main pages beside their floors, then gunicorn/wrk throughput, on the
## bench_seed database in DATABASE_URL (after make bench-seed; wrk from Debian: apt-get install wrk)
bench-national: $(STAMP)
	$(BIN)/python bench/paginas.py
	$(BIN)/python bench/throughput.py

## make bench-seed: bulk-fill the database in DATABASE_URL (an empty scratch PostgreSQL database) with the
## national picture, BENCH_SEED_PUPILS pupils over three school years, and print counts and time (bench/RESULTS.md)
BENCH_SEED_PUPILS ?= 100000
bench-seed: $(STAMP)
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py bench_seed --pupils $(BENCH_SEED_PUPILS)

clean:
	rm -rf $(VENV) var
