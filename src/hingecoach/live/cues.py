"""One spoken cue per rep: the rep's most important fault, in a coach's few words.

Between reps a lifter has a second or two and both hands on a bar, so a cue must be short and
name one thing: the check's ``short_cue``, through :mod:`hingecoach.feedback.words` like every
other surface's words. The fault chosen is the one the set score weighs most
(each check's ``weight``: spine and sequencing before positions before tempo; ties go to the
order a coach looks, :data:`hingecoach.checks.registry.CHECKS`). A clean rep gets "good". The
same fault cue is not repeated within ``cooldown_s`` — the lifter heard it and is working on it;
nagging every rep does not help — but a different fault is said at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from hingecoach.checks.registry import BY_ID, CHECKS
from hingecoach.feedback.words import short_cue
from hingecoach.models import RepResult

#: Short coach words by check id, read from each check's ``short_cue``. Kept for callers that
#: still look words up by id; new code calls :func:`hingecoach.feedback.words.short_cue`.
WORDS: dict[str, str] = {c.id: short_cue(c.id) for c in CHECKS}
#: What a clean, counted rep earns.
GOOD = "good"
#: Seconds before the same fault cue may be said again.
DEFAULT_COOLDOWN_S = 8.0

_ORDER = {c.id: i for i, c in enumerate(CHECKS)}


def top_fault(rep: RepResult) -> str | None:
    """Check id of the rep's most important fault, or None for a clean rep.

    The heaviest ``weight`` wins; ties go to the check a coach looks at first.
    """
    faults = [f.check for f in rep.faults]
    if not faults:
        return None
    return min(faults, key=lambda c: (-BY_ID[c].weight, _ORDER[c]))


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
    """Picks at most one cue per rep and keeps the cool-down.

    Args:
        cooldown_s: seconds before the same fault's cue may be said again.
    """

    def __init__(self, *, cooldown_s: float = DEFAULT_COOLDOWN_S) -> None:
        """Start with nothing said yet."""
        self.cooldown_s = cooldown_s
        self._last_said: dict[str, float] = {}

    def cue(self, rep: RepResult, t_s: float) -> Cue:
        """The cue for ``rep``.

        Args:
            rep: the rep just completed.
            t_s: when it completed, seconds on the session's clock (for the cool-down).

        Returns:
            The top fault's short cue, "good" for a clean rep, or "" when nothing is said.
        """
        if not (rep.counted and rep.measurable):
            return Cue("", None)
        fault = top_fault(rep)
        if fault is None:
            return Cue(GOOD, None)
        last = self._last_said.get(fault)
        if last is not None and t_s - last < self.cooldown_s:
            return Cue("", fault)
        self._last_said[fault] = t_s
        return Cue(short_cue(fault), fault)
