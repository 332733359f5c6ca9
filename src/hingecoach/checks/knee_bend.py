"""knee_bend — a slight knee bend, not a squat.

Fault: the knees bend well past "slight" at the bottom, turning the hinge into a squat and taking
the load off the hamstrings. Good: a soft knee, under about 20° of flexion for the hinge drill and
the Romanian deadlift ("allow a slight knee bend (think <20 degrees)").
Measured: knee flexion (0 = straight) at the bottom of the rep, median over the bottom hold.
"""

from __future__ import annotations

from hingecoach.checks.base import (
    SAGITTAL_VIEWS,
    CannotJudge,
    Check,
    Limits,
    PlotLimit,
    RepContext,
    TableColumn,
    Verdict,
    at_bottom,
    over_max,
)
from hingecoach.checks.wording import Words


class KneeBendLimits(Limits):
    """``max_deg``: largest knee flexion at the bottom, degrees."""

    max_deg: float


def evaluate(ctx: RepContext, limits: KneeBendLimits) -> Verdict | CannotJudge:
    """Knee flexion at the bottom against ``max_deg``."""
    got = at_bottom(ctx, ctx.sig.knee_flexion_deg)
    if got is None:
        return CannotJudge("hip, knee or ankle not visible at the bottom of the rep")
    value, frame = got
    return over_max(value, limits.max_deg, frame, "knee flexion at the bottom")


#: Measurement error, deg — knee flexion: 2.2° mean error in oblique views of the synthetic suite
#: (0.9° side); the band is that with room for landmark jitter on real footage, rounded up.
ERROR_DEG = 3.0


CHECK: Check[KneeBendLimits] = Check(
    id="knee_bend",
    summary="Knee bend at the bottom stays slight",
    views=SAGITTAL_VIEWS,
    limits=KneeBendLimits,
    unit="deg",
    cue="Soften the knees only slightly — push the hips back instead of bending the knees.",
    short_cue="soft knees, push the hips back",
    weight=20,
    error=ERROR_DEG,
    groups=frozenset({"sequencing"}),
    evaluate=evaluate,
    words=Words(
        topic="knee bend",
        name="knees bent too much, squatting the weight",
        said="your knees bent well past a slight bend at the bottom",
        fix="soften the knees only slightly and push the hips back",
        measure="knees bent {value} at the bottom; a slight bend is up to {limit}",
    ),
    column=TableColumn("knee° max", "knee_flexion_max_deg"),
    plot=PlotLimit("knee_flexion_deg", "above", ("max_deg",), "knee"),
)
