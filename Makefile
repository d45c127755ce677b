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

# The demo plans the example as of Sunday 2026-11-22 09:00 (Chicago), so its output is the same
# every day. 'maintwin plan' exits 1 when the plan has error-level conflicts, as this one does
# (a change fits no window): the demo shows it and goes on.
EXAMPLE := examples/teleradiology.toml
CLOCK := --now 2026-11-22T09:00 --from 2026-12-01 --to 2027-12-01
MAINTWIN := $(BIN)/maintwin

demo: $(STAMP)
	$(MAINTWIN) plan $(EXAMPLE) $(CLOCK) || test $$? -eq 1
	@echo
	$(MAINTWIN) playbook $(EXAMPLE) CHG-1042 $(CLOCK)
	$(MAINTWIN) runbook $(EXAMPLE) pacs-upgrade-fri $(CLOCK)
	$(MAINTWIN) open-now $(EXAMPLE) --at 2027-01-13T10:05
	@echo
	$(MAINTWIN) feed $(EXAMPLE) $(CLOCK) --audience client --out build/feeds/teleradiology-client.ics
	$(MAINTWIN) feed $(EXAMPLE) $(CLOCK) --audience internal --out build/feeds/teleradiology-internal.ics
	$(MAINTWIN) series $(EXAMPLE) $(CLOCK) --out build/feeds/teleradiology-series.ics
	$(MAINTWIN) runbook $(EXAMPLE) pacs-upgrade-fri $(CLOCK) --format html --out build/runbooks/pacs-upgrade-fri.html
	$(MAINTWIN) calendar $(EXAMPLE) $(CLOCK) --out build/year.html

lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/ruff format --check src tests examples benchmarks
	$(BIN)/mypy --strict src

# The suite runs on every core (pytest-xdist); a test file stays on one worker, so that its
# module-scoped fixtures are built once.
test: lint $(READERS_STAMP)
	$(BIN)/pytest -n auto --dist loadfile

bench: $(STAMP)
	@for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist $(READERS)/node_modules
