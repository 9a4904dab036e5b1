# The two commands of the README: `make build` and `make test`.
# Both create .venv (if missing or older than pyproject.toml) with ipgraph and its dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := raptor2-utils chromium chromium-driver
APT_STAMP := /var/tmp/ipgraph-apt-deps.stamp

.PHONY: build test test-slow deps venv lint clean bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

build: $(STAMP)
	$(BIN)/ipgraph build --data data --out exports

# System packages the tests need (idempotent; needs root or sudo).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "system packages present: $(APT_PACKAGES)"; fi

test: deps $(STAMP)
	$(BIN)/python -m pytest -q

test-slow: deps $(STAMP)
	$(BIN)/python -m pytest -q -m slow

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/extraction_eval.py

clean:
	rm -rf $(VENV) .builds exports build src/*.egg-info
