"""Phases and tempo of one rep, and where the bar paused.

Given a rep's span and the set's signals: lowering (start → reaching the bottom), bottom hold
(the frames within ``hold_deg`` of the deepest lean — a deadlift's rest on the floor), rising
(→ lockout). A pause is the longest stretch of the rise where the hands stay still while clear of
their lowest point: the deliberate hold of a pause deadlift at mid-shin or below the knee.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.kinematics.signals import Signals
from hingecoach.reps.segment import RepSpan

#: Lean within this many degrees of the deepest point counts as "at the bottom".
HOLD_DEG = 4.0
#: Hands moving slower than this (body lengths per second) are still.
STILL_BL_PER_S = 0.08
#: A still stretch shorter than this is not a pause, just the turnaround.
MIN_PAUSE_S = 0.25
#: Hands must have risen this far above their lowest point for a still stretch to be a pause
#: rather than the bar resting on the floor.
PAUSE_CLEARANCE_BL = 0.03


@dataclass(frozen=True)
class Pause:
    """A still hold during the rise: frames, duration and the hands' height on the shin."""

    start: int
    end: int
    duration_s: float
    height_shin: float


@dataclass(frozen=True)
class Phases:
    """Frame indices and durations of a rep's phases."""

    start: int
    lower_end: int
    rise_start: int
    end: int
    lower_s: float
    bottom_hold_s: float
    rise_s: float
    pause: Pause | None


def rep_phases(sig: Signals, span: RepSpan) -> Phases:
    """Split a rep into lowering, bottom and rising, and find a pause in the rise."""
    t = sig.t_s
    lean = sig.lean_deg[span.start : span.end + 1]
    peak = np.nanmax(lean) if np.isfinite(lean).any() else np.nan
    deep = np.flatnonzero(lean >= peak - HOLD_DEG) + span.start if np.isfinite(peak) else []
    lower_end = int(deep[0]) if len(deep) else span.bottom
    rise_start = int(deep[-1]) if len(deep) else span.bottom
    return Phases(
        start=span.start,
        lower_end=lower_end,
        rise_start=rise_start,
        end=span.end,
        lower_s=float(t[lower_end] - t[span.start]),
        bottom_hold_s=float(t[rise_start] - t[lower_end]),
        rise_s=float(t[span.end] - t[rise_start]),
        pause=find_pause(sig, span.bottom, span.end),
    )


def find_pause(sig: Signals, first: int, last: int) -> Pause | None:
    """Longest still stretch of the hands between ``first`` and ``last`` (the rise)."""
    if last - first < 3:
        return None
    t = sig.t_s[first : last + 1]
    h = sig.hand_height_bl[first : last + 1]
    if not np.isfinite(h).any():
        return None
    v = np.abs(np.gradient(h, t))
    raised = h >= np.nanmin(h) + PAUSE_CLEARANCE_BL
    # Not yet near lockout: the hands still have a good way to go up.
    below_top = h <= np.nanmax(h) - PAUSE_CLEARANCE_BL
    still = (v < STILL_BL_PER_S) & raised & below_top
    best: tuple[int, int] | None = None
    i = 0
    while i < len(still):
        if still[i]:
            j = i
            while j + 1 < len(still) and still[j + 1]:
                j += 1
            if best is None or t[j] - t[i] > t[best[1]] - t[best[0]]:
                best = (i, j)
            i = j + 1
        else:
            i += 1
    if best is None or t[best[1]] - t[best[0]] < MIN_PAUSE_S:
        return None
    a, b = best[0] + first, best[1] + first
    height = float(np.nanmedian(sig.bar_height_shin[a : b + 1]))
    return Pause(a, b, float(sig.t_s[b] - sig.t_s[a]), height)



def height_label(shin_fraction: float) -> str:
    """The article's words for a bar height given as a fraction of the shin (0 ankle, 1 knee)."""
    if not shin_fraction == shin_fraction:  # NaN
        return "unknown"
    if shin_fraction < 0.3:
        return "floor"
    if shin_fraction < 0.7:
        return "mid_shin"
    if shin_fraction <= 1.0:
        return "below_knee"
    if shin_fraction <= 1.3:
        return "at_knee"
    return "above_knee"
