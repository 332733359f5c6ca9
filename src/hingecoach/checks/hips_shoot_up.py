"""hips_shoot_up — hips and shoulders leave the floor together.

Fault: at the start of a pull from the floor the knees straighten first and the hips shoot up
while the bar and the shoulders hardly move — a stiff-leg pull that hands the whole weight to
the lower back with the torso still low. Good: push the floor away with the legs and keep the
back angle set off the floor, so the hips and the shoulders rise together until the bar passes
the knees ("maintain a set back"; the pause deadlift drills exactly this).
Measured: how far the back angle (torso above horizontal) drops below its value at the moment
the bar leaves the floor, on the way up, degrees; zero when it never drops (a good pull only ever
raises it). Hips rising alone tip the torso toward the floor: ~7 cm of hip rise with the
shoulders still costs a typical torso ~8°. Read from the bar's break, not from the set-up: hips
that rise into position while the bar still rests on the floor (a "dynamic start", taking the
slack out) are the set-up, not the pull; the fault is the hips outrunning a bar that moves.
Hips, torso and hands are held over ``HOLD_S`` first, so a lost frame cannot start the pull.
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
    held_readings,
    measured,
    over_max,
)
from hingecoach.checks.wording import Words

#: Hips rising less than this from their lowest point (body lengths, ~4 cm) is no pull to judge.
MIN_RISE_BL = 0.03
#: The bar has left the floor once the hands are this far above their lowest point (body
#: lengths, ~3 cm: the plates clear of the floor, well above a held wrist's jitter).
BAR_BREAK_BL = 0.02
#: Running-median length for hips, torso and hands, seconds (7 frames at 30 fps).
HOLD_S = 0.2


class HipsShootUpLimits(Limits):
    """``max_drop_deg``: largest drop of the torso angle below its value as the bar breaks, deg."""

    max_drop_deg: float


def pull_frames(hip: np.ndarray, hand: np.ndarray) -> tuple[int, int] | None:
    """Frames of the pull: the bar leaving the floor, and the hips at their highest after it.

    Args:
        hip: ``(n,)`` hip height over one rep, body lengths (NaN where not seen).
        hand: ``(n,)`` hand height over the same frames, body lengths.

    Returns:
        First and last frame of the pull (indices into the arrays), or None when the hips rise
        less than :data:`MIN_RISE_BL` after their lowest point or the bar is never seen to
        leave the floor.
    """
    low = int(np.nanargmin(hip))
    top = low + int(np.nanargmax(hip[low:]))
    if hip[top] - hip[low] < MIN_RISE_BL or not np.isfinite(hand[low : top + 1]).any():
        return None
    floor = low + int(np.nanargmin(hand[low : top + 1]))
    up = np.flatnonzero(hand[floor : top + 1] >= hand[floor] + BAR_BREAK_BL)
    return (floor + int(up[0]), top) if len(up) else None


def evaluate(ctx: RepContext, limits: HipsShootUpLimits) -> Verdict | CannotJudge:
    """The back angle's largest drop after the bar leaves the floor against ``max_drop_deg``."""
    t = ctx.window(ctx.sig.t_s)
    hip, torso, hand = (
        held_readings(ctx.window(x), t, HOLD_S)
        for x in (ctx.sig.hip_height_bl, ctx.sig.torso_angle_deg, ctx.sig.hand_height_bl)
    )
    if not (measured(hip) and measured(torso)):
        return CannotJudge("hips or shoulders not visible during the rep")
    frames = pull_frames(hip, hand)
    if frames is None or not np.isfinite(torso[frames[0]]):
        return CannotJudge("the bar was not seen leaving the floor")
    start, end = frames
    k = start + int(np.nanargmin(torso[start : end + 1]))
    return over_max(
        float(torso[start] - torso[k]),
        limits.max_drop_deg,
        ctx.span.start + k,
        "back angle dropped after the bar left the floor",
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
    words=Words(
        topic="hips and chest rising together",
        name="hips shot up before the chest",
        said="your hips shot up before your chest as the bar left the floor",
        fix="push the floor away and keep your back angle until the bar passes the knees",
        measure="back angle dropped {value} off the floor; up to {limit} is fine",
    ),
)
