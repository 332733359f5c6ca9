"""head_neutral — neutral head and neck.

Fault: cranking the head up to look forward (cervical extension) or letting it drop (flexion) as
the torso tips. Good: the head stays in line with the torso, "chin tucked", as in the dowel test.
Measured: neck angle (shoulder→ear against hip→shoulder) relative to the lifter's standing head
position, the largest departure while the torso is in the deeper half of the rep.
"""

from __future__ import annotations

import numpy as np

from hingecoach.checks.base import (
    SAGITTAL_VIEWS,
    CannotJudge,
    Check,
    Limits,
    PlotLimit,
    RepContext,
    TableColumn,
    Verdict,
    measured,
)


class HeadNeutralLimits(Limits):
    """Largest change of the neck angle from standing, up (extension) and down, degrees."""

    max_up_deg: float
    max_down_deg: float


def evaluate(ctx: RepContext, limits: HeadNeutralLimits) -> Verdict | CannotJudge:
    """Largest neck-angle change from standing in the deeper half of the rep."""
    lean = ctx.window(ctx.sig.lean_deg)
    neck = ctx.window(ctx.sig.neck_angle_deg)
    base = ctx.baseline.neck_angle_deg
    if not measured(neck) or not np.isfinite(base):
        return CannotJudge("ears or shoulders not visible during the rep")
    deep = lean >= 0.5 * np.nanmax(lean)
    change = np.where(deep, neck - base, np.nan)
    if not np.isfinite(change).any():
        return CannotJudge("ears or shoulders not visible at the bottom of the rep")
    k = int(np.nanargmax(np.abs(change)))
    value, frame = float(change[k]), ctx.span.start + k
    if value >= 0:
        return Verdict(
            value,
            limits.max_up_deg,
            value > limits.max_up_deg,
            frame,
            "head tilted up from neutral",
        )
    return Verdict(
        value,
        -limits.max_down_deg,
        -value > limits.max_down_deg,
        frame,
        "head dropped from neutral",
    )


#: Measurement error, deg — neck angle from the ear, shoulder and hip landmarks: the ear point
#: wanders a few degrees frame to frame on real footage (hair, turning the head).
ERROR_DEG = 4.0


CHECK: Check[HeadNeutralLimits] = Check(
    id="head_neutral",
    summary="Head and neck stay neutral",
    views=SAGITTAL_VIEWS,
    limits=HeadNeutralLimits,
    unit="deg",
    cue="Chin tucked, neutral neck — keep your gaze a little ahead of your feet.",
    short_cue="chin tucked, neutral neck",
    weight=15,
    error=ERROR_DEG,
    groups=frozenset({"spine"}),
    evaluate=evaluate,
    column=TableColumn("neck° range", "neck_angle_range_deg"),
    plot=PlotLimit(
        "neck_angle_deg",
        "around_standing",
        ("max_down_deg", "max_up_deg"),
        "neutral vs standing",
    ),
)
