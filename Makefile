# Balai: the two commands a newcomer runs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -q

.PHONY: run test install lint format openapi worker demo clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Balai needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs exactly what the lock file pins, then the project itself.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed

# Starts the app with demo data on SQLite at http://127.0.0.1:8000, with the background worker.
run: install
	DEBUG=1 $(BIN)/balai migrate --no-input
	DEBUG=1 $(BIN)/balai demo
	@DEBUG=1 $(BIN)/balai worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/balai runserver $(HOST):$(PORT)

# Installs and runs every test (browser tests too when Chromium is installed).
test: install
	BALAI_TESTING=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Writes the committed OpenAPI document; CI fails when it drifts from the code.
openapi: install
	BALAI_TESTING=1 $(BIN)/balai export_openapi --output docs/openapi.json

worker: install
	DEBUG=1 $(BIN)/balai worker

demo: install
	DEBUG=1 $(BIN)/balai demo

clean:
	rm -rf $(VENV) var staticfiles
