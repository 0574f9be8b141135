# The single entry point. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck check-migrations messages bench bench-planner \
	bench-history bench-rebuild bench-log bench-read bench-connections bench-programme bench-signin code clean

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

## The connection log at scale (issue 3), on PostgreSQL: set DATABASE_URL to a database of its own,
## e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/commonroom_bench make bench-connections
## make bench-history: generate HOMES homes x 120 residents x 3 years (50: about 95 million
## shares, 21 GB, 25 minutes on 2 cores), then rebuild their roll-ups
HOMES ?= 50
bench-history: install
	$(PY) manage.py generate_connection_history --homes $(HOMES) --residents 120 --years 3 --prefix bench

## make bench-rebuild: a full rebuild of every home's roll-ups, timed, with its progress bar
bench-rebuild: install
	$(PY) manage.py rebuild_connection_rollups --workers 2

## make bench-log: 50 clients logging moments over HTTP through gunicorn for 30 s; options in ARGS,
## e.g. make bench-log ARGS="--batch 50 --rate 500" (see bench/log_moments.py)
bench-log: install
	$(PY) bench/log_moments.py $(ARGS)

## make bench-read: server time of the daily list and the home figures of a 120-resident home
bench-read: install
	$(PY) bench/connections_read.py

## make bench-connections: the three above on whatever history the database holds (a small one
## is generated first if it holds none; make bench-history first for the full size)
bench-connections: bench-read bench-log bench-rebuild

## make bench-programme: server time of the weekly programme page with 80 sessions
bench-programme: install
	$(PY) bench/programme.py

## make bench-signin: 50 visitors at once signing in and out on the door tablet, through gunicorn,
## on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_signin make bench-signin
bench-signin: install
	$(PY) bench/visiting_signin.py

## make code EMAIL=...: the current two-factor code of a demo account (demo only)
code: install
	$(PY) manage.py demo_code $(EMAIL)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
