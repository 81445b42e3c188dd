# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint messages clean system-run system-test

# Debian packages (Pango for the PDFs; Chromium and poppler for the tests), from the one list in
# scripts/system-packages.txt: installed as root on Debian, otherwise the exact command is printed.
system-run:
	@bash scripts/system_packages.sh run

system-test:
	@bash scripts/system_packages.sh test

# The virtual environment; on Debian, python3-venv is installed first when it is missing.
$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null; \
	  fi; \
	  $(PYTHON) -m venv $(VENV); }
	@$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: $(VENV)/bin/python requirements.txt
	@echo "Installing requirements..."
	@$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.run-installed requirements-dev.txt
	@$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

# axe-core, which the browser tests load into each page they check (tests/browser/package.json).
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	@touch $@

# Compiled translations are build output (*.mo are not committed).
messages: $(VENV)/.run-installed
	@$(PY) -m babel.messages.frontend compile --domain django --directory locale --statistics 2>&1 | grep -v "^$$" || true

run: system-run $(VENV)/.run-installed messages
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py load_units
	@$(PY) manage.py load_demo
	@$(PY) manage.py load_demo_surveys
	@$(PY) manage.py load_demo_dialogues
	@$(PY) manage.py load_demo_reports
	@echo "Serving http://127.0.0.1:$(PORT)/  (Ctrl+C to stop)"
	@$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: system-test
	@eval "$$($(PYTHON) scripts/test_env.py)" && \
	$(MAKE) --no-print-directory $(VENV)/.dev-installed $(AXE) messages && \
	$(VENV)/bin/ruff check . && \
	$(VENV)/bin/ruff format --check . && \
	$(PY) manage.py makemigrations --check --dry-run && \
	$(VENV)/bin/pytest

lint: $(VENV)/.dev-installed
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 test-db.sqlite3 staticfiles .pytest_cache .ruff_cache tests/browser/node_modules
