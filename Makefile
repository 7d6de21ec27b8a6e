# socplan: `make run` serves the demo, `make test` runs the whole test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Exact versions of every package of the virtualenv (`make lock` upgrades them).
LOCK := requirements.lock
# The tests run in parallel, one process per core (pytest-xdist); PYTEST_WORKERS=0 runs them
# in this process. `--dist loadgroup` keeps the tests that share the demo on one worker.
PYTEST_WORKERS ?= auto

.PHONY: install lock run test test-browser-deps lint messages clean

install: $(STAMP)
	@$(BIN)/python -m socplan.compile_messages

# PIP_CONSTRAINT (rather than --constraint) also pins the build backend of the editable install.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	PIP_CONSTRAINT=$(LOCK) $(BIN)/python -m pip install --quiet pip setuptools
	PIP_CONSTRAINT=$(LOCK) $(BIN)/python -m pip install --quiet -e ".[test]"
	@# A package that pyproject.toml needs but the lock does not pin would come unpinned: CI
	@# fails then; a developer is warned (packages installed by hand also differ).
	@$(BIN)/python -m pip freeze --all --exclude socplan > $(VENV)/installed.txt
	@grep -v '^#' $(LOCK) | diff - $(VENV)/installed.txt >/dev/null || { \
	  echo "$(VENV) differs from $(LOCK) (< lock, > installed):"; \
	  grep -v '^#' $(LOCK) | diff - $(VENV)/installed.txt | grep '^[<>]'; \
	  echo "After a change of pyproject.toml run 'make lock'; 'make clean install' rebuilds $(VENV)."; \
	  if [ "$$CI" = true ]; then exit 1; fi; }
	touch $(STAMP)

# The newest versions that pyproject.toml allows, installed into a fresh virtualenv and written
# to $(LOCK); then `make install` brings .venv to exactly those versions (see README).
lock:
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet --upgrade pip setuptools
	$(VENV)-lock/bin/python -m pip install --quiet -e ".[test]"
	{ echo "# Exact versions of every package that \`make install\` puts into .venv: written by"; \
	  echo "# \`make lock\` (the newest that pyproject.toml allows, in a fresh virtualenv)."; \
	  $(VENV)-lock/bin/python -m pip freeze --all --exclude socplan; } > $(LOCK)
	rm -rf $(VENV)-lock

run: install
	$(BIN)/socplan migrate --noinput
	@# the whole country (code lists, population by age, social exclusion, boundaries)
	$(BIN)/socplan load_reference
	$(BIN)/socplan load_demo
	@# the demo's catalogue booklet (typeset once; not in load_demo, which the tests run)
	$(BIN)/socplan demo_booklet
	$(BIN)/socplan serve --host 127.0.0.1 --port 8000

# Browser tests need Debian's chromium and axe-core from the npm registry.
test-browser-deps: node_modules/axe-core/axe.min.js
	@test -x /usr/bin/chromium -a -x /usr/bin/pdftotext || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null); \
	  else echo "Install chromium (apt-get install chromium) for the browser tests."; exit 1; fi; }

node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --silent
	touch $@

test: install test-browser-deps
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: install
	cd socplan && ../$(BIN)/socplan makemessages -l cs -l en --no-obsolete --no-location --no-wrap
	$(BIN)/python -m socplan.compile_messages

clean:
	rm -rf $(VENV) $(VENV)-lock node_modules var/static
