# Every command a communication officer or developer needs; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-test check build serve test bench schemas clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.in -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .

install-test: install
	$(BIN)/python -m pip install --quiet -r requirements-test.in -c constraints.txt
	@test -n "$$CONSORTIA_CHROMIUM" || command -v chromium >/dev/null || { echo "The browser tests need Debian's Chromium: sudo apt-get install chromium"; exit 1; }

check: install
	$(BIN)/consortia check

build: install
	$(BIN)/consortia build

serve: install
	$(BIN)/consortia serve

test: install-test
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/run.py

schemas: install
	$(BIN)/consortia schemas

clean:
	rm -rf site .site-new .site-old .cache
