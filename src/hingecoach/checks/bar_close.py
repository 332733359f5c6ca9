"""bar_close — the bar stays close to the body.

Fault: the bar drifts away from the legs, which lengthens the lever on the lower back ("keep the
barbell close to the body"; "avoid the barbell drifting away from the body").
Good: the bar brushes the thighs and shins all the way, lats engaged.
Measured: the hands' horizontal distance ahead of the leg line (joint centres) at their own
height, body lengths; the largest held for ~0.3 s over the rep.
"""

from __future__ import annotations

from hingecoach.checks.base import (
    SAGITTAL_VIEWS,
    CannotJudge,
    Check,
    Limits,
    RepContext,
    Verdict,
    held_max,
    over_max,
)


class BarCloseLimits(Limits):
    """``max_offset_bl``: largest distance of the hands ahead of the legs, body lengths."""

    max_offset_bl: float


def evaluate(ctx: RepContext, limits: BarCloseLimits) -> Verdict | CannotJudge:
    """Largest bar offset from the legs during the rep."""
    got = held_max(ctx, ctx.sig.bar_offset_bl)
    if got is None:
        return CannotJudge("wrists not visible during the rep")
    value, frame = got
    return over_max(value, limits.max_offset_bl, frame, "bar distance ahead of the legs")


#: Measurement error, bl — hands' offset, body lengths: wrist landmarks jitter ~1 % of the body's
#: length, the hand's grip point sits another ~1 % from the wrist landmark.
ERROR_BL = 0.02


CHECK: Check[BarCloseLimits] = Check(
    id="bar_close",
    summary="Bar stays close to the legs",
    views=SAGITTAL_VIEWS,
    limits=BarCloseLimits,
    unit="bl",
    cue="Keep the bar close — drag it along your thighs and shins; pull the shoulders down (lats).",
    short_cue="keep the bar close",
    weight=25,
    error=ERROR_BL,
    groups=frozenset({"back_set", "bar"}),
    evaluate=evaluate,
)
