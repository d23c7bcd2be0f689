# K-OFFSET developer entry points. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_ENV := DEBUG=true
# The PostgreSQL server the suite runs against a second time (CI has one here).
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/koffset
# pytest-xdist workers per run (one per core; `make test PYTEST_WORKERS=0` runs serially).
PYTEST_WORKERS ?= auto

.PHONY: help install demo test tools test-sqlite test-postgres test-browser loadtest lint format messages lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

$(STAMP): requirements/dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "K-OFFSET needs Python 3.11 or newer; this is " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.lock
	@touch $(STAMP)

install: $(STAMP) ## Build .venv with the pinned dependencies (idempotent)

demo: install ## Set up SQLite, load the fictional demo data and serve http://127.0.0.1:8000
	@mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install tools lint test-sqlite test-browser test-postgres ## Run the whole suite on SQLite, the browser journeys, then PostgreSQL when reachable

# System tools the suite needs: GNU gettext (string extraction for the translation check).
# Installed with apt-get when missing and we are root (as in CI); otherwise we say what to install.
tools:
	@if ! command -v xgettext >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing GNU gettext (needed by the translation check)..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
		else \
			echo "!! GNU gettext is missing: install the 'gettext' package; the translation check will fail without it." >&2; \
		fi; \
	fi

test-sqlite: install
	@echo "== Test suite on SQLite =="
	$(PY) -m pytest -n $(PYTEST_WORKERS)

test-postgres: install
	@if $(PY) scripts/pg_reachable.py "$(PG_TEST_URL)"; then \
		echo "== Test suite on PostgreSQL ($(PG_TEST_URL)) =="; \
		DATABASE_URL="$(PG_TEST_URL)" $(PY) -m pytest -n $(PYTEST_WORKERS); \
	elif [ "$$CI" = "true" ]; then \
		echo "!! PostgreSQL is not reachable at $(PG_TEST_URL), and CI requires it." >&2; exit 1; \
	else \
		echo ""; \
		echo "########################################################################"; \
		echo "## PostgreSQL run SKIPPED: no server at $(PG_TEST_URL)"; \
		echo "## Only the SQLite run above has passed. Set PG_TEST_URL to test there."; \
		echo "########################################################################"; \
	fi

# Browser journeys (browser_tests/, docs/testing.md): Debian's Chromium driven by Playwright, axe-core
# from npm. Chromium and the CJK font are installed with apt-get when missing and we are root (as in CI).
# BROWSER_WORKERS journeys run at once, each with its own server (`make test-browser BROWSER_WORKERS=1`).
BROWSER_WORKERS ?= 2
BROWSER_PYTEST := $(PY) -m pytest -c /dev/null --rootdir browser_tests --confcutdir browser_tests -p no:django -p no:cacheprovider -q -n $(BROWSER_WORKERS)

test-browser: install ## Browser journeys in Korean and English: screenshots and axe checks in var/browser-artifacts/
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Chromium and the Noto CJK fonts (needed by the browser journeys)..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
		else \
			echo "!! /usr/bin/chromium is missing: install the Debian packages 'chromium' and 'fonts-noto-cjk'." >&2; exit 1; \
		fi; \
	fi
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then \
		command -v npm >/dev/null 2>&1 || { echo "!! npm is missing: install Node.js and npm (axe-core comes from npm)." >&2; exit 1; }; \
		npm ci --ignore-scripts --no-audit --no-fund; \
	fi
	@echo "== Browser journeys (screenshots in var/browser-artifacts/) =="
	$(BROWSER_PYTEST) browser_tests

loadtest: install ## Load test (locust, 60 s at 50 users) on gunicorn: a fresh SQLite demo, or DATABASE_URL + MEDIA_ROOT
	$(PY) loadtest/run.py $(if $(DATABASE_URL),,--demo) $(LOADTEST_ARGS)

lint: install ## ruff lint and format check, translation catalogue check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install ## Re-extract strings into locale/ko/LC_MESSAGES/django.po (translate them), then compile
	$(DEMO_ENV) $(PY) manage.py makemessages --locale ko --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore '*/tests/*'
	$(DEMO_ENV) $(PY) manage.py compilemessages --ignore ".venv/*"

lock: ## Re-pin requirements/*.lock from requirements/*.in (needs uv)
	uv pip compile requirements/base.in --generate-hashes --python-version 3.11 -q -o requirements/base.lock
	uv pip compile requirements/dev.in --generate-hashes --python-version 3.11 -q -o requirements/dev.lock

clean: ## Remove .venv, var/ and caches
	rm -rf $(VENV) var .pytest_cache .ruff_cache
