"""Deadlift from the floor or Romanian deadlift? Weighed from what separates them physically.

Both hang the load from straight arms and tip the torso far forward, and a deep RDL takes the
bar about as low as a bar resting on plates (mid-shin), so no single number tells them apart on
real footage. A coach looks at several things, and so do we; each cue votes in [-1, 1]
(+ deadlift, - RDL), weighted, and the weighted mean is the verdict and its confidence:

- **hands at the bottom** (weight 2, the definition): a deadlift's bar rests on the floor, so the
  hands drop to the height of a bar on plates; an RDL stops where the hamstrings stop it, the
  hands no lower than mid-shin and usually just below the knee;
- **knee bend at the bottom** (weight 1, side and oblique views only): a deadlift's set-up puts
  the shins forward to the bar with the knees bent 60-100°; an RDL keeps soft knees, 15-30°;
- **hip height at the bottom** (weight 1): bent knees and forward shins drop a deadlift's hips to
  about 0.6-0.75 of their standing height; soft knees and vertical shins keep an RDL's at 0.9+;
- **the bar rests at the bottom** (weight 1, one-sided): hands held still at their lowest point
  for a while is the bar on the floor between pulls (a dead stop); its absence says nothing,
  since touch-and-go deadlifts exist;
- **the set starts at the floor** (weight 0.5, one-sided): a clip that opens with the lifter at
  the bottom and rises shows a pull from the floor; an RDL set starts standing.

"The bottom" is where the bar was lowest in each rep (not where the torso tipped furthest: hips
that shoot up tip it further after the bar has left the floor), read over the first half of the
set, before fatigue bends the lift into something else. No cue at all is a tie, called a
deadlift with confidence 0 (see :func:`deadlift_or_rdl`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.kinematics.filters import zero_phase
from hingecoach.kinematics.signals import Signals
from hingecoach.reps.segment import RepSpan

#: Frames within this many degrees of a rep's deepest lean are "at the bottom": the bottom of a
#: hinge is flat in lean (the turnaround, or the rest on the floor), and a band wider than the
#: lean jitter (a few degrees) lets a frame with a hidden landmark be replaced by its neighbours.
BOTTOM_BAND_DEG = 10.0
#: Hands this low (body lengths above the ankles) are at the floor: a bar on 45 cm plates sits
#: 0.225 m up, the wrist just above it and the ankle joint ~0.08 m up, so ~0.15-0.2 m above the
#: ankles, 0.10-0.15 bl for lifters of 1.6-1.9 m.
FLOOR_HANDS_BL = 0.12
#: Hands this high at the bottom stopped short of the floor: just below the knee (the knee joint
#: is ~0.28 bl above the ankle), where a typical RDL turns around.
SHORT_OF_FLOOR_HANDS_BL = 0.24
#: Knee bend (degrees of flexion) of a soft-kneed RDL at the most, and of a deadlift set-up at the
#: least.
RDL_KNEE_DEG = 30.0
DEADLIFT_KNEE_DEG = 60.0
#: Bottom hip height over standing hip height: ~0.72 with the knees at 80° and the shins 20°
#: forward (thigh ≈ shin ≈ 0.245·H), ~0.95 with the knees at 25° and the shins vertical; the
#: interval between leaves room for landmark noise on both sides.
DEADLIFT_HIP_RATIO = 0.75
RDL_HIP_RATIO = 0.90
#: Hands slower than this (body lengths per second, after a 2 Hz low-pass) are still; a pull
#: moves them at 0.3-1 bl/s, landmark drift at a few hundredths.
STILL_BL_PER_S = 0.06
#: Within this of their lowest point (body lengths, ~4 cm) the hands are at the bottom.
REST_BAND_BL = 0.03
#: Hands still at the bottom this long: the bar rests on the floor. An RDL's turnaround is
#: still for well under 0.1 s even at a slow demonstration tempo.
REST_S = 0.3
#: Vote weights: the hands' depth is the definition; the set's first position is circumstantial.
W_HANDS, W_KNEE, W_HIPS, W_REST, W_OPENS = 2.0, 1.0, 1.0, 1.0, 0.5


@dataclass(frozen=True)
class HingeKind:
    """The verdict: exercise, confidence in [0, 1] and the cues that decided it."""

    exercise: str
    confidence: float
    cues: tuple[str, ...]


def _ramp(x: float, at_plus: float, at_minus: float) -> float:
    """+1 at ``at_plus``, -1 at ``at_minus``, linear between and clipped beyond."""
    return float(np.clip(1.0 - 2.0 * (x - at_plus) / (at_minus - at_plus), -1.0, 1.0))


def bottom_frames(depth: np.ndarray, span: RepSpan) -> np.ndarray:
    """Frame indices of a rep within :data:`BOTTOM_BAND_DEG` of its deepest ``depth``.

    ``depth`` is the series the rep was segmented on: the lean in degrees, or the hip drop in
    percent, where 10 units are likewise a small part of a full rep's range (60-90).
    """
    d = depth[span.start : span.end + 1]
    if not np.isfinite(d).any():
        return np.array([span.bottom])
    return span.start + np.flatnonzero(d >= np.nanmax(d) - BOTTOM_BAND_DEG)


def at_bottoms(x: np.ndarray, depth: np.ndarray, spans: list[RepSpan]) -> float:
    """Median over reps of the median of ``x`` at each rep's bottom frames (NaN if never seen)."""
    per_rep = []
    for s in spans:
        v = x[bottom_frames(depth, s)]
        if np.isfinite(v).any():
            per_rep.append(float(np.nanmedian(v)))
    return float(np.median(per_rep)) if per_rep else float("nan")


