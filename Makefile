# Two commands on a fresh machine with only Python and make: `make demo`, `make test`.
# Every version comes from requirements/lock.txt (exact, with hashes); pyproject.toml keeps
# the ranges for people who install cpkit as a library. docs/dependencies.md says how to
# upgrade one.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LOCK := requirements/lock.txt
STAMP := $(VENV)/.installed-stamp
# the tool that writes the lock, in a venv of its own (make lock)
UV_VERSION := 0.13.9
LOCK_VENV := .venv-lock
LATEST_VENV := .venv-latest

.PHONY: demo test lint format bench clean lock test-latest

# A new lock makes a new venv: nothing installed by hand, or by an older lock, stays behind.
# The project itself is built with the locked setuptools, so nothing unpinned is fetched.
$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cpkit check examples/usti-seniors
	$(BIN)/cpkit check examples/hkcss-2023
	$(BIN)/cpkit check examples/usti-seniors-cs
	$(BIN)/cpkit check examples/ssp-district-zh
	$(BIN)/cpkit gaps examples/usti-seniors
	$(BIN)/cpkit progress examples/usti-seniors
	$(BIN)/cpkit render examples/usti-seniors -o out/usti-seniors
	$(BIN)/cpkit render examples/hkcss-2023 -o out/hkcss-2023
	$(BIN)/cpkit render examples/usti-seniors-cs -o out/usti-seniors-cs
	$(BIN)/cpkit render examples/ssp-district-zh -o out/ssp-district-zh
	$(BIN)/cpkit diff examples/hkcss-2023 examples/hkcss-2025 --format md > out/hkcss-2023-to-2025.md
	@echo "Open out/usti-seniors/plan.html in a browser; the HKCSS diff is in out/hkcss-2023-to-2025.md."

test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Times check, gaps and render on generated plans of 200, 2,000 and 10,000 measures (some
# minutes); BENCH_ARGS="--out docs/performance.md" updates the tables there.
# BENCH_ARGS=--doorstop also pairs check with Doorstop and with the yaml-rs floor, which it
# installs first into a venv of their own from requirements/bench.txt (exact, with hashes):
# neither is a dependency of cpkit or of its tests.
BENCH_VENV := .venv-bench
BENCH_LOCK := requirements/bench.txt
bench: $(STAMP)
	$(if $(findstring --doorstop,$(BENCH_ARGS)),$(MAKE) --no-print-directory $(BENCH_VENV)/.installed-stamp)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

$(BENCH_VENV)/.installed-stamp: $(BENCH_LOCK)
	$(PYTHON) -m venv --clear $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --require-hashes -r $(BENCH_LOCK)
	touch $@

# Rewrite the lock from pyproject.toml's ranges: the newest versions they allow, for every
# platform and every Python from 3.10 (uv's universal resolution). Review the diff, then
# run make test, which rebuilds .venv from the new lock.
lock:
	[ -x $(LOCK_VENV)/bin/uv ] || { $(PYTHON) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION); }
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml requirements/build.in --extra test \
		--universal --python-version 3.10 --generate-hashes --upgrade -o $(LOCK)

# The suite on the newest versions pyproject.toml allows, in a venv of its own, so that a
# release that would break a fresh machine is seen before the lock moves to it.
test-latest:
	$(PYTHON) -m venv --clear $(LATEST_VENV)
	$(LATEST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST_VENV)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST_VENV)/bin/python scripts/drift.py $(LOCK)
	CPKIT_UNLOCKED=1 $(LATEST_VENV)/bin/python -m pytest -p no:cacheprovider

clean:
	rm -rf $(VENV) $(LOCK_VENV) $(LATEST_VENV) $(BENCH_VENV) build *.egg-info .pytest_cache .ruff_cache
