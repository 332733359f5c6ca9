"""lowering_control — control the lowering.

Fault: dropping into the bottom. The Romanian deadlift is prized because it trains the eccentric
("lower barbell the same way"); a lowering that takes a fraction of a second is not controlled.
Good: a steady lowering (a controlled RDL takes about two seconds).
Measured: the time the shoulders take from 10% to 90% of their descent, seconds — the
middle of the lowering, where dropping and controlling differ (about half of the whole lowering
for a smooth movement).
"""

from __future__ import annotations

from hingecoach.checks.base import (
    ALL_VIEWS,
    CannotJudge,
    Check,
    Limits,
    RepContext,
    TableColumn,
    Verdict,
    under_min,
)
from hingecoach.checks.wording import Words


class LoweringControlLimits(Limits):
    """``min_lower_s``: shortest acceptable 10→90% lowering time, seconds."""

    min_lower_s: float


def evaluate(ctx: RepContext, limits: LoweringControlLimits) -> Verdict | CannotJudge:
    """Lowering time against ``min_lower_s``."""
    if ctx.span.from_bottom or ctx.phases.lower_end <= ctx.span.start:
        return CannotJudge("the lowering of this rep was not in the clip")
    if not ctx.phases.lower_core_s == ctx.phases.lower_core_s:  # NaN
        # Shoulder height is read above the ankles: hidden ankles (plates, a close-up) or a
        # descent seen only in part leave nothing to time.
        return CannotJudge("the shoulders' descent was not measured (the ankles hidden?)")
    return under_min(
        ctx.phases.lower_core_s,
        limits.min_lower_s,
        ctx.span.start,
        "lowering time, 10→90% of the descent",
    )


#: Measurement error, s — lowering time: the 10 % and 90 % crossings each fall on a whole frame,
#: about a frame off at 30 fps (0.033 s) at each end.
ERROR_S = 0.07


CHECK: Check[LoweringControlLimits] = Check(
    id="lowering_control",
    summary="The lowering is controlled",
    views=ALL_VIEWS,
    limits=LoweringControlLimits,
    unit="s",
    cue="Control the way down — lower for a slow two count, feeling the hamstrings load.",
    short_cue="control the way down",
    weight=10,
    error=ERROR_S,
    groups=frozenset(),
    evaluate=evaluate,
    words=Words(
        topic="controlled lowering",
        name="lowered too fast",
        said="you dropped into the rep too fast",
        fix="lower for a slow two count, feeling the hamstrings load",
        measure="lowering took {value}; take at least {limit}",
    ),
    column=TableColumn("down (s)", "lower_s", "{:.1f}", is_value=True),
)
