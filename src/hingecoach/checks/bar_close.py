"""bar_close — the bar travels over mid-foot.

Fault: the bar drifts away from the body, out over the toes, during the pull or the lowering
("keep the barbell close to the body"; "avoid the barbell drifting away from the body"). The
lifter and the bar balance over the middle of the foot; a bar ahead of it hangs on a longer
lever from the hips and the lower back and pulls the lifter onto the toes.
Good: the bar path is a vertical line over mid-foot — the bar brushes the shins and thighs, the
lats keep it in.
Measured: the hands' horizontal distance ahead of mid-foot
(:mod:`hingecoach.kinematics.bar`), body lengths, while the torso is hinged (the pull and the
lowering; standing, the bar hangs at the thighs wherever the arms put it): the largest that
holds for ~0.3 s. The path's forward wander (largest minus smallest over the same frames) is
named with it.
"""

from __future__ import annotations

import numpy as np

from hingecoach.checks.base import (
    HOLD_S,
    CannotJudge,
    Check,
    Limits,
    RepContext,
    Verdict,
    measured,
    over_max,
)
from hingecoach.checks.wording import Words
from hingecoach.kinematics.filters import running_median_s
from hingecoach.models import View

#: Judged side-on only, as a coach films a bar path. In an oblique view the forward distance is
#: read as its image length over ``cos(yaw)`` (×1.15–1.6 at 30–50°, every pixel of error with
#: it), the yaw that undoes it is itself estimated several degrees off (synthetic 45° views
#: read 49–52°: 12 % on the distance), and hands and feet at different depths shift apart by
#: perspective: the error grows to ~0.04 bl, as large as the margin between a bar over mid-foot
#: and one over the toes.
VIEWS: frozenset[View] = frozenset({"side"})
#: The torso is hinged (the bar is being pulled or lowered, not held standing) beyond this lean
#: from vertical, degrees: a deadlift starts at 45–70°, an RDL bottoms at 60–90°, while standing
#: tall sways within ~15°.
HINGED_LEAN_DEG = 30.0


class BarCloseLimits(Limits):
    """``max_offset_bl``: farthest the bar may hold ahead of mid-foot while hinged, body lengths."""

    max_offset_bl: float


def evaluate(ctx: RepContext, limits: BarCloseLimits) -> Verdict | CannotJudge:
    """Largest held distance of the bar ahead of mid-foot while the torso is hinged."""
    lean = ctx.window(ctx.sig.lean_deg)
    hinged = np.nan_to_num(lean, nan=0.0) >= HINGED_LEAN_DEG
    if not hinged.any():
        return CannotJudge("the torso never hinged during the rep")
    held = running_median_s(ctx.window(ctx.sig.bar_offset_bl), ctx.window(ctx.sig.t_s), HOLD_S)
    path = np.where(hinged, held, np.nan)
    if not measured(held[hinged]):
        return CannotJudge("hands or feet not seen while the torso was hinged")
    k = int(np.nanargmax(path))
    value, frame = float(path[k]), ctx.span.start + k
    wander = value - float(np.nanmin(path))
    detail = f"bar ahead of mid-foot (path wanders {wander:.2f} bl)"
    return over_max(value, limits.max_offset_bl, frame, detail)


#: Measurement error, bl — the hands: the wrist landmark jitters ~1 % of the body's length frame
#: to frame, well under 1 % once filtered and held for 0.3 s, and the bar sits in the hand up to
#: ~1 % ahead of the wrist when the arm is not quite vertical; mid-foot: the heel and toe
#: landmarks sit within ~1 % of the shoe's ends once steadied over the frames that see the feet
#: (the ankle-plus-a-quarter-foot fallback varies with the foot's proportions by ~0.5 %).
#: Summed in quadrature, about 2 % of the body's length (~3 cm).
ERROR_BL = 0.02


CHECK: Check[BarCloseLimits] = Check(
    id="bar_close",
    summary="Bar travels in a straight line over mid-foot",
    views=VIEWS,
    limits=BarCloseLimits,
    unit="bl",
    cue=(
        "Keep the bar over your mid-foot — drag it up your shins and thighs, "
        "and pull your shoulders down so your lats hold it in."
    ),
    short_cue="bar over mid-foot",
    weight=25,
    error=ERROR_BL,
    groups=frozenset({"back_set", "bar"}),
    evaluate=evaluate,
    words=Words(
        topic="bar over mid-foot",
        name="bar drifted away from the legs",
        said="the bar drifted forward, away from your legs",
        fix="drag the bar up your shins and thighs with the lats tight",
        measure="bar {value} ahead of mid-foot; up to {limit} is fine",
    ),
)
