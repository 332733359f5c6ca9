"""Set-wide rep rules: a clip opening inside a rep, glitch reps, and the pause deadlift call."""

from __future__ import annotations

import numpy as np

from hingecoach.checks.profiles import Profile
from hingecoach.reps.phases import rep_phases
from hingecoach.reps.refine import mostly_paused, refine_spans
from hingecoach.reps.segment import SegmentParams, segment
from tests.reps._motions import depth, rep, signals

#: A deadlift's segmentation, stated here: a clip opening at the bottom counts its first pull.
PULL = SegmentParams(
    leave_deg=20.0,
    count_deg=30.0,
    settle_deg=3.0,
    settle_s=0.15,
    start_at_bottom_counts=True,
    floor_touch_counts=True,
)
DEADLIFT = Profile("conventional_deadlift", "Deadlift", PULL, {})


def counted(sig) -> list[bool]:  # type: ignore[no-untyped-def]
    spans = refine_spans(sig, segment(sig.t_s, sig.lean_deg, PULL), DEADLIFT)
    return [s.counted for s in spans]


def test_clip_opening_on_the_way_down_then_pulling_from_the_floor_counts_that_pull() -> None:
    # Filming starts halfway down (hands at 0.3 bl); the bar goes on to the floor, rests, and is
    # pulled to lockout: a whole pull, whatever the opening frame's height.
    t, d = depth([("down", 1.0), ("bottom", 0.8), ("up", 1.2), ("stand", 1.0), *rep(hold_s=0.6)])
    d = np.where(t < 0.5, 0.5, d)
    sig = signals(
        t,
        lean_deg=5 + 65 * d,
        hand_height_bl=0.45 - 0.37 * d,
        knee_flexion_deg=5 + 75 * d,
        hip_height_bl=0.58 * (1 - 0.3 * d),
        feet_x_bl=0.0,
    )
    assert counted(sig) == [True, True]


def test_one_glitch_bottom_does_not_drop_an_opening_pull_from_the_floor() -> None:
    t, d = depth([("bottom", 0.8), ("up", 1.2), ("stand", 1.0)] + rep(hold_s=0.6) * 2)
    hands = 0.45 - 0.37 * d
    # The second rep's bottom reads far too low for a frame stretch (a hidden wrist guessed).
    glitch = (t > 4.4) & (t < 5.2)
    hands = np.where(glitch & (d > 0.9), -0.3, hands)
    sig = signals(t, lean_deg=5 + 65 * d, hand_height_bl=hands, feet_x_bl=0.0)
    assert counted(sig) == [True, True, True]


def test_clip_opening_halfway_up_a_pull_does_not_count_it() -> None:
    t, d = depth([("up", 0.8), ("stand", 1.0)] + rep(hold_s=0.6) * 2)
    d = np.where(t < 0.8, 0.5 * d, d)
    sig = signals(t, lean_deg=5 + 65 * d, hand_height_bl=0.45 - 0.37 * d, feet_x_bl=0.0)
    assert counted(sig) == [False, True, True]


def test_a_rep_of_two_frames_is_a_glitch() -> None:
    t = np.arange(0, 4, 1 / 30)
    lean = np.full(len(t), 3.0)
    lean[40:43] = [60.0, 80.0, 40.0]  # the torso "flips" for a tenth of a second
    sig = signals(t, lean_deg=lean, hand_height_bl=0.45, feet_x_bl=0.0)
    assert counted(sig) == [False]


def test_set_up_on_the_floor_with_drifting_hands_is_not_a_pause() -> None:
    # Opens set up at the bottom; the hands' landmarks drift up 0.05 bl over 1.5 s (noise and
    # slack), then the bar is pulled: no pause, and no pause deadlift.
    t, d = depth([("bottom", 1.6), ("up", 1.2), ("stand", 1.0)])
    hands = 0.45 - 0.37 * d + np.where(t < 1.6, 0.05 * t / 1.6, 0.05 * d)
    sig = signals(
        t,
        lean_deg=5 + 65 * d,
        hand_height_bl=hands,
        bar_height_shin=np.interp(hands, [0.08, 0.4], [0.3, 1.3]),
    )
    spans = refine_spans(sig, segment(sig.t_s, sig.lean_deg, PULL), DEADLIFT)
    phases = [rep_phases(sig, s) for s in spans]
    assert [s.counted for s in spans] == [True]
    assert phases[0].pause is None
    assert not mostly_paused(spans, phases)


