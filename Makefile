# Two commands for people: `make lab` and `make test`. Both build .venv when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_PORT ?= 8888
# JupyterLab refuses to run as root unless told to (containers, CI machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test lock clean

$(STAMP): binder/requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r binder/requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lab: $(STAMP)  ## Open the lessons in JupyterLab
	$(BIN)/jupyter lab --port=$(LAB_PORT) $(ROOT_FLAG) lessons/00_start_here.ipynb

test: $(STAMP)  ## Run every test: unit tests, every notebook under nbval, the browser suite
	$(BIN)/python -m pytest

lock:  ## Regenerate binder/requirements.txt from pyproject.toml (needs the network)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --annotation-style line -o binder/requirements.txt

clean:
	rm -rf $(VENV) .pytest_cache results
