"""Pose-model glitches on synthetic sets: each becomes NaN / "cannot judge", and the rep counts.

Every case starts from a clean synthetic set with known reps and corrupts the landmarks the way
real footage does: a one-frame flip of the ankles above the knees, knees swapped left for right,
legs hidden behind the plates, the feet out of the frame, guessed ankles that wander, hips
thrown above the shoulders at lockout. Each test pins both sides of the contract: the impossible
value is gone from the signals and the result, and the rep is still found and counted.
"""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach import synth as sy
from hingecoach.engine import analyze_track
from hingecoach.evaluation.plausibility import impossible_values
from hingecoach.kinematics import plausibility as pl
from hingecoach.kinematics.signals import SEGMENT_PER_H, body_length_px, compute_signals
from hingecoach.landmarks import N_LANDMARKS, idx
from hingecoach.models import PoseTrack, SetResult

LEGS = ("knee", "ankle", "heel", "foot_index")
FEET = ("ankle", "heel", "foot_index")


def synth(exercise: str = "rdl", view: str = "side", reps: int = 3) -> sy.SyntheticSet:
    spec = sy.SynthSpec(exercise=exercise, reps=reps, camera=sy.CameraSpec(view=view), seed=5)
    return sy.generate_set(spec)


def with_landmarks(track: PoseTrack, lm: np.ndarray) -> PoseTrack:
    return PoseTrack(
        t_s=track.t_s,
        landmarks=lm,
        image_size=track.image_size,
        back_contour=track.back_contour,
        source=track.source,
    )


def both(*stems: str) -> list[int]:
    return [idx(f"{side}_{stem}") for stem in stems for side in ("left", "right")]


def hide(lm: np.ndarray, frames: slice | np.ndarray, stems: tuple[str, ...]) -> None:
    """Landmarks the model did not see: NaN with visibility 0 (as a pose backend reports)."""
    cols = both(*stems)
    rows = np.arange(len(lm))[frames]
    lm[np.ix_(rows, cols, [0, 1, 2])] = np.nan
    lm[np.ix_(rows, cols, [3])] = 0.0


def counted(result: SetResult) -> int:
    return sum(r.counted for r in result.reps)


def rep_bottoms(s: sy.SyntheticSet) -> list[int]:
    return [int(r["bottom_frame"]) for r in s.truth.reps]


def test_a_one_frame_knee_flip_is_nan_and_does_not_smear() -> None:
    s = synth()
    lm = s.track.landmarks.copy()
    f = rep_bottoms(s)[1]
    # The plates hide the shins: for one frame both ankles are placed a shank above the knees.
    for side in ("left", "right"):
        knee, ankle = lm[f, idx(f"{side}_knee"), :2], lm[f, idx(f"{side}_ankle"), :2]
        lm[f, idx(f"{side}_ankle"), :2] = knee + (knee - ankle)
    track = with_landmarks(s.track, lm)
    sig = compute_signals(track)
    assert np.isnan(sig.knee_flexion_deg[f])
    assert np.isnan(sig.shin_angle_deg[f])
    # The neighbours keep their true values: the flip was removed before the low-pass filter.
    near = slice(f - 6, f + 7)
    err = np.abs(sig.knee_flexion_deg[near] - s.truth.angles["knee_flexion_deg"][near])
    assert np.nanmax(err) < 6.0
    result = analyze_track(track, exercise="rdl")
    assert counted(result) == 3
    assert impossible_values(result) == []


def test_knees_swapped_left_for_right_are_not_a_knee_cave() -> None:
    s = synth("rdl", "front")
    lm = s.track.landmarks.copy()
    f = rep_bottoms(s)[1]
    frames = slice(f, f + 2)
    lm[frames, idx("left_knee")], lm[frames, idx("right_knee")] = (
        lm[frames, idx("right_knee")].copy(),
        lm[frames, idx("left_knee")].copy(),
    )
    track = with_landmarks(s.track, lm)
    sig = compute_signals(track)
    assert np.isnan(sig.knee_valgus_deg[frames]).all()
    result = analyze_track(track, exercise="rdl")
    assert counted(result) == 3
    findings = [f for r in result.reps for f in r.findings]
    assert not any(f.check == "knee_valgus" and f.severity == "fault" for f in findings)


def test_legs_hidden_for_most_of_a_rep_leave_it_counted_and_measurable() -> None:
    s = synth()
    lm = s.track.landmarks.copy()
    reps = s.truth.reps
    hide(lm, slice(reps[0]["end_frame"] + 1, reps[2]["start_frame"]), LEGS)
    result = analyze_track(with_landmarks(s.track, lm), exercise="rdl")
    assert counted(result) == 3
    second = result.reps[1]
    assert second.measurable
    verdicts = {f.check: f.severity for f in second.findings}
    assert verdicts["knee_bend"] == "cannot_judge"
    assert verdicts["shin_vertical"] == "cannot_judge"
    assert "hinge_depth" not in verdicts  # the torso was seen: judged, and passed


