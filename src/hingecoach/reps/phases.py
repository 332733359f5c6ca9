"""Phases and tempo of one rep, and where the bar paused.

Given a rep's span and the set's signals: lowering (start → reaching the bottom), bottom hold
(the frames within ``hold_deg`` of the deepest lean — a deadlift's rest on the floor), rising
(→ lockout). A pause is the longest stretch of the rise where the hands stay still while clear of
their lowest point: the deliberate hold of a pause deadlift at mid-shin or below the knee.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np

from hingecoach.kinematics.filters import zero_phase
from hingecoach.kinematics.signals import Signals
from hingecoach.reps.segment import RepSpan

#: Lean within this many degrees of the deepest point counts as "at the bottom".
HOLD_DEG = 4.0
#: Hands moving slower than this (body lengths per second) are still.
STILL_BL_PER_S = 0.06
#: The hand height is smoothed to this band before differentiating: a held bar is still for a
#: second or more, while landmark jitter lives at several hertz.
STILL_CUTOFF_HZ = 2.0
#: ...or the bar this far up the shin (fraction of its length) from the lowest point.
PAUSE_CLEARANCE_SHIN = 0.1
#: Flickers of movement shorter than this inside a hold (landmark jitter) do not end it.
MAX_GAP_S = 0.2
#: A still stretch shorter than this is not a pause, just the turnaround.
MIN_PAUSE_S = 0.25
#: Hands must have risen this far above their lowest point for a still stretch to be a pause
#: rather than the bar resting on the floor.
PAUSE_CLEARANCE_BL = 0.01
#: ...and must have been pulled there: risen this much (body lengths, ~3 cm: the bar visibly off
#: the floor, twice the smoothed landmark jitter) within :data:`PAUSE_APPROACH_S` before the
#: hold. A bar resting on the floor was lowered onto it (or rests there from the clip's first
#: frame); its hands drift by landmark noise, not by a pull. A pull whose hips shoot up first
#: breaks the bar from the floor only a few centimetres before a low pause.
PAUSE_LIFT_BL = 0.02
#: How far back the pull into a pause is looked for, seconds: from the floor to mid-shin or the
#: knee a pull takes 0.2-0.5 s.
PAUSE_APPROACH_S = 0.5


@dataclass(frozen=True)
class Pause:
    """A still hold during the rise: frames, duration and the hands' height on the shin."""

    start: int
    end: int
    duration_s: float
    height_shin: float


@dataclass(frozen=True)
class Phases:
    """Frame indices and durations of a rep's phases.

    A duration whose signal was never measured in the rep is NaN ("cannot judge", never 0 s);
    so is the lowering's core time of a rep the clip opened past halfway down.

    Attributes:
        start: first frame of the lowering.
        lower_end: first frame at the bottom.
        rise_start: last frame at the bottom.
        end: lockout frame.
        lower_s: lowering time, seconds.
        bottom_hold_s: time at the bottom, seconds.
        rise_s: rising time, seconds.
        pause: the longest deliberate hold on the way up, if any.
        lower_core_s: the middle 80 % of the shoulders' descent, seconds.
    """

    start: int
    lower_end: int
    rise_start: int
    end: int
    lower_s: float
    bottom_hold_s: float
    rise_s: float
    pause: Pause | None
    lower_core_s: float = float("nan")


