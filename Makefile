# LAPOR! Monitor. `make demo` serves the dashboard with demo data on SQLite;
# `make test` runs lint and the whole suite on PostgreSQL and Redis (each started here
# when DATABASE_URL / REDIS_URL is unset: scripts/postgres.sh, scripts/redis.sh). Both
# install what they need, as root on Debian.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: install system-deps vendor messages demo test lint serve bench loadtest

# The packages through uv (pinned here, installed by pip): on a fresh machine it resolves and
# installs the project in about 10 s where pip takes about 30 s.
UV_VERSION := 0.13.9
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install -q --python $(VENV)/bin/python -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Only the one Chart.js file (and its source map, which the manifest storage needs) is exposed.
vendor: node_modules/.installed
	mkdir -p static/vendor/chartjs
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map static/vendor/chartjs/

# Debian packages the tests use: Chromium (browser tests), gettext (message catalogues),
# poppler-utils (pdftoppm, to look at PDFs).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then $(APT_GET) update -qq && $(APT_GET) install -y -qq $$missing; fi

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq gettext; }
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

install: $(VENV)/.installed vendor messages

demo: install
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py loaddata provinces monev_2020
	DEBUG=true $(PY) manage.py load_regions
	DEBUG=true $(PY) manage.py generate_demo_data --months 24 --seed 1
	DEBUG=true $(PY) manage.py demo_admin
	@# The task queue's worker beside the development server (the queue is a table of the demo's
	@# SQLite database): publishing a month renders its PDFs and prints subscription emails here.
	@DEBUG=true $(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	 DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# pytest-xdist, one worker per core, each with its own test database (pytest-django's suffix)
# and its own cache keys (tests/helpers.py clear_cache). `--dist load` hands tests out in
# collection order, so each worker still runs the transaction=True tests (whose flush empties
# the migrations' rows) after the others, as a serial run does.
test: system-deps install lint
	@export DATABASE_URL="$${DATABASE_URL:-$$(scripts/postgres.sh)}"; \
	 REDIS_URL="$${REDIS_URL:-$$(scripts/redis.sh)}" && export REDIS_URL && \
	 $(PY) manage.py check && \
	 $(PY) manage.py makemigrations --check --dry-run >/dev/null && \
	 $(VENV)/bin/pytest -n auto --dist load --durations=10

# gunicorn (gunicorn.conf.py) against PostgreSQL on 127.0.0.1, with collected static files,
# and one task-queue worker (`db_worker`: a published month's PDFs and subscription emails).
serve: install
	@export DATABASE_URL="$${DATABASE_URL:-$$(scripts/postgres.sh)}"; \
	 $(PY) manage.py migrate --no-input && \
	 $(PY) manage.py collectstatic --no-input -v0 && \
	 { $(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	   $(VENV)/bin/gunicorn -c gunicorn.conf.py; }

# National scale, measured: a fresh PostgreSQL database `lapor_bench` (552 IPs x 60 months),
# pages, JSON, PDFs, the monthly batch, a 10,000-row import and wrk on the scorecard page.
# Prints the table and writes docs/benchmarks.md (see scripts/bench.py).
bench: install
	@command -v wrk >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq wrk; }
	@scripts/postgres.sh >/dev/null
	@cd / && runuser -u postgres -- psql -q -c "DROP DATABASE IF EXISTS lapor_bench WITH (FORCE)"
	@export DATABASE_URL="$$(scripts/postgres.sh lapor_bench)"; $(PY) scripts/bench.py

# Not in CI: two gunicorn instances + PostgreSQL + Redis under wrk for 60 s at 64 connections,
# then again with PostgreSQL, then Redis, stopped for a few seconds in the middle; results go
# into docs/deploy.md.
loadtest: install
	@command -v wrk >/dev/null || { $(APT_GET) update -qq && $(APT_GET) install -y -qq wrk; }
	@export DATABASE_URL="$$(scripts/postgres.sh lapor_load)"; $(PY) scripts/loadtest.py
