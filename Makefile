# Two commands on a fresh machine with only Python and make: `make demo`, `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cpkit check examples/usti-seniors
	$(BIN)/cpkit check examples/hkcss-2023
	$(BIN)/cpkit gaps examples/usti-seniors
	$(BIN)/cpkit progress examples/usti-seniors
	$(BIN)/cpkit render examples/usti-seniors -o out/usti-seniors
	$(BIN)/cpkit render examples/hkcss-2023 -o out/hkcss-2023
	$(BIN)/cpkit diff examples/hkcss-2023 examples/hkcss-2025 --format md > out/hkcss-2023-to-2025.md
	@echo "Open out/usti-seniors/plan.html in a browser; the HKCSS diff is in out/hkcss-2023-to-2025.md."

test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Times check, gaps and render on generated plans of 200, 2,000 and 10,000 measures (some
# minutes); BENCH_ARGS="--out docs/performance.md" updates the tables there.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
