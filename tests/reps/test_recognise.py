"""Exercise recognition on hand-made sets: deadlift against RDL, and what is not a hinge.

Each case is a lift described by its joints (``_motions``); the settings are stated here so a
profile edit cannot move them.
"""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.reps.recognise import recognise
from hingecoach.reps.segment import SegmentParams, segment
from tests.reps._motions import depth, lift, rep, signals

#: The recognition settings (torso lean, degrees) and the hip drop's (percent of standing).
LEAN = SegmentParams(
    leave_deg=20.0,
    count_deg=35.0,
    settle_deg=3.0,
    settle_s=0.15,
    start_at_bottom_counts=False,
    floor_touch_counts=True,
)
DROP = LEAN.model_copy(update={"leave_deg": 15.0, "count_deg": 30.0})

STANDING = [("stand", 1.0)]


def recognised(sig):  # type: ignore[no-untyped-def]
    return recognise(sig, segment(sig.t_s, sig.lean_deg, LEAN), DROP)


def test_deep_rdl_with_hands_at_mid_shin_is_an_rdl() -> None:
    # Hands stop at 0.2 bl (mid-shin), below the old 0.36 bl line, yet the knees stay soft,
    # the hips high and the bar never rests: a Romanian deadlift.
    sig = lift("rdl", STANDING + rep() * 3 + STANDING)
    rec = recognised(sig)
    assert rec.is_hinge and rec.exercise == "rdl"
    assert "confidence" in rec.reason and rec.confidence > 0.3


def test_deadlift_with_the_bar_resting_on_the_floor_is_a_deadlift() -> None:
    sig = lift("deadlift", STANDING + rep(hold_s=0.6) * 3 + STANDING)
    rec = recognised(sig)
    assert rec.is_hinge and rec.exercise == "conventional_deadlift"
    assert rec.confidence > 0.6


def test_rdl_seen_from_the_front_is_still_an_rdl() -> None:
    # From the front the knee angle cannot be read (NaN here): hands and hips decide.
    sig = lift("rdl", STANDING + rep() * 3 + STANDING, view="front")
    sig = signals(
        sig.t_s,
        view="front",
        lean_deg=sig.lean_deg,
        hip_height_bl=sig.hip_height_bl,
        shoulder_height_bl=sig.shoulder_height_bl,
        hand_height_bl=sig.hand_height_bl,
        feet_x_bl=0.0,
    )
    assert recognised(sig).exercise == "rdl"


def test_a_clip_opening_partway_up_a_pull_is_not_called_an_rdl() -> None:
    # Only the end of a pull is seen: the hands were already high when filming began, which
    # says nothing against a deadlift; opening at the bottom says "from the floor".
    t, d = depth([("bottom", 0.2), ("up", 1.0), ("stand", 1.0)])
    d = 0.6 * d
    sig = signals(
        t,
        lean_deg=5 + 65 * d,
        knee_flexion_deg=5 + 20 * d,
        hip_height_bl=0.58 * (1 - 0.05 * d),
        shoulder_height_bl=0.98 - 0.5 * d,
        hand_height_bl=0.45 - 0.2 * d,
        feet_x_bl=0.0,
    )
    assert recognised(sig).exercise == "conventional_deadlift"


def test_box_squat_leaning_forward_with_the_bar_on_the_back_is_a_squat() -> None:
    sig = lift("squat", STANDING + rep() * 2 + STANDING)
    rec = recognised(sig)
    assert not rec.is_hinge and rec.exercise == "squat"
    assert sum(s.counted for s in rec.spans) == 2


def test_reverse_lunge_is_a_lunge_with_its_reps() -> None:
    sig = lift("lunge", STANDING + rep() * 2 + STANDING)
    rec = recognised(sig)
    assert not rec.is_hinge and rec.exercise == "lunge"
    assert sum(s.counted for s in rec.spans) == 2


def test_a_lunge_cut_before_the_foot_steps_back_is_not_a_rep() -> None:
    sig = lift("lunge", STANDING + rep() * 2 + [("down", 1.5), ("up", 0.9)])
    sig = signals(
        sig.t_s,
        lean_deg=sig.lean_deg,
        hip_height_bl=sig.hip_height_bl,
        shoulder_height_bl=sig.shoulder_height_bl,
        hand_height_bl=sig.hand_height_bl,
        # The stepping foot is still half a stride out when the clip ends.
        feet_x_bl=np.where(sig.t_s > sig.t_s[-1] - 1.0, 0.25, sig.feet_x_bl),
    )
    rec = recognised(sig)
    assert rec.exercise == "lunge" and sum(s.counted for s in rec.spans) == 2


def test_bent_over_row_is_a_row_counted_by_its_pulls() -> None:
    sig = lift("row", [("stand", 0.5), ("down", 0.5), ("up", 0.6), ("stand", 1.5)])
    rec = recognised(sig)
    assert not rec.is_hinge and rec.exercise == "row"
    assert sum(s.counted for s in rec.spans) == 1


