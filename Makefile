# Developer entry points. The two set-up commands of the README are `make run` and
# `make test`; both create the virtual environment and install the project on demand.
#
#   make run                      start the bot (long polling); needs .env with BOT_TOKEN
#   make test                     run the test suite (SQLite; TEST_DATABASE_URL for PostgreSQL)
#   make test PYTEST_ARGS="-k registration -x"
#   make lint                     ruff check + ruff format --check
#   make clean                    remove the virtual environment and caches (keeps data/)
#
# PYTHON picks the interpreter the virtual environment is made from (3.11 or newer):
#   make test PYTHON=python3.12

PYTHON ?= python3
PYTEST_ARGS ?=

VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install; older than pyproject.toml means "install again".
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := test
.PHONY: run test lint clean

run: $(STAMP)
	$(BIN)/python -m bot

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
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

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the project and its dev tools into $(VENV)"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@
