"""A rep as the live coach delivers it: the engine's judged rep plus the cue chosen for it."""

from __future__ import annotations

from dataclasses import dataclass

from hingecoach.models import RepResult


@dataclass(frozen=True)
class CoachedRep:
    """A rep judged the moment it completed, and what the coach says about it.

    Attributes:
        rep: the judged rep (frames index the session, as in the final result).
        exercise: the exercise it was judged as.
        cue: words to show and speak; "" when nothing is said (partial rep or cool-down).
        fault: check id of the rep's top fault, or None when clean or not judged.
        lockout_t_s: time of the rep's lockout (its last frame), seconds.
        emitted_t_s: time of the frame that completed it.
    """

    rep: RepResult
    exercise: str
    cue: str
    fault: str | None
    lockout_t_s: float
    emitted_t_s: float
