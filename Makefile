# Every command a communication officer or developer needs; see README.md.
PYTHON ?= python3
PORT ?= 8000
# The site engine: mkdocs, or properdocs (the maintained fork of MkDocs 1.6): make build ENGINE=properdocs;
# make build ENGINE=zensical builds a preview with Zensical, Material's successor (README: Zensical (preview)).
ENGINE ?= mkdocs
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
TEST_TOOLS := $(VENV)/.installed-test
CHECKERS := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1
# The checkers from npm drive Debian's Chromium; none may download a browser of its own.
export PUPPETEER_SKIP_DOWNLOAD := 1

# A failing step ends with its own lines (the problems and what to do), not with make's
# "make: *** [Makefile:…] Error 1": make is stopped without a word, and still exits non-zero.
QUIET_FAIL = || { kill -PIPE $$PPID 2>/dev/null; exit 1; }

.PHONY: install install-test chromium check build serve test bench schemas messages report archive clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV)

# Installs only when the requirements changed (or the first time); pip's output goes to a log.
$(INSTALLED): requirements.in constraints.txt pyproject.toml | $(BIN)/python
	@echo "Installing the kit into $(VENV)/ (only when its requirements change; the log is $(VENV)/install.log)"
	@{ $(BIN)/python -m pip install --upgrade pip \
	   && $(BIN)/python -m pip install -r requirements.in -c constraints.txt \
	   && $(BIN)/python -m pip install --no-deps -e . ; } > $(VENV)/install.log 2>&1 \
	   || { tail -n 20 $(VENV)/install.log; echo "The installation failed; the whole log is $(VENV)/install.log"; false; } $(QUIET_FAIL)
	@touch $@

$(TEST_TOOLS): requirements-test.in constraints.txt $(INSTALLED)
	@echo "Installing the test tools into $(VENV)/"
	@$(BIN)/python -m pip install -r requirements-test.in -c constraints.txt > $(VENV)/install-test.log 2>&1 \
	   || { tail -n 20 $(VENV)/install-test.log; false; } $(QUIET_FAIL)
	@touch $@

install: $(INSTALLED)

# Checkers written by others (calendar parsers, the Nu Html Checker, pa11y, Lighthouse), pinned by package-lock.json.
$(CHECKERS): package.json package-lock.json
	@echo "Installing the checkers into node_modules/"
	@npm ci --no-audit --no-fund > $(VENV)/install-npm.log 2>&1 \
	   || { tail -n 20 $(VENV)/install-npm.log; echo "npm ci failed: Node.js and npm are needed (sudo apt-get install nodejs npm)"; false; } $(QUIET_FAIL)
	@touch $@

install-test: $(TEST_TOOLS) $(CHECKERS)

# The newsletter PDFs are printed, and the browser tests run, by Debian's Chromium (or CONSORTIA_CHROMIUM).
chromium:
	@test -n "$$CONSORTIA_CHROMIUM" || command -v chromium >/dev/null \
	   || { echo "The newsletter PDFs are printed by Debian's Chromium: sudo apt-get install chromium"; false; } $(QUIET_FAIL)

check: install
	@$(BIN)/consortia check $(QUIET_FAIL)

build: install chromium
	@$(BIN)/consortia build --engine $(ENGINE) $(QUIET_FAIL)

# The dissemination report (report/, not published): make report, or make report FROM=2024-01-01 TO=2024-12-31.
report: install
	@$(BIN)/consortia report $(if $(FROM),--from $(FROM)) $(if $(TO),--to $(TO)) $(QUIET_FAIL)

# The whole site as one zip that opens from disk, search included (archive/, not published): for a
# repository such as Zenodo once the project is over.
archive: install chromium
	@$(BIN)/consortia archive $(QUIET_FAIL)

serve: install chromium
	@$(BIN)/consortia serve --port $(PORT) --engine $(ENGINE) $(QUIET_FAIL)

test: install-test chromium
	@$(BIN)/python -m pytest -q -n auto --durations=10 $(QUIET_FAIL)

bench: install chromium
	@$(BIN)/python bench/run.py $(QUIET_FAIL)

schemas: install
	@$(BIN)/consortia schemas $(QUIET_FAIL)

clean:
	rm -rf site .site-new .site-old .site-zensical .cache

# The kit's own words: gathered from the code and templates into consortia/locale/consortia.pot,
# then merged into every language's catalogue (new messages appear there untranslated, for a
# translator to fill in with any PO editor; tests/test_languages.py says which are missing).
messages: install
	@$(BIN)/pybabel --quiet extract -F babel.cfg -k N_ --no-location --sort-output \
	   --project=Consortia --copyright-holder="The Consortia authors" --add-comments=Translators: -o consortia/locale/consortia.pot . $(QUIET_FAIL)
	@$(BIN)/pybabel --quiet update -i consortia/locale/consortia.pot -d consortia/locale -D consortia \
	   --no-fuzzy-matching --ignore-obsolete $(QUIET_FAIL)

