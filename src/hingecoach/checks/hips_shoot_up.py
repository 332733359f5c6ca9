"""hips_shoot_up — hips and shoulders leave the floor together.

Fault: at the start of a pull from the floor the knees straighten first and the hips shoot up
while the bar and the shoulders hardly move — a stiff-leg pull that hands the whole weight to
the lower back with the torso still low. Good: push the floor away with the legs and keep the
back angle set off the floor, so the hips and the shoulders rise together until the bar passes
the knees ("maintain a set back"; the pause deadlift drills exactly this).
Measured: how far the back angle (torso above horizontal) drops below its value at the hips'
lowest point — the set-up or the bottom — on the way up, degrees; zero when it never drops (a
good pull only ever raises it). The hips rising alone tip the torso toward the floor: ~7 cm of
hip rise with the shoulders still costs a typical torso ~8°.
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

#: Hips rising less than this from their lowest point (body lengths, ~4 cm) is no pull to judge.
MIN_RISE_BL = 0.03


class HipsShootUpLimits(Limits):
    """``max_drop_deg``: largest drop of the torso angle below its value at the bottom, degrees."""

    max_drop_deg: float


def pull_frames(hip: np.ndarray) -> tuple[int, int] | None:
    """Frames of the pull: where the hips are lowest and where they are highest after that.

    Args:
        hip: ``(n,)`` hip height over one rep, body lengths (NaN where not seen).

    Returns:
        First and last frame of the pull (indices into ``hip``), or None when the hips rise
        less than :data:`MIN_RISE_BL` after their lowest point.
    """
    low = int(np.nanargmin(hip))
    top = low + int(np.nanargmax(hip[low:]))
    if hip[top] - hip[low] < MIN_RISE_BL:
        return None
    return low, top


def evaluate(ctx: RepContext, limits: HipsShootUpLimits) -> Verdict | CannotJudge:
    """The back angle's largest drop on the way up against ``max_drop_deg``."""
    hip = ctx.window(ctx.sig.hip_height_bl)
    torso = ctx.window(ctx.sig.torso_angle_deg)
    if not (measured(hip) and measured(torso)):
        return CannotJudge("hips or shoulders not visible during the rep")
    frames = pull_frames(hip)
    if frames is None or not np.isfinite(torso[frames[0]]):
        return CannotJudge("the start of the pull from the bottom was not seen")
    low, end = frames
    k = low + int(np.nanargmin(torso[low : end + 1]))
    return over_max(
        float(torso[low] - torso[k]),
        limits.max_drop_deg,
        ctx.span.start + k,
        "back angle dropped as the hips rose off the floor",
    )


#: Measurement error, deg — a change of the torso angle within one pull: its error from the
#: landmarks' offset cancels, leaving shoulder and hip jitter over a fraction of a second.
ERROR_DEG = 3.0


CHECK: Check[HipsShootUpLimits] = Check(
    id="hips_shoot_up",
    summary="Hips and shoulders rise together off the floor",
    views=SAGITTAL_VIEWS,
    limits=HipsShootUpLimits,
    unit="deg",
    cue="Don't let the hips shoot up — push the floor away with the legs and keep your back "
    "angle until the bar passes the knees.",
    short_cue="chest and hips rise together",
    weight=25,
    error=ERROR_DEG,
    groups=frozenset({"sequencing", "back_set"}),
    evaluate=evaluate,
)
