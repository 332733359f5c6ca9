"""head_neutral — neutral head and neck.

Fault: cranking the head up to look forward (cervical extension) or letting it drop (flexion) as
the torso tips. Good: the head stays in line with the upper back, "chin tucked", as in the dowel
test.
Measured: the neck angle against the line of the upper back (``Signals.neck_angle_deg``: the
shoulder→ear direction against the traced back outline from the shoulder blades to shoulder
level, or against the hip→shoulder line without an outline), held for ~0.3 s, largest up and
down while the torso is in the deeper half of the rep. Against the upper back, not against the
lifter's standing head: standing, the hanging arms and the thoracic curve put the ear ahead of
the hip→shoulder line (−17° to −27° on every lifter), so "change from standing" read a neutral
head at the bottom as +20° to +25°.
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
    two_sided,
)
from hingecoach.checks.wording import Words
from hingecoach.kinematics.filters import running_median_s

#: How long a head position must hold to count, seconds: a glance is not a posture.
HOLD_S = 0.3


class HeadNeutralLimits(Limits):
    """Neck angle against the upper back: largest up (extension) and down (flexion), degrees."""

    max_up_deg: float
    max_down_deg: float


def evaluate(ctx: RepContext, limits: HeadNeutralLimits) -> Verdict | CannotJudge:
    """Largest held neck angle up and down in the deeper half of the rep."""
    lean = ctx.window(ctx.sig.lean_deg)
    neck = ctx.window(ctx.sig.neck_angle_deg)
    if not measured(neck) or not np.isfinite(lean).any():
        return CannotJudge("ears or shoulders not visible during the rep")
    held = running_median_s(neck, ctx.window(ctx.sig.t_s), HOLD_S)
    deep = np.where(lean >= 0.5 * np.nanmax(lean), held, np.nan)
    if not np.isfinite(deep).any():
        return CannotJudge("ears or shoulders not visible at the bottom of the rep")
    return two_sided(
        deep,
        ctx.span.start,
        limits.max_up_deg,
        limits.max_down_deg,
        (
            "head tilted up from the line of the upper back",
            "head dropped below the line of the upper back",
        ),
    )


#: Measurement error, deg — the ear point wanders a few degrees frame to frame on real footage
#: (hair, a cap, turning the head) and the traced upper back another degree or two (clothing).
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
    words=Words(
        topic="neutral neck",
        name="head tipped up",
        said="you looked up, bending your neck back",
        fix="tuck the chin and look a little ahead of your feet",
        measure="head {value} above the line of the upper back; up to {limit} is fine",
        under=Words(
            topic="neutral neck",
            name="head dropped",
            said="your head dropped below the line of your back",
            fix="keep the chin tucked and the neck long, in line with the back",
            measure="head {value} below the line of the upper back; up to {limit} is fine",
        ),
    ),
    column=TableColumn("neck° range", "neck_angle_range_deg"),
    plot=PlotLimit(
        "neck_angle_deg",
        "between",
        ("max_down_deg", "max_up_deg"),
        "neutral, against the upper back",
    ),
)
