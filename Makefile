# Two commands for people: `make lab` and `make test`. Both build .venv when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# JupyterLite's tools live apart: their JupyterLab extension must not reach .venv's JupyterLab (or Binder's).
LITE_VENV := .venv-lite
LITE_STAMP := $(LITE_VENV)/.installed
LAB_PORT ?= 8888
# JupyterLab refuses to run as root unless told to (containers, CI machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
CHECK_PYTHON = @$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	{ echo "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11"; exit 1; }

.PHONY: lab test fuzz bench site lite lock clean

# From npm, for the browser suite: the hub test's proxy and axe-core. Without npm those tests skip
# here (and fail under CI, which installs npm).
NODE_TOOLS := $(VENV)/node/.installed

# .venv is the developer's environment (requirements-dev.txt: the runtime plus tests and the site);
# binder/requirements.txt is the runtime alone, for Binder, school hubs and the student copy.
$(STAMP): requirements-dev.txt binder/requirements.txt pyproject.toml
	$(CHECK_PYTHON)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

$(LITE_STAMP): docs/requirements-lite.txt pyproject.toml
	$(CHECK_PYTHON)
	test -x $(LITE_VENV)/bin/python || $(PYTHON) -m venv $(LITE_VENV)
	$(LITE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LITE_VENV)/bin/python -m pip install --quiet -r docs/requirements-lite.txt
	$(LITE_VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $(LITE_STAMP)

lab: $(STAMP)  ## Open the lessons in JupyterLab
	$(BIN)/jupyter lab --port=$(LAB_PORT) $(ROOT_FLAG) lessons/00_start_here.ipynb

$(NODE_TOOLS): Makefile
	@if command -v npm >/dev/null; then \
		npm install --silent --no-audit --no-fund --prefix $(VENV)/node configurable-http-proxy@4.6.3 axe-core@4.14.1 && touch $@; \
	else echo "npm not found: the JupyterHub and axe-core browser tests will skip"; fi

test: $(STAMP) $(LITE_STAMP) $(NODE_TOOLS)  ## Run every test: unit tests, every notebook under nbval, the site builds, the browser suite
	$(BIN)/python -m pytest

fuzz: $(STAMP)  ## The fuzz suite at ten times the size `make test` runs it, with 200 kill-and-restart rounds
	HYPOTHESIS_PROFILE=large FUZZ_KILLS=200 $(BIN)/python -m pytest tests/fuzz -p no:cacheprovider

bench: $(STAMP) $(NODE_TOOLS)  ## Measure start-up, a class of 30 on one hub, memory, payloads and the image against the budgets (benchmarks/README.md)
	$(BIN)/python benchmarks/run.py

site: $(STAMP)  ## Build the lessons' website into _build/html (README: Publishing)
	$(BIN)/python -m lesson_tools.publish.site site _build

lite: $(LITE_STAMP)  ## Build the JupyterLite site into _lite (README: Publishing)
	$(LITE_VENV)/bin/python -m lesson_tools.publish.site lite _lite

lock:  ## Regenerate the locks (requirements-dev.txt, binder/requirements.txt, docs/requirements-lite.txt) from pyproject.toml (needs the network)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra hub --extra test --extra site --python-version 3.11 --annotation-style line -o requirements-dev.txt
	$(BIN)/uv pip compile pyproject.toml --extra hub --constraint requirements-dev.txt --python-version 3.11 --annotation-style line -o binder/requirements.txt
	$(BIN)/uv pip compile pyproject.toml --extra lite --python-version 3.11 --annotation-style line -o docs/requirements-lite.txt

clean:
	rm -rf $(VENV) $(LITE_VENV) .pytest_cache results _build _lite
