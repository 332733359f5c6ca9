"""``hingecoach live`` end to end on a real clip played at its real pace, headless."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from hingecoach.cli.live import register
from hingecoach.live.cues import GOOD, WORDS
from hingecoach.live.voice import Voice
from hingecoach.models import SetResult
from tests.live._clips import clip_path

COOLDOWN_S = 8.0


def cli() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app holding the live command."""

    register(app)
    return app


@pytest.mark.e2e
def test_headless_run_counts_the_reps_and_cues_in_order(tmp_path: Path) -> None:
    """Frame by frame, no frame dropped however busy the machine: the count is the clip's.

    Pacing at the real frame rate is the source's own test (tests/live/test_source.py).
    """
    clip = clip_path("gm_dowel_front_oblique")
    out = tmp_path / "set.json"
    res = CliRunner().invoke(
        cli(),
        [
            *("live", "--source", str(clip), "--no-window"),
            *("--exercise", "good_morning", "--json", str(out)),
        ],
    )
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines.index("ready") < next(i for i, x in enumerate(lines) if x.startswith("rep "))
    events = [
        (int(m[1]), m[2] == "counted", m[3], m[4] or "")
        for m in (
            re.match(r"rep (\d+) \((counted|not counted), [\d.]+ s\): (.*?)(?: — cue: (.*))?$", x)
            for x in lines
        )
        if m
    ]
    # ../shared/data/README.md: 4 good mornings (the clip opens in the middle of a fifth).
    counted = [e for e in events if e[1]]
    assert len(counted) == 4
    assert [e[0] for e in events] == sorted(e[0] for e in events)
    for _, _, faults, cue in counted:
        if faults == "clean":
            assert cue == GOOD
        elif cue:  # the faults are said in words (never ids), the cue is a check's short cue
            assert cue in set(WORDS.values()) and "_" not in faults
    # Every counted rep bends the knees far past the limit: the first says so, the next are
    # inside the cool-down.
    assert counted[0][3] == WORDS["knee_bend"]
    result = SetResult.model_validate_json(out.read_text())
    assert result.rep_count == 4 and result.exercise == "good_morning"


def test_bad_exercise_fails_before_opening_anything() -> None:
    res = CliRunner().invoke(cli(), ["live", "--camera", "0", "--exercise", "squat"])
    assert res.exit_code == 2 and "'squat' is not one of" in res.output


def test_history_options_need_an_athlete() -> None:
    res = CliRunner().invoke(cli(), ["live", "--camera", "0", "--load", "100kg"])
    assert res.exit_code == 2 and "--athlete" in res.output


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_voice_speaks_offline_without_blocking(tmp_path: Path) -> None:
    wav = tmp_path / "cue.wav"
    voice = Voice(command=["espeak-ng", "-w", str(wav)])
    voice.say("hips back first")
    voice.wait()
    assert wav.stat().st_size > 4000 and voice.spoken == ["hips back first"]


def test_say_returns_while_the_phrase_is_still_being_spoken(tmp_path: Path) -> None:
    """No clock: the speech command cannot finish until the test lets it, after ``say``."""
    go, said = tmp_path / "go", tmp_path / "said"
    script = 'while [ ! -e "$0" ]; do sleep 0.01; done; printf %s "$2" > "$1"'
    voice = Voice(command=["sh", "-c", script, str(go), str(said)])
    voice.say("hips back first")  # would never return if it waited for the command
    assert not said.exists()
    go.touch()
    voice.wait(timeout_s=30.0)
    assert said.read_text() == "hips back first"


def test_voice_without_the_engine_is_silent_with_a_warning() -> None:
    with pytest.warns(RuntimeWarning, match="espeak-ng not found"):
        voice = Voice(command=["no-such-tts-engine"])
    voice.say("good")
    assert voice.spoken == []
