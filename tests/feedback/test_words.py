"""Every finding in words: each check's sentence names the rep, what to do, and no code."""

from __future__ import annotations

import re

import pytest

from hingecoach.checks.base import Check
from hingecoach.checks.registry import BY_ID, CHECKS
from hingecoach.feedback.advice import advice
from hingecoach.feedback.trend import set_trend
from hingecoach.feedback.words import (
    check_title,
    exercise_name,
    finding_sentence,
    finding_words,
    not_judged_sentence,
    plural,
    reps_list,
    value_text,
    view_phrase,
)
from hingecoach.models import Finding
from tests.feedback.test_feedback import rep

#: Words of the code a lifter must never read.
CODE = re.compile(r"\d\s*(bl|deg|shin)\b|\bbl\b|_|\binch|\"|\boblique\b")


def finding(check: Check, value: float, limit: float, severity: str = "fault") -> Finding:
    return Finding(
        check=check.id,
        rep=3,
        severity=severity,  # type: ignore[arg-type]
        value=value,
        limit=limit,
        unit=check.unit,
        cue=check.cue,
    )


def readings(check: Check) -> list[tuple[float, float]]:
    """A reading past the limit on each side the check has, in its unit."""
    scale = {"bl": 0.05, "shin": 0.5, "s": 1.0}.get(check.unit, 20.0)
    out = [(1.5 * scale, scale)]
    if check.words.under is not None:
        out.append((-1.5 * scale, -scale) if check.id.endswith("neutral") else (0.2, scale))
    return out


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_each_check_says_the_rep_what_happened_what_to_do_and_the_number(check: Check) -> None:
    for value, limit in readings(check):
        words = check.words.side(value, limit)
        said = finding_sentence(finding(check, value, limit))
        assert said.startswith("Rep 3 — "), said
        assert words.said in said and words.fix in said, said
        assert re.search(r"\d", said.split(":", 1)[1]), said  # the number as support
        assert check.id not in said and not CODE.search(said), said
        assert not re.search(r"[-−]\d", said), said  # sizes, not signed readings


def test_two_sided_checks_word_each_side() -> None:
    torso = BY_ID["torso_neutral"]
    assert "rounded" in finding_sentence(finding(torso, 30.0, 20.0))
    arched = finding_sentence(finding(torso, -12.0, -10.0))
    assert "arched 12°" in arched and "up to 10°" in arched
    pause = BY_ID["pause_duration"]
    assert "too short" in finding_sentence(finding(pause, 0.3, 1.0))
    assert "longer than planned" in finding_sentence(finding(pause, 3.0, 2.0))


def test_a_watch_says_it_is_not_counted_and_cannot_judge_says_why() -> None:
    knee = BY_ID["knee_bend"]
    watch = finding_sentence(finding(knee, 26.0, 25.0, "watch"))
    assert watch.startswith("Rep 3 — watch: ") and "not counted" in watch
    missing = Finding(
        check="torso_neutral",
        rep=2,
        severity="cannot_judge",
        cue="x",
        detail="no back outline was traced",
    )
    parts = finding_words(missing)
    assert parts.sentence == "Rep 2 — flat back not judged: no back outline was traced."
    assert parts.fix == "" and parts.title == "Flat back not judged"
    assert parts.caption == "Rep 2: Flat back not judged"
    knees = finding_words(finding(BY_ID["hips_back_first"], 0.08, 0.05))
    assert knees.caption == (
        "Rep 3: Knees slid forward before the hips moved back — push the hips back first"
    )


def test_body_lengths_are_centimetres_exact_with_a_height_about_without() -> None:
    assert value_text(0.05, "bl", height_cm=180) == f"{0.05 * 0.78 * 180:.0f} cm"
    assert value_text(0.05, "bl") == f"about {0.05 * 0.78 * 175:.0f} cm"
    hips = BY_ID["hips_back_first"]
    said = finding_sentence(finding(hips, 0.06, 0.05), height_cm=160)
    assert "knees 7 cm forward" in said and "up to 6 cm" in said
    assert value_text(0.45, "shin") == "45% of shin height"
    assert value_text(53.24, "deg") == "53°" and value_text(0.84, "s") == "0.8 s"


def test_small_words() -> None:
    assert plural(1, "rep") == "1 rep" and plural(3, "rep") == "3 reps"
    assert reps_list([4, 2, 2]) == "reps 2 and 4" and reps_list([1]) == "rep 1"
    assert reps_list([5, 1, 2]) == "reps 1, 2 and 5"
    assert view_phrase("oblique") == "filmed at an angle"
    assert view_phrase("side", "left") == "filmed from the side, facing left"
    assert exercise_name("rdl") == "Romanian deadlift"
    assert exercise_name("conventional_deadlift") == "conventional deadlift"
    assert check_title("hips_back_first") == "Hips back first"
    said = not_judged_sentence("torso_neutral", "no back outline was traced")
    assert said == "Flat back: not judged — no back outline was traced."


def test_a_one_rep_set_has_no_drift_and_a_two_rep_set_no_plural_slip() -> None:
    one = [rep(1, "bar_close")]
    trend = set_trend(one, {1: {"bar_close": 0.1}})
    assert trend.broke_at_rep == 1 and trend.drifted == []
    assert advice(one, 1, "rdl")[0].startswith("Form was off on the set's one rep:")
    two = [rep(1), rep(2, "knee_bend"), rep(3, "knee_bend")]
    tips = advice(two, 2, "rdl")
    assert "Form held for 1 rep and broke at rep 2" in tips[0] and "1 reps" not in tips[0]
    from_start = set_trend([rep(1, "knee_bend"), rep(2, "knee_bend")], {})
    assert from_start.drifted == ["Knee bend: off from rep 1 on, the pattern rather than fatigue."]


def test_advice_is_metric_and_free_of_code() -> None:
    every = [rep(1, *BY_ID)]
    for tip in advice(every, 2, "conventional_deadlift", breakdown="mid_shin"):
        assert "inch" not in tip and "_" not in tip, tip


def test_a_not_a_hinge_set_says_why_once() -> None:
    from hingecoach.feedback.words import shown_warnings
    from hingecoach.models import SetResult

    base = {"source": "x", "exercise": "squat", "exercise_detected": True, "view": "side"}
    base |= {"rep_count": 0, "reps": [], "score": None, "broke_at_rep": None}
    kept = ["feet cut off by the frame"]
    squat = SetResult.model_validate(
        {**base, "is_hinge": False, "warnings": [*kept, "not a hinge: the hips dropped"]}
    )
    assert shown_warnings(squat) == kept
    hinge = squat.model_copy(update={"is_hinge": True})
    assert shown_warnings(hinge) == hinge.warnings
