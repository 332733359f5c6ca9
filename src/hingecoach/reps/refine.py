"""Set-wide rules over segmented reps: where a rep starts, and which reps count.

A rep's start moves back to the first movement of the knees or hips; a rep too quick to be one,
walking, a clip that opens in the middle of a rep, a rise made while no lifter was in the picture
(a fade to another scene) and (for swings) the bell going to the floor are reported but not
counted; a recognised deadlift whose reps mostly hold a deliberate pause is a pause deadlift.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from hingecoach.checks.profiles import Profile
from hingecoach.kinematics.signals import Signals
from hingecoach.reps.hinge_kind import at_bottoms
from hingecoach.reps.phases import Phases, refine_start
from hingecoach.reps.segment import RepSpan

#: How much higher than the shallowest of the set's other bottoms (hand height, body lengths,
#: ~7 cm: landmark noise at the floor) an opening pull's deepest point may be and still count
#: as a whole pull from the floor.
OPENING_DEPTH_TOLERANCE_BL = 0.05
#: No hinge rep completes faster than this, start to lockout (seconds): even a kettlebell swing,
#: the fastest, takes most of a second, and the rise of a pull from the floor ~0.5 s. A shorter
#: one is a tracking glitch (a flipped torso for a frame or two), not a rep.
MIN_REP_S = 0.3
#: Hands lower than this at the bottom (body lengths above the ankles) are at the floor.
FLOOR_HANDS_BL = 0.25
#: Feet travelling further than this during a rep (body lengths) mean walking, not hinging.
MAX_FEET_TRAVEL_BL = 0.5
#: A still stretch this long in most reps makes a recognised deadlift a pause deadlift...
DELIBERATE_PAUSE_S = 0.6
#: ...when it holds the bar clearly off the floor: above this fraction of the shin (0 ankle,
#: 1 knee). A bar on 45 cm plates rests at 0.3-0.45 of the shin and landmarks put it there
#: ±0.1, so a hold lower than this cannot be told from a set-up on the floor; pause deadlifts
#: pause at mid-shin or just below the knee (0.5-0.9).
DELIBERATE_PAUSE_SHIN = 0.55


#: A counted rep's rise must have been filmed: when frames where no pose was found at all (a fade
#: to another scene, the lifter out of the picture) carry more than this share of the lean's
#: return from the bottom to the lockout, the lockout was bridged by interpolation, not seen.
#: A pose lost for a few blurred frames mid-pull carries a small part of the rise.
UNSEEN_RISE_SHARE = 0.5


def refine_spans(
    sig: Signals, spans: list[RepSpan], profile: Profile, *, seen: np.ndarray | None = None
) -> list[RepSpan]:
    """Set-wide rules over segmented reps: where each starts and which count.

    Starts move back to the first movement; glitches, walking, mid-rep openings, rises not
    filmed and (for swings) floor touches are reported but not counted.

    Args:
        sig: the set's signals.
        spans: reps segmented on the torso lean.
        profile: the exercise judged against.
        seen: ``(N,)`` frames where the pose found the lifter's torso at all (before any gap
            was bridged); every frame when None.

    Returns:
        The spans, one for one, with their starts refined and the uncounted ones said why.
    """
    out: list[RepSpan] = []
    others = [s for s in spans if s.counted and not s.from_bottom]
    shallowest = max((_hands_at_bottom(sig, s) for s in others), default=np.nan)
    for s in spans:
        if s.from_bottom and s.counted and np.isfinite(shallowest):
            # A clip opening inside a rep counts its pull only if the pull started from the depth
            # of the set's other reps (the clip may open on the way down and go on to the floor);
            # starting higher up means the clip opens in the middle of the pull. The shallowest
            # other bottom is the bar: one glitch bottom cannot make it stricter. Hands not seen
            # at the opening bottom cannot say so: the segmenter's call (a pull) stands.
            opening = _hands_at_bottom(sig, s)
            if np.isfinite(opening) and opening > shallowest + OPENING_DEPTH_TOLERANCE_BL:
                s = replace(s, counted=False, note="the clip starts in the middle of this rep")
        if s.counted and sig.t_s[s.end] - sig.t_s[s.start] < MIN_REP_S:
            s = replace(s, counted=False, note="too quick for a rep: a tracking glitch")
        if s.counted and seen is not None and unseen_rise_share(sig, s, seen) > UNSEEN_RISE_SHARE:
            s = replace(
                s,
                counted=False,
                note="the lifter was out of the picture for most of the rise: lockout not seen",
            )
        if not profile.segmentation.floor_touch_counts and s.counted:
            if sig.hand_height_bl[s.bottom] < FLOOR_HANDS_BL:
                s = replace(
                    s,
                    counted=False,
                    note="the bell went to the floor: a hike pass or park, not a swing",
                )
        s = refine_start(sig, s, out[-1].end if out else 0)
        feet = sig.feet_x_bl[s.start : s.end + 1]
        if np.isfinite(feet).any() and np.nanmax(feet) - np.nanmin(feet) > MAX_FEET_TRAVEL_BL:
            s = replace(s, counted=False, note="the feet travelled: walking, not a rep in place")
        out.append(s)
    return out


def _hands_at_bottom(sig: Signals, span: RepSpan) -> float:
    """Hand height (body lengths) over the rep's frames near its deepest lean (NaN if unseen)."""
    return at_bottoms(sig.hand_height_bl, sig.lean_deg, [span])


def unseen_rise_share(sig: Signals, span: RepSpan, seen: np.ndarray) -> float:
    """Share of the lean's return from the bottom to the lockout made in frames not seen.

    The lean is stepped from one measured frame to the next; a step is unseen when a frame from
    its first to its last had no pose (the lean there was bridged across the gap). 0 when the
    rise was filmed throughout or the lean did not return.

    Args:
        sig: the set's signals.
        span: the rep.
        seen: ``(N,)`` frames where the pose found the lifter's torso.
    """
    lean = sig.lean_deg[span.bottom : span.end + 1]
    blind_frames = np.cumsum(~seen[span.bottom : span.end + 1])
    measured = np.flatnonzero(np.isfinite(lean))
    if len(measured) < 2:
        return 0.0
    total = float(lean[measured[0]] - lean[measured[-1]])
    if total <= 0:
        return 0.0
    a, b = measured[:-1], measured[1:]
    blind = (blind_frames[b] - blind_frames[a] > 0) | ~seen[span.bottom + a]
    steps = lean[a] - lean[b]
    return float(np.clip(steps[blind].sum() / total, 0.0, 1.0))


def mostly_paused(spans: list[RepSpan], phases: list[Phases]) -> bool:
    """Most reps hold a deliberate pause: longer than a hard pull's slow-down, clear of the floor.

    Args:
        spans: the set's reps.
        phases: their phases, one for one.
    """
    paused = [
        p.pause is not None
        and p.pause.duration_s >= DELIBERATE_PAUSE_S
        and p.pause.height_shin >= DELIBERATE_PAUSE_SHIN
        for s, p in zip(spans, phases, strict=True)
        if s.counted
    ]
    return bool(paused) and sum(paused) >= 0.5 * len(paused)
