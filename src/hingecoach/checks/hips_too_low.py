"""hips_too_low — the hips stay above the knees: a hinge, not a squat.

Fault: a squatted set-up — at the bottom the hips sit down at or below knee height, the torso
upright and the shins far forward, so the lift is driven by the knees instead of the hips ("the
hips shifting back", not down). In a Romanian deadlift or the hinge drill it is even more wrong:
the hips should travel back with only "a slight knee bend". Good: at the bottom of a deadlift
the hips sit clearly above the knees and below the shoulders; at the bottom of an RDL the thighs
are still close to vertical.
Measured: the thigh's angle above horizontal (knee→hip line; 90 standing, 0 with the hip at
knee height, negative below it), ``90 − knee flexion + shin angle`` from the sagittal angles.
Its sine is the hip's height above the knee in thigh lengths, so it reads the same for any body
and camera distance. The value is the lowest the thigh gets and holds for ``HOLD_S`` over the
rep — the set-up or the bottom, wherever the lowering and rise were split.
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
    extreme,
    held_readings,
    under_min,
)
from hingecoach.checks.wording import Words

#: How long the hips must stay that low to count, seconds: a set-up is held, a frame of
#: landmark jitter is not (7 frames at 30 fps).
HOLD_S = 0.2


class HipsTooLowLimits(Limits):
    """``min_thigh_deg``: lowest allowed thigh angle above horizontal at the bottom, degrees."""

    min_thigh_deg: float


def thigh_above_horizontal_deg(knee_flexion_deg: np.ndarray, shin_deg: np.ndarray) -> np.ndarray:
    """Angle of the knee→hip line above horizontal, degrees (90 standing, 0 hip at knee height).

    Args:
        knee_flexion_deg: ``(N,)`` knee flexion, 0 straight.
        shin_deg: ``(N,)`` shin from vertical, + with the knee ahead of the ankle.

    Returns:
        ``(N,)`` degrees; NaN where either angle is.
    """
    return 90.0 - knee_flexion_deg + shin_deg


def evaluate(ctx: RepContext, limits: HipsTooLowLimits) -> Verdict | CannotJudge:
    """The lowest held thigh angle of the rep against ``min_thigh_deg``."""
    thigh = thigh_above_horizontal_deg(
        ctx.window(ctx.sig.knee_flexion_deg), ctx.window(ctx.sig.shin_angle_deg)
    )
    held = held_readings(thigh, ctx.window(ctx.sig.t_s), HOLD_S)
    got = extreme(held, ctx.span.start, largest=False)
    if got is None:
        return CannotJudge("hips, knees or ankles not visible during the rep")
    value, frame = got
    return under_min(value, limits.min_thigh_deg, frame, "thigh angle above horizontal, lowest")


#: Measurement error, deg — the thigh angle sums the knee flexion's and the shin angle's errors
#: (2.2° and 0.7° mean in oblique views of the synthetic suite), rounded up for real footage.
ERROR_DEG = 4.0


CHECK: Check[HipsTooLowLimits] = Check(
    id="hips_too_low",
    summary="Hips stay above the knees: hinge back, don't squat down",
    views=SAGITTAL_VIEWS,
    limits=HipsTooLowLimits,
    unit="deg",
    cue="Don't squat the bar up — set the hips higher, above the knees, and push them back "
    "with the shins near vertical.",
    short_cue="hips up, it's a hinge",
    weight=20,
    error=ERROR_DEG,
    groups=frozenset({"sequencing"}),
    evaluate=evaluate,
    words=Words(
        topic="hips above the knees",
        name="hips sank too low, squatting the bar up",
        said="your hips sank too low and you squatted the weight up",
        fix="set the hips higher, above the knees, and push them back",
        measure="thighs {value} above level at their lowest; keep them at least {limit}",
    ),
)
