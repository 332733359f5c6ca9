"""Set-wide rules over segmented reps: where a rep starts, and which reps count.

A rep's start moves back to the first movement of the knees or hips; walking, a clip that opens
in the middle of a rep and (for swings) the bell going to the floor are reported but not counted;
a recognised deadlift whose reps mostly hold a deliberate pause is a pause deadlift.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from hingecoach.checks.profiles import Profile
from hingecoach.kinematics.signals import Signals
from hingecoach.reps.phases import Phases, refine_start
from hingecoach.reps.segment import RepSpan

#: How much higher than the set's other bottoms (hand height, body lengths) an opening pull may
#: start and still count as a whole pull from the floor.
OPENING_DEPTH_TOLERANCE_BL = 0.05
#: Hands lower than this at the bottom (body lengths above the ankles) are at the floor.
FLOOR_HANDS_BL = 0.25
#: Feet travelling further than this during a rep (body lengths) mean walking, not hinging.
MAX_FEET_TRAVEL_BL = 0.5
#: A still stretch this long in most reps makes a recognised deadlift a pause deadlift.
DELIBERATE_PAUSE_S = 0.6


def refine_spans(sig: Signals, spans: list[RepSpan], profile: Profile) -> list[RepSpan]:
    """Starts moved back to the first movement; walking, mid-rep openings and (for swings)
    floor touches are reported but not counted."""
    out: list[RepSpan] = []
    full_bottoms = [sig.hand_height_bl[s.bottom] for s in spans if s.counted and not s.from_bottom]
    for s in spans:
        if s.from_bottom and s.counted and full_bottoms:
            # A clip opening at the bottom counts its pull only if it opened at the depth of the
            # set's other reps; opening higher up means the clip starts in the middle of a rep.
            typical = float(np.nanmedian(full_bottoms))
            if not sig.hand_height_bl[s.start] <= typical + OPENING_DEPTH_TOLERANCE_BL:
                s = replace(s, counted=False, note="the clip starts in the middle of this rep")
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


def mostly_paused(spans: list[RepSpan], phases: list[Phases]) -> bool:
    """Most reps hold a deliberate pause: longer than the slow-down of a hard pull."""
    paused = [
        p.pause is not None and p.pause.duration_s >= DELIBERATE_PAUSE_S
        for s, p in zip(spans, phases, strict=True)
        if s.counted
    ]
    return bool(paused) and sum(paused) >= 0.5 * len(paused)
