"""knee_valgus — knees track over the feet (front view).

Fault: "knees going valgus" — caving inward toward each other during any part of the hinge.
Good: knees stay in line with hips and feet.
Measured: the frontal-plane knee angle (+ when the knee sits inside the hip→ankle line), largest
of both legs over the rep, held for about 0.3 s. Only a front view shows it.
"""

from __future__ import annotations

from hingecoach.checks.base import (
    FRONT_VIEWS,
    CannotJudge,
    Check,
    Limits,
    PlotLimit,
    RepContext,
    Verdict,
    held_max,
    over_max,
)
from hingecoach.checks.wording import Words


class KneeValgusLimits(Limits):
    """``max_deg``: largest inward knee angle in the frontal plane, degrees."""

    max_deg: float


def evaluate(ctx: RepContext, limits: KneeValgusLimits) -> Verdict | CannotJudge:
    """Largest knee valgus angle in the rep against ``max_deg``."""
    got = held_max(ctx, ctx.sig.knee_valgus_deg)
    if got is None:
        return CannotJudge("hips, knees or ankles not visible from the front")
    value, frame = got
    return over_max(value, limits.max_deg, frame, "knee caving inward (frontal plane)")


#: Measurement error, deg — frontal knee angle: hip, knee and ankle landmark jitter in a front
#: view, a few degrees.
ERROR_DEG = 3.0


CHECK: Check[KneeValgusLimits] = Check(
    id="knee_valgus",
    summary="Knees do not cave inward",
    views=FRONT_VIEWS,
    limits=KneeValgusLimits,
    unit="deg",
    cue="Push the knees out over the toes — don't let them cave in.",
    short_cue="knees out over the toes",
    weight=25,
    error=ERROR_DEG,
    groups=frozenset({"front"}),
    evaluate=evaluate,
    words=Words(
        topic="knees over the toes",
        name="knees caved in",
        said="your knees caved inward",
        fix="push the knees out over the toes",
        measure="knees {value} inward; up to {limit} is fine",
    ),
    plot=PlotLimit("knee_valgus_deg", "above", ("max_deg",), "valgus"),
)