def test_deadlift_is_not_a_row_although_the_hands_rise() -> None:
    # A pull raises the hands from the floor at a steady back angle, but the shoulders rise
    # with them: straight arms, not a row.
    sig = lift("deadlift", [("bottom", 0.5), ("up", 1.5), ("stand", 1.0)])
    assert recognised(sig).is_hinge


def test_walking_is_other() -> None:
    t = np.arange(0, 8, 1 / 30)
    bob = np.clip(40 * np.sin(2 * np.pi * t / 2.5), 0, None)
    sig = signals(t, lean_deg=bob, hip_height_bl=0.58, feet_x_bl=0.8 * t)
    rec = recognised(sig)
    assert not rec.is_hinge and rec.exercise == "other" and not rec.spans


def test_russian_swing_reaching_chest_height_is_a_swing() -> None:
    # A second a rep; the bell swings from between the legs (0.15 bl) up to just below the
    # shoulders (not above them, as an American swing would).
    t = np.arange(0, 9, 1 / 30)
    phase = np.clip(t - 1.0, 0, None) % 1.0
    active = (t > 1.0) & (t < 8.0)
    lean = np.where(active, 50 * np.clip(np.sin(np.pi * phase / 0.6), 0, None), 3.0)
    hands = np.where(active & (phase > 0.6), 0.88 - 0.1 * np.cos(np.pi * (phase - 0.6) / 0.4), 0.45)
    hands = np.where(active & (phase <= 0.6), 0.45 - 0.3 * np.sin(np.pi * phase / 0.6), hands)
    sig = signals(
        t,
        lean_deg=lean,
        knee_flexion_deg=10 + 0.4 * lean,
        hip_height_bl=0.58 * (1 - 0.002 * lean),
        shoulder_height_bl=0.98 - 0.006 * lean,
        hand_height_bl=hands,
        feet_x_bl=0.0,
    )
    assert recognised(sig).exercise == "kb_swing"


@pytest.mark.parametrize("kind", ["deadlift", "rdl"])
def test_the_reason_names_the_confidence(kind: str) -> None:
    rec = recognised(lift(kind, STANDING + rep(hold_s=0.1) * 2 + STANDING))
    word = rec.reason.split("confidence ")[1].split(",")[0]
    assert word in ("low", "medium", "high") and 0.0 <= rec.confidence <= 1.0


def test_a_parallel_squat_is_a_surer_call_than_a_shallow_one() -> None:
    deep = recognised(lift("squat", STANDING + rep() * 2 + STANDING))
    t, d = depth(STANDING + rep() * 2 + STANDING)
    shallow = signals(
        t,
        lean_deg=5 + 25 * d,
        hip_height_bl=0.58 * (1 - 0.35 * d),
        hand_height_bl=0.58 * (1 - 0.35 * d) + 0.35,
        feet_x_bl=0.0,
    )
    rec = recognised(shallow)
    assert rec.exercise == "squat" and deep.exercise == "squat"
    assert 0.0 <= rec.confidence < deep.confidence <= 1.0


def test_deadlift_whose_hips_shoot_up_is_still_a_deadlift() -> None:
    # The hips rise first: the knees straighten and the torso tips over further while the bar
    # is still low, so the lean peaks a third of the way up (hands 0.28 bl, knees straight):
    # read where the bar was lowest (resting on the floor, knees bent), not where the lean peaked.
    t, d = depth(STANDING + [("down", 1.5), ("bottom", 0.5), ("up", 1.5)] * 3)
    rising = np.gradient(d) < 0
    bump = 50 * np.exp(-(((d - 0.46) / 0.15) ** 2))
    lean = 5 + 65 * d + np.where(rising, bump, 0.0)
    knee = np.where(rising, 5 + 75 * np.clip((d - 0.6) / 0.4, 0, 1), 5 + 75 * d)
    sig = signals(
        t,
        lean_deg=lean,
        knee_flexion_deg=knee,
        hip_height_bl=0.58 * (1 - 0.3 * (knee - 5) / 75),
        shoulder_height_bl=0.98 - 0.5 * d,
        hand_height_bl=0.45 - 0.37 * d,
        feet_x_bl=0.0,
    )
    assert recognised(sig).exercise == "conventional_deadlift"


def test_rdl_whose_later_reps_squat_down_is_still_an_rdl() -> None:
    # Fatigue turns the last three of five reps into squatted ones (knees 80°, hips low, hands
    # lower): the first half of the set shows the lift that was meant.
    rdl = lift("rdl", STANDING + rep() * 2)
    dl = lift("deadlift", rep() * 3 + STANDING)
    joined = {
        name: np.concatenate([getattr(rdl, name), getattr(dl, name)])
        for name in ("lean_deg", "knee_flexion_deg", "hip_height_bl", "hand_height_bl")
    }
    t = np.arange(len(joined["lean_deg"])) / 30.0
    sig = signals(t, feet_x_bl=0.0, **joined)
    assert recognised(sig).exercise == "rdl"