def test_legs_hidden_at_the_bottom_leave_the_rep_counted_and_say_cannot_judge() -> None:
    s = synth()
    lm = s.track.landmarks.copy()
    f = rep_bottoms(s)[1]
    # The plates hide both legs while the bar is low: 1.2 s around the bottom.
    hide(lm, slice(f - 18, f + 19), LEGS)
    result = analyze_track(with_landmarks(s.track, lm), exercise="rdl")
    assert counted(result) == 3
    second = result.reps[1]
    assert second.measurable
    verdicts = {f.check: f for f in second.findings}
    assert verdicts["knee_bend"].severity == "cannot_judge"
    assert "not visible" in verdicts["knee_bend"].detail
    assert impossible_values(result) == []


def test_feet_out_of_frame_keep_the_reps_and_the_body_length() -> None:
    s = synth()
    lm = s.track.landmarks.copy()
    hide(lm, slice(None), FEET)
    close_up = with_landmarks(s.track, lm)
    whole = compute_signals(s.track)
    sig = compute_signals(close_up)
    # Torso and thigh scaled by their Drillis & Contini share of the body length.
    assert sig.body_length_px == pytest.approx(whole.body_length_px, rel=0.1)
    assert sig.valid.mean() > 0.95
    assert np.isnan(sig.knee_flexion_deg).all() and np.isnan(sig.feet_x_bl).all()
    assert np.nanmax(np.abs(sig.lean_deg - whole.lean_deg)) < 1.0
    result = analyze_track(close_up, exercise="rdl")
    assert counted(result) == 3
    for rep in result.reps:
        verdicts = {f.check: f.severity for f in rep.findings}
        assert verdicts["knee_bend"] == "cannot_judge"
        assert verdicts["shin_vertical"] == "cannot_judge"
        assert "hinge_depth" not in verdicts  # judged, and passed
    assert impossible_values(result) == []


def test_guessed_ankles_that_wander_are_not_walking() -> None:
    s = synth()
    lm = s.track.landmarks.copy()
    rep = s.truth.reps[1]
    frames = np.arange(rep["start_frame"], rep["end_frame"] + 1)
    bl_px = compute_signals(s.track).body_length_px
    drift = np.linspace(0.0, 0.8 * bl_px, len(frames))
    for col in both(*FEET):
        lm[frames, col, 0] += drift
        lm[frames, col, 3] = 0.4  # the model's guess behind the plates
    track = with_landmarks(s.track, lm)
    assert np.isnan(compute_signals(track).feet_x_bl[frames]).all()
    result = analyze_track(track, exercise="rdl")
    assert counted(result) == 3
    assert not any("walking" in w for w in result.warnings)


def test_hips_thrown_above_the_shoulders_at_lockout_make_no_rep() -> None:
    s = synth("conventional_deadlift")
    lm = s.track.landmarks.copy()
    end = s.truth.reps[0]["end_frame"]
    frames = slice(end + 3, end + 7)
    # Plates hide the hips: the model puts them a torso length above the shoulders.
    for side in ("left", "right"):
        sh, hp = lm[frames, idx(f"{side}_shoulder"), :2], lm[frames, idx(f"{side}_hip"), :2]
        lm[frames, idx(f"{side}_hip"), :2] = sh + (sh - hp)
    track = with_landmarks(s.track, lm)
    sig = compute_signals(track)
    assert np.isfinite(pl.LEAN_DEG.gate(sig.lean_deg[np.isfinite(sig.lean_deg)])).all()
    assert np.isnan(sig.lean_deg[frames]).all()
    result = analyze_track(track, exercise="conventional_deadlift")
    assert counted(result) == 3
    assert impossible_values(result) == []


def standing_legs(n: int = 30) -> np.ndarray:
    """``(n, 33, 2)`` a side view standing still: hip 400, knee 520, ankle 640 px down."""
    xy = np.full((n, N_LANDMARKS, 2), np.nan)
    for side, dx in (("left", 0.0), ("right", 4.0)):
        xy[:, idx(f"{side}_shoulder")] = (300.0 + dx, 220.0)
        xy[:, idx(f"{side}_hip")] = (300.0 + dx, 400.0)
        xy[:, idx(f"{side}_knee")] = (310.0 + dx, 520.0)
        xy[:, idx(f"{side}_ankle")] = (300.0 + dx, 640.0)
    return xy


def test_body_length_without_the_feet_comes_from_the_segments_seen() -> None:
    xy = standing_legs()
    full = body_length_px(xy)
    assert full == pytest.approx(180.0 + np.hypot(10, 120) * 2, rel=0.01)
    xy[:, [idx("left_ankle"), idx("right_ankle")]] = np.nan
    share = (SEGMENT_PER_H["thigh"] + SEGMENT_PER_H["torso"]) / sum(SEGMENT_PER_H.values())
    assert body_length_px(xy) == pytest.approx((np.hypot(10, 120) + 180.0) / share)
