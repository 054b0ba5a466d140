# Two commands: `make demo` and `make test`. Each sets up .venv if needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint typecheck bench clean

BASE   := $(VENV)/.installed-base

# The demo needs vidjourn alone, installed as a user installs it (a plain, non-editable install: setuptools
# warns about every editable one); the tests need every extra (Dask, Whisper, OpenCV...) and an editable
# install (developers). Two stamps: after `make test` or `make install`, `make demo` uses that install.
# Someone who edits the code and only ever runs `make demo`: `make install` first.
$(BASE): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q .
	@touch $(BASE)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	@touch $(STAMP) $(BASE)

install: $(STAMP)

demo: $(BASE)
	$(BIN)/vidjourn demo $(DIR)

test: $(STAMP)
	@# The captions tests speak with espeak-ng (Debian's package); installed here when missing.
	@command -v espeak-ng >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq espeak-ng >/dev/null) \
		|| echo "espeak-ng missing and could not be installed: the captions speech tests will be skipped"
	@# The desk's tests drive a real headless Chromium (Debian's package; playwright's own browser download is never used).
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium missing and could not be installed: the desk's browser tests will be skipped"
	@# Two steps: the default suite, then the slow hostile-input corpus (tests marked `slow`).
	$(BIN)/python -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -n 2 -m slow $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/python -m pip install -q ruff import-linter
	@# bench/ scripts have no .py suffix, which ruff skips in a folder: name them (`ruff covers bench/`).
	$(BIN)/ruff check vidjourn tests scripts bench $$(find bench -maxdepth 1 -type f ! -name '*.*')
	$(BIN)/lint-imports

# Type checking is advisory (not in CI): it found 54 errors, mostly Optional narrowing, on 2026-11-29.
typecheck: $(STAMP)
	$(BIN)/python -m pip install -q mypy
	$(BIN)/mypy --ignore-missing-imports vidjourn

bench: $(STAMP)
	$(BIN)/python bench/startup
	$(BIN)/python bench/brand
	$(BIN)/python bench/export
	$(BIN)/python bench/shots
	$(BIN)/python bench/pipeline

clean:
	rm -rf $(VENV) build *.egg-info
