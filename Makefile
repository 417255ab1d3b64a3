# Two commands on a fresh machine: `make site` and `make test`. Each sets up .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
AS_AT ?=
PLANS ?=
# Quiet: a failing target shows the checker's report and make's own one closing line, nothing else.
PLANS_ARG = $(if $(PLANS),--plans "$$PLANS")
# Passed to the commands through the environment, so the shell never reads them as code.
export PLANS ACTION INSPECTION YEAR

.PHONY: site test unit lint check serve golden clean browser fuzz vnu screenshots pango \
	new-update new-action new-finding new-inspection new-event

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory pango
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

pango:  ## the board report PDF (WeasyPrint) draws text with the system's pango: install it when we can (as root)
	@ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || \
	{ if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	  else echo "make site needs the pango library for the board report PDF: sudo apt-get install libpangoft2-1.0-0"; exit 1; fi; }

site: $(STAMP)  ## build the default site from plans/ into site/
	@$(PY) build_site.py $(PLANS_ARG) build $(if $(AS_AT),--as-at $(AS_AT))

test: $(STAMP) browser vnu lint  ## run every test, browser tests included (the whole proof, as CI runs it), on every core
	@$(PY) -m pytest -n auto --dist loadfile

unit: $(STAMP)  ## the quick loop: unit tests only (tests/unit: no builds, no browser), in seconds
	@$(PY) -m pytest -q tests/unit

lint: $(STAMP)  ## ruff, with the short rule set in pyproject.toml
	@$(PY) -m ruff check --quiet .

browser:  ## the browser tests drive Chromium or Chrome (whichever runs here): install Debian's when we can (as root)
	@for b in "$$CHROMIUM" chromium chromium-browser google-chrome google-chrome-stable; do \
	  [ -n "$$b" ] && command -v "$$b" >/dev/null 2>&1 && timeout 30 "$$b" --version >/dev/null 2>&1 && exit 0; \
	done; \
	{ if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "make test needs Chromium for its browser tests: sudo apt-get install chromium"; exit 1; fi; }

VNU_VERSION := 26.9.27
VNU_JAR := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar

vnu: $(VNU_JAR)  ## the W3C Nu HTML checker for the HTML validity test: Java (installed when we can) and vnu-jar
$(VNU_JAR):
	@command -v java >/dev/null 2>&1 || \
	{ if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "make test needs Java for the HTML checker: sudo apt-get install default-jre-headless"; exit 1; fi; }
	@command -v npm >/dev/null 2>&1 || { echo "make test needs npm to fetch the HTML checker (vnu-jar)"; exit 1; }
	npm install --silent --no-audit --no-fund --prefix .cache/vnu vnu-jar@$(VNU_VERSION) >/dev/null

check: $(STAMP)  ## check plans/ and report every problem; build nothing
	@$(PY) build_site.py $(PLANS_ARG) check

# Start a record with what to fill in marked (build_site.py new); the check refuses it until filled in.
new-update new-action: $(STAMP)  ## make new-update ACTION=cip-2019-20/3.1 (a status update; new-action for a new action)
	@$(PY) build_site.py $(PLANS_ARG) new $(@:new-%=%) "$$ACTION"
new-finding new-inspection: $(STAMP)  ## make new-inspection INSPECTION=2025-03-focused-visit (new-finding adds a finding)
	@$(PY) build_site.py $(PLANS_ARG) new $(@:new-%=%) "$$INSPECTION"
new-event: $(STAMP)  ## make new-event YEAR=2021 (an event in plans/timeline/2021.yaml)
	@$(PY) build_site.py $(PLANS_ARG) new event "$$YEAR"

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000
	@$(PY) build_site.py $(PLANS_ARG) serve

fuzz: $(STAMP)  ## a long random run of the fuzzer (tests/integration/test_fuzz.py); make test runs a short fixed one
	JOURNEY_FUZZ=long $(PY) -m pytest tests/integration/test_fuzz.py -x

screenshots: site browser  ## regenerate the README's screenshots (docs/screenshots/) from the built site
	$(PY) tests/screenshots.py site

golden: $(STAMP)  ## refresh the golden Markdown files after an intended change
	$(PY) -m pytest tests/integration/test_render.py tests/integration/test_board.py tests/integration/test_zensical_pin.py tests/e2e/test_changes.py --update-golden

clean:
	rm -rf site .pytest_cache .cache
