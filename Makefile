# Two commands on a fresh machine: `make site` and `make test`. Each sets up .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
AS_AT ?=

.PHONY: site test check serve golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)  ## build the default site from plans/ into site/
	$(PY) build_site.py build $(if $(AS_AT),--as-at $(AS_AT))

test: $(STAMP)  ## run every test
	$(PY) -m pytest

check: $(STAMP)  ## check plans/ and report every problem; build nothing
	$(PY) build_site.py check

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000
	$(PY) build_site.py serve

golden: $(STAMP)  ## refresh the golden Markdown files after an intended change
	$(PY) -m pytest tests/test_render.py --update-golden

clean:
	rm -rf site .pytest_cache
