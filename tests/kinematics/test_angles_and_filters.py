"""Angle conventions, the virtual dowel, filters and facing on known geometry (view: test_view)."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.kinematics import angles as ang
from hingecoach.kinematics.contour import spine_bend_deg
from hingecoach.kinematics.filters import (
    CausalFilter,
    fill_gaps,
    running_median,
    running_median_s,
    window_frames,
    zero_phase,
)
from hingecoach.kinematics.view import estimate_view
from hingecoach.landmarks import N_LANDMARKS, idx


def P(x: float, y: float) -> np.ndarray:
    return np.array([x, y], dtype=float)


def test_standing_is_all_zeros_and_upright() -> None:
    ankle, knee, hip, shoulder, ear = P(0, 0), P(0, 0.5), P(0, 1), P(0, 1.5), P(0, 1.7)
    assert ang.knee_flexion_deg(hip, knee, ankle) == pytest.approx(0)
    assert ang.hip_flexion_deg(shoulder, hip, knee) == pytest.approx(0)
    assert ang.shin_angle_deg(knee, ankle) == pytest.approx(0)
    assert ang.torso_angle_deg(shoulder, hip) == pytest.approx(90)
    assert ang.neck_angle_deg(hip, shoulder, ear) == pytest.approx(0)


def test_hinge_with_known_angles() -> None:
    # Shin tipped 10° forward, thigh 10° back from vertical → knee flexion 20°; torso at 30°.
    ankle = P(0, 0)
    knee = ankle + 0.5 * P(np.sin(np.radians(10)), np.cos(np.radians(10)))
    hip = knee + 0.5 * P(-np.sin(np.radians(10)), np.cos(np.radians(10)))
    shoulder = hip + 0.6 * P(np.cos(np.radians(30)), np.sin(np.radians(30)))
    assert ang.shin_angle_deg(knee, ankle) == pytest.approx(10)
    assert ang.knee_flexion_deg(hip, knee, ankle) == pytest.approx(20)
    assert ang.torso_angle_deg(shoulder, hip) == pytest.approx(30)
    # Thigh continuation points 10° back of vertical (100°), torso at 30°: flexion 70°.
    assert ang.hip_flexion_deg(shoulder, hip, knee) == pytest.approx(70)
    up = shoulder + 0.2 * P(np.cos(np.radians(60)), np.sin(np.radians(60)))
    assert ang.neck_angle_deg(hip, shoulder, up) == pytest.approx(30)  # head cranked up


def test_to_sagittal_mirrors_a_lifter_facing_left() -> None:
    px = np.array([[100.0, 200.0]])
    assert ang.to_sagittal(px, -1.0).tolist() == [[-100.0, -200.0]]


@pytest.mark.parametrize("bend", [-20.0, 0.0, 15.0, 35.0])
def test_spine_bend_recovers_a_circular_arc(bend: float) -> None:
    chord = 0.45
    if bend == 0:
        pts = np.stack([np.zeros(15), np.linspace(0, chord, 15)], axis=1)
    else:
        th = np.radians(bend)
        r = chord / (2 * np.sin(abs(th) / 2))
        a = np.linspace(-abs(th) / 2, abs(th) / 2, 15)
        bow = r * np.cos(a) - r * np.cos(th / 2)
        pts = np.stack([-np.sign(th) * bow, r * np.sin(a) + chord / 2], axis=1)
    assert spine_bend_deg(pts) == pytest.approx(bend, abs=0.5)
    assert np.isnan(spine_bend_deg(pts[:3]))


def test_zero_phase_keeps_the_peak_in_place_and_bridges_short_gaps() -> None:
    t = np.arange(300) / 30.0
    x = np.exp(-((t - 5.0) ** 2) / 0.5) + np.random.default_rng(0).normal(0, 0.02, 300)
    x[100:104] = np.nan  # 0.13 s gap: bridged
    x[200:240] = np.nan  # 1.3 s gap: left missing
    y = zero_phase(x, t, cutoff_hz=6.0)
    assert abs(t[np.nanargmax(y)] - 5.0) < 0.05
    assert np.isfinite(y[100:104]).all()
    assert np.isnan(y[200:240]).all()


def test_fill_gaps_never_extrapolates() -> None:
    t = np.arange(6) / 30.0
    x = np.array([np.nan, 1.0, np.nan, 3.0, np.nan, np.nan])
    out = fill_gaps(x, t, max_gap_s=1.0)
    assert np.isnan(out[0]) and out[2] == pytest.approx(2.0) and np.isnan(out[-1])


def test_causal_filter_follows_a_step_and_restarts_after_nan() -> None:
    f = CausalFilter(cutoff_hz=6.0, fs_hz=30.0, width=1)
    outs = [f.step(np.array([v]))[0] for v in [0.0] * 5 + [1.0] * 30]
    assert outs[5] < 0.5 and outs[-1] == pytest.approx(1.0, abs=0.02)
    assert np.isnan(f.step(np.array([np.nan]))[0])
    assert f.step(np.array([7.0]))[0] == pytest.approx(7.0)


def _body(shoulder_half_px: float, facing: float = 1.0) -> np.ndarray:
    xy = np.full((10, N_LANDMARKS, 2), np.nan)
    for side, s in (("left", 1), ("right", -1)):
        xy[:, idx(f"{side}_shoulder")] = (500 + s * shoulder_half_px, 300)
        xy[:, idx(f"{side}_hip")] = (500 + s * 0.8 * shoulder_half_px, 600)
        xy[:, idx(f"{side}_heel")] = (500 + s * 0.5 * shoulder_half_px, 1000)
        xy[:, idx(f"{side}_foot_index")] = (500 + s * 0.5 * shoulder_half_px + 60 * facing, 1000)
    return xy


@pytest.mark.parametrize(
    ("window_s", "fps", "frames"),
    [(0.3, 30, 9), (0.17, 30, 5), (0.3, 29.97, 9), (0.3, 60, 19), (0.17, 60, 11), (0.3, 25, 7)],
)
def test_window_frames_is_the_nearest_odd_count_at_the_real_frame_rate(
    window_s: float, fps: float, frames: int
) -> None:
    assert window_frames(window_s, np.arange(50) / fps) == frames


def test_window_frames_ignores_a_dropped_frame_and_needs_two_stamps() -> None:
    t = np.delete(np.arange(50) / 30.0, 20)  # one frame dropped: the median step is unchanged
    assert window_frames(0.3, t) == 9
    assert window_frames(0.3, np.array([1.0])) == 1
    assert window_frames(0.0, np.arange(10) / 30.0) == 1


def test_running_median_s_holds_the_same_time_at_30_and_60_fps() -> None:
    # A change must hold over half of a 0.3 s median to survive: a 0.1 s blip does not.
    for fps in (30, 60):
        t = np.arange(int(2 * fps)) / fps
        x = np.where((t >= 1.0) & (t < 1.1), 10.0, 0.0)
        assert np.nanmax(running_median_s(x, t, 0.3)) == 0.0, fps
        held = np.where((t >= 1.0) & (t < 1.3), 10.0, 0.0)
        assert np.nanmax(running_median_s(held, t, 0.3)) == 10.0, fps
    x30 = np.r_[np.zeros(20), np.full(9, 5.0), np.zeros(20)]
    np.testing.assert_array_equal(
        running_median_s(x30, np.arange(len(x30)) / 30.0, 0.3), running_median(x30, 9)
    )


def test_running_median_keeps_nan_and_refuses_an_even_width() -> None:
    x = np.array([1.0, np.nan, 3.0, 100.0, 5.0])
    out = running_median(x, 3)
    assert np.isnan(out[1]) and out[3] == 5.0
    with pytest.raises(ValueError, match="odd"):
        running_median(x, 4)


def test_facing_from_the_toes() -> None:
    assert estimate_view(_body(5.0, facing=-1.0)).facing == "left"
    assert estimate_view(_body(5.0, facing=1.0)).facing == "right"
