# Two set-up commands for a fresh clone: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# MediaPipe logs through glog; keep its start-up chatter out of the terminal.
export GLOG_minloglevel := 2

.PHONY: demo test lint bench-web clean

$(STAMP): requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The demo renders a Romanian-deadlift set (knees bending too much from rep 4) as a video, then
# analyses it like any phone clip: decode → pose → engine → report and annotated video.
DEMO_WIDTH ?= 640
demo: $(STAMP)
	mkdir -p demo
	$(BIN)/hingecoach synth --exercise rdl --reps 6 --view side --fault knee_bend:from=4 --seed 7 \
		--render demo/rdl_set.mp4 --render-width $(DEMO_WIDTH) --render-plates none
	$(BIN)/hingecoach analyze demo/rdl_set.mp4 --json demo/rdl_result.json \
		--report demo/rdl_report.html --video demo/rdl_annotated.mp4

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	scripts/system_deps.sh
	HINGECOACH_TEST_PG_URL="$${HINGECOACH_TEST_PG_URL:-$$(scripts/postgres.sh start)}" $(BIN)/pytest -q

bench-web: $(STAMP)
	$(BIN)/python benchmarks/web_load.py

clean:
	rm -rf $(VENV) demo
