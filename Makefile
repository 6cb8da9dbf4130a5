# Two commands from a fresh clone:
#   make run     opens the bundled op-ed map (FILE=path/to/map.json for another)
#   make test    runs the whole test suite
# Both create .venv and install argmap into it on first use.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench schema screenshot clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/argmap $(FILE)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) benchmarks/bench_core.py

screenshot: $(STAMP)
	xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb $(PY) -m argmap.gui.screenshot docs/op-ed-map.png --size 1400x860

schema: $(STAMP)
	$(PY) -m argmap.io.schema_file

clean:
	rm -rf $(VENV) build dist .pytest_cache
