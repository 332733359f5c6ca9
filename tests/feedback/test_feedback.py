"""Score, trend and advice on hand-made reps with known faults."""

from __future__ import annotations

from hingecoach.checks.registry import BY_ID
from hingecoach.feedback.advice import GROUPS, advice, fault_groups, fix_first
from hingecoach.feedback.score import set_score
from hingecoach.feedback.trend import set_trend
from hingecoach.models import Finding, RepResult


def rep(i: int, *faults: str, counted: bool = True) -> RepResult:
    return RepResult(
        index=i,
        counted=counted,
        start_frame=0,
        bottom_frame=1,
        end_frame=2,
        start_s=0,
        bottom_s=1,
        end_s=2,
        lower_s=1,
        bottom_hold_s=0,
        rise_s=1,
        knee_flexion_max_deg=10,
        shin_angle_max_deg=3,
        torso_angle_min_deg=40,
        hip_flexion_max_deg=60,
        findings=[
            Finding(check=c, rep=i, severity="fault", value=30, limit=20, cue=f"cue {c}")
            for c in faults
        ],
    )


def test_clean_set_scores_100_and_does_not_break() -> None:
    reps = [rep(i) for i in range(1, 6)]
    assert set_score(reps) == 100
    trend = set_trend(reps, {})
    assert trend.broke_at_rep is None and fix_first(reps) is None
    assert any("Clean set" in t for t in advice(reps, None, "rdl"))


def test_fatigue_breakdown_is_found_with_its_drift_and_load_advice() -> None:
    reps = [rep(1), rep(2), rep(3), rep(4, "knee_bend"), rep(5, "knee_bend"), rep(6, "knee_bend")]
    values = {i: {"knee_bend": 12.0 + (i > 3) * 18} for i in range(1, 7)}
    trend = set_trend(reps, values)
    assert trend.broke_at_rep == 4
    assert trend.drifted == ["Knee bend: 12° on rep 1, 30° on rep 6; off from rep 4 on."]
    tips = advice(reps, trend.broke_at_rep, "rdl")
    assert "broke at rep 4" in tips[0] and "lower the load" in tips[0]
    assert "after 3 reps" in tips[0]
    assert any("unweighted" in t for t in tips)


def test_a_one_off_fault_is_not_a_breakdown() -> None:
    reps = [rep(1), rep(2, "head_neutral"), rep(3), rep(4), rep(5)]
    assert set_trend(reps, {}).broke_at_rep is None


def test_fix_first_weighs_severity_and_frequency() -> None:
    reps = [
        rep(1, "lowering_control"),
        rep(2, "lowering_control"),
        rep(3, "torso_neutral"),
        rep(4, "torso_neutral"),
    ]
    said = fix_first(reps) or ""
    assert said.startswith(BY_ID["torso_neutral"].cue) and "reps 3 and 4: back rounded" in said


def test_fix_first_ranks_by_each_checks_weight() -> None:
    # Two light faults on two reps outweigh one heavy fault only when their weights say so.
    light, heavy = BY_ID["lowering_control"].weight, BY_ID["torso_neutral"].weight
    reps = [rep(1, "lowering_control"), rep(2, "lowering_control"), rep(3, "torso_neutral")]
    expected = "lowering_control" if 2 * light > heavy else "torso_neutral"
    assert (fix_first(reps) or "").startswith(BY_ID[expected].cue)


def test_score_costs_each_checks_weight() -> None:
    reps = [rep(1, "knee_bend", "hips_back_first"), rep(2)]
    cost = BY_ID["knee_bend"].weight + BY_ID["hips_back_first"].weight
    assert set_score(reps) == round((100 - cost + 100) / 2)


def test_advice_follows_the_groups_of_the_faulty_checks() -> None:
    bar = [rep(1, "bar_close")]
    assert fault_groups(bar) == BY_ID["bar_close"].groups
    rdl = advice(bar, None, "rdl")
    assert any(t.startswith("Pause deadlifts") for t in rdl)  # a lost set in a barbell lift
    assert any(t.startswith("Keep the bar close") for t in rdl)
    swing = advice(bar, None, "kb_swing")
    assert not any(t.startswith("Pause deadlifts") for t in swing)
    front = advice([rep(1, "knee_valgus")], None, "rdl")
    assert any("knees tracking over the toes" in t for t in front)
    assert fault_groups([rep(1, "knee_valgus", counted=False)]) == frozenset()


def test_every_group_a_check_names_is_one_feedback_knows() -> None:
    named = {g for c in BY_ID.values() for g in c.groups}
    assert named == set(GROUPS)  # and every group feedback knows is used by some check


def test_partial_reps_do_not_score() -> None:
    reps = [rep(1), rep(2, "knee_bend", "torso_neutral", counted=False)]
    assert set_score(reps) == 100
