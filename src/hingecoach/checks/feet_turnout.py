"""feet_turnout — toes point forward (front view).

Fault: "feet turning outwards during any part of the hinge". Good: feet about hip to shoulder
width, "toes forwards".
Measured: toe-out angle of both feet (mean), from the heel→toe offset seen from the front and the
foot's known length; the median over the deeper half of the rep (the stance the lifter hinges
on, not a shuffle of the feet before it). Needs heel and toe landmarks.
"""

from __future__ import annotations

from hingecoach.checks.base import (
    FRONT_VIEWS,
    CannotJudge,
    Check,
    Limits,
    RepContext,
    Verdict,
    deep_median,
    over_max,
)
from hingecoach.checks.wording import Words


class FeetTurnoutLimits(Limits):
    """``max_deg``: largest toe-out angle from straight ahead, degrees."""

    max_deg: float


def evaluate(ctx: RepContext, limits: FeetTurnoutLimits) -> Verdict | CannotJudge:
    """Largest toe-out during the rep against ``max_deg``."""
    got = deep_median(ctx, ctx.sig.feet_turnout_deg)
    if got is None:
        return CannotJudge("heels or toes not visible from the front")
    value, frame = got
    return over_max(value, limits.max_deg, frame, "feet turned out")


#: Measurement error, deg — foot angle from heel and toe points 15–20 cm apart: a 1–2 cm error is
#: ~5°.
ERROR_DEG = 5.0


CHECK: Check[FeetTurnoutLimits] = Check(
    id="feet_turnout",
    summary="Feet point forward",
    views=FRONT_VIEWS,
    limits=FeetTurnoutLimits,
    unit="deg",
    cue="Toes forward — set the feet straight, about hip width, before you hinge.",
    short_cue="toes forward",
    weight=10,
    error=ERROR_DEG,
    groups=frozenset({"front"}),
    evaluate=evaluate,
    words=Words(
        topic="feet pointing forward",
        name="feet turned out",
        said="your feet were turned out",
        fix="set the feet straight, toes forward, about hip width",
        measure="feet turned out {value}; up to {limit} is fine",
    ),
    needs_feet=True,
)
