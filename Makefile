# Two commands: `make build` builds every deck into out/, `make test` runs every test.
# Both set up their own virtual environment in .venv from pyproject.toml.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test check bench clean catalogs studio

CATALOGS := $(wildcard builder/locale/*/LC_MESSAGES/*.po)

build: $(STAMP) $(CATALOGS:.po=.mo)
	$(BIN)/erfaring build

test: $(STAMP) $(CATALOGS:.po=.mo)
	$(BIN)/python -m pytest

check: $(STAMP) $(CATALOGS:.po=.mo)
	$(BIN)/erfaring check

# The message catalogs the tool reads; after changing messages run `make catalogs` and translate.
%.mo: %.po $(STAMP)
	$(BIN)/python tools/catalogs.py compile

catalogs: $(STAMP)
	$(BIN)/python tools/catalogs.py extract
	$(BIN)/python tools/catalogs.py compile

# The studio: the library in the browser (opens it by itself; Ctrl-C stops it).
studio: $(STAMP) $(CATALOGS:.po=.mo)
	$(BIN)/erfaring studio

bench: $(STAMP)
	$(BIN)/python bench/run.py

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf out .erfaring-cache
