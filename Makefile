# Two commands do all the set-up on a machine with only python3 and make:
#   make demo   create .venv if needed, install maintwin into it, run the main example
#   make test   the same set-up, then ruff, mypy --strict on src/, and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Mozilla ical.js, a reader the tests check the feeds with (tests/icaljs.py), pinned by
# tests/readers/package-lock.json. Without npm the rule says so and the tests skip (under
# CI=true they fail).
READERS := tests/readers
READERS_STAMP := $(READERS)/node_modules/.installed-stamp

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

$(READERS_STAMP): $(READERS)/package.json $(READERS)/package-lock.json
	@if command -v npm >/dev/null; then \
	  { npm ci --prefix $(READERS) --no-audit --no-fund --loglevel=error >/dev/null && touch $@; } \
	  || echo "npm ci failed in $(READERS): the tests that read the feeds with ical.js will be skipped"; \
	else \
	  echo "npm not found: the tests that read the feeds with ical.js will be skipped"; \
	fi

demo: $(STAMP)
	$(BIN)/python examples/demo.py

lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/ruff format --check src tests examples benchmarks
	$(BIN)/mypy --strict src

test: lint $(READERS_STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	@for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist $(READERS)/node_modules
