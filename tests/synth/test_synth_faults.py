"""Clean reps sit inside the coaching limits; each fault leaves them in exactly its reps."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from hingecoach.landmarks import idx
from hingecoach.synth import EXERCISES, FAULTS, NoiseSpec, SynthSpec, generate_set, parse_fault_spec
from hingecoach.synth import motion as mo
from hingecoach.synth.arms import wrist_gap_m
from hingecoach.synth.body import Body
from hingecoach.synth.generate import SyntheticSet
from hingecoach.synth.spec import FAULT_EXERCISES

REPS = 4
HINGE_LIFTS = ("hinge_drill", "rdl", "good_morning")
BAR_LIFTS = ("rdl", "conventional_deadlift", "pause_deadlift")
DEADLIFTS = ("conventional_deadlift", "pause_deadlift")

#: Clean bottom ranges per exercise: knee flexion max, shin angle max, torso angle min.
CLEAN_BOTTOM = {
    "hinge_drill": ((10, 15), (3, 6), (35, 45)),
    "rdl": ((12, 18), (0, 6), (25, 35)),
    "good_morning": ((10, 15), (0, 5), (19, 27)),
    "conventional_deadlift": ((75, 88), (12, 18), (20, 32)),
    "pause_deadlift": ((75, 88), (12, 18), (20, 32)),
    "kb_swing": ((25, 30), (0, 10), (35, 45)),
}

Rep = dict[str, float]


def _per_rep(s: SyntheticSet) -> list[Rep]:
    """The measures each check looks at, per rep, from the ground truth."""
    a = s.truth.angles
    world = s.track.world
    assert world is not None
    # Side view, no noise: world (x, -y) is the sagittal (forward, up) of the body.
    sag = np.stack([world[..., 0], -world[..., 1]], -1)
    gap = wrist_gap_m(Body.from_height(s.spec.height_m, s.spec.sex), sag) / s.spec.height_m
    foot = sag[:, idx("right_foot_index")] - sag[:, idx("right_heel")]
    heel_pitch = np.degrees(np.arctan2(-foot[:, 1], foot[:, 0]))  # + = heel above the toe
    out = []
    for r in s.truth.reps:
        st, bf, en = r["start_frame"], r["bottom_frame"], r["end_frame"]
        rep = slice(st, en + 1)
        early = st + round(0.4 * (bf - st))
        thigh = 90 - a["knee_flexion_deg"][rep] + a["shin_angle_deg"][rep]
        rise_torso = a["torso_angle_deg"][bf : en + 1]
        spine = a["spine_bend_deg"][rep] - a["spine_bend_deg"][st]
        neck = a["neck_angle_deg"][rep] - a["neck_angle_deg"][st]
        out.append(
            {
                "knee": a["knee_flexion_deg"][rep].max(),
                "shin": a["shin_angle_deg"][rep].max(),
                "torso_min": a["torso_angle_deg"][rep].min(),
                "torso_max": a["torso_angle_deg"][rep].max(),
                "lockout": a["torso_angle_deg"][en],
                "spine_max": spine.max(),
                "spine_min": spine.min(),
                "neck_max": neck.max(),
                "neck_min": neck.min(),
                "valgus": np.abs(a["knee_valgus_deg"][rep]).max(),
                "turnout": a["feet_turnout_deg"][rep].mean(),
                "gap": gap[rep].max(),
                "early_shin": a["shin_angle_deg"][early],
                "early_knee": a["knee_flexion_deg"][early],
                "early_hip": a["hip_flexion_deg"][early],
                "thigh_min": thigh.min(),
                "torso_drop": rise_torso[0] - rise_torso.min(),
                "heel_rise": (heel_pitch[rep] - heel_pitch[st]).max(),
                "pause_height": r["pause_height"] if r["pause_height"] is not None else np.nan,
                "pause_s": (r["pause_end_s"] - r["pause_start_s"])
                if r["pause_start_s"]
                else np.nan,
            }
        )
    return out


def _clean_violations(exercise: str, m: Rep) -> set[str]:
    """Which clean limits a rep breaks, named by the fault that should break them."""
    (k_lo, k_hi), (s_lo, s_hi), (t_lo, t_hi) = CLEAN_BOTTOM[exercise]
    bad = set()
    if not k_lo <= m["knee"] <= k_hi:
        bad.add("knee_bend")
    if not s_lo <= m["shin"] <= s_hi:
        bad.add("shins_forward")
    if not t_lo <= m["torso_min"] <= t_hi:
        bad.add("torso_range")
    if not (m["early_hip"] >= 10 and m["early_shin"] <= 7):
        bad.add("knees_forward")
    if m["spine_max"] > 4:
        bad.add("lumbar_flexion")
    if m["spine_min"] < -4:
        bad.add("lumbar_extension")
    if m["neck_max"] > 6:
        bad.add("head_up")
    if m["neck_min"] < -6:
        bad.add("head_down")
    if not (85 <= m["lockout"] <= 95 and m["torso_max"] <= 95):
        bad.add("lockout_overextension")
    if exercise in BAR_LIFTS and not -0.01 <= m["gap"] <= 0.05:
        bad.add("bar_drift")
    if m["valgus"] > 3:
        bad.add("knee_valgus")
    if not 5 <= m["turnout"] <= 10:
        bad.add("feet_turnout")
    if m["thigh_min"] < (15 if exercise in DEADLIFTS else 60):
        bad.add("hips_too_low")
    if m["torso_drop"] > 2:
        bad.add("hips_shoot_up")
    if m["heel_rise"] > 1:
        bad.add("heel_lift")
    if exercise == "pause_deadlift":
        if not 0.3 <= m["pause_height"] <= 1.0:
            bad.add("pause_height")
        if not m["pause_s"] >= 1.2:
            bad.add("pause_short")
    return bad


#: Fault clearly present (well beyond the clean limits) in a rep.
FAULT_PRESENT: dict[str, Callable[[str, Rep], bool]] = {
    "knee_bend": lambda ex, m: (
        m["knee"] >= CLEAN_BOTTOM[ex][0][1] + 12 and (ex in DEADLIFTS or m["shin"] <= 8)
    ),
    "shins_forward": lambda ex, m: (
        m["shin"] >= max(18, CLEAN_BOTTOM[ex][1][1] + 4)
        and (ex not in HINGE_LIFTS or m["knee"] <= 18)
    ),
    "knees_forward": lambda ex, m: (
        m["early_shin"] >= 12 and m["early_knee"] >= 20 and m["early_hip"] < 10
    ),
    "lumbar_flexion": lambda ex, m: m["spine_max"] >= 20,
    "lumbar_extension": lambda ex, m: m["spine_min"] <= -16,
    "head_up": lambda ex, m: m["neck_max"] >= 25,
    "head_down": lambda ex, m: m["neck_min"] <= -25,
    "lockout_overextension": lambda ex, m: m["torso_max"] >= 103,
    "bar_drift": lambda ex, m: m["gap"] >= 0.10,
    "knee_valgus": lambda ex, m: m["valgus"] >= 15,
    "feet_turnout": lambda ex, m: m["turnout"] >= 30,
    "pause_height": lambda ex, m: m["pause_height"] >= 1.2,
    "pause_short": lambda ex, m: m["pause_s"] <= 0.5,
    "hips_too_low": lambda ex, m: m["thigh_min"] <= (0 if ex in DEADLIFTS else 25),
    "hips_shoot_up": lambda ex, m: m["torso_drop"] >= 15,
    "heel_lift": lambda ex, m: m["heel_rise"] >= 12,
}

#: Faults whose presence legitimately moves other measures too: more knee bend lowers the hips;
#: hips sunk to the knees bend the knees, tip the shins and send the knees forward early in the
#: lowering (sitting down, not back), and once the hip is below the knee the frontal-plane knee
#: angle has no meaning (seen from the front the thigh rises from the hip).
SIDE_EFFECTS = {
    "knee_bend": {"knee_bend", "torso_range", "hips_too_low"},
    "hips_too_low": {"hips_too_low", "knee_bend", "shins_forward", "knees_forward", "knee_valgus"},
    "shins_forward": {"shins_forward", "knees_forward"},
    "knees_forward": {"knees_forward", "knee_bend", "shins_forward"},
    "pause_height": {"pause_height"},
}


def _gen(exercise: str, *faults: str, reps: int = REPS) -> SyntheticSet:
    return generate_set(
        SynthSpec(
            exercise=exercise,
            reps=reps,
            noise=NoiseSpec.none(),
            faults=tuple(parse_fault_spec(f) for f in faults),
        )
    )


@pytest.mark.parametrize("exercise", EXERCISES)
def test_clean_reps_sit_inside_every_limit(exercise: str) -> None:
    s = _gen(exercise)
    assert s.truth.faults == {}
    for i, m in enumerate(_per_rep(s), start=1):
        assert _clean_violations(exercise, m) == set(), f"rep {i}: {m}"


CASES = [(ex, fault) for fault in FAULTS for ex in FAULT_EXERCISES.get(fault, EXERCISES)]


@pytest.mark.parametrize(("exercise", "fault"), CASES)
def test_fault_appears_in_exactly_the_injected_reps(exercise: str, fault: str) -> None:
    s = _gen(exercise, f"{fault}:from=2,to=3")
    assert s.truth.faults == {fault: [2, 3]}
    allowed = SIDE_EFFECTS.get(fault, {fault})
    for i, m in enumerate(_per_rep(s), start=1):
        if i in (2, 3):
            assert FAULT_PRESENT[fault](exercise, m), f"rep {i} lacks {fault}: {m}"
            assert _clean_violations(exercise, m) - allowed - {"torso_range"} == set(), m
        else:
            assert _clean_violations(exercise, m) == set(), f"clean rep {i}: {m}"


def test_grow_respects_from_rep() -> None:
    s = _gen("rdl", "lumbar_flexion:from=3,grow", reps=6)
    assert s.truth.faults == {"lumbar_flexion": [5, 6]}
    m = _per_rep(s)
    assert all(_clean_violations("rdl", r) == set() for r in m[:2])
    peaks = [r["spine_max"] for r in m[2:]]
    assert np.all(np.diff(peaks) > 0)
    assert peaks[0] == pytest.approx(0.4 * mo.LUMBAR_FLEXION_DEG, abs=1.5)
    assert all(FAULT_PRESENT["lumbar_flexion"]("rdl", r) for r in m[4:])


def test_knee_valgus_only_in_the_frontal_plane() -> None:
    clean, bad = _gen("rdl"), _gen("rdl", "knee_valgus")
    for key in ("knee_flexion_deg", "shin_angle_deg", "torso_angle_deg"):
        np.testing.assert_allclose(clean.truth.angles[key], bad.truth.angles[key], atol=1e-9)


def test_lumbar_flexion_bows_the_back_contour_dorsally() -> None:
    def bow_px(s: SyntheticSet) -> float:
        """Largest deviation of the contour from its end-to-end chord; + = toward the front."""
        c = np.asarray(s.track.back_contour[s.truth.reps[0]["bottom_frame"]])  # type: ignore[index]
        d = c[-1] - c[0]
        n = np.array([-d[1], d[0]]) / np.linalg.norm(d)  # faces image-right: + = ventral
        dev = (c - c[0]) @ n
        return float(dev[np.argmax(np.abs(dev))])

    neutral = bow_px(_gen("rdl", reps=1))
    assert bow_px(_gen("rdl", "lumbar_flexion", reps=1)) < neutral - 8
    assert bow_px(_gen("rdl", "lumbar_extension", reps=1)) > neutral + 5


def test_feet_turnout_is_steady_through_the_rep() -> None:
    s = _gen("rdl", "feet_turnout:from=2")
    r = s.truth.reps[1]
    turn = s.truth.angles["feet_turnout_deg"][r["start_frame"] : r["end_frame"] + 1]
    assert np.ptp(turn) < 0.5 and turn.mean() == pytest.approx(35.0, abs=0.5)


def test_a_lifted_heel_turns_the_foot_about_its_ball_and_lifts_the_body_with_it() -> None:
    """The toe stays on the floor; heel, ankle and hips rise; the joint angles do not change."""
    clean, bad = _gen("rdl", reps=1), _gen("rdl", "heel_lift", reps=1)
    bottom = bad.truth.reps[0]["bottom_frame"]
    w0, w1 = clean.track.world, bad.track.world
    assert w0 is not None and w1 is not None

    def up(w: np.ndarray, name: str) -> float:
        return float(w[bottom, idx(name), 1] - w[bottom, idx("right_foot_index"), 1])

    # Camera y points down: "up" from the toe is negative y.
    assert up(w1, "right_heel") < up(w0, "right_heel") - 0.05
    assert up(w1, "right_ankle") < up(w0, "right_ankle") - 0.02
    for key in ("knee_flexion_deg", "shin_angle_deg", "torso_angle_deg"):
        np.testing.assert_allclose(clean.truth.angles[key], bad.truth.angles[key], atol=1e-9)


def test_nose_stays_in_front_of_the_ear_and_wrist_below_shoulder_for_bar_lifts() -> None:
    for ex in BAR_LIFTS:
        s = _gen(ex, reps=1)
        w = s.track.world
        assert w is not None
        assert np.all(w[:, idx("right_wrist"), 1] > w[:, idx("right_shoulder"), 1])
