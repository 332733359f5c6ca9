"""CLI conventions: --version, completion, choices checked before the pose, --json -, -q/-v."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hingecoach import pipeline
from hingecoach.cli import app
from hingecoach.cli._common import EXIT_INPUT, EXIT_USAGE
from hingecoach.cli._progress import quiet_native_logs
from hingecoach.models import SetResult

runner = CliRunner()


@pytest.fixture(scope="module")
def rdl_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "set.json"
    res = runner.invoke(app, ["synth", "--exercise", "rdl", "--reps", "3", "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_version_and_completion() -> None:
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.startswith("hingecoach ")
    assert res.output.split()[1][0].isdigit()
    res = runner.invoke(app, ["--help"])
    assert "--install-completion" in res.output and "--version" in res.output


def test_usage_and_input_have_distinct_exit_codes(tmp_path: Path) -> None:
    assert EXIT_USAGE == 2 and EXIT_INPUT not in (0, 1, 2)
    assert runner.invoke(app, ["analyze", "--no-such-option"]).exit_code == EXIT_USAGE
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert runner.invoke(app, ["analyze", "--keypoints", str(bad)]).exit_code == EXIT_INPUT


@pytest.mark.parametrize(
    ("option", "value"), [("--exercise", "deadlfit"), ("--side", "up"), ("--exercise", "squat")]
)
def test_a_bad_choice_fails_before_the_pose_pass(
    option: str, value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    called: list[str] = []
    monkeypatch.setattr(pipeline, "analyze_video", lambda *a, **k: called.append("pose"))
    video = tmp_path / "set.mp4"
    video.write_bytes(b"\0" * 1024)
    res = runner.invoke(app, ["analyze", str(video), option, value])
    assert res.exit_code == EXIT_USAGE, res.output
    assert f"'{value}' is not one of" in res.output
    assert called == []


def test_json_dash_writes_the_result_to_stdout_and_no_file(
    rdl_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["analyze", "--keypoints", str(rdl_set), "--json", "-"])
    assert res.exit_code == 0, res.output
    result = SetResult.model_validate_json(res.stdout)  # stdout is the JSON alone
    assert result.rep_count == 3 and json.loads(res.stdout)["exercise"] == result.exercise
    assert "Fix first" in res.stderr or "rep" in res.stderr  # the table went to stderr
    assert not (tmp_path / "-").exists()


def test_analyse_is_an_alias_and_quiet_prints_the_headline_only(rdl_set: Path) -> None:
    quiet = runner.invoke(app, ["analyse", "--keypoints", str(rdl_set), "-q"])
    assert quiet.exit_code == 0, quiet.output
    assert "tempo s" not in quiet.output and "reps" in quiet.output.splitlines()[0]
    normal = runner.invoke(app, ["analyze", "--keypoints", str(rdl_set)])
    assert "tempo s" in normal.output
    assert "analyse " not in runner.invoke(app, ["--help"]).output  # one spelling shown


def test_native_logs_are_kept_off_stderr_and_the_real_one_is_given_back(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with quiet_native_logs() as real:
        os.write(2, b"W0000 inference_feedback_manager.cc:114] noise\n")
        real.write("progress line\n")
    os.write(2, b"after\n")
    err = capfd.readouterr().err
    assert "noise" not in err and "progress line" in err and "after" in err


def test_piped_analysis_is_plain_text_with_nothing_on_stderr(rdl_set: Path, tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    res = runner.invoke(app, ["analyze", "--keypoints", str(rdl_set), "--report", str(html)])
    assert res.exit_code == 0, res.output
    assert res.stderr == ""  # no progress line, no stray newline when not on a terminal
    assert "\x1b" not in res.stdout and "HTML report → " in res.stdout
