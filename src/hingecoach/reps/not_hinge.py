"""Movements that are not hip hinges: squats, lunges, rows and walking, with their own reps.

A hinge moves the torso about the hips with the load hanging from the arms (or held on the back,
knees nearly straight). What is not a hinge, and how it shows:

- a **squat** drops the hips far while the load stays high (on the back, at the chest, overhead,
  or the arms held forward) or the torso stays fairly upright; its reps are hip drops;
- a **lunge** is a squat on split feet: one foot steps away and back, so the midpoint of the
  ankles travels half a stride during each rep (seen from the side);
- a **row** holds the torso bent and still while the arms pull the hands up to the trunk; its
  reps are pulls;
- **walking**: the feet travel during every excursion of the torso.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from hingecoach.kinematics.signals import Signals
from hingecoach.reps.segment import RepSpan, SegmentParams, segment

#: Bottom hip height over standing hip height below which the hips "dropped far": a hinge's
#: hips stay at 0.7-0.95 of standing; a parallel squat takes them to ~0.5.
SQUAT_HIP_RATIO = 0.70
#: Peak lean (degrees from vertical) a squat stays under when the load hangs low (a lunge, a
#: squat with the hands at the sides); hinges, even a kettlebell deadlift with bent knees, go
#: further.
SQUAT_MAX_LEAN_DEG = 35.0
#: Hands at least this far above the hips at the bottom (body lengths): the load is held at the
#: trunk or higher (on the back, at the chest, overhead, arms forward), not hanging from the arms
#: as in every hinge but the good morning...
LOAD_HIGH_BL = 0.0
#: ...whose hips, knees bent or not, stay above this share of their standing height; a squat
#: with the load high takes them to knee height (~0.5; a box squat to a standard box ~0.55).
SQUAT_DEEP_HIP_RATIO = 0.60
#: A squat set never tips the torso beyond this (degrees from vertical, 95th percentile over the
#: clip): a low-bar or box squat sitting far back leans ~45-50°; deadlifts, RDLs and good
#: mornings reach 60-90°.
SQUAT_MAX_TIP_DEG = 55.0
#: The ankles' midpoint travelling this far during a hip drop (body lengths) is a step: a lunge's
#: stride is ≥ 0.4 bl, so its midpoint moves ≥ 0.2 bl; planted feet move by landmark jitter.
LUNGE_STEP_BL = 0.2
#: The deepest squat (hamstrings on calves) keeps the hips ~0.2 of their standing height above
#: the ankles; a drop beyond 90 % would put them on the floor: a landmark error, not a pose.
MAX_HIP_DROP_PCT = 90.0
#: Feet travelling further than this during a movement (body lengths) mean walking.
WALK_BL = 0.5
#: A row holds the torso still: its lean varies less than this over the pulls (degrees); a
#: hinge rep moves it 30° or more.
ROW_LEAN_RANGE_DEG = 15.0
#: ...and bent over: a bent-over row is pulled with the torso 30-90° from vertical; pulling
#: nearer upright is an upright row or a curl, no hinge either, but not named a row here.
ROW_MIN_LEAN_DEG = 30.0
#: ...and the body still: the shoulders move less than this (body lengths, ~7 cm) while the
#: hands come up. In a hinge the straight arms carry the hands, so the shoulders rise with them.
ROW_BODY_STILL_BL = 0.05


#: Within this of a movement's deepest point (percent of its natural range: the hips' standing
#: height, or arm's length) a squat or a row is at its bottom: ~3-4 cm, the smoothed landmark
#: jitter, as :data:`~hingecoach.reps.phases.HOLD_DEG` is for the lean.
HOLD_PCT = 4.0


@dataclass(frozen=True)
class Pattern:
    """A movement that is not a hinge: its name, why, its reps and how clear the call is.

    Attributes:
        exercise: ``squat``, ``lunge``, ``row`` or ``other``.
        reason: what was seen, in words.
        spans: its reps, segmented on its own movement.
        confidence: (0-1) how far the deciding measure went past its threshold, over the width
            of the zone where hinges and this movement overlap.
        depth: ``(N,)`` the signal the reps were segmented on (percent: a squat's hip drop, a
            row's pull), from which their phases are timed; None when there are no reps.
    """

    exercise: str
    reason: str
    spans: tuple[RepSpan, ...]
    confidence: float = 1.0
    depth: np.ndarray | None = None


def _past(value: float, threshold: float, zone: float) -> float:
    """How far ``value`` went past ``threshold``, in ``zone`` widths, clipped to [0, 1]."""
    return float(np.clip((value - threshold) / zone, 0.0, 1.0))


def hip_drop_pct(sig: Signals) -> np.ndarray:
    """How far the hips are below their standing height, percent (0 standing).

    Drops beyond :data:`MAX_HIP_DROP_PCT` are NaN: hips that low would sit on the floor.
    """
    if not np.isfinite(sig.hip_height_bl).any():
        return np.full(sig.n_frames, np.nan)
    standing = float(np.nanpercentile(sig.hip_height_bl, 90))
    drop = 100.0 * (1.0 - sig.hip_height_bl / standing)
    return np.where(drop <= MAX_HIP_DROP_PCT, drop, np.nan)


#: No squat or lunge rep completes faster than this, down and up (seconds): even a jump squat
#: takes over half a second. A shorter "drop" is a stride of someone walking or a tracking glitch.
MIN_SQUAT_REP_S = 0.3


def squat_spans(sig: Signals, params: SegmentParams) -> list[RepSpan]:
    """Reps of a squat or lunge, segmented on the hip drop (percent of standing hip height)."""
    spans = segment(sig.t_s, hip_drop_pct(sig), params)
    t = sig.t_s
    return [
        replace(s, counted=False, note="too quick for a rep: a stride or a tracking glitch")
        if s.counted and t[s.end] - t[s.start] < MIN_SQUAT_REP_S
        else s
        for s in spans
    ]


def feet_travel_bl(sig: Signals, span: RepSpan) -> float:
    """How far the ankles' midpoint moved during a span, body lengths (NaN if never seen)."""
    feet = sig.feet_x_bl[span.start : span.end + 1]
    if not np.isfinite(feet).any():
        return float("nan")
    return float(np.nanmax(feet) - np.nanmin(feet))


def walking(sig: Signals, spans: list[RepSpan]) -> Pattern | None:
    """Walking (or moving about), not a lift: the feet travelled far in every torso excursion.

    Every full excursion is looked at (every one, when none is full); walking has no reps.
    """
    spans = [s for s in spans if s.counted] or spans
    travel = [feet_travel_bl(sig, s) for s in spans]
    if not spans or not all(d > WALK_BL for d in travel):
        return None
    return Pattern(
        "other",
        f"the feet travelled {min(travel):.1f} body lengths: walking",
        (),
        _past(min(travel), WALK_BL, WALK_BL),
    )


def squat_or_lunge(sig: Signals, params: SegmentParams) -> Pattern | None:
    """Full hip drops with the load held high or the torso upright: a squat (or a lunge).

    Without a full hip drop, deep partial ones (the clip opens or ends inside a rep) still make a
    squat or lunge when the torso stayed upright *and* the hands stayed above the hips: the end
    of a pull can look like a rise from a squat when filmed from the front, but its hands hang.
    """
    lean = sig.lean_deg[np.isfinite(sig.lean_deg)]
    if not len(lean) or np.percentile(lean, 95) >= SQUAT_MAX_TIP_DEG:
        return None
    spans = squat_spans(sig, params)
    drop = hip_drop_pct(sig)
    full = [s for s in spans if s.counted]
    deep = full or [s for s in spans if drop[s.bottom] >= params.count_deg]
    if not deep:
        return None
    bottoms = [s.bottom for s in deep]
    ratio = 1.0 - float(np.nanmedian(drop[bottoms])) / 100.0
    tip = float(np.nanmedian([np.nanmax(sig.lean_deg[s.start : s.end + 1]) for s in deep]))
    above = sig.hand_height_bl[bottoms] - sig.hip_height_bl[bottoms]
    load = float(np.nanmedian(above)) if np.isfinite(above).any() else float("nan")
    upright = np.isfinite(tip) and tip < SQUAT_MAX_LEAN_DEG and ratio < SQUAT_HIP_RATIO
    held_high = np.isfinite(load) and load > LOAD_HIGH_BL
    if upright and held_high:
        why = f"the torso only {tip:.0f}° from vertical and the hands above the hips"
    elif full and upright:
        why = f"the torso only {tip:.0f}° from vertical"
    elif full and held_high and ratio < SQUAT_DEEP_HIP_RATIO:
        why = f"the hands held {load:.2f} body lengths above the hips"
    else:
        return None
    # Hips 0.2 of their standing height below a hinge's lowest (0.7) is a clear call.
    sure = _past(SQUAT_HIP_RATIO - ratio, 0.0, 0.2)
    step = float(np.nanmedian([feet_travel_bl(sig, s) for s in deep]))
    if LUNGE_STEP_BL < step < WALK_BL:
        return Pattern(
            "lunge",
            f"the hips dropped to {ratio:.0%} of standing height with {why}, the feet stepping "
            f"{step:.2f} body lengths: that is a lunge, not a hip hinge",
            tuple(_feet_back(sig, s) for s in spans),
            sure,
            drop,
        )
    return Pattern(
        "squat",
        f"the hips dropped to {ratio:.0%} of standing height with {why}: that is a squat "
        "pattern, not a hip hinge",
        tuple(spans),
        sure,
        drop,
    )


def _feet_back(sig: Signals, span: RepSpan) -> RepSpan:
    """A lunge rep is finished only when the stepping foot is back beside the other.

    A rep whose feet end more than half a step from where they started is not counted.
    """
    feet = sig.feet_x_bl
    away = abs(feet[span.end] - feet[span.start])
    if span.counted and away > 0.5 * LUNGE_STEP_BL:
        return replace(span, counted=False, note="the foot had not stepped back: lunge unfinished")
    return span


def pull_pct(sig: Signals) -> np.ndarray:
    """How far the higher hand has come up toward the shoulders, percent of arm's length.

    The higher wrist is the midpoint plus half their vertical spread, so a one-arm row reads its
    working arm. 0 with the arms hanging long, ~60-75 with the hands at the trunk.
    """
    upper = sig.hand_height_bl + 0.5 * np.nan_to_num(sig.hands_spread_bl)
    gap = sig.shoulder_height_bl - upper
    if not np.isfinite(gap).any():
        return np.full(sig.n_frames, np.nan)
    long = float(np.nanpercentile(gap, 90))
    return 100.0 * (1.0 - gap / long) if long > 0 else np.full(sig.n_frames, np.nan)


def row(sig: Signals, hinge_spans: list[RepSpan], params: SegmentParams) -> Pattern | None:
    """Arms pulling while the torso stays bent and still, more often than it hinges: a row.

    Args:
        sig: the set's signals.
        hinge_spans: reps segmented on the torso lean.
        params: segmentation of the pulls, in percent of arm's length (the hip-drop settings:
            both are a percent of a natural full range).
    """
    pulled = pull_pct(sig)
    every = segment(sig.t_s, pulled, params)
    pulls = [s for s in every if s.counted]
    steady = []
    for s in pulls:
        lean = sig.lean_deg[s.start : s.end + 1]
        if not np.isfinite(lean).any():
            continue
        low, high = np.nanmin(lean), np.nanmax(lean)
        shoulders = sig.shoulder_height_bl[s.start : s.end + 1]
        moved = np.nanmax(shoulders) - np.nanmin(shoulders) if np.isfinite(shoulders).any() else 0
        still = moved < ROW_BODY_STILL_BL
        if low > ROW_MIN_LEAN_DEG and high - low < ROW_LEAN_RANGE_DEG and still:
            steady.append(s)
    hinges = sum(s.counted for s in hinge_spans)
    if not steady or len(steady) <= hinges:
        return None
    bent = float(np.nanmedian(sig.lean_deg[[s.bottom for s in steady]]))
    return Pattern(
        "row",
        f"the torso held still at {bent:.0f}° while the arms pulled the hands to the trunk: "
        "that is a row, not a hip hinge",
        tuple(every),
        len(steady) / (len(steady) + hinges),
        pulled,
    )
