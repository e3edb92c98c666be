# leaflet — the two commands: `make build` and `make test`.
#
#   make build   set up .venv (first time, or when pyproject.toml changes) and build
#                every leaflet in content/ into dist/
#   make test    run the test suite, spread over every core (real PDFs, read back with
#                independent tools; the preview server in Debian's Chromium, installed
#                here if it can be)
#   make lint    ruff and mypy
#   make bench   the benchmark: leaflet's speed as ratios against plain WeasyPrint
#   make bench-scale  how it grows with a catalogue: 500 leaflets × 3 languages
#   make docs    the manual (docs/) as a web site in site/; a broken link stops it
#   make package-check  the wheel and sdist, each installed into a fresh environment and
#                used in an empty folder: init, new, build, preflight
#   make clean   remove dist/ and the virtual environment

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The Debian packages WeasyPrint needs: Pango for text, HarfBuzz-subset for fonts; and
# venv for this Python, when it cannot make virtual environments yet (Debian splits it off).
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1 \
  $(shell $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || \
          $(PYTHON) -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])' 2>/dev/null)
# What the tests use besides Python: the tools made by others that they check our PDFs
# with (qpdf --check, pdffonts, Ghostscript), Debian's Chromium, which the tests of
# leaflet serve and of the web pages drive (Playwright is pointed at it and never
# downloads a browser of its own), and npm, for axe-core. Without them those tests are
# skipped, and say so.
TEST_PACKAGES := qpdf poppler-utils ghostscript chromium npm/npm

# axe-core (npm, pinned in package.json and package-lock.json) checks the web pages in the
# tests, in Chromium. Without npm those tests are skipped, and say so.
AXE := node_modules/axe-core/axe.min.js

.PHONY: build test lint bench bench-scale docs package-check clean check-system test-tools

build: $(STAMP)
	$(BIN)/leaflet build

test: $(STAMP) test-tools $(AXE)
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check leaflet tests benchmarks
	$(BIN)/ruff format --check leaflet tests benchmarks
	$(BIN)/mypy

bench: $(STAMP) test-tools
	$(BIN)/python benchmarks/bench.py

bench-scale: $(STAMP)
	$(BIN)/python benchmarks/scale.py

# The wheel and the sdist built as a packager builds them, each installed into a fresh
# virtual environment, and a first leaflet made with it in an empty folder.
package-check: $(STAMP)
	$(BIN)/python tools/check-package

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet

# The exact versions of constraints.txt (pyproject.toml lists ranges). A .venv made before
# the package was called leaflet-press still has the old name installed: it goes.
$(STAMP): pyproject.toml constraints.txt | check-system
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtual environment. On Debian, install it with:"; \
	  echo "  sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip uninstall --quiet --yes leaflet 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# Python must be new enough. Missing Debian packages are installed when that needs no
# password (as root, or with sudo -n); otherwise this stops with the command that installs
# them. Then a last check that the libraries are there (also on systems without dpkg).
check-system:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
	  echo "leaflet needs Python 3.11 or newer; this is $$($(PYTHON) --version 2>&1)."; \
	  echo "Run: make PYTHON=python3.11 build"; exit 1; }
	@sh tools/system-packages "leaflet" $(DEBIAN_PACKAGES)
	@$(PYTHON) -c 'import ctypes.util, sys; \
	  libs = ["pango-1.0", "pangoft2-1.0", "harfbuzz-subset", "fontconfig"]; \
	  missing = [l for l in libs if not ctypes.util.find_library(l)]; \
	  sys.exit(1 if missing else 0)' || { \
	  echo "WeasyPrint needs Pango, HarfBuzz and fontconfig, and this machine lacks some."; \
	  echo "Install them with:"; \
	  echo "  sudo apt-get install $(DEBIAN_PACKAGES)"; exit 1; }

# The same for what the tests use; without it the tests go on and skip those checks.
test-tools:
	@sh tools/system-packages --optional "leaflet's test suite" $(TEST_PACKAGES)

# axe-core from npm, at the version package-lock.json pins; npm itself (Debian's) is one
# of the test tools above.
$(AXE): package.json package-lock.json | test-tools
	@if command -v npm >/dev/null; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $(AXE); \
	else \
	  echo "The tests of the web pages need axe-core from npm, which is not installed;"; \
	  echo "they are skipped. Install npm with:  sudo apt-get install npm"; \
	fi

clean:
	rm -rf dist site $(VENV) node_modules *.egg-info .pytest_cache .mypy_cache .ruff_cache
