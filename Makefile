# The course's commands.  `make lab` opens the course; `make test` runs every check.
# Both create .venv (Python 3.11) and install the locked dependencies when needed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
INSTALLED := $(VENV)/.installed

# nbgrader shells out to `alembic`, and finds autograder/nbgrader_config.py through JUPYTER_CONFIG_PATH.
export PATH := $(BIN):$(PATH)
export JUPYTER_CONFIG_PATH := $(CURDIR)/autograder
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install bubblewrap lab test grade bench nbval release solutions navigation student-edition environment lock clean

help:
	@echo "make lab          open the course in JupyterLab (creates .venv on first use)"
	@echo "make test         run the whole test suite (what CI runs)"
	@echo "make nbval        only check the reference notebooks' stored outputs"
	@echo "make grade SUBMITTED=...  grade a class (nbgrader's submitted/ tree or a zip of it)"
	@echo "make bench        the class grader against plain serial nbgrader (BENCH_ARGS='--students 30')"
	@echo "make release      regenerate notebooks/ from solutions/"
	@echo "make solutions    re-execute the reference notebooks, storing fresh outputs"
	@echo "make navigation   regenerate the index notebooks, the lessons' navigation bars and the Binder badge"
	@echo "make student-edition [OUT=dir] [ARGS=--push]  build what students get (default build/student-edition)"
	@echo "make environment  regenerate environment.yml and binder/environment.yml from the lock"
	@echo "make lock         re-resolve dependencies and rewrite constraints.txt"

$(INSTALLED): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "No python3.11 found: install Python 3.11, or run make PYTHON=/path/to/python3.11"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "The course needs Python 3.11; $(PYTHON) is " + sys.version.split()[0] + ". Run make PYTHON=/path/to/python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

install: $(INSTALLED)
	@command -v bwrap >/dev/null || $(MAKE) --no-print-directory bubblewrap

# The grader runs students' code in a bubblewrap sandbox (autograder/sandbox.py).
bubblewrap:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing bubblewrap (the grading sandbox)"; \
		apt-get install -y -qq bubblewrap >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null; }; \
	else \
		echo "note: bubblewrap (bwrap) is not installed; grading refuses to run untrusted notebooks until it is: sudo apt-get install bubblewrap"; \
	fi

lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) --ServerApp.ip=127.0.0.1 \
		--LabApp.default_url=/lab/tree/notebooks/index.ipynb $(if $(filter 0,$(shell id -u)),--allow-root)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m autograder.bench $(BENCH_ARGS)

grade: install
	@test -n "$(SUBMITTED)" || { echo "usage: make grade SUBMITTED=path/to/submitted-or.zip [OUT=autograder/graded]"; exit 2; }
	$(BIN)/python -m autograder.grading "$(SUBMITTED)" --out "$(or $(OUT),autograder/graded)"

nbval: install
	$(BIN)/python -m pytest -n 0 solutions

release: install
	$(BIN)/python -m autograder.pipeline release

solutions: install
	$(BIN)/python -m autograder.pipeline execute

navigation: install
	$(BIN)/python scripts/navigation.py

# ARGS: --commit, --repo PATH_OR_URL or --push (scripts/student_edition.py --help).
student-edition: install
	$(BIN)/python scripts/student_edition.py --out "$(or $(OUT),build/student-edition)" $(ARGS)

environment: install
	$(BIN)/python scripts/sync_environment.py

lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade -e '.[test]'
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e'; } > constraints.new
	mv constraints.new constraints.txt
	$(BIN)/python scripts/sync_environment.py

clean:
	rm -rf $(VENV) autograder/gradebook.db autograder/submitted autograder/autograded autograder/feedback autograder/graded
