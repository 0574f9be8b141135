# The single entry point. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck check-migrations messages bench bench-planner code clean

$(STAMP): requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/base.txt -r requirements/dev.txt
	touch $(STAMP)

install: $(STAMP)

## make run: prepare the SQLite database, load the demo the first time, serve on $(HOST):$(PORT)
run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py print_demo_signins
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: lint, types, migrations check, then the whole test suite (browser tests included).
## Extra pytest options go in PYTEST_ARGS, e.g. make test PYTEST_ARGS="-m 'not browser'"
test: install lint typecheck check-migrations
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

## make messages: refresh the Welsh catalogue after changing strings, then translate locale/cy
messages: install
	$(PY) manage.py makemessages -l cy --ignore=.venv --ignore=bench --ignore=tests --ignore=static --no-obsolete
	$(PY) manage.py compilemessages -l cy --ignore=.venv

## make bench: the benchmarks in bench/ (see README)
bench: install
	$(PY) bench/resident_list.py

## make bench-planner: the weekly planner (CP-SAT) against first come, first invited
bench-planner: install
	$(PY) bench/planner.py

## make code EMAIL=...: the current two-factor code of a demo account (demo only)
code: install
	$(PY) manage.py demo_code $(EMAIL)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
