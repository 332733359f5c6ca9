"""Unweighted practice: cue sequence first, the one cue after each rep, consistency over reps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import TypeAdapter
from typer.testing import CliRunner

from hingecoach.checks.registry import BY_ID
from hingecoach.cli import app
from hingecoach.selftest.models import PracticeResult, SelfTestResult
from hingecoach.selftest.practice import CUE_SEQUENCE, GOOD_REP, MAX_SPREAD, practice_result
from hingecoach.selftest.render import html_section
from hingecoach.selftest.run import Prepared, prepare
from hingecoach.synth.generate import generate_set
from hingecoach.synth.io import write_synth_json
from hingecoach.synth.spec import FaultSpec, SynthSpec

runner = CliRunner()


def _drill(*faults: FaultSpec, reps: int = 5) -> Prepared:
    return prepare(
        generate_set(SynthSpec(exercise="hinge_drill", reps=reps, seed=4, faults=faults)).track
    )


@pytest.fixture(scope="module")
def grooved() -> PracticeResult:
    p = _drill()
    return practice_result(p.sig, p.reps, height_m=1.75, reps_asked=5)


@pytest.fixture(scope="module")
def knees_from_3() -> PracticeResult:
    p = _drill(FaultSpec("knee_bend", from_rep=3))
    return practice_result(p.sig, p.reps, height_m=1.75, reps_asked=5)


def test_alike_clean_reps_are_grooved_and_each_is_told_so(grooved: PracticeResult) -> None:
    assert len(grooved.reps) == 5 and grooved.clean
    assert {r.cue for r in grooved.reps} == {GOOD_REP}
    assert grooved.consistent is True
    assert all(s.sd is not None and s.sd <= s.limit for s in grooved.spread.values())
    assert grooved.cues_before == list(CUE_SEQUENCE)
    assert not grooved.warnings


def test_knees_that_bend_from_rep_3_are_cued_there_and_break_the_groove(
    knees_from_3: PracticeResult,
) -> None:
    cues = {r.index: r.cue for r in knees_from_3.reps}
    assert cues[1] == cues[2] == GOOD_REP
    assert cues[3] == cues[4] == cues[5] == BY_ID["knee_bend"].short_cue
    knee = knees_from_3.spread["knee_bend_deg"]
    assert knee.sd is not None and knee.sd > MAX_SPREAD["knee_bend_deg"]
    assert knees_from_3.consistent is False and not knees_from_3.clean


def test_too_few_reps_cannot_tell_and_a_shortfall_is_said() -> None:
    p = _drill(reps=2)
    r = practice_result(p.sig, p.reps, height_m=1.75, reps_asked=8)
    assert r.consistent is None
    assert all(s.sd is None for s in r.spread.values())
    assert any("8 practice reps asked for, 2 counted" in w for w in r.warnings)


def test_hip_travel_is_in_centimetres_of_the_lifter(grooved: PracticeResult) -> None:
    p = _drill()
    tall = practice_result(p.sig, p.reps, height_m=2.0)
    short = practice_result(p.sig, p.reps, height_m=1.5)
    a, b = tall.reps[0].hip_travel_cm, short.reps[0].hip_travel_cm
    assert a is not None and b is not None and a == pytest.approx(b * 2.0 / 1.5, rel=0.02)


def test_result_round_trips_and_renders(knees_from_3: PracticeResult) -> None:
    again = TypeAdapter(SelfTestResult).validate_json(knees_from_3.model_dump_json())
    assert again == knees_from_3
    html = html_section(knees_from_3)
    assert 'id="selftest-practice"' in html and "not yet consistent" in html
    assert html.count("<tr") == 1 + len(knees_from_3.reps)


def test_cli_says_the_cues_first_then_each_rep(tmp_path: Path) -> None:
    spec = SynthSpec(
        exercise="hinge_drill", reps=4, seed=4, faults=(FaultSpec("knee_bend", from_rep=3),)
    )
    keypoints = write_synth_json(generate_set(spec), tmp_path / "set.json")
    out = tmp_path / "r.json"
    res = runner.invoke(
        app, ["selftest", "practice", str(keypoints), "--reps", "4", "--json", str(out)]
    )
    assert res.exit_code == 0, res.output
    text = res.output
    assert text.index("shift the hips directly back") < text.index("Practice: 4 reps")
    assert "soft knees, push the hips back" in text
    data = json.loads(out.read_text())
    assert data["mode"] == "practice" and data["consistent"] is False
    bad = runner.invoke(app, ["selftest", "practice", str(keypoints), "--reps", "2"])
    assert bad.exit_code == 2  # fewer than 3 reps is bad usage
