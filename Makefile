# Two commands on a fresh clone: `make run` and `make test`.
# Installs come from requirements.txt (exact versions with hashes), so a clone behaves the
# same next month; `make lock` renews it, `make test-latest` tries the newest releases.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# numba's cache of the IHTC search's compiled moves, warmed again when their code changes.
WARM   := $(VENV)/.numba-warm
JIT    := hra_tui/solver/ihtc/_jit_moves.py hra_tui/solver/ihtc/_jit_search.py
LOCK   := requirements.txt
PIP_TOOLS := pip-tools==7.7.0
DEMO_DB ?= $(CURDIR)/demo-ward.db
# One test worker more than the cores: a third of the suite's time is waiting (the console's
# pilot, the processes and servers it starts), which a third worker fills on two cores
# (make test's tests in 3:44 against 4:22 with two workers).
WORKERS ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 1)")
PYTEST := $(BIN)/python -m pytest -q
# hra's own bytecode written ahead, as pip writes an installed package's: an editable install
# is not compiled, and where PYTHONDONTWRITEBYTECODE is set every start would compile hra's
# modules again (a sixth of a command's time). Only changed modules are compiled again.
COMPILE := $(BIN)/python -m compileall -q hra_tui db >/dev/null

.PHONY: run test test-pg test-slow test-slow-pg test-all test-latest lint lock bench clean

$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(COMPILE)
	touch $(STAMP)

# numba compiles the IHTC search's moves once, into its cache, rather than in a timed solve.
$(WARM): $(STAMP) $(JIT)
	$(BIN)/python -c "from hra_tui.solver.ihtc._jit_search import warm; warm()"
	touch $(WARM)

run: $(WARM)
	@$(COMPILE)
	@test -f $(DEMO_DB) || $(BIN)/hra --db $(DEMO_DB) demo
	$(BIN)/hra --db $(DEMO_DB)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint $(WARM)
	$(PYTEST) -n $(WORKERS) -m "not slow"

# The whole non-slow suite on PostgreSQL: each worker on a throwaway cluster
# (tests/support/postgres.py), the shared wards cloned there (tests/support/wards.py), the tests
# about SQLite itself skipped (`sqlite_only`); a machine without PostgreSQL fails instead.
test-pg: $(WARM)
	HRA_TEST_ENGINE=postgresql HRA_REQUIRE_POSTGRESQL=1 $(PYTEST) -n $(WORKERS) -m "not slow"

# The slow exhaustive checks alone (CI runs them after `make test`), and everything.
test-slow: $(WARM)
	$(PYTEST) -n auto -m slow

# The slow checks that open a ward, on PostgreSQL as test-pg runs the rest; the solver's
# (tests/solver) read no database (import-linter holds it), so make test-slow's one run does.
# One worker a core, as test-slow: the soaks and the limited processes keep the cores busy.
test-slow-pg: $(WARM)
	HRA_TEST_ENGINE=postgresql HRA_REQUIRE_POSTGRESQL=1 $(PYTEST) -n auto -m slow \
	    --ignore=tests/solver

test-all: lint $(WARM)
	$(PYTEST) -n auto

# The suite against the newest releases that pyproject.toml allows, in a venv of its own:
# drift found on purpose. If it passes, `make lock` takes those versions.
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade pip
	.venv-latest/bin/python -m pip install --quiet --upgrade -e '.[dev]'
	.venv-latest/bin/python -m pytest -q -n $(WORKERS) -m "not slow"

# Renew the lock from pyproject.toml's ranges (the newest versions they allow), then write the
# same pins as pylock.toml (PEP 751: this platform's wheels, by their PyPI addresses and hashes).
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet $(PIP_TOOLS)
	.venv-lock/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe \
	    --all-build-deps --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
	    -o $(LOCK) pyproject.toml
	rm -rf .venv-lock
	$(MAKE) $(STAMP)
	PIP_CONFIG_FILE=/dev/null $(BIN)/python -m pip lock --quiet --no-deps \
	    --index-url https://pypi.org/simple -r $(LOCK) -o pylock.toml

bench: $(WARM)
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .venv-latest .venv-lock $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
