"""Rep phases: timed on the movement's own signal, and NaN (never 0 s) where not measured."""

from __future__ import annotations

import math

import numpy as np

from hingecoach.reps.not_hinge import HOLD_PCT
from hingecoach.reps.phases import rep_phases
from hingecoach.reps.segment import RepSpan
from tests.reps._motions import depth, rep, signals


def _span(d: np.ndarray) -> RepSpan:
    return RepSpan(start=0, bottom=int(np.argmax(d)), end=len(d) - 1, counted=True)


def test_a_row_timed_on_its_pull_has_a_lowering_and_a_rise() -> None:
    # The torso holds still at 45° while the hands come up to the trunk and go back down.
    t, d = depth(rep(down_s=0.8, hold_s=0.3, up_s=1.0))
    sig = signals(t, lean_deg=45.0, shoulder_height_bl=0.7)
    on_lean = rep_phases(sig, _span(d))
    on_pull = rep_phases(sig, _span(d), depth=70.0 * d, hold=HOLD_PCT)
    # Read on the still torso, the whole rep is "at the bottom": 0 s phases, a glitch.
    assert on_lean.lower_s == 0.0
    assert on_lean.rise_s == 0.0
    assert 0.6 < on_pull.lower_s < 0.8
    assert 0.8 < on_pull.rise_s < 1.0


def test_a_phase_whose_signal_was_never_measured_is_nan_not_zero() -> None:
    t, d = depth(rep())
    sig = signals(t, lean_deg=5 + 65 * d)
    ph = rep_phases(sig, _span(d), depth=np.full(len(t), np.nan), hold=HOLD_PCT)
    assert math.isnan(ph.lower_s)
    assert math.isnan(ph.bottom_hold_s)
    assert math.isnan(ph.rise_s)


def test_the_lowering_core_time_is_read_from_the_shoulders_descent() -> None:
    t, d = depth(rep(down_s=1.5, up_s=1.2))
    sig = signals(t, lean_deg=5 + 65 * d, shoulder_height_bl=1.0 - 0.45 * d)
    ph = rep_phases(sig, _span(d))
    # The lowering ends where the lean comes within 4° of its deepest (~1.23 s of the 1.5 s
    # half-cosine); the shoulders cross 10 % and 90 % of their descent ~0.8 s apart.
    assert 0.7 < ph.lower_core_s < 0.9


def test_a_jitter_bump_while_standing_does_not_start_the_lowering_clock() -> None:
    # A shallow descent (0.1 bl, a front view's hinge drill): its 10 % is 1 cm, within the
    # landmarks' jitter. A bump past it during the second of standing before a dropped lowering
    # must not be read as the descent's start.
    t, d = depth([("stand", 1.0), ("down", 0.35), ("bottom", 0.3), ("up", 1.2)])
    shoulders = 1.0 - 0.1 * d
    shoulders[10:12] -= 0.015
    sig = signals(t, lean_deg=5 + 65 * d, shoulder_height_bl=shoulders)
    span = RepSpan(start=0, bottom=int(np.argmax(d)), end=len(t) - 1, counted=True)
    assert rep_phases(sig, span).lower_core_s < 0.3


def test_the_lowering_core_time_is_nan_when_the_ankles_hide_the_shoulder_height() -> None:
    # Shoulder height is read above the ankles: behind the plates it is seen in one frame only.
    t, d = depth(rep(down_s=1.5, up_s=1.2))
    shoulders = np.where(t < 1.0 / 30, 1.0, np.nan)
    sig = signals(t, lean_deg=5 + 65 * d, shoulder_height_bl=shoulders)
    assert math.isnan(rep_phases(sig, _span(d)).lower_core_s)


def test_the_lowering_core_time_is_nan_when_the_descent_was_first_seen_half_way_down() -> None:
    t, d = depth(rep(down_s=1.5, up_s=1.2))
    shoulders = np.where(t > 0.75, 1.0 - 0.45 * d, np.nan)
    sig = signals(t, lean_deg=5 + 65 * d, shoulder_height_bl=shoulders)
    assert math.isnan(rep_phases(sig, _span(d)).lower_core_s)


def test_the_lowering_core_time_is_nan_for_a_descent_too_small_to_time() -> None:
    t, d = depth(rep(down_s=1.5, up_s=1.2))
    sig = signals(t, lean_deg=5 + 65 * d, shoulder_height_bl=1.0 - 0.02 * d)
    assert math.isnan(rep_phases(sig, _span(d)).lower_core_s)


def test_a_rep_the_clip_opened_at_the_bottom_of_has_no_lowering_core_time() -> None:
    t, d = depth([("bottom", 0.5), ("up", 1.2)])
    sig = signals(t, lean_deg=5 + 65 * d, shoulder_height_bl=1.0 - 0.45 * d)
    span = RepSpan(start=0, bottom=0, end=len(t) - 1, counted=True, from_bottom=True)
    assert math.isnan(rep_phases(sig, span).lower_core_s)
