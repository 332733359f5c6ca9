"""pause_position — the pause of a pause deadlift sits at mid-shin or just below the knee.

Fault: pausing somewhere else (above the knee, or with the bar barely off the floor), where the
pause no longer challenges the set back. Good: "pause for a second or two at mid-shin or just below
the knee" — the heights where form tends to break down.
Measured: the hands' height during the pause as a fraction of the shin (0 = ankle, 1 = knee).

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


class PausePositionLimits(Limits):
    """Allowed pause height on the shin: ``min_shin``..``max_shin`` (0 ankle, 1 knee)."""

    min_shin: float
    max_shin: float


def evaluate(ctx: RepContext, limits: PausePositionLimits) -> Verdict | CannotJudge:
    """Pause height against the mid-shin..below-the-knee band."""
    pause = ctx.phases.pause
    if pause is None:
        return CannotJudge("no pause found in this rep")
    h = pause.height_shin
    if h > limits.max_shin:
        return Verdict(h, limits.max_shin, True, pause.start, "pause above the knee")
    if h < limits.min_shin:
        return Verdict(h, limits.min_shin, True, pause.start, "pause too close to the floor")
    return Verdict(h, limits.max_shin, False, pause.start, "pause height on the shin")


#: Measurement error, shin — bar height on the shin: a tenth of the shin is the hand landmark's
#: jitter.
ERROR_SHIN = 0.1


CHECK: Check[PausePositionLimits] = Check(
    id="pause_position",
    summary="Pause at mid-shin or just below the knee",
    views=SAGITTAL_VIEWS,
    limits=PausePositionLimits,
    unit="shin",
    cue="Pause at mid-shin or just below the knee — where your back tends to lose its set.",
    short_cue="pause at mid-shin",
    weight=15,
    error=ERROR_SHIN,
    groups=frozenset({"pause"}),
    evaluate=evaluate,
    words=Words(
        topic="pause height",
        name="paused above the knee",
        said="you paused with the bar above the knee",
        fix="pause at mid-shin or just below the knee",
        measure="bar at {value}; pause no higher than {limit}",
        under=Words(
            topic="pause height",
            name="paused too close to the floor",
            said="you paused with the bar barely off the floor",
            fix="pause at mid-shin or just below the knee",
            measure="bar at {value}; pause no lower than {limit}",
        ),
    ),
    column=PAUSE_COLUMN,
)
