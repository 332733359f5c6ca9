"""shin_vertical — shins nearly vertical at the bottom.

Fault: the shins tip forward (knees travel over the toes), so the lift becomes knee-dominant.
Good: "keep the shins nearly vertical" while the hips go back.
Measured: shin angle from vertical (+ knee ahead of the ankle) at the bottom of the rep.
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


class ShinVerticalLimits(Limits):
    """``max_deg``: largest forward shin angle from vertical at the bottom, degrees."""

    max_deg: float


def evaluate(ctx: RepContext, limits: ShinVerticalLimits) -> Verdict | CannotJudge:
    """Shin angle at the bottom against ``max_deg``."""
    got = at_bottom(ctx, ctx.sig.shin_angle_deg)
    if got is None:
        return CannotJudge("knee or ankle not visible at the bottom of the rep")
    value, frame = got
    return over_max(value, limits.max_deg, frame, "shin angle from vertical at the bottom")


#: Measurement error, deg — shin angle: 0.7° mean error in oblique views of the synthetic suite
#: (0.5° side); ankle and knee landmarks jitter a degree or two more on real footage.
ERROR_DEG = 2.0


CHECK: Check[ShinVerticalLimits] = Check(
    id="shin_vertical",
    summary="Shins stay nearly vertical",
    views=SAGITTAL_VIEWS,
    limits=ShinVerticalLimits,
    unit="deg",
    cue="Keep the shins vertical — knees stay over the ankles while the hips travel back.",
    short_cue="keep the shins vertical",
    weight=20,
    error=ERROR_DEG,
    groups=frozenset({"sequencing"}),
    evaluate=evaluate,
    words=Words(
        topic="vertical shins",
        name="shins tipped forward",
        said="your shins tipped forward at the bottom",
        fix="keep the knees over the ankles while the hips travel back",
        measure="shins {value} from vertical at the bottom; up to {limit} is fine",
    ),
    column=TableColumn("shin° max", "shin_angle_max_deg"),
    plot=PlotLimit("shin_angle_deg", "above", ("max_deg",), "shin"),
)
