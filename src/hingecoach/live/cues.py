"""One spoken cue per rep: the rep's most important fault, in a coach's few words.

Between reps a lifter has a second or two and both hands on a bar, so a cue must be short and
name one thing. The fault chosen is the one the set score weighs most
(:data:`hingecoach.feedback.score.WEIGHTS`: spine and sequencing before positions before tempo;
ties go to the order a coach looks, :data:`hingecoach.checks.registry.CHECKS`). A clean rep gets
"good". The same fault cue is not repeated within ``cooldown_s`` — the lifter heard it and is
working on it; nagging every rep does not help — but a different fault is said at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from hingecoach.checks.registry import CHECKS
from hingecoach.feedback.score import WEIGHTS
from hingecoach.models import RepResult

#: Short coach words per check id, in the article's terms (the full cue is in the result).
WORDS: dict[str, str] = {
    "hips_back_first": "hips back first",
    "torso_neutral": "flat back, like a dowel",
    "knee_bend": "soft knees, push the hips back",
    "shin_vertical": "keep the shins vertical",
    "head_neutral": "chin tucked, neutral neck",
    "hinge_depth": "hinge deeper",
    "bar_close": "keep the bar close",
    "lockout_overextension": "finish tall, don't lean back",
    "knee_valgus": "knees out over the toes",
    "feet_turnout": "toes forward",
    "pause_position": "pause at mid-shin",
    "pause_duration": "hold the pause longer",
    "lowering_control": "control the way down",
}
#: What a clean, counted rep earns.
GOOD = "good"
#: Seconds before the same fault cue may be said again.
DEFAULT_COOLDOWN_S = 8.0

_ORDER = {c.id: i for i, c in enumerate(CHECKS)}


def top_fault(rep: RepResult) -> str | None:
    """Check id of the rep's most important fault, or None for a clean rep."""
    faults = [f.check for f in rep.faults]
    if not faults:
        return None
    return min(faults, key=lambda c: (-WEIGHTS.get(c, 0), _ORDER.get(c, len(_ORDER))))


@dataclass(frozen=True)
class Cue:
    """What the coach says after one rep.

    Attributes:
        text: the words to show and speak; "" when nothing is said (a partial rep, or the same
            fault inside its cool-down).
        fault: check id of the rep's top fault (shown in the window even when not spoken).
    """

    text: str
    fault: str | None


class CueCoach:
    """Picks at most one cue per rep and keeps the cool-down."""

    def __init__(self, *, cooldown_s: float = DEFAULT_COOLDOWN_S) -> None:
        self.cooldown_s = cooldown_s
        self._last_said: dict[str, float] = {}

    def cue(self, rep: RepResult, t_s: float) -> Cue:
        """The cue for ``rep``, completed at ``t_s`` seconds (the session's clock)."""
        if not (rep.counted and rep.measurable):
            return Cue("", None)
        fault = top_fault(rep)
        if fault is None:
            return Cue(GOOD, None)
        last = self._last_said.get(fault)
        if last is not None and t_s - last < self.cooldown_s:
            return Cue("", fault)
        self._last_said[fault] = t_s
        return Cue(WORDS.get(fault, fault.replace("_", " ")), fault)
