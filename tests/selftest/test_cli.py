"""``hingecoach selftest dowel|wall`` on a synthetic keypoint file: set-up, verdict, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hingecoach.cli import app
from hingecoach.synth.generate import generate_set
from hingecoach.synth.io import write_synth_json
from hingecoach.synth.spec import FaultSpec, NoiseSpec, SynthSpec

runner = CliRunner()


@pytest.fixture(scope="module")
def head_down_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = SynthSpec(
        exercise="hinge_drill",
        reps=3,
        faults=(FaultSpec("head_down", from_rep=2),),
        noise=NoiseSpec.none(),
    )
    return write_synth_json(generate_set(spec), tmp_path_factory.mktemp("st") / "set.json")


def test_dowel_prints_setup_then_the_loss(head_down_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    res = runner.invoke(app, ["selftest", "dowel", str(head_down_file), "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert res.output.index("sacrum") < res.output.index("Dowel test: needs work")
    assert "side-on" in res.output
    data = json.loads(out.read_text())
    assert data["mode"] == "dowel" and data["dowel"] == "virtual"
    assert {c["rep"] for c in data["losses"]} == {2, 3}


def test_wall_json_to_stdout(head_down_file: Path) -> None:
    res = runner.invoke(
        app, ["selftest", "wall", str(head_down_file), "--json", "-", "--wall-cm", "8"]
    )
    assert res.exit_code == 0, res.output
    start = res.stdout.index("{")
    data = json.loads(res.stdout[start:])
    assert data["mode"] == "wall" and data["wall_cm"] == 8.0 and len(data["reps"]) == 3


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    res = runner.invoke(app, ["selftest", "wall", str(tmp_path / "nope.mp4")])
    assert res.exit_code == 3
    assert "no such file" in res.output
    assert "Traceback" not in res.output


def test_neither_input_nor_camera_is_bad_usage() -> None:
    res = runner.invoke(app, ["selftest", "dowel"])
    assert res.exit_code == 2
    assert "either a video INPUT or --camera" in res.output


def test_camera_goes_through_the_live_loop(
    head_down_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--camera takes the live loop's track (stood in for here) and measures the virtual dowel."""
    from hingecoach.pose.keypoint_files import read_track
    from hingecoach.selftest import run

    seen: list[int] = []

    def fake_camera(camera: int, **_: object) -> object:
        seen.append(camera)
        return read_track(head_down_file)

    monkeypatch.setattr(run, "read_camera", fake_camera)
    res = runner.invoke(app, ["selftest", "dowel", "--camera", "0", "--no-window", "--json", "-"])
    assert res.exit_code == 0, res.output
    assert seen == [0]
    data = json.loads(res.stdout[res.stdout.index("{") :])
    assert data["dowel"] == "virtual" and "not searched" in data["note"]
