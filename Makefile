# Xiezuo: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 3
# a worker is replaced after this many requests (± the jitter, so that they are not
# replaced all at once): memory one bad request took is given back
MAX_REQUESTS ?= 1000
MAX_REQUESTS_JITTER ?= 100
export HOST PORT

.PHONY: run setup test lint audit serve demo messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	# the official IATI 2.03 schemas, for the tests; pyiati's own pins are years old, so
	# its dependencies are not installed (only its resources/ are read)
	$(BIN)/pip install --quiet --no-deps pyiati==0.4.1
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Translations are compiled from the .po files with polib (no GNU gettext needed).
messages: $(VENV)/.installed
	$(BIN)/python -m xiezuo.i18n_compile

setup: $(VENV)/.installed messages
	@mkdir -p var

demo: setup
	$(BIN)/xiezuo migrate --noinput -v0
	$(BIN)/xiezuo demo load

run: demo
	$(BIN)/xiezuo collectstatic --noinput -v0
	@echo ""
	@echo "  Xiezuo is at http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	@echo ""
	$(BIN)/gunicorn xiezuo.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--max-requests $(MAX_REQUESTS) --max-requests-jitter $(MAX_REQUESTS_JITTER) \
		--config python:xiezuo.gunicorn_config \
		--error-logfile - --forwarded-allow-ips 127.0.0.1

test: setup
	$(BIN)/pytest -n 2 --dist loadfile

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy xiezuo

# known vulnerabilities of every pinned dependency, asked of PyPI (scripts/audit.py): fails
# on a vulnerability, and when PyPI could not answer for every pin (AUDIT_UNREACHABLE_OK=1
# lets that pass, loudly, as .ci/run does)
audit: setup
	$(BIN)/python scripts/audit.py

bench: setup
	$(BIN)/python bench/places_load.py

clean:
	rm -rf $(VENV) var artifacts .pytest_cache .mypy_cache .ruff_cache .hypothesis
