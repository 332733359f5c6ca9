"""pause_duration — hold the pause for a second or two.

Fault: a pause too short to build the position (or none at all in a pause deadlift), or one so
long the set turns into an isometric test. Good: "pause for a second or two".
Measured: the longest still hold of the hands during the rise, seconds.

Only side and oblique views: from the front, a bar paused a few centimetres off the floor
and one resting on it look the same.
"""

from __future__ import annotations

from hingecoach.checks.base import (
    PAUSE_COLUMN,
    SAGITTAL_VIEWS,
    CannotJudge,
    Check,
    Limits,
    RepContext,
    Verdict,
)
from hingecoach.checks.wording import Words


class PauseDurationLimits(Limits):
    """Pause length band, seconds."""

    min_s: float
    max_s: float


def evaluate(ctx: RepContext, limits: PauseDurationLimits) -> Verdict | CannotJudge:
    """Pause length against ``min_s``..``max_s``; no pause at all counts as 0 s."""
    pause = ctx.phases.pause
    if pause is None:
        return Verdict(0.0, limits.min_s, True, ctx.span.bottom, "no pause in the pull")
    d = pause.duration_s
    if d > limits.max_s:
        return Verdict(d, limits.max_s, True, pause.start, "pause longer than planned")
    return Verdict(d, limits.min_s, d < limits.min_s, pause.start, "pause length")


#: Measurement error, s — pause length: the hold's start and end are each found to about a frame at
#: 30 fps after smoothing, so ~0.1 s together.
ERROR_S = 0.1


CHECK: Check[PauseDurationLimits] = Check(
    id="pause_duration",
    summary="Pause lasts a second or two",
    views=SAGITTAL_VIEWS,
    limits=PauseDurationLimits,
    unit="s",
    cue="Hold the pause a full one-to-two count, back set, bar close.",
    short_cue="hold the pause longer",
    weight=15,
    error=ERROR_S,
    groups=frozenset({"pause"}),
    evaluate=evaluate,
    words=Words(
        topic="pause length",
        name="paused too long",
        said="you held the pause longer than planned",
        fix="hold the pause one to two seconds, then pull",
        measure="pause {value}; at most {limit}",
        under=Words(
            topic="pause length",
            name="pause too short",
            said="your pause was too short or missing",
            fix="hold the pause for a full one-to-two count",
            measure="pause {value}; hold it at least {limit}",
        ),
    ),
    column=PAUSE_COLUMN,
)
