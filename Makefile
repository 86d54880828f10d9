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
#   make lock                     re-resolve requirements.lock and requirements-dev.lock
#                                 from pyproject.toml (newest versions its ranges allow)
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
# process (the quarter's scenario waits three minutes for its reminders), so three
# workers keep a 2-core machine busy. Work stealing: a worker out of tests takes queued
# ones from another instead of idling while that one works through its share.
TEST_WORKERS ?= 3
PYTEST_XDIST := -n $(TEST_WORKERS) --dist worksteal

VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install; older than its lock file means "install again".
# The bot needs only its runtime dependencies; the tests and lint also the dev tools.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# Exact versions with hashes, resolved from pyproject.toml's ranges by `make lock`: every
# install (make run, make test, CI) gets the same libraries, whenever it runs. The code
# runs from this folder, so the project itself is not installed.
RUN_LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
PIP_INSTALL = $(BIN)/python -m pip install --quiet --require-hashes --no-deps -r
# uv resolves for every platform and Python >= 3.11 at once (--universal), with hashes.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --upgrade --quiet

.DEFAULT_GOAL := test
.PHONY: run install test test-fast backup restore lint lock clean

install: $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/python -m bot

backup: $(RUN_STAMP)
	$(BIN)/python -m bot backup

restore: $(RUN_STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/backup.db" >&2; exit 2; }
	$(BIN)/python -m bot restore "$(FILE)"

test: $(DEV_STAMP)
	$(BIN)/python -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

test-fast: $(DEV_STAMP)
	$(BIN)/python -m pytest $(PYTEST_XDIST) -m "not e2e" $(PYTEST_ARGS)

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

$(RUN_STAMP): $(RUN_LOCK) | $(BIN)/python
	@echo "Installing the bot's dependencies from $(RUN_LOCK) into $(VENV)"
	$(PIP_INSTALL) $(RUN_LOCK)
	@touch $@

$(DEV_STAMP): $(DEV_LOCK) | $(BIN)/python
	@echo "Installing the bot's dependencies and the dev tools from $(DEV_LOCK) into $(VENV)"
	$(PIP_INSTALL) $(DEV_LOCK)
	@touch $@ $(RUN_STAMP)

# After changing a range in pyproject.toml, or to take the libraries' newer releases:
# make lock, then make test, then commit both lock files (README, "Upgrading the bot").
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'uv>=0.9,<1'
	$(UV_COMPILE) -o $(RUN_LOCK)
	$(UV_COMPILE) --extra dev -o $(DEV_LOCK)
	@echo "Wrote $(RUN_LOCK) and $(DEV_LOCK): run make test, then commit them"
