# aigov — common tasks. `make run` and `make test` are the README's quick start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Test services (override to use others).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/aigov
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# Modules held to mypy with django-stubs: services and selectors.
TYPED := $(wildcard aigov/*/services.py aigov/*/selectors.py registry/services/*.py registry/selectors.py assessments/*/services.py assessments/*/services/*.py assessments/*/selectors.py) assessments/conformity/evidence.py aigov/workflow.py aigov/figures.py registry/figures.py assessments/conformity/figures.py

.PHONY: run test test-fast lint fmt migrations bench worker beat install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: the platform with demo data on SQLite, tasks in-process, at http://127.0.0.1:8000
run: install
	scripts/ensure-pango
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 SITE_URL=http://127.0.0.1:8000 JOBS_RUN_IN_THREAD=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

## test: lint, types, migration check and the whole suite on PostgreSQL and Redis
test: install-dev
	scripts/ensure-services
	scripts/ensure-chromium
	scripts/ensure-pango
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy $(TYPED)
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DEBUG=0 \
	  SECRET_KEY=makemigrations-check ALLOWED_HOSTS=localhost \
	  $(BIN)/python manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest

## test-fast: the suite without real workers and browsers
test-fast: install-dev
	scripts/ensure-pango
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	  $(BIN)/pytest -m "not worker and not e2e"

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy $(TYPED)

fmt: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## migrations NAME=...: generate named migrations
migrations: install
	DEBUG=1 $(BIN)/python manage.py makemigrations --name $(NAME)

## bench: seed PostgreSQL with BENCH_SYSTEMS (100000) AI systems, serve with gunicorn,
## measure the queue, a filing and the public register (README "Benchmarks"; not in CI)
bench: install-dev
	scripts/ensure-services
	scripts/ensure-pango
	$(BIN)/python -m benchmarks.run

## worker / beat: background processes against REDIS_URL (see docker-compose.yml)
worker: install
	$(BIN)/celery -A aigov worker -Q default,checks,pdf,notifications --loglevel INFO

beat: install
	$(BIN)/celery -A aigov beat --loglevel INFO

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache .ruff_cache
