"""lowering_control — control the lowering.

Fault: dropping into the bottom. The Romanian deadlift is prized because it trains the eccentric
("lower barbell the same way"); a lowering that takes a fraction of a second is not controlled.
Good: a steady lowering of at least about a second (exercise profile).
Measured: duration of the lowering phase, seconds.
"""

from __future__ import annotations

from hingecoach.checks.base import (
    ALL_VIEWS,
    CannotJudge,
    Check,
    Limits,
    RepContext,
    Verdict,
    under_min,
)


class LoweringControlLimits(Limits):
    """``min_lower_s``: shortest acceptable lowering, seconds."""

    min_lower_s: float


def evaluate(ctx: RepContext, limits: Limits) -> Verdict | CannotJudge:
    """Lowering time against ``min_lower_s``."""
    assert isinstance(limits, LoweringControlLimits)
    if ctx.phases.lower_end <= ctx.span.start:
        return CannotJudge("the lowering of this rep was not in the clip")
    return under_min(ctx.phases.lower_s, limits.min_lower_s, ctx.span.start, "lowering time")


CHECK = Check(
    id="lowering_control",
    summary="The lowering is controlled",
    views=ALL_VIEWS,
    limits=LoweringControlLimits,
    unit="s",
    cue="Control the way down — lower for a slow two count, feeling the hamstrings load.",
    evaluate=evaluate,
)
