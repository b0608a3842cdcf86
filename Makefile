# Gouvernail — two commands: `make run` (demo on SQLite) and `make test` (whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export GOUVERNAIL_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test bench install install-dev lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

# Installs, migrates the SQLite database under var/, loads the demo organisation when the
# database is empty, collects static files and serves on http://127.0.0.1:$(PORT).
run: install
	mkdir -p "$(GOUVERNAIL_DATA_DIR)"
	test -s "$(GOUVERNAIL_DATA_DIR)/secret_key" || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > "$(GOUVERNAIL_DATA_DIR)/secret_key"
	$(BIN)/gouvernail migrate --noinput --verbosity 0
	$(BIN)/gouvernail demo --if-empty
	$(BIN)/gouvernail collectstatic --noinput --verbosity 0
	@$(BIN)/gouvernail demo --accounts
	@echo "Ouvrez http://127.0.0.1:$(PORT)/ et connectez-vous avec l'un des comptes ci-dessus."
	PORT=$(PORT) $(BIN)/gouvernail run

test: install-dev
	$(BIN)/pytest

# Benchmarks print ratios against a floor measured in the same run (see bench/README.md).
bench: install-dev
	GOUVERNAIL_DEBUG=1 GOUVERNAIL_DATA_DIR="$$(mktemp -d)" $(BIN)/python -m bench

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
