"""Grading arithmetic of the real-clip evaluation, on hand-made label/result pairs (no video)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import Field
from rich.console import Console

from hingecoach.evaluation.grading import (
    ClipLabel,
    check_state,
    exercise_right,
    fires,
    grade_clip,
    load_labels,
    reps_right,
    view_right,
)
from hingecoach.evaluation.summary import RealReport, render
from hingecoach.models import SetResult, Shot
from tests.evaluation._results import finding, rep, result


def label(**fields: Any) -> ClipLabel:
    return ClipLabel.model_validate(fields)


# --- reps ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labelled", "count", "right"),
    [
        (1, 1, True),
        (1, 0, False),
        (0, 0, True),
        ([9, 10], 9, True),
        ([9, 10], 10, True),
        ([9, 10], 11, False),
        (None, 3, None),  # not known: skipped
        (2, None, False),  # no result: wrong
    ],
)
def test_rep_count_exact_list_and_null(
    labelled: int | list[int] | None, count: int | None, right: bool | None
) -> None:
    assert reps_right(labelled, count) is right


# --- exercise -----------------------------------------------------------------------------------


def test_a_hinge_label_needs_that_hinge() -> None:
    assert exercise_right("rdl", result(exercise="rdl")) is True
    assert exercise_right("rdl", result(exercise="conventional_deadlift")) is False
    assert exercise_right("rdl", result(exercise="squat", is_hinge=False)) is False


@pytest.mark.parametrize("labelled", ["squat", "other", "row", "lunge"])
def test_squats_rows_lunges_and_other_must_come_out_not_a_hinge(labelled: str) -> None:
    assert exercise_right(labelled, result(exercise="squat", is_hinge=False)) is True
    assert exercise_right(labelled, result(exercise="conventional_deadlift")) is False


def test_exercise_without_label_or_result() -> None:
    assert exercise_right(None, result()) is None
    assert exercise_right("squat", None) is False


# --- view ---------------------------------------------------------------------------------------


class _Segmented(SetResult):
    """A result from a later schema that reports segments with their own view."""

    segments: list[dict[str, Any]] = Field(default_factory=list)


def test_view_mapping() -> None:
    assert view_right("side", result(view="side")) is True
    assert view_right("front", result(view="front")) is True
    assert view_right("rear", result(view="front")) is True  # graded with the front
    assert view_right("oblique", result(view="oblique")) is True
    assert view_right("oblique", result(view="side")) is False
    assert view_right("side", result(view="unknown")) is False
    assert view_right("side", None) is False
    assert view_right(None, result()) is None


def test_mixed_view_is_skipped_unless_the_result_reports_segments() -> None:
    assert view_right("mixed", result(view="side")) is None
    base = result(view="side").model_dump()
    two = _Segmented(**base, segments=[{"view": "side"}, {"view": "front"}])
    one = _Segmented(**base, segments=[{"view": "side"}, {"view": "side"}])
    assert view_right("mixed", two) is True
    assert view_right("mixed", one) is False


# --- checks -------------------------------------------------------------------------------------


def test_fired_means_a_fault_on_a_counted_rep_and_nothing_milder() -> None:
    assert fires(finding("bar_close", "fault"))
    assert not fires(finding("bar_close", "cannot_judge"))
    assert not fires(finding("bar_close", "watch"))  # a later, milder severity
    watched = result(reps=(rep(findings=(finding("bar_close", "watch"),)),))
    assert check_state(watched, "bar_close")[0] == "quiet"
    on_partial = result(reps=(rep(1, counted=False, findings=(finding("bar_close"),)), rep(2)))
    assert check_state(on_partial, "bar_close")[0] == "quiet"
    fired = result(reps=(rep(1), rep(2, findings=(finding("bar_close", rep=2),))))
    assert check_state(fired, "bar_close")[0] == "fired"


def test_not_judged_reasons() -> None:
    r = result(
        reps=(rep(findings=(finding("head_neutral", "cannot_judge", value=None),)),),
        not_judged={"torso_neutral": "the track has no back outline"},
    )
    assert check_state(r, "head_neutral")[0] == "not_judged"  # every counted rep cannot judge
    assert check_state(r, "torso_neutral") == ("not_judged", "the track has no back outline")
    assert check_state(r, "hips_back_first")[0] == "not_judged"  # off in the profile
    assert check_state(r, "bar_close")[0] == "quiet"
    assert check_state(r, "heel_lift")[0] == "no_check"
    assert check_state(result(reps=(rep(counted=False),)), "bar_close")[0] == "not_judged"
    squat = result(is_hinge=False, exercise="squat", reps=(rep(),))
    assert check_state(squat, "bar_close")[0] == "not_judged"


def test_one_rep_judging_is_enough_to_judge_the_clip() -> None:
    r = result(
        reps=(rep(1, findings=(finding("head_neutral", "cannot_judge", value=None),)), rep(2))
    )
    assert check_state(r, "head_neutral")[0] == "quiet"


def _clip(checks: dict[str, str], res: SetResult | None, error: str | None = None) -> Any:
    return grade_clip("c.mp4", label(reps=1, checks=checks), res, error=error)


def test_ok_fault_unclear_na_arithmetic() -> None:
    fired = result(reps=(rep(findings=(finding("bar_close"),)),))
    quiet = result(reps=(rep(),))
    unjudged = result(reps=(rep(),), not_judged={"bar_close": "needs a side view"})
    rows = [
        _clip({"bar_close": "ok"}, fired),  # false alarm
        _clip({"bar_close": "ok"}, quiet),  # agree
        _clip({"bar_close": "ok"}, quiet),  # agree
        _clip({"bar_close": "fault"}, fired),  # caught
        _clip({"bar_close": "fault"}, quiet),  # missed
        _clip({"bar_close": "ok"}, unjudged),  # not judged
        _clip({"bar_close": "fault"}, unjudged),  # not judged
        _clip({"bar_close": "unclear"}, fired),  # left out
        _clip({"bar_close": "n/a"}, fired),  # left out
        _clip({"bar_close": "ok"}, None, error="InputError: no person found"),  # not judged
    ]
    report = RealReport.from_rows("x", rows)
    t = report.checks["bar_close"]
    assert (t.ok_judged, t.false_alarms, t.fault_judged, t.caught) == (3, 1, 2, 1)
    assert (t.judged, t.agreed) == (5, 3)
    assert (t.not_judged, t.left_out) == (3, 2)
    assert report.reps.graded == 10 and report.reps.right == 9  # the error row is wrong


def test_checks_hingecoach_lacks_are_reported_as_such() -> None:
    report = RealReport.from_rows("x", [_clip({"heel_lift": "fault"}, result(reps=(rep(),)))])
    assert report.checks["heel_lift"].no_check
    assert report.checks["heel_lift"].not_judged == 1


# --- impossible values and exceptions -----------------------------------------------------------


def test_impossible_values_are_listed_per_clip() -> None:
    bad = result(
        reps=(
            rep(
                1,
                knee_flexion_max_deg=178.0,
                findings=(
                    finding("head_neutral", value=158.0),
                    finding("lockout_overextension", value=179.0),
                ),
            ),
            rep(2, start=75, bottom=79, end=79, lower_s=0.0, rise_s=0.0),
        ),
    )
    row = grade_clip("bad.mp4", label(reps=2), bad)
    text = "\n".join(row.impossible)
    assert "knee_flexion_max_deg 178" in text
    assert "head_neutral: 158" in text
    assert "lockout_overextension: 179" in text
    assert "rep 2: counted with a 0.00 s rise" in text
    assert "rep 2: counted with a 0.00 s lowering" in text
    assert grade_clip("ok.mp4", label(reps=1), result(reps=(rep(),))).impossible == []


def test_a_rep_opening_the_clip_may_have_no_lowering() -> None:
    opening = result(reps=(rep(start=0, bottom=0, end=30, lower_s=0.0),))
    assert grade_clip("c.mp4", label(), opening).impossible == []


def test_a_rep_opening_a_shot_after_a_scene_cut_may_have_no_lowering() -> None:
    # The clip cuts at frame 40 (1.33 s): the rep there opened at the bottom of its pull.
    shots = [
        Shot(start_s=0.0, end_s=1.3, view="side"),
        Shot(start_s=round(40 / 30, 3), end_s=3.3, view="side", reps=[1]),
    ]
    opening = result(reps=(rep(start=40, bottom=40, end=70, lower_s=0.0),), shots=shots)
    assert grade_clip("c.mp4", label(), opening).impossible == []
    inside = result(reps=(rep(start=45, bottom=45, end=70, lower_s=0.0),), shots=shots)
    assert "counted with a 0.00 s lowering" in "\n".join(
        grade_clip("c.mp4", label(), inside).impossible
    )


def test_a_phase_that_was_not_measured_is_not_impossible_and_survives_json() -> None:
    unmeasured = result(reps=(rep(lower_s=None, bottom_hold_s=None, rise_s=None),))
    assert grade_clip("c.mp4", label(), unmeasured).impossible == []
    # An unfilmed phase is None, not NaN: NaN was written as JSON null and the saved result
    # could not be read back.
    again = SetResult.model_validate_json(unmeasured.model_dump_json())
    assert (again.reps[0].lower_s, again.reps[0].rise_s) == (None, None)
    negative = result(reps=(rep(bottom_hold_s=-0.1),))
    assert "bottom_hold_s -0.1 s is negative" in "\n".join(
        grade_clip("c.mp4", label(), negative).impossible
    )


def test_exceptions_are_rows_with_the_message_and_no_traceback() -> None:
    row = _clip({"bar_close": "ok"}, None, error="ValueError: bad frame")
    assert (row.reps_right, row.exercise_right, row.view_right) == (False, None, None)
    report = RealReport.from_rows("folder", [row, _clip({}, result(reps=(rep(),)))])
    console = Console(record=True, width=200)
    render(report, console)
    text = console.export_text()
    assert "reps exact" in text and "1/2 (50 %)" in text
    assert "c.mp4: ValueError: bad frame" in text
    assert "Traceback" not in text
    rows = json.loads(report.rows_json())
    assert rows[0]["error"] == "ValueError: bad frame"


def test_the_table_shows_counts_and_fractions() -> None:
    rows = [
        grade_clip("a.mp4", label(reps=1, exercise="squat", view="rear"), result(view="front")),
        grade_clip("b.mp4", label(reps=None, view="mixed"), result(reps=(rep(),))),
    ]
    report = RealReport.from_rows("f", rows)
    assert (report.reps.graded, report.reps.skipped) == (1, 1)
    assert (report.exercise.right, report.exercise.graded) == (0, 1)
    assert (report.view.right, report.view.graded, report.view.skipped) == (1, 1, 1)
    console = Console(record=True, width=200)
    render(report, console)
    text = console.export_text()
    assert "exercise right" in text and "0/1 (0 %)" in text
    assert "a.mp4: label squat, result conventional_deadlift" in text


# --- labels -------------------------------------------------------------------------------------


def test_labels_load_in_file_order_and_bad_values_name_the_clip(tmp_path: Path) -> None:
    data = {
        "b.mp4": {"exercise": "rdl", "view": "side", "reps": [1, 2], "checks": {"x": "ok"}},
        "a.mp4": {"reps": None, "rep_note": "opens mid-rep", "extra": 1},
    }
    (tmp_path / "labels.json").write_text(json.dumps(data))
    labels = load_labels(tmp_path)
    assert list(labels) == ["b.mp4", "a.mp4"]
    assert labels["b.mp4"].reps == [1, 2] and labels["a.mp4"].reps is None
    data["a.mp4"]["checks"] = {"x": "maybe"}
    (tmp_path / "labels.json").write_text(json.dumps(data))
    with pytest.raises(ValueError, match=r"a\.mp4"):
        load_labels(tmp_path)
