# Client Portal: `make up` runs it here, `make test` checks it. `make help` lists the rest.
# Longer shell logic lives in deploy/scripts/*.sh; every target can be run again safely.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed
SERVICES := identity scheduling messaging forms billing integrations
# Processes for up/up-bg, by their deploy/Procfile names; empty means all of them.
PROCS ?=
# Only the packages that exist yet (the gateway is young): mypy refuses an empty one.
TYPED := $(foreach d,shared services gateway deploy,$(if $(wildcard $(d)/*.py),$(d)))
export VENV PROCS

# Local runs read .env (made by `make env`: this install's own encryption key). Tests
# never read it: they make their own keys.
WITH_ENV := set -a; [ ! -f .env ] || . ./.env; set +a;

.PHONY: help up up-bg ports down test lint fmt typecheck pytest browser bench bench-availability bench-webhooks \
	bench-email web web-check api-types venv env infra migrate seed urls clean distclean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

up: ports venv env infra web migrate seed ## a fresh clone to a running portal, in the foreground (Ctrl-C stops)
	@deploy/scripts/banner.sh
	PATH="$(abspath $(BIN)):$$PATH" honcho start -e .env,deploy/local.env -f deploy/Procfile $(PROCS)

up-bg: venv env infra web migrate seed ## the same, in the background (log .run/portal.log); make down stops it
	@deploy/scripts/start-bg.sh
	@deploy/scripts/banner.sh

ports: # fail early when the portal's ports are taken (make up runs this first)
	@deploy/scripts/check-ports.sh

down: ## stop what make up-bg started
	@deploy/scripts/stop-bg.sh

# Everything CI runs, outage tests included (they stop this machine's PostgreSQL and RabbitMQ
# for a moment): while others share those servers, make test PYTEST_ARGS='-m "not stops_servers"'.
test: lint typecheck web-check pytest ## lint, types, web checks, then the whole test suite (real PostgreSQL and RabbitMQ)

lint: venv ## ruff: lint and formatting check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: venv ## ruff: format and apply safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: venv ## mypy
	$(BIN)/mypy $(TYPED)

pytest: venv infra web browser ## the test suite only (pass PYTEST_ARGS="-k ..." to narrow it)
	$(BIN)/pytest $(PYTEST_ARGS)

browser: ## what the tests drive beyond Python: chromium (browser tests), shellcheck (the scripts' lint test)
	@deploy/scripts/ensure-tools.sh chromium shellcheck

bench: venv ## the request path's cost against this machine's floors (starts the portal if needed)
	@deploy/scripts/ensure-tools.sh wrk
	@deploy/scripts/bench.sh

web: ## build the browser client in web/ (skipped while there is no web/package.json)
	@deploy/scripts/build-web.sh

web-check: venv web ## web client: tsc, Biome, Vitest, and the API types still match the services
	cd web && npx tsc --noEmit && npx biome check . && npx vitest run
	PY=$(PY) web/scripts/api-types.sh --check

api-types: venv web ## regenerate web/src/api from the services' OpenAPI (nothing needs to run)
	PY=$(PY) web/scripts/api-types.sh

bench-email: venv infra ## approval committed -> confirmation email accepted by SMTP (p50/p99 at 50/s); own database, free ports
	$(PY) benchmarks/email_latency.py $(BENCH_ARGS)

venv: $(INSTALLED) ## .venv with the project and its dev tools (again when pyproject.toml changes)

$(INSTALLED): pyproject.toml
	@deploy/scripts/venv.sh

infra: ## PostgreSQL and RabbitMQ: use, start or install them
	@deploy/scripts/ensure-infra.sh

env: venv ## .env with this install's own encryption key (made once; back it up)
	@deploy/scripts/ensure-env.sh

migrate: venv env infra ## apply every service's migrations
	@$(WITH_ENV) for service in $(SERVICES); do \
		echo "==> Migrations: $$service"; \
		$(PY) -m services.$$service migrate; \
	done

seed: venv env migrate ## the demo practice (portal seed-demo, idempotent)
	@$(WITH_ENV) deploy/scripts/seed-demo.sh

urls: ## where everything is, and the demo logins
	@deploy/scripts/banner.sh

clean: ## remove caches, build output and run files (keeps .venv and web/node_modules)
	rm -rf .run .pytest_cache .mypy_cache .ruff_cache build web/dist ./*.egg-info
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -not -path './web/node_modules/*' \
		-prune -exec rm -rf {} +

distclean: clean ## clean, and remove .venv and web/node_modules too
	rm -rf $(VENV) web/node_modules

bench-availability: venv infra ## how open times grow with appointments and horizon (its own database)
	$(PY) benchmarks/availability.py

bench-webhooks: venv infra ## webhook deliveries per second, and beside a practice whose endpoint hangs (its own database)
	$(PY) -m benchmarks.webhooks
