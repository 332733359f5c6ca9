"""torso_neutral — the dowel test: head, upper back and sacrum stay on one line.

Fault: the lumbar spine rounds (flexion) or over-arches (extension) "separate from hip movement";
during a pause deadlift, the back that was set loses its set. Good: a neutral *range* — the back
may sit slightly curved, but the curve does not change while the hips flex and extend
(lumbopelvic dissociation).
Measured: the curve of the back outline from the sacrum to shoulder level (virtual dowel; +
rounding, − arching), held for ~0.6 s, largest and smallest while the torso is hinged past
45°. Like with like: hinged that far, the rays that trace the outline meet the sacrum and the
back, not the glutes (which stand out behind the hips when upright) nor the head, so every rep
is read on the same stretch of the back. The lifter's standing outline is no reference: it
includes the glutes and the lumbar curve, and read a flat hinged back as +30° "rounding" for
everyone. Landmarks alone cannot see the spine, so without a back outline this check says so.
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
    two_sided,
)
from hingecoach.checks.wording import Words
from hingecoach.kinematics.filters import running_median_s

#: How long a curve must hold, seconds: the outline flickers with clothing folds frame to frame;
#: a back that rounds stays rounded through the bottom and the first part of the pull.
SUSTAIN_S = 0.6
#: Torso lean from vertical past which the outline is the back alone, degrees: upright, the
#: rays from hip level meet the glutes; hinged past 45° they meet the sacrum.
HINGED_LEAN_DEG = 45.0


class TorsoNeutralLimits(Limits):
    """Curve of the hinged back's outline: largest rounding and arching, degrees."""

    max_flexion_deg: float
    max_extension_deg: float


def evaluate(ctx: RepContext, limits: TorsoNeutralLimits) -> Verdict | CannotJudge:
    """Largest and smallest held curve of the back outline while the torso is hinged."""
    bend = ctx.window(ctx.sig.spine_bend_deg)
    if not np.isfinite(bend).any():
        return CannotJudge("cannot judge from landmarks alone: no back outline was traced")
    hinged = ctx.window(ctx.sig.lean_deg) >= HINGED_LEAN_DEG
    if not hinged.any():
        return CannotJudge(f"the torso never leaned past {HINGED_LEAN_DEG:.0f}°")
    if not measured(bend[hinged]):
        return CannotJudge("the back outline was missing for most of the hinged part")
    held = running_median_s(np.where(hinged, bend, np.nan), ctx.window(ctx.sig.t_s), SUSTAIN_S)
    return two_sided(
        held,
        ctx.span.start,
        limits.max_flexion_deg,
        limits.max_extension_deg,
        ("back rounded while hinged", "lower back arched while hinged"),
    )


#: Measurement error, deg — back-outline curvature: the traced outline moves with clothing
#: folds and the mask's edge; after the median a few degrees of it are not the spine.
ERROR_DEG = 5.0


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
    words=Words(
        topic="flat back",
        name="back rounded",
        said="your back rounded while you were bent over",
        fix="brace and keep head, upper back and tailbone on one line",
        measure="back rounded {value}; up to {limit} is fine",
        under=Words(
            topic="flat back",
            name="lower back arched",
            said="your lower back arched while you were bent over",
            fix="brace with the ribs down and keep the back flat",
            measure="back arched {value}; up to {limit} is fine",
        ),
    ),
    plot=PlotLimit(
        "spine_bend_deg",
        "between",
        ("max_extension_deg", "max_flexion_deg"),
        "neutral back, judged hinged past 45°",
    ),
    needs_contour=True,
)
