# Developer entry points. The two set-up commands of the README are `make test` and
# `make run`; both create the virtual environment and install what they need on demand.
#
#   make run                      start the bot; needs .env with BOT_TOKEN (runtime deps only)
#   make install                  only install the bot's runtime dependencies (a server)
#   make test                     run the test suite (SQLite; TEST_DATABASE_URL for PostgreSQL)
#   make test PYTEST_ARGS="-k registration -x"
#   make test TEST_WORKERS=0      one process (pytest-xdist off), e.g. to debug with -x
#   make test-fast                the suite without the end-to-end tests (marker e2e)
#   make backup                   copy the SQLite database into BACKUP_DIR now
#   make restore FILE=data/backups/kampungkb-2026-12-01-023000.db
#                                 put a backup back (the bot stopped; README, "Backups")
#   make lint                     ruff check + ruff format --check
#   make clean                    remove the virtual environment and caches (keeps data/)
#
# PYTHON picks the interpreter the virtual environment is made from (3.11 or newer):
#   make test PYTHON=python3.12

PYTHON ?= python3
PYTEST_ARGS ?=
# pytest-xdist workers: the end-to-end tests mostly wait on the network and the real
# process, so two workers halve the suite's time even on a 2-core machine.
TEST_WORKERS ?= 2

VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install; older than pyproject.toml means "install again".
# The bot needs only its runtime dependencies; the tests and lint also the dev tools.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# The dependency lists of pyproject.toml (the code runs from this folder, so the
# project itself is not installed: no build step, no setuptools warnings).
REQUIREMENTS = $(BIN)/python -c 'import sys, tomllib; \
	project = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	extra = project["optional-dependencies"]["dev"] if sys.argv[1:] == ["dev"] else []; \
	print("\n".join(project["dependencies"] + extra))'

.DEFAULT_GOAL := test
.PHONY: run install test test-fast backup restore lint clean

install: $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/python -m bot

backup: $(RUN_STAMP)
	$(BIN)/python -m bot backup

restore: $(RUN_STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/backup.db" >&2; exit 2; }
	$(BIN)/python -m bot restore "$(FILE)"

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-fast: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not e2e" $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# The virtual environment, made once. On failure (e.g. Debian without python3-venv)
# remove the half-made folder so the next run starts clean.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "error: $(PYTHON) is older than Python 3.11 (or missing); try PYTHON=python3.11" >&2; \
		exit 1; }
	@echo "Creating $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV) || { \
		rm -rf $(VENV); \
		echo "error: '$(PYTHON) -m venv' failed; on Debian/Ubuntu: apt-get install python3-venv" >&2; \
		exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the bot's dependencies into $(VENV)"
	@$(REQUIREMENTS) > $(VENV)/requirements-run.txt
	$(BIN)/python -m pip install --quiet -r $(VENV)/requirements-run.txt
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the bot's dependencies and the dev tools into $(VENV)"
	@$(REQUIREMENTS) dev > $(VENV)/requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r $(VENV)/requirements-dev.txt
	@touch $@ $(RUN_STAMP)
