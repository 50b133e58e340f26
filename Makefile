# Bootstrap only: set up the environment and hand over to invoke / pytest.
#   make run   – set up, build the sample site and newsletter, serve it and the sign-up endpoint at :8000
#   make test  – set up, install what the tests need (Chromium, Node tools), run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup test-setup system-packages clean

run: setup
	$(BIN)/invoke build
	$(BIN)/invoke newsletter.send latest --yes
	$(BIN)/invoke serve

# Two workers: most tests wait on servers, browsers and subprocesses (12 min on one, 9 min on two, 2 cores).
test: test-setup
	$(BIN)/pytest -n 2

setup: $(VENV)/.runtime

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

test-setup: setup $(VENV)/.test system-packages node_modules/.installed

$(VENV)/.test: requirements-test.txt requirements.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

# Debian packages the tests drive: Chromium (no browser download is possible here) and Java for the HTML checker.
system-packages:
	@command -v chromium >/dev/null && command -v java >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y -qq --no-install-recommends chromium default-jre-headless >/dev/null; }

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf output output.* build .cache outbox var test-artifacts
