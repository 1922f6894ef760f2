# BTS Catalog — everyday commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SIZE ?= 1
# The suite runs in one process per CPU (pytest-xdist); TEST_WORKERS=0 runs it in this one.
TEST_WORKERS ?= auto

.PHONY: install run serve seed test test-postgres lint format migrations-check check-deploy bench clean

# Python packages into the venv; the browser code the pages serve (package-lock.json,
# pinned with integrity hashes) into node_modules/, as published: no scripts, no build.
$(STAMP): pyproject.toml package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	npm ci --ignore-scripts --no-audit --no-fund
	# Its stand-alone viewer page takes its picture from the address: not ours to serve.
	rm -f node_modules/pannellum/build/pannellum.htm
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --size $(SIZE)
	$(BIN)/python manage.py demo_admin
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: $(STAMP)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

seed: $(STAMP)
	$(BIN)/python manage.py seed_demo --size $(SIZE)

test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Runs the suite against the local PostgreSQL (pytest-django creates test_<name>).
test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bts_catalog} \
		$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

# The production settings must pass Django's deployment checklist without a warning.
check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=bts_catalog.settings.prod \
	SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-bts.example.com} \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# Seeds a large catalogue on the local PostgreSQL (bts_bench), serves it with gunicorn,
# loads it with wrk; writes bench/report.md and bench/report.json (bench/run.py).
bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .ruff_cache
