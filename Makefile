# Two commands: `make run` (the chat on the bundled corpus and model) and `make test`.
# Both create .venv and install what they need on first use (CPU PyTorch first).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast install build eval-releases clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of PyTorch first: a plain `torch` requirement would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	# The cluster extra (Ray) too: its tests build on a local Ray.
	$(BIN)/pip install --quiet -e '.[test,cluster]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python app.py

# Lint first (fast, and a finding fails the run before the slow tests), then every test; the
# slowest 25 are listed at the end, so a test that grows slow shows in every run's log.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -m "" -q --durations=25

test-fast: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q

build: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/sci-assistant build

# Answer quality on releases outside corpus/ (eval/releases/): a temporary index, summary metrics.
eval-releases: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python eval/releases.py

clean:
	rm -rf $(VENV) index/gen-* index/CURRENT
