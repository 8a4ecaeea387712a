# Two commands for people: `make lab` and `make test`. Both build .venv when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_PORT ?= 8888

.PHONY: lab test lock clean

$(STAMP): binder/requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r binder/requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lab: $(STAMP)  ## Open the lessons in JupyterLab
	$(BIN)/jupyter lab --port=$(LAB_PORT) lessons/00_start_here.ipynb

test: $(STAMP)  ## Run every test: unit tests, every notebook under nbval, the browser suite
	$(BIN)/python -m pytest

lock:  ## Regenerate binder/requirements.txt from pyproject.toml (needs the network)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --annotation-style line -o binder/requirements.txt

clean:
	rm -rf $(VENV) .pytest_cache results
