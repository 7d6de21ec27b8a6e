# socplan: `make run` serves the demo, `make test` runs the whole test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test test-browser-deps lint messages clean

install: $(STAMP)
	@$(BIN)/python -m socplan.compile_messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: install
	$(BIN)/socplan migrate --noinput
	$(BIN)/socplan load_demo
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
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: install
	cd socplan && ../$(BIN)/socplan makemessages -l cs -l en --no-obsolete --no-location --no-wrap
	$(BIN)/python -m socplan.compile_messages

clean:
	rm -rf $(VENV) node_modules var/static
