# Gouvernail — two commands: `make run` (demo on SQLite) and `make test` (whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export GOUVERNAIL_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test bench install install-dev lint check format lock clean

$(BIN)/python:
	@echo "Première installation : quelques minutes (environnement Python sous $(VENV))."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs exactly the locked versions (with their hashes), then the project itself without
# resolving again; the stamp files make later runs skip both until a lock file changes.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Installs, migrates the SQLite database under var/, loads the demo organisation when the
# database is empty, collects static files and serves on http://127.0.0.1:$(PORT).
# The demo's sources may run on this machine: loopback is opened to the connectors (refused by
# default, see GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS); set the variable empty to refuse it again.
run: export GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS ?= 127.0.0.0/8,::1/128
run: install
	mkdir -p "$(GOUVERNAIL_DATA_DIR)"
	test -s "$(GOUVERNAIL_DATA_DIR)/secret_key" || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > "$(GOUVERNAIL_DATA_DIR)/secret_key"
	test -s "$(GOUVERNAIL_DATA_DIR)/connector_key" || (umask 077 && $(BIN)/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > "$(GOUVERNAIL_DATA_DIR)/connector_key")
	$(BIN)/gouvernail migrate --noinput --verbosity 0
	$(BIN)/gouvernail demo --if-empty
	$(BIN)/gouvernail register-key
	$(BIN)/gouvernail collectstatic --noinput --verbosity 0
	@echo "Ouvrez http://127.0.0.1:$(PORT)/ et connectez-vous avec l'un des comptes ci-dessus. Ctrl-C arrête le serveur et le worker."
	PORT=$(PORT) $(BIN)/gouvernail run

test: install-dev
	$(BIN)/pytest

# Benchmarks print ratios against a floor measured in the same run (see bench/README.md).
bench: install-dev
	GOUVERNAIL_DATA_DIR="$$(mktemp -d)" $(BIN)/python -m bench

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# What CI checks besides the tests: lint, formatting, and no model change without its migration.
check: lint
	GOUVERNAIL_DEBUG=1 GOUVERNAIL_DATA_DIR="$$(mktemp -d)" $(BIN)/gouvernail makemigrations --check --dry-run

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refreshes the lock files from pyproject.toml's ranges (uv, installed on demand in the venv).
lock: $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --universal --quiet -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --universal --quiet -o requirements-dev.lock

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