def _median_at(x: np.ndarray, frames: list[np.ndarray]) -> float:
    """Median over reps of the median of ``x`` at each rep's frames (NaN if never seen)."""
    per_rep = [float(np.nanmedian(x[f])) for f in frames if np.isfinite(x[f]).any()]
    return float(np.median(per_rep)) if per_rep else float("nan")


def _bar_bottom(sig: Signals, span: RepSpan, depth: np.ndarray) -> np.ndarray:
    """Frames of a rep where the hands are within :data:`REST_BAND_BL` of their lowest.

    Where the bar was lowest is where a deadlift rests on the floor; the deepest lean can come
    later, when the hips shoot up before the bar moves. Without the hands, the deepest
    ``depth``.
    """
    a, b = span.start, span.end
    h = sig.hand_height_bl[a : b + 1]
    if np.isfinite(h).sum() < 4:
        return bottom_frames(depth, span)
    smooth = zero_phase(h, sig.t_s[a : b + 1], cutoff_hz=2.0)
    if not np.isfinite(smooth).any():
        return bottom_frames(depth, span)
    return a + np.flatnonzero(smooth <= np.nanmin(smooth) + REST_BAND_BL)


def rest_at_bottom_s(sig: Signals, span: RepSpan) -> float:
    """How long the hands stay still at the rep's lowest point, seconds."""
    a, b = span.start, span.end
    t = sig.t_s[a : b + 1]
    h = sig.hand_height_bl[a : b + 1]
    if np.isfinite(h).sum() < 4:
        return 0.0
    smooth = zero_phase(h, t, cutoff_hz=2.0)
    if not np.isfinite(smooth).any():
        return 0.0
    v = np.abs(np.gradient(smooth, t))
    low = int(np.nanargmin(smooth))
    ok = (v < STILL_BL_PER_S) & (smooth <= smooth[low] + REST_BAND_BL)
    i = j = low
    while i > 0 and ok[i - 1]:
        i -= 1
    while j + 1 < len(ok) and ok[j + 1]:
        j += 1
    return float(t[j] - t[i]) if ok[low] else 0.0


def deadlift_or_rdl(
    sig: Signals, reps: list[RepSpan], *, opens_at_bottom: bool, depth: np.ndarray | None = None
) -> HingeKind:
    """Weigh the cues of the module docstring over ``reps`` (their bottoms).

    A rep the clip opens in (``from_bottom``) shows where the lifter was when filming began, not
    how deep the rep went, and one it ends in before the rep was finished may not have reached
    its bottom: their depth cues can say "deadlift" (the hands were at the floor) but not "RDL"
    (they may have been on the way up, or still on the way down). They are read only when no
    other rep is.

    Args:
        sig: the set's signals.
        reps: the reps to read (counted ones when there are any).
        opens_at_bottom: the clip opens with the lifter at the bottom and rises from there.
        depth: the series ``reps`` were segmented on (default: the lean).
    """
    depth = sig.lean_deg if depth is None else depth
    last = sig.n_frames - 1
    whole = [s for s in reps if not s.from_bottom and (s.counted or s.end < last)]
    one_sided = not whole
    reps = whole or reps
    # Form breaks down as a set goes on (a squatted RDL, hips shooting up): the first half of
    # the set shows the lift the lifter meant to do.
    reps = reps[: -(-len(reps) // 2)]
    frames = [_bar_bottom(sig, s, depth) for s in reps]
    votes: list[tuple[float, float, str]] = []
    hands = _median_at(sig.hand_height_bl, frames)
    if np.isfinite(hands):
        at_floor = _ramp(hands, FLOOR_HANDS_BL, SHORT_OF_FLOOR_HANDS_BL)
        votes.append((at_floor, W_HANDS, f"hands {hands:.2f} bl above the ankles"))
    if sig.view.view in ("side", "oblique"):
        knee = _median_at(sig.knee_flexion_deg, frames)
        if np.isfinite(knee):
            votes.append(
                (_ramp(knee, DEADLIFT_KNEE_DEG, RDL_KNEE_DEG), W_KNEE, f"knees bent {knee:.0f}°")
            )
    seen = sig.hip_height_bl[np.isfinite(sig.hip_height_bl)]
    standing_hip = float(np.percentile(seen, 90)) if len(seen) else float("nan")
    hips = _median_at(sig.hip_height_bl, frames) / standing_hip
    if np.isfinite(hips) and standing_hip > 0:
        votes.append(
            (_ramp(hips, DEADLIFT_HIP_RATIO, RDL_HIP_RATIO), W_HIPS, f"hips at {hips:.0%}")
        )
    rest = max((rest_at_bottom_s(sig, s) for s in reps), default=0.0)
    votes.append((1.0 if rest >= REST_S else 0.0, W_REST, f"rest at the bottom {rest:.1f} s"))
    votes.append((1.0 if opens_at_bottom else 0.0, W_OPENS, "opens at the bottom"))
    if one_sided:
        votes = [(max(v, 0.0), w, why) for v, w, why in votes]
    weight = sum(w for _, w, _ in votes)
    score = sum(v * w for v, w, _ in votes) / weight
    cues = tuple(why for v, _, why in votes if v * score > 0)
    # A tie (no cue seen) falls to the deadlift: judging a deadlift by the RDL's soft-knee limit
    # would call every rep a fault, while the deadlift's limits on an RDL stay quiet.
    exercise = "rdl" if score < 0 else "conventional_deadlift"
    return HingeKind(exercise, abs(score), cues)
