"""``selftest ... --report``: one self-contained HTML page with the set-up and the result."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markupsafe import escape
from typer.testing import CliRunner

from hingecoach.cli import app
from hingecoach.selftest.instructions import DOWEL_SETUP, practice_setup, wall_setup
from hingecoach.selftest.practice import CUE_SEQUENCE
from hingecoach.selftest.report import render_report
from hingecoach.selftest.run import Prepared, run_wall
from hingecoach.synth.generate import generate_set
from hingecoach.synth.io import write_synth_json
from hingecoach.synth.spec import FaultSpec, NoiseSpec, SynthSpec

runner = CliRunner()
#: A file name a browser would run as markup if it were not escaped (no slash: it is a name).
HOSTILE = '<img src=x onerror=alert(1)>&"q".json'
#: Anything that would make the page fetch something: a URL, a scheme-relative path, an import.
_EXTERNAL = re.compile(r"https?:|(?:src|href|action)\s*=\s*[\"']?//|url\(|@import", re.I)


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = SynthSpec(
        exercise="hinge_drill",
        reps=3,
        faults=(FaultSpec("head_down", from_rep=2),),
        noise=NoiseSpec.none(),
    )
    path = write_synth_json(generate_set(spec), tmp_path_factory.mktemp("st") / HOSTILE)
    data = json.loads(path.read_text())
    data["source"] = HOSTILE  # as a video's track names its file
    path.write_text(json.dumps(data))
    return path


def _run(args: list[str]) -> None:
    res = runner.invoke(app, ["selftest", *args])
    assert res.exit_code == 0, res.output


def _self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert _EXTERNAL.search(html) is None, _EXTERNAL.search(html)
    assert "<link" not in html and "<script" not in html


def test_dowel_report_has_setup_section_and_escapes_the_name(
    hostile_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dowel.html"
    _run(["dowel", str(hostile_file), "--report", str(out)])
    html = out.read_text(encoding="utf-8")
    _self_contained(html)
    assert '<section class="hc-selftest" id="selftest-dowel">' in html
    assert "Contact lost at the head" in html  # the head drops from rep 2 on
    for line in DOWEL_SETUP:
        assert escape(line) in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;&amp;" in html


def test_wall_report_gives_the_asked_distance(hostile_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "wall.html"
    _run(["wall", str(hostile_file), "--wall-cm", "12", "--report", str(out)])
    html = out.read_text(encoding="utf-8")
    _self_contained(html)
    assert 'id="selftest-wall"' in html and "Wall test (12 cm)" in html
    assert escape(wall_setup(12.0)[0]) in html and escape(wall_setup(10.0)[0]) not in html


def test_practice_report_gives_the_cue_sequence(hostile_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "practice.html"
    _run(["practice", str(hostile_file), "--reps", "5", "--report", str(out)])
    html = out.read_text(encoding="utf-8")
    _self_contained(html)
    assert 'id="selftest-practice"' in html
    assert escape(practice_setup(5)[-1]) in html
    cues = html.index("The cues, before the first rep")
    assert all(html.index(escape(c), cues) > cues for c in CUE_SEQUENCE)
    assert all(html.count(escape(c)) == 1 for c in CUE_SEQUENCE)  # listed once, in the section


def test_unwritable_report_is_one_line(hostile_file: Path, tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["selftest", "dowel", str(hostile_file), "--report", str(tmp_path / "no" / "r.html")]
    )
    assert res.exit_code == 3
    assert "cannot write the self-test report" in res.output
    assert "Traceback" not in res.output


def test_render_escapes_a_result_source(rdl_knees_forward: Prepared) -> None:
    result = run_wall(rdl_knees_forward, height_m=1.8, wall_cm=10.0)
    html = render_report(result.model_copy(update={"source": "</p><script>x()</script>"}))
    assert "<script>x()" not in html and "&lt;script&gt;x()" in html
    assert "knees drifted forward first" in html
