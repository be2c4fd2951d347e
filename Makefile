# Two commands: `make demo` (set up, build the example cohort) and `make test` (set up, run every test).
# The virtual environment is created once and reinstalled only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.mlalib-installed
COHORT ?= cohorts/example.yaml
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)

# JupyterLab refuses to run as root unless told; root is usual in containers, so the flag is
# passed only there (never for an ordinary user).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

.PHONY: demo test test-lowest lab bench clean help

help:
	@echo "make demo   set up .venv and build the example cohort ($(COHORT))"
	@echo "make test   set up .venv and run every test (library, builds, notebooks)"
	@echo "make test-lowest  the lowest declared versions of the dependencies on the lowest Python (.ci/lowest-versions)"
	@echo "make lab    start JupyterLab on the participant editions of the example cohort (after make demo)"
	@echo "make bench  run the benchmarks (prints ratios against the baselines)"

# The Node packages the tests use, pinned in package-lock.json: the proxy of the course hub
# (configurable-http-proxy) for the hub test, axe-core for the accessibility tests (tests/test_pages.py,
# injected into Chromium); installed again when the lock changes. Without npm those tests skip and say why.
NODE_STAMP := node_modules/.package-lock.json

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "note: npm not found; the course hub and accessibility tests will skip"; fi

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/mlalib build $(COHORT) --jobs $(JOBS)
	@echo
	@echo "Open them in JupyterLab with: make lab"

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadscope

test-lowest:
	.ci/lowest-versions

lab: $(STAMP)
	$(BIN)/python -m mlalib lab $(COHORT) $(ALLOW_ROOT)

bench: $(STAMP)
	$(BIN)/python benchmarks/build_bench.py
	$(BIN)/python benchmarks/check_bench.py
	$(BIN)/python benchmarks/pages_bench.py
	$(BIN)/python benchmarks/first_cell_bench.py
	$(BIN)/python benchmarks/grade_bench.py
	$(BIN)/python benchmarks/flows_bench.py
	$(BIN)/python benchmarks/survey_bench.py

clean:
	rm -rf build .pytest_cache