def rep_phases(
    sig: Signals, span: RepSpan, *, depth: np.ndarray | None = None, hold: float = HOLD_DEG
) -> Phases:
    """Split a rep into lowering, bottom and rising, and find a pause in the rise.

    Args:
        sig: the set's signals.
        span: the rep.
        depth: ``(N,)`` the signal the rep was segmented on, larger deeper: the torso lean
            (degrees) by default; a squat's hip drop or a row's pull (percent) for movements
            that are not hinges, whose torso barely moves.
        hold: within this of the deepest value (``depth``'s unit) is "at the bottom".

    Returns:
        The phases; a duration not measured is NaN.
    """
    t = sig.t_s
    x = (sig.lean_deg if depth is None else depth)[span.start : span.end + 1]
    peak = np.nanmax(x) if np.isfinite(x).any() else np.nan
    deep: np.ndarray = (
        np.flatnonzero(x >= peak - hold) + span.start
        if np.isfinite(peak)
        else np.array([], dtype=int)
    )
    lower_end = int(deep[0]) if len(deep) else span.bottom
    rise_start = int(deep[-1]) if len(deep) else span.bottom
    nan = float("nan")
    measured = bool(len(deep))
    # A lowering the clip opened past halfway through is timed over what was filmed (the
    # result's durations are plain numbers); only the checks' core time is NaN for it.
    return Phases(
        start=span.start,
        lower_end=lower_end,
        rise_start=rise_start,
        end=span.end,
        lower_s=float(t[lower_end] - t[span.start]) if measured else nan,
        bottom_hold_s=float(t[rise_start] - t[lower_end]) if measured else nan,
        rise_s=float(t[span.end] - t[rise_start]) if measured else nan,
        pause=find_pause(sig, span.start, span.end),
        lower_core_s=_core_time(sig, span.start, lower_end) if not span.from_bottom else nan,
    )


#: A descent of the shoulders shorter than this (body lengths, ~7 cm: a few times the smoothed
#: landmark jitter) cannot be timed from 10 % to 90 %: the crossings would be jitter.
MIN_DESCENT_BL = 0.05
#: The shoulders must be seen within this share of the lowering's start and of its end: a
#: descent first seen half-way down would be timed from there.
EDGE_SHARE = 0.1


def _core_time(sig: Signals, first: int, last: int) -> float:
    """Time from 10% to 90% of the shoulders' descent during the lowering (NaN if not seen).

    The very start and end of a movement creep (velocity goes to zero there), so any threshold
    on them jitters with noise; the middle 80% of the descent is where a dropped lowering and a
    controlled one differ. Shoulder height is linear in the distance travelled and reads the
    same in every view, whether the hips or the knees did the travelling. It is read above the
    ankles, so with the ankles hidden it is NaN; a descent whose start or bottom was not seen,
    or too small to time, is NaN too (never 0 s).
    """
    down = -sig.shoulder_height_bl[first : last + 1]
    seen = np.flatnonzero(np.isfinite(down))
    if last - first < 2 or len(seen) < 3:
        return float("nan")
    edge = max(1, int(np.ceil(EDGE_SHARE * len(down))))
    if seen[0] >= edge or seen[-1] < len(down) - edge:
        return float("nan")
    base, peak = down[seen[0]], np.nanmax(down)
    if peak - base < MIN_DESCENT_BL:
        return float("nan")
    reach = np.fmax.accumulate(np.nan_to_num(down, nan=-np.inf))
    i90 = int(np.argmax(reach >= base + 0.9 * (peak - base)))
    # The 10 % point is where the shoulders left standing for good: the last frame before the
    # 90 % point still above 10 %, so a jitter bump while standing (a shallow descent's 10 % is
    # about a centimetre) does not start the clock early.
    before = down[: i90 + 1]
    above = np.flatnonzero(np.isfinite(before) & (before < base + 0.1 * (peak - base)))
    if not len(above):
        return float("nan")
    i10 = int(above[-1]) + 1
    return float(sig.t_s[first + i90] - sig.t_s[first + i10]) if i90 > i10 else float("nan")


