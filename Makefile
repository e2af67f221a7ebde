# The two commands of the README: `make run` (app with demo data on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist); `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= auto

.PHONY: run test lint benchmark mutation lock

# Installs exactly the locked versions, each checked against its hash (requirements-dev.lock holds
# the app's and the dev tools' dependencies; requirements.lock, for the image, the app's only).
$(INSTALLED): pyproject.toml requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Rehabkartan needs Python 3.12 or newer (Django 6); found " + sys.version.split()[0] + ". With pyenv, the .python-version file selects 3.12; or run: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(INSTALLED)

# After a change to pyproject.toml's dependencies: `make lock` writes both lock files again, keeping
# every pin it can; `make lock LOCK_ARGS=--upgrade` raises every pin to the newest allowed release.
LOCK_ARGS ?=
LOCK := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.12 --generate-hashes --quiet $(LOCK_ARGS)
lock:
	test -x $(VENV)/bin/uv || ($(PYTHON) -m venv $(VENV) && $(PY) -m pip install --quiet uv)
	$(LOCK) -o requirements.lock
	$(LOCK) --extra dev -o requirements-dev.lock

run: $(INSTALLED)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo_data
	@echo
	@echo "Rehabkartan: http://127.0.0.1:8000/   administration: http://127.0.0.1:8000/admin/"
	@echo "Create an administrator in another terminal: DEBUG=1 $(PY) manage.py createsuperuser"
	@echo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# PYTHONDONTWRITEBYTECODE (set on some machines) would make pytest rewrite every test module's
# asserts on every run and in every worker; its cache lives in the git-ignored __pycache__ folders.
test: $(INSTALLED)
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest --numprocesses $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(VENV)/bin/mypy

benchmark: $(INSTALLED)
	DEBUG=1 $(PY) manage.py migrate --noinput --verbosity 0
	DEBUG=1 $(PY) manage.py load_demo_data --verbosity 0
	DEBUG=1 $(PY) manage.py benchmark

# The mutation check (README, "Mutation check"): mutmut changes the security and rules modules one
# small edit at a time and runs their tests; every surviving mutant is listed and fails the target.
mutation: $(INSTALLED)
	rm -rf mutants
	$(VENV)/bin/mutmut run
	@! $(VENV)/bin/mutmut results | grep -E ': (survived|no tests|suspicious|timeout|segfault)$$'
