"""``analyze``, ``report`` and ``synth`` as a user meets them.

Readable output, one-line errors, exit codes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hingecoach.checks.registry import BY_ID
from hingecoach.cli import app
from hingecoach.cli._common import EXIT_INPUT as INPUT
from hingecoach.cli._common import EXIT_USAGE as USAGE

runner = CliRunner()


def flat(text: str) -> str:
    """The output with every run of spaces and line breaks as one space."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def rdl_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "set.json"
    res = runner.invoke(
        app,
        [
            "synth",
            "--exercise",
            "rdl",
            "--reps",
            "6",
            "--fault",
            "knees_forward:from=4",
            "--seed",
            "3",
            "-o",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "knees_forward: reps [4, 5, 6]" in res.output
    return out


def test_analyze_keypoints_prints_the_table_cues_and_writes_outputs(
    rdl_set: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.json"
    res = runner.invoke(
        app,
        [
            "analyze",
            "--keypoints",
            str(rdl_set),
            "--json",
            str(out),
            "--csv",
            str(tmp_path / "reps.csv"),
            "--signals-csv",
            str(tmp_path / "sig.csv"),
            "--trc",
            str(tmp_path / "t.trc"),
            "--report",
            str(tmp_path / "r.html"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "Romanian deadlift (recognised from the motion)" in res.output
    assert "Fix first:" in res.output and BY_ID["hips_back_first"].cue in flat(res.output)
    assert "hips_back_first" not in res.output
    result = json.loads(out.read_text())
    assert result["rep_count"] == 6 and result["broke_at_rep"] == 4
    for rep in result["reps"]:
        for key in (
            "index",
            "start_s",
            "bottom_s",
            "end_s",
            "counted",
            "knee_flexion_max_deg",
            "shin_angle_max_deg",
            "torso_angle_min_deg",
            "hip_flexion_max_deg",
            "pause_s",
            "findings",
        ):
            assert key in rep
    assert (tmp_path / "reps.csv").read_text().count("\n") == 7
    assert (tmp_path / "t.trc").read_text().startswith("PathFileType")
    assert "<svg" in (tmp_path / "r.html").read_text()


def test_exercise_can_be_forced_and_report_renders_a_saved_result(
    rdl_set: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.json"
    res = runner.invoke(
        app,
        ["analyze", "--keypoints", str(rdl_set), "--exercise", "good_morning", "--json", str(out)],
    )
    assert res.exit_code == 0 and "Good morning (as given)" in res.output
    res = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output
    assert "Good morning" in (tmp_path / "r.html").read_text()


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["analyze"], "give either a VIDEO or --keypoints FILE", USAGE),
        (["analyze", "--keypoints", "nope.json"], "no such file", INPUT),
        (["analyze", "--keypoints", "{set}", "--video", "x.mp4"], "needs a source video", USAGE),
        (["analyze", "--keypoints", "{set}", "--start", "5", "--end", "2"], "must be after", INPUT),
        (["analyze", "--keypoints", "{set}", "--load", "100kg"], "add --athlete NAME", USAGE),
        (["analyze", "--keypoints", "{set}", "-q", "-v"], "give -q or -v, not both", USAGE),
        (["analyze", "{txt}"], "not a video", INPUT),
        (["synth", "-o", "x.json", "--fault", "knees_fwd"], "knees_fwd", INPUT),
        (["report", "{txt}", "-o", "x.html"], "not a hingecoach result", INPUT),
    ],
)
def test_bad_input_and_bad_usage_get_one_line_and_their_exit_code(
    args: list[str], message: str, code: int, rdl_set: Path, tmp_path: Path
) -> None:
    txt = tmp_path / "notes.mp4"
    txt.write_text("this is not a video")
    args = [a.replace("{set}", str(rdl_set)).replace("{txt}", str(txt)) for a in args]
    res = runner.invoke(app, args)
    assert res.exit_code == code, res.output
    assert message in res.output
    assert len([line for line in res.output.splitlines() if line.strip()]) == 1, res.output
    assert "Traceback" not in res.output


def test_side_overrides_the_facing_guess(rdl_set: Path) -> None:
    res = runner.invoke(app, ["analyze", "--keypoints", str(rdl_set), "--side", "right"])
    assert res.exit_code == 0 and "facing right" in flat(res.output)
    res = runner.invoke(app, ["analyze", "--keypoints", str(rdl_set), "--side", "up"])
    assert res.exit_code == USAGE and "'up' is not one of 'left', 'right'" in res.output


def test_front_view_says_which_checks_need_a_side_view(tmp_path: Path) -> None:
    front = tmp_path / "front.json"
    res = runner.invoke(
        app, ["synth", "--exercise", "rdl", "--view", "front", "--seed", "2", "-o", str(front)]
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["analyze", "--keypoints", str(front), "--exercise", "rdl"])
    assert res.exit_code == 0, res.output
    assert "filmed from the front" in res.output
    assert "film from the side at hip height" in flat(res.output)
    assert "Knee bend: not judged — needs filming from the side or at an angle" in flat(res.output)