def find_pause(sig: Signals, first: int, last: int) -> Pause | None:
    """Longest still stretch of the hands on the way up, after they left their lowest point.

    Args:
        sig: the set's signals.
        first: the rep's first frame.
        last: the rep's last frame.

    Returns:
        The longest hold pulled into, clear of the floor and short of lockout, lasting at least
        :data:`MIN_PAUSE_S`; None when there is none.
    """
    if last - first < 3:
        return None
    t_all = sig.t_s[first : last + 1]
    h_all = sig.hand_height_bl[first : last + 1]
    if np.isfinite(h_all).sum() < 4:
        return None
    smooth = zero_phase(h_all, t_all, cutoff_hz=STILL_CUTOFF_HZ)
    if not np.isfinite(smooth).any():
        return None
    lowest = int(np.nanargmin(smooth))
    first += lowest
    t, h = t_all[lowest:], smooth[lowest:]
    if len(t) < 3:
        return None
    v = np.abs(np.gradient(h, t))
    # Off the floor: the hands rose, or the bar climbed the shin (the knees travel back as the
    # bar breaks from the floor, so a low pause shows on the shin before it shows in height).
    shin = zero_phase(sig.bar_height_shin[first : last + 1], t, cutoff_hz=STILL_CUTOFF_HZ)
    raised = (h >= np.nanmin(h) + PAUSE_CLEARANCE_BL) | (shin >= shin[0] + PAUSE_CLEARANCE_SHIN)
    # Not yet near lockout: the hands still have a good way to go up.
    below_top = h <= np.nanmax(h) - PAUSE_CLEARANCE_BL
    still = _close_gaps((v < STILL_BL_PER_S) & raised & below_top, t, MAX_GAP_S)
    best: tuple[int, int] | None = None
    i = 0
    while i < len(still):
        if still[i]:
            j = i
            while j + 1 < len(still) and still[j + 1]:
                j += 1
            longer = best is None or t[j] - t[i] > t[best[1]] - t[best[0]]
            if longer and _pulled_into(smooth, t_all, lowest + i):
                best = (i, j)
            i = j + 1
        else:
            i += 1
    if best is None or t[best[1]] - t[best[0]] < MIN_PAUSE_S:
        return None
    a, b = best[0] + first, best[1] + first
    height = float(np.nanmedian(sig.bar_height_shin[a : b + 1]))
    return Pause(a, b, float(sig.t_s[b] - sig.t_s[a]), height)


def _pulled_into(h: np.ndarray, t: np.ndarray, i: int) -> bool:
    """The hands rose :data:`PAUSE_LIFT_BL` within :data:`PAUSE_APPROACH_S` before frame ``i``.

    The whole look-back must lie inside the rep: a hold the clip opens in was not seen being
    pulled into, so it cannot be told from a set-up on the floor.
    """
    if t[i] - t[0] < PAUSE_APPROACH_S:
        return False
    before = h[(t >= t[i] - PAUSE_APPROACH_S) & (t <= t[i])]
    return np.isfinite(before).any() and h[i] - np.nanmin(before) >= PAUSE_LIFT_BL


def _close_gaps(still: np.ndarray, t: np.ndarray, max_gap_s: float) -> np.ndarray:
    """Fill runs of False shorter than ``max_gap_s`` that sit between two True runs."""
    out = still.copy()
    idx = np.flatnonzero(still)
    for a, b in itertools.pairwise(idx):
        if b - a > 1 and t[b] - t[a] <= max_gap_s:
            out[a:b] = True
    return out


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


#: How far (body lengths, knees + hips summed) the body must be from its standing posture to be
#: under way: well above landmark jitter, well below any real first move.
MOVED_BL = 0.015
#: Standing posture is read over this long after the previous rep (or the clip's start).
STANDING_REF_S = 0.3


def refine_start(sig: Signals, span: RepSpan, not_before: int) -> RepSpan:
    """Move a rep's start back to the first movement of knees or hips.

    The segmenter starts a rep when the torso begins to tip, but a lifter who breaks at the
    knees first (the wall test's fault) moves before the torso does. The start becomes the last
    frame where knees and hips were still at their standing position; it only looks backwards,
    so a live segmenter can apply it at lockout.
    """
    if span.from_bottom or span.start - not_before < 3:
        return span
    t = sig.t_s
    lo = max(not_before, 0)
    ref_end = int(np.searchsorted(t, t[lo] + STANDING_REF_S))
    parts = (sig.knee_x_bl, sig.hip_x_bl, sig.hip_height_bl)
    windows = [x[lo : max(ref_end, lo + 1)] for x in parts]
    if not all(np.isfinite(w).any() for w in windows):
        return span
    refs = [np.nanmedian(w) for w in windows]
    away = sum(np.abs(x[lo : span.start + 1] - r) for x, r in zip(parts, refs, strict=True))
    still = np.flatnonzero(np.nan_to_num(np.asarray(away), nan=np.inf) <= MOVED_BL)
    if not len(still):
        return span
    return replace(span, start=lo + int(still[-1]))
