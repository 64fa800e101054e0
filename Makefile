# Every command a communication officer or developer needs; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-test chromium check build serve test bench schemas clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.in -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .

# The newsletter PDFs are printed, and the browser tests run, by Debian's Chromium (or CONSORTIA_CHROMIUM).
chromium:
	@test -n "$$CONSORTIA_CHROMIUM" || command -v chromium >/dev/null || { echo "The newsletter PDFs are printed by Debian's Chromium: sudo apt-get install chromium"; exit 1; }

install-test: install
	$(BIN)/python -m pip install --quiet -r requirements-test.in -c constraints.txt

check: install
	$(BIN)/consortia check

build: install chromium
	$(BIN)/consortia build

serve: install chromium
	$(BIN)/consortia serve

test: install-test chromium
	$(BIN)/python -m pytest -q

bench: install chromium
	$(BIN)/python bench/run.py

schemas: install
	$(BIN)/consortia schemas

clean:
	rm -rf site .site-new .site-old .cache
