"""Which exercise is this? Recognised from the motion when the user does not say.

Coaches tell these apart by where the hands are and how the hips move, and so do we:
- a squat drops the hips far (hip height falls below ~70% of standing) with the torso staying
  fairly upright — not a hinge at all, and we say so;
- a kettlebell swing is fast (about a second a rep) with no standing between reps;
- a deadlift takes the hands down to the shins (below the knees);
- hands near the shoulders mean a bar on the back (good morning), hands spread one at the neck and
  one at the lower back mean a dowel (hinge drill); hands hanging to the thighs mean an RDL.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.kinematics.signals import Signals
from hingecoach.reps.segment import RepSpan, SegmentParams, segment

#: Bottom hip height over standing hip height below which the pattern is a squat.
SQUAT_HIP_RATIO = 0.70
#: Peak lean (degrees from vertical) a squat stays under; hinges, even a kettlebell deadlift
#: with bent knees, go further.
SQUAT_MAX_LEAN_DEG = 35.0
#: Median rep duration under which reps can be swings...
SWING_MAX_REP_S = 1.8
#: ...when the hands also rise this far above standing shoulder height (the bell floats up).
SWING_HANDS_ABOVE_SHOULDERS_BL = 0.1
#: Hands below this height (body lengths above the ankles) at the bottom reached the shins.
DEADLIFT_HANDS_BL = 0.36
#: Hands at the bottom within this of the shoulders: the load sits on the back.
ON_BACK_HANDS_BL = 0.15
#: Wrists this far apart vertically: a dowel held at the neck and at the lower back.
DOWEL_SPREAD_BL = 0.15


@dataclass(frozen=True)
class Recognition:
    """The recognised exercise (or ``squat``), with the evidence for the user."""

    exercise: str
    is_hinge: bool
    reason: str


def recognise(sig: Signals, spans: list[RepSpan], squat: SegmentParams) -> Recognition:
    """Recognise the exercise from the reps' bottoms and tempo.

    Args:
        sig: the set's signals.
        spans: reps segmented on the torso lean with the recognition settings.
        squat: segmentation settings for the hip drop of a squat (percent of standing height).
    """
    reps = [s for s in spans if s.counted] or spans
    if not reps:
        if squat_spans(sig, squat):
            return Recognition(
                "squat",
                False,
                "the hips dropped with the torso upright: that is a squat pattern, not a hip hinge",
            )
        return Recognition("rdl", True, "no reps found; assuming a Romanian deadlift")
    standing_hip = float(np.nanpercentile(sig.hip_height_bl, 90))
    bottoms = [s.bottom for s in reps]
    hip_ratio = float(np.nanmedian(sig.hip_height_bl[bottoms])) / standing_hip
    lean = float(np.nanmedian(sig.lean_deg[bottoms]))
    if hip_ratio < SQUAT_HIP_RATIO and lean < SQUAT_MAX_LEAN_DEG:
        return Recognition(
            "squat",
            False,
            f"hips dropped to {hip_ratio:.0%} of standing height with the torso only {lean:.0f}° "
            "from vertical: that is a squat pattern, not a hip hinge",
        )
    if _swings(sig, spans):
        return Recognition(
            "kb_swing", True, "fast reps with the hands swinging above the shoulders"
        )
    hands = float(np.nanmedian(sig.hand_height_bl[bottoms]))
    if np.isfinite(hands) and hands < DEADLIFT_HANDS_BL:
        return Recognition("conventional_deadlift", True, "hands reach the shins at the bottom")
    shoulder_gap = _hands_below_shoulders_bl(sig, bottoms)
    spread = float(np.nanmedian(sig.hands_spread_bl[bottoms]))
    if np.isfinite(spread) and spread > DOWEL_SPREAD_BL:
        return Recognition("hinge_drill", True, "hands held apart on the back, as with a dowel")
    if np.isfinite(shoulder_gap) and shoulder_gap < ON_BACK_HANDS_BL:
        return Recognition("good_morning", True, "hands stay at the shoulders: load on the back")
    return Recognition("rdl", True, "hands hang to the thighs and knees: a Romanian deadlift")


def _swings(sig: Signals, spans: list[RepSpan]) -> bool:
    """Fast reps whose hands float up past the shoulders: a kettlebell swing."""
    if len(spans) < 3:
        return False
    durations = [sig.t_s[s.end] - sig.t_s[s.start] for s in spans]
    shoulders = float(np.nanpercentile(sig.shoulder_height_bl, 90))
    # The bell floats up after the hips lock out, so look on until the next swing starts.
    ends = [s.start for s in spans[1:]] + [len(sig.t_s) - 1]
    high = [
        np.nanmax(sig.hand_height_bl[s.start : nxt + 1], initial=-np.inf)
        > shoulders + SWING_HANDS_ABOVE_SHOULDERS_BL
        for s, nxt in zip(spans, ends, strict=True)
    ]
    return float(np.median(durations)) < SWING_MAX_REP_S and sum(high) > len(spans) / 2


def _hands_below_shoulders_bl(sig: Signals, frames: list[int]) -> float:
    """How far the hands sit below the shoulders at the given frames, body lengths."""
    # Hip height + torso's vertical extent ≈ shoulder height; the torso is ~0.37 bl long.
    torso_bl = 0.288 / 0.779
    shoulder = sig.hip_height_bl[frames] + torso_bl * np.sin(
        np.radians(90.0 - sig.lean_deg[frames])
    )
    return float(np.nanmedian(shoulder - sig.hand_height_bl[frames]))


def squat_spans(sig: Signals, params: SegmentParams) -> list[RepSpan]:
    """Reps of a squat, segmented on the hip drop (percent of standing hip height)."""
    standing = float(np.nanpercentile(sig.hip_height_bl, 90))
    drop_pct = 100.0 * (1.0 - sig.hip_height_bl / standing)
    return segment(sig.t_s, drop_pct, params)
