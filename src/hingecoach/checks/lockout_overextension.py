"""lockout_overextension — stand tall, don't lean back.

Fault: "overextending and leaning further back than necessary" at the top, which loads the lower
back in extension. Good: finish standing straight with glutes squeezed, torso vertical.
Measured: highest torso angle to horizontal around the lockout (90 = vertical, more = leaning
back) that holds for ~0.3 s, from the end of the rise to shortly after it. The torso angle runs
from the hips to the shoulders, so the head plays no part.
"""

from __future__ import annotations

import numpy as np

from hingecoach.checks.base import (
    HOLD_S,
    SAGITTAL_VIEWS,
    CannotJudge,
    Check,
    Limits,
    PlotLimit,
    RepContext,
    Verdict,
    extreme,
    held_readings,
    over_max,
)
from hingecoach.checks.wording import Words

#: How long after the lockout frame the finish is still watched, seconds.
AFTER_S = 0.5


class LockoutLimits(Limits):
    """``max_torso_deg``: highest torso angle at lockout, degrees (90 = vertical)."""

    max_torso_deg: float


def evaluate(ctx: RepContext, limits: LockoutLimits) -> Verdict | CannotJudge:
    """Torso angle around the lockout against ``max_torso_deg``."""
    t = ctx.sig.t_s
    a = ctx.phases.rise_start
    b = min(int(np.searchsorted(t, t[ctx.span.end] + AFTER_S, side="right")) - 1, len(t) - 1)
    # The lean-back held at the lockout, not one frame of it: plates hiding the hips for a
    # frame or two read 170-179° before the gates, a few degrees of wobble after them.
    held = held_readings(ctx.sig.torso_angle_deg[a : b + 1], t[a : b + 1], HOLD_S)
    got = extreme(held, a, largest=True)
    if got is None:
        return CannotJudge("shoulders or hips not visible at lockout")
    value, frame = got
    return over_max(value, limits.max_torso_deg, frame, "torso angle at lockout")


#: Measurement error, deg — torso angle at lockout: as hinge_depth (1.9° oblique mean error),
#: rounded up.
ERROR_DEG = 3.0


CHECK: Check[LockoutLimits] = Check(
    id="lockout_overextension",
    summary="Lockout stands tall without leaning back",
    views=SAGITTAL_VIEWS,
    limits=LockoutLimits,
    unit="deg",
    cue="Finish tall — squeeze the glutes and stop when you are upright; don't lean back.",
    short_cue="finish tall, don't lean back",
    weight=15,
    error=ERROR_DEG,
    groups=frozenset({"spine"}),
    evaluate=evaluate,
    words=Words(
        topic="tall lockout",
        name="leaned back at the top",
        said="you leaned back at the top",
        fix="squeeze the glutes and stop when you are upright",
        measure="torso at {value} to the floor at the top, upright being 90°; at most {limit}",
    ),
    plot=PlotLimit("torso_angle_deg", "above", ("max_torso_deg",), "lean-back"),
)