def _pull_with_hold(hold_depth: float) -> tuple[list[bool], list, bool]:  # type: ignore[type-arg]
    """One deadlift whose pull stops still for 1.2 s at depth ``hold_depth`` (1 = the floor)."""
    _, down = depth([("stand", 1.0), ("down", 1.2), ("bottom", 0.5)])
    up1 = np.linspace(1.0, hold_depth, 12)
    hold = np.full(36, hold_depth)
    up2 = hold_depth * (0.5 + 0.5 * np.cos(np.linspace(0, np.pi, 30)))
    d = np.concatenate([down, up1, hold, up2, np.zeros(30)])
    t = np.arange(len(d)) / 30.0
    hands = 0.45 - 0.37 * d
    sig = signals(
        t,
        lean_deg=5 + 65 * d,
        hand_height_bl=hands,
        # 0 at the ankle, 1 at the knee: the bar rests at 0.3 of the shin, the knee is 0.4 bl up.
        bar_height_shin=np.interp(hands, [0.08, 0.4], [0.3, 1.0]),
    )
    spans = refine_spans(sig, segment(sig.t_s, sig.lean_deg, PULL), DEADLIFT)
    phases = [rep_phases(sig, s) for s in spans]
    return [s.counted for s in spans], phases, mostly_paused(spans, phases)


def test_a_pause_held_below_the_knee_after_the_bar_left_the_floor_makes_a_pause_deadlift() -> None:
    reps, phases, paused = _pull_with_hold(0.5)  # hands at 0.265 bl: 0.8 of the shin
    assert reps == [True]
    assert phases[0].pause is not None and phases[0].pause.duration_s > 1.0
    assert paused


def test_a_hold_barely_off_the_floor_is_no_pause_deadlift() -> None:
    # Hands 0.045 bl (6 cm) above the floor: a pause, but one landmarks cannot tell from a bar
    # resting on the floor, so it does not make the set a pause deadlift.
    reps, phases, paused = _pull_with_hold(0.88)
    assert reps == [True] and phases[0].pause is not None
    assert phases[0].pause.height_shin < 0.55
    assert not paused


def test_an_opening_pull_whose_hands_were_not_seen_at_the_bottom_still_counts() -> None:
    # Plates hide the hands while the bar is on the floor: the opening depth cannot be read, so
    # it cannot say the clip opened mid-pull.
    t, d = depth([("bottom", 0.8), ("up", 1.2), ("stand", 1.0), *rep(hold_s=0.6)])
    hands = np.where((t < 0.8) & (d > 0.9), np.nan, 0.45 - 0.37 * d)
    sig = signals(t, lean_deg=5 + 65 * d, hand_height_bl=hands, feet_x_bl=0.0)
    assert counted(sig) == [True, True]


def test_a_rise_made_while_nobody_was_in_the_picture_is_not_counted() -> None:
    # A fade to another scene: the pose is lost at the bottom and found again standing, the lean
    # bridged between. The lockout was never seen, so the rep cannot count.
    t, d = depth([("stand", 0.5), *rep(hold_s=0.6), ("stand", 0.5)])
    sig = signals(t, lean_deg=5 + 65 * d, hand_height_bl=0.45 - 0.37 * d, feet_x_bl=0.0)
    bottom_end = int(np.flatnonzero(d == 1.0)[-1])
    seen = np.ones(len(t), dtype=bool)
    seen[bottom_end : bottom_end + 30] = False  # the whole 1.2 s rise, bar its last frames
    spans = segment(sig.t_s, sig.lean_deg, PULL)
    assert [s.counted for s in refine_spans(sig, spans, DEADLIFT)] == [True]
    out = refine_spans(sig, spans, DEADLIFT, seen=seen)
    assert [s.counted for s in out] == [False]
    assert "not seen" in out[0].note


def test_a_pose_lost_for_a_few_frames_mid_rise_still_counts() -> None:
    t, d = depth([("stand", 0.5), *rep(hold_s=0.6), ("stand", 0.5)])
    sig = signals(t, lean_deg=5 + 65 * d, hand_height_bl=0.45 - 0.37 * d, feet_x_bl=0.0)
    bottom_end = int(np.flatnonzero(d == 1.0)[-1])
    seen = np.ones(len(t), dtype=bool)
    seen[bottom_end + 12 : bottom_end + 18] = False  # 0.2 s of motion blur mid-pull
    spans = segment(sig.t_s, sig.lean_deg, PULL)
    assert [s.counted for s in refine_spans(sig, spans, DEADLIFT, seen=seen)] == [True]
