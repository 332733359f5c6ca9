"""hips_back_first — the wall test: hips move back before the knees drift forward.

Fault: "knees drifting excessively forwards before the hips break and move backwards" — the
lifter starts the rep by bending the knees, so the hips would never reach a wall behind them.
Good: the first thing that moves is the hips, straight back ("think about a string pulling them").
Measured: how far the knees travel forward (body lengths) during the early lowering, until the
hips have made a start back: ``hips_moved_share`` of their total backward travel and at least
``hips_moved_bl`` (or until the bottom, if they never do). Knees that drift forward *with* the
hips (shins tipping at the bottom) are the shin check's business, not this one's.
"""

from __future__ import annotations

import numpy as np

from hingecoach.checks.base import (
    SAGITTAL_VIEWS,
    CannotJudge,
    Check,
    Limits,
    RepContext,
    Verdict,
    measured,
    over_max,
)
from hingecoach.checks.wording import Words


class HipsBackFirstLimits(Limits):
    """Knee travel allowed before the hips have made their start back."""

    max_knee_travel_bl: float
    hips_moved_bl: float
    hips_moved_share: float


def evaluate(ctx: RepContext, limits: HipsBackFirstLimits) -> Verdict | CannotJudge:
    """Knee forward travel before the hips have gone back."""
    a, b = ctx.span.start, ctx.phases.lower_end
    hip = ctx.sig.hip_x_bl[a : b + 1]
    knee = ctx.sig.knee_x_bl[a : b + 1]
    if ctx.span.from_bottom:
        return CannotJudge("the clip starts at the bottom: the lowering was not filmed")
    if b - a < 2 or not (measured(hip) and measured(knee)):
        return CannotJudge("the lowering was not seen clearly enough to judge the sequence")
    both = np.flatnonzero(np.isfinite(hip) & np.isfinite(knee))
    hip_back = hip[both[0]] - hip
    knee_fwd = knee - knee[both[0]]
    start_back = max(limits.hips_moved_bl, limits.hips_moved_share * float(np.nanmax(hip_back)))
    moved = np.flatnonzero(hip_back >= start_back)
    upto = int(moved[0]) if len(moved) else len(hip) - 1
    seg = knee_fwd[: upto + 1]
    if not np.isfinite(seg).any():
        return CannotJudge("knees not visible at the start of the lowering")
    k = int(np.nanargmax(seg))
    return over_max(
        float(seg[k]),
        limits.max_knee_travel_bl,
        a + k,
        "knee travel forward before the hips moved back",
    )


#: Measurement error, bl — knee travel, body lengths: knee landmark jitter of ~0.5–1 % of the
#: body's length.
ERROR_BL = 0.01


CHECK: Check[HipsBackFirstLimits] = Check(
    id="hips_back_first",
    summary="Hips move back before the knees travel forward (wall test)",
    views=SAGITTAL_VIEWS,
    limits=HipsBackFirstLimits,
    unit="bl",
    cue="Hips back first — imagine a string pulling your hips to the wall behind you.",
    short_cue="hips back first",
    weight=30,
    error=ERROR_BL,
    groups=frozenset({"sequencing"}),
    evaluate=evaluate,
    words=Words(
        topic="hips back first",
        name="knees slid forward before the hips moved back",
        said="your knees slid forward before your hips moved back",
        fix="push the hips back first",
        measure="knees {value} forward before the hips started back; up to {limit} is fine",
    ),
)
