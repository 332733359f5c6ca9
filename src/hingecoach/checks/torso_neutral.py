"""torso_neutral — the dowel test: head, upper back and sacrum stay on one line.

Fault: the lumbar spine rounds (flexion) or over-arches (extension) "separate from hip movement";
during a pause deadlift, the back that was set loses its set. Good: a neutral *range* — the back
may sit slightly curved, but the curve does not change while the hips flex and extend
(lumbopelvic dissociation).
Measured: change of the back outline's curvature (virtual dowel; + rounding, − arching) from the
lifter's own standing curve, held for ~0.17 s, largest over the rep. Landmarks alone cannot see
the spine, so without a back outline this check says so instead of guessing.
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
    Verdict,
    measured,
)
from hingecoach.kinematics.filters import running_median_s

#: How long a change of the back's curve must hold, seconds: short, because a swing passes its
#: bottom in a third of a second (5 frames at 30 fps, 11 at 60 fps).
SUSTAIN_S = 0.17


class TorsoNeutralLimits(Limits):
    """Largest change of back curvature from standing: rounding and arching, degrees."""

    max_flexion_deg: float
    max_extension_deg: float


def evaluate(ctx: RepContext, limits: TorsoNeutralLimits) -> Verdict | CannotJudge:
    """Largest departure of the back's curve from the standing curve."""
    bend = ctx.window(ctx.sig.spine_bend_deg)
    if not np.isfinite(bend).any():
        return CannotJudge("cannot judge from landmarks alone: no back outline was traced")
    if not measured(bend) or not np.isfinite(ctx.baseline.spine_bend_deg):
        return CannotJudge("the back outline was missing for most of the rep")
    # Held for a moment, not a flicker of the traced outline.
    held = running_median_s(bend, ctx.window(ctx.sig.t_s), SUSTAIN_S)
    change = held - ctx.baseline.spine_bend_deg
    k = int(np.nanargmax(np.abs(change)))
    value = float(change[k])
    frame = ctx.span.start + k
    if value >= 0:
        fault = value > limits.max_flexion_deg
        return Verdict(
            value, limits.max_flexion_deg, fault, frame, "lower back rounding from standing"
        )
    fault = -value > limits.max_extension_deg
    return Verdict(
        value, -limits.max_extension_deg, fault, frame, "lower back arching from standing"
    )


#: Measurement error, deg — back-outline curvature: the traced outline is noisy (clothing folds),
#: median-filtered; a few degrees of its change from standing are not a change of the spine.
ERROR_DEG = 4.0


CHECK: Check[TorsoNeutralLimits] = Check(
    id="torso_neutral",
    summary="Back stays neutral while the hips move (dowel test)",
    views=SAGITTAL_VIEWS,
    limits=TorsoNeutralLimits,
    unit="deg",
    cue="Brace and keep a flat back — head, upper back and tailbone on one line, like a dowel.",
    short_cue="flat back, like a dowel",
    weight=35,
    error=ERROR_DEG,
    groups=frozenset({"back_set", "spine"}),
    evaluate=evaluate,
    plot=PlotLimit(
        "spine_bend_deg",
        "around_standing",
        ("max_extension_deg", "max_flexion_deg"),
        "neutral vs standing",
    ),
    needs_contour=True,
)
