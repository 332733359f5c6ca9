"""hinge_depth — the torso moves toward parallel to the floor.

Fault: a shallow hinge that stops with the torso still steep, so the hamstrings never load.
Good: "the torso moving towards being parallel to the floor" as the hips go back.
Measured: lowest torso angle to horizontal reached in the rep (90 = upright, 0 = parallel). In a
front view it comes from how much the torso shortens as it tips toward the camera.
"""

from __future__ import annotations

from hingecoach.checks.base import (
    ALL_VIEWS,
    CannotJudge,
    Check,
    Limits,
    PlotLimit,
    RepContext,
    TableColumn,
    Verdict,
    extreme,
)
from hingecoach.checks.wording import Words


class HingeDepthLimits(Limits):
    """``max_torso_deg``: the torso must get at least this close to horizontal, degrees."""

    max_torso_deg: float


def evaluate(ctx: RepContext, limits: HingeDepthLimits) -> Verdict | CannotJudge:
    """Deepest torso angle against ``max_torso_deg``."""
    got = extreme(ctx.window(ctx.sig.lean_deg), ctx.span.start, largest=True)
    if got is None:
        return CannotJudge("shoulders or hips not visible during the rep")
    lean, frame = got
    value = 90.0 - lean
    return Verdict(
        value,
        limits.max_torso_deg,
        value > limits.max_torso_deg,
        frame,
        "lowest torso angle to horizontal",
    )


#: Measurement error, deg — torso angle: 1.9° mean error in oblique views of the synthetic suite
#: (0.4° side), rounded up for jitter of the hip and shoulder landmarks.
ERROR_DEG = 3.0


CHECK: Check[HingeDepthLimits] = Check(
    id="hinge_depth",
    summary="Torso travels toward parallel to the floor",
    views=ALL_VIEWS,
    limits=HingeDepthLimits,
    unit="deg",
    cue="Hinge deeper — push the hips further back until you feel the hamstrings stretch.",
    short_cue="hinge deeper",
    weight=15,
    error=ERROR_DEG,
    groups=frozenset({"sequencing"}),
    evaluate=evaluate,
    words=Words(
        topic="hinge depth",
        name="hinge too shallow",
        said="you stopped short, with the chest still high",
        fix="push the hips further back until the hamstrings stretch",
        measure="torso {value} above level at its lowest; aim for {limit} or lower",
    ),
    column=TableColumn("torso° min", "torso_angle_min_deg", is_value=True),
    plot=PlotLimit("torso_angle_deg", "below", ("max_torso_deg",), "depth target"),
)
