# leaflet — the two commands: `make build` and `make test`.
#
#   make build   set up .venv (first time, or when pyproject.toml changes) and build
#                every leaflet in content/ into dist/
#   make test    run the test suite (real PDFs, read back with independent tools; the
#                preview server in Debian's Chromium, installed here if it can be)
#   make lint    ruff and mypy
#   make bench   the benchmark: leaflet's speed as ratios against plain WeasyPrint
#   make clean   remove dist/ and the virtual environment

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The Debian packages WeasyPrint needs: Pango for text, HarfBuzz-subset for fonts.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1

# The browser the tests drive `leaflet serve` and the web pages with. Playwright is
# pointed at it and never downloads a browser of its own (no `playwright install`).
BROWSER := /usr/bin/chromium
BROWSER_PACKAGE := chromium
# axe-core (npm, pinned in package.json and package-lock.json) checks the web pages in the
# tests, in that browser. Without npm those tests are skipped, and say so.
AXE := node_modules/axe-core/axe.min.js

.PHONY: build test lint bench clean check-system check-browser

build: $(STAMP)
	$(BIN)/leaflet build

test: $(STAMP) check-browser $(AXE)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check leaflet tests benchmarks
	$(BIN)/ruff format --check leaflet tests benchmarks
	$(BIN)/mypy

bench: $(STAMP) check-browser
	$(BIN)/python benchmarks/bench.py

$(STAMP): pyproject.toml | check-system
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtual environment. On Debian, install it with:"; \
	  echo "  sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Stop early, with the command that fixes it, when Python or a system library is missing.
check-system:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
	  echo "leaflet needs Python 3.11 or newer; this is $$($(PYTHON) --version 2>&1)."; \
	  echo "Run: make PYTHON=python3.11 build"; exit 1; }
	@$(PYTHON) -c 'import ctypes.util, sys; \
	  libs = ["pango-1.0", "pangoft2-1.0", "harfbuzz-subset", "fontconfig"]; \
	  missing = [l for l in libs if not ctypes.util.find_library(l)]; \
	  sys.exit(1 if missing else 0)' || { \
	  echo "WeasyPrint needs Pango, HarfBuzz and fontconfig, and this machine lacks some."; \
	  echo "Install them with:"; \
	  echo "  sudo apt-get install $(DEBIAN_PACKAGES)"; exit 1; }

# Install Debian's Chromium when it is missing and this may (root, or sudo without a
# password); otherwise say how, and the browser tests are skipped.
check-browser:
	@test -x $(BROWSER) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(BROWSER_PACKAGE); \
	  elif sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo apt-get install -y -qq $(BROWSER_PACKAGE); \
	  else echo "The tests of leaflet serve need Debian's Chromium, which is not installed;"; \
	    echo "they are skipped. Install it with:  sudo apt-get install $(BROWSER_PACKAGE)"; fi; }

# axe-core from npm, at the version package-lock.json pins; npm itself (Debian's) is
# installed the same way as the browser when it is missing.
$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq npm; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq npm; \
	  fi; }
	@if command -v npm >/dev/null; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $(AXE); \
	else \
	  echo "The tests of the web pages need axe-core from npm, which is not installed;"; \
	  echo "they are skipped. Install npm with:  sudo apt-get install npm"; \
	fi

clean:
	rm -rf dist $(VENV) node_modules *.egg-info .pytest_cache .mypy_cache .ruff_cache
