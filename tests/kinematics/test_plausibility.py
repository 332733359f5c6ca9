"""The plausibility gates on known series and bodies: glitches go, real movement stays."""

from __future__ import annotations

import numpy as np

from hingecoach.evaluation import plausibility as ev
from hingecoach.kinematics import landmark_gates as lg
from hingecoach.kinematics import plausibility as pl
from hingecoach.landmarks import N_LANDMARKS, idx

T = np.arange(90) / 30.0


def test_a_gate_makes_nan_and_never_clips() -> None:
    out = pl.KNEE_FLEXION_DEG.gate(np.array([-25.0, -20.0, 90.0, 170.0, 179.0, np.nan]))
    assert out[1:4].tolist() == [-20.0, 90.0, 170.0]  # the limits themselves pass
    assert np.isnan(out[[0, 4, 5]]).all()


def test_every_bound_states_its_reason() -> None:
    for name, bound in pl.SIGNAL_BOUNDS.items():
        assert bound.lo < bound.hi, name
        assert len(bound.why) > 20, name


def test_hampel_takes_a_spike_and_leaves_a_fast_ramp() -> None:
    kwargs = {"half_window_s": 0.25, "n_sigma": 3.0, "min_scale": 5.0}
    fast = 400.0 * T  # 400 px/s, far faster than a hinge moves a joint
    assert not pl.hampel_outliers(fast, T, **kwargs).any()
    spiky = 100.0 * T  # a hip moving back at a brisk hinge's pace
    spiky[[40, 41]] += 120.0  # a knee thrown to the other leg
    assert np.flatnonzero(pl.hampel_outliers(spiky, T, **kwargs)).tolist() == [40, 41]


def test_hampel_floor_keeps_jitter_of_a_still_lifter() -> None:
    rng = np.random.default_rng(0)
    still = 500.0 + rng.normal(0.0, 0.5, len(T))  # sub-pixel jitter: a tiny MAD
    assert not pl.hampel_outliers(still, T, half_window_s=0.25, n_sigma=3.0, min_scale=8.0).any()


def test_a_knee_flip_turns_faster_than_a_joint_can() -> None:
    knee = 30.0 + 40.0 * np.sin(2 * np.pi * T / 2.0)
    knee[50:53] = [-179.0, 178.0, -177.0]  # the ±180° flip of a misplaced ankle
    knee[70] = knee[69] + 70.0  # one frame thrown 70°
    knee[20:22] = np.nan  # a gap is no jump
    bad = pl.speed_outliers(knee, T)
    assert np.flatnonzero(bad).tolist() == [50, 51, 52, 70]


def test_a_fast_real_swing_is_reachable() -> None:
    # A hip snapping through 100° in 0.25 s (~600°/s peak): a hard swing, not a glitch.
    hip = 50.0 + 50.0 * np.sin(2 * np.pi * T / 0.5)
    assert not pl.speed_outliers(hip, T).any()


def test_range_of_motion_is_held_around_the_lifters_neutral() -> None:
    neck = np.array([-20.0, -85.0, -95.0, 50.0, 60.0])
    out = pl.around_neutral(neck, -20.0, below_deg=70.0, above_deg=75.0)
    assert out[[0, 1, 3]].tolist() == [-20.0, -85.0, 50.0]
    assert np.isnan(out[[2, 4]]).all()
    assert pl.around_neutral(neck, float("nan"), below_deg=1.0, above_deg=1.0) is not None


def _legs(n: int = 30) -> np.ndarray:
    """``(n, 33, 2)`` a side view standing still: hip 400, knee 520, ankle 640 px down."""
    xy = np.full((n, N_LANDMARKS, 2), np.nan)
    for side, dx in (("left", 0.0), ("right", 4.0)):
        xy[:, idx(f"{side}_shoulder")] = (300.0 + dx, 220.0)
        xy[:, idx(f"{side}_hip")] = (300.0 + dx, 400.0)
        xy[:, idx(f"{side}_knee")] = (310.0 + dx, 520.0)
        xy[:, idx(f"{side}_ankle")] = (300.0 + dx, 640.0)
        xy[:, idx(f"{side}_heel")] = (290.0 + dx, 650.0)
        xy[:, idx(f"{side}_foot_index")] = (340.0 + dx, 652.0)
    return xy


def test_an_ankle_at_the_knee_is_beyond_an_impossible_shank() -> None:
    xy = _legs()
    xy[10, idx("left_ankle")] = (312.0, 530.0)  # shank 10 px of 120
    xy[11, idx("right_knee")] = (304.0, 700.0)  # thigh 300 px of 120
    out = lg.segment_outliers(xy, body_length_px=420.0)
    assert out[10, idx("left_ankle")] and out[10, idx("left_foot_index")]
    assert not out[10, idx("left_knee")]
    assert out[11, [idx("right_knee"), idx("right_ankle"), idx("right_heel")]].all()
    assert out.sum() == 3 + 4


def test_an_ankle_guessed_below_an_unseen_knee_is_dropped() -> None:
    seen = np.isfinite(_legs()).all(axis=2)
    seen[:5, idx("left_knee")] = False  # hidden behind the plates
    out = lg.orphans(seen)
    assert out[:5, [idx("left_ankle"), idx("left_heel"), idx("left_foot_index")]].all()
    assert not out[5:].any() and not out[:, idx("right_ankle")].any()


def test_a_joint_is_lost_only_when_no_side_of_it_can_be_trusted() -> None:
    seen = np.ones((3, N_LANDMARKS), dtype=bool)
    rejected = np.zeros_like(seen)
    rejected[0, idx("left_knee")] = True  # the right knee still measures the joint
    rejected[1, idx("left_knee")] = True
    seen[1, idx("right_knee")] = False  # ...here nothing does
    lost = lg.lost_joints(rejected, seen)
    assert not lost[0].any()
    assert lost[1, [idx("left_knee"), idx("right_knee")]].all() and lost[1].sum() == 2


def test_results_are_held_to_the_kinematics_own_ranges() -> None:
    """One source: what the signals gate is exactly what a result is held to."""
    for name, bound in ev.SERIES_BOUNDS.items():
        assert bound is pl.SIGNAL_BOUNDS[name], name
    assert ev.FINDING_BOUNDS["knee_bend"] is pl.KNEE_FLEXION_DEG
    assert ev.FINDING_BOUNDS["bar_close"] is pl.BAR_OFFSET_BL
    assert ev.FINDING_BOUNDS["pause_position"] is pl.BAR_HEIGHT_SHIN
    # Ranges around standing fit inside what a change or a rep's range may be.
    neck_rom = pl.NECK_DOWN_FROM_STANDING_DEG + pl.NECK_UP_FROM_STANDING_DEG
    assert neck_rom <= ev.NECK_RANGE.hi and neck_rom <= ev.NECK_CHANGE.hi
    spine_rom = pl.SPINE_ROUND_FROM_STANDING_DEG + pl.SPINE_ARCH_FROM_STANDING_DEG
    assert spine_rom <= ev.SPINE_CHANGE.hi
    knee_x = pl.KNEE_X_BL.hi - pl.KNEE_X_BL.lo
    assert knee_x <= ev.KNEE_TRAVEL.hi
    assert ev.LOCKOUT_TORSO.hi >= pl.TORSO_ANGLE_DEG.hi
