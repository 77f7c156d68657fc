# The two commands of the README: `make run` and `make test`. Both set everything up on a fresh
# Debian/Ubuntu machine with Python 3.11+. `make check` runs exactly what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint types php chromium venv clean bench contract

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	# Test-only reference client; its declared dependencies (sphinx, twine, black...) are not needed.
	$(BIN)/pip install --quiet --no-deps hexonet-apiconnector==4.0.2
	$(BIN)/pip install --quiet --no-deps centralnicreseller-apiconnector==6.0.0
	touch $(STAMP)

venv: $(STAMP)

php:
	@scripts/ensure-php.sh

# Debian's Chromium for the WHMCS admin-page browser tests (driven by Playwright, nothing downloaded).
chromium:
	@scripts/ensure-chromium.sh

run: $(STAMP)
	$(BIN)/python scripts/run_local.py

test: $(STAMP) php chromium
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

check: lint types test

# Rewrite the files generated from the contract table (app/contract/): the shim's lib/Contract.php, docs/contract.md.
contract: $(STAMP)
	$(BIN)/python -m app.contract.generate

bench: $(STAMP)
	@for b in benchmarks/*.py; do case $$b in */__init__.py) ;; *) echo "# $$b"; $(BIN)/python $$b || exit 1;; esac; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache var
