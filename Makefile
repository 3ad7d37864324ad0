# The commands the README names. Each creates .venv and installs what it needs first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?= -n 2

.PHONY: demo test lint format check worker beat smoke assets bench bench-scratch bench-seed clean

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

## make bench: every benchmark on the national picture (after make bench-seed, same DATABASE_URL): every
## role's pages beside their floors, a form PDF and a batch of 300, gunicorn/wrk throughput and worker
## memory, the reminder run over 100,000 pupils and a 5,000-pupil import beside COPY (on a scratch
## database next to it); the figures go into bench/RESULTS.md (bench/run_all.py; wrk from Debian)
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

## make bench-scratch: the older benchmarks that fill scratch SQLite files of their own (mbo worklist and
## municipal overview with their exports at BENCH_PUPILS, the import), printed only
BENCH_PUPILS ?= 20000
bench-scratch: $(STAMP)
	env -u DATABASE_URL $(BIN)/python bench/mbo_worklist.py $(BENCH_PUPILS)
	env -u DATABASE_URL $(BIN)/python bench/rmc_overzicht.py $(BENCH_PUPILS) --export
	env -u DATABASE_URL $(BIN)/python bench/leerling_import.py --rows 5000

## make bench-seed: bulk-fill the database in DATABASE_URL (an empty scratch PostgreSQL database) with the
## national picture, BENCH_SEED_PUPILS pupils over three school years, and print counts and time (bench/RESULTS.md)
BENCH_SEED_PUPILS ?= 100000
bench-seed: $(STAMP)
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py bench_seed --pupils $(BENCH_SEED_PUPILS)

clean:
	rm -rf $(VENV) var
