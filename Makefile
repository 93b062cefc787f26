# Set-up and checks for jobmig. Two commands do everything on a fresh machine:
#   make demo   - create .venv, install jobmig, convert and audit samples/
#   make test   - install the test tools too, then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-installed
VALIDATORS := tests/validators

.PHONY: install demo test test-tools system-tools bench fuzz golden clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

demo: install
	$(BIN)/jobmig convert samples/ --out out/demo --timezone Asia/Tokyo --profile samples/profile.toml --force
	$(BIN)/jobmig audit samples/ --timezone Asia/Tokyo --profile samples/profile.toml

test: install test-tools
	$(BIN)/pytest -q

test-tools: $(TEST_STAMP) $(VALIDATORS)/node_modules/.installed system-tools

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# ASL validators from npm (@wmfs/statelint, asl-validator), pinned by the lock file.
$(VALIDATORS)/node_modules/.installed: $(VALIDATORS)/package.json $(VALIDATORS)/package-lock.json
	npm ci --prefix $(VALIDATORS) --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests drive: headless Chromium (the report's browser test)
# and Graphviz (checks the DOT graph export). Needs root or sudo.
system-tools:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Byte-compile first: an installed package is (pip compiles it), an editable one is
# compiled on first import unless PYTHONDONTWRITEBYTECODE is set.
bench: test-tools
	$(BIN)/python -m compileall -q jobmig parsers mappings
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_verify.py
	$(BIN)/python benchmarks/bench_jenkins.py
	$(BIN)/python benchmarks/bench_jp1.py
	$(BIN)/python benchmarks/bench_convert.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_nesting.py
	$(BIN)/python benchmarks/bench_groovy.py

# 100,000 mutated inputs through every reader and the whole conversion, on every core
# (about an hour of CPU); prints inputs, tracebacks (0), timeouts and the slowest input.
# FUZZ_ARGS="--count 5000 --seed 3" for another slice; --extreme for huge lines and nesting.
fuzz: install
	$(BIN)/python benchmarks/fuzz.py --count 100000 $(FUZZ_ARGS)

# Regenerate golden files after a deliberate change to emitted artifacts; review the diff.
golden: test-tools
	JOBMIG_REGEN=1 $(BIN)/pytest -q tests -k golden

clean:
	rm -rf out build .pytest_cache
