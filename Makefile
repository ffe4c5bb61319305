# The two commands of the README: `make run` and `make test`. Each does all its own set-up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test setup deps system-packages serve backup-test bench load clean

$(VENV)/.installed: requirements.txt requirements-dev.txt scripts/bootstrap.sh
	bash scripts/bootstrap.sh
	touch $@

deps: $(VENV)/.installed

system-packages:
	bash scripts/system-packages.sh

setup: deps system-packages

# Development server with the Lodrino demo, on an SQLite file unless DATABASE_URL says otherwise.
run: setup
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite, browser tests included, one pytest-xdist worker per core; PYTEST_ARGS="-n 0" runs it
# serially. CI calls this through .ci/run with DATABASE_URL set.
test: setup
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) manage.py check
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

# Production mode: gunicorn, DEBUG off, WhiteNoise, PostgreSQL, the PDF worker. DEMO=1 loads the demo.
serve: setup
	bash scripts/serve.sh

# A pg_dump backup restores into a new database with the same rows.
backup-test: setup
	bash scripts/test-backup-restore.sh

# Speed at 10, 100 and 1,000 objectives, against targets; QUICK=1 for sizes 10 and 100.
bench: setup
	QUICK=$(QUICK) $(PY) bench/run.py

# 20 responsabili saving and 100 citizens reading for 60 s against `make serve`.
load: setup
	bash bench/load.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
