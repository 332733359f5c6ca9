"""The 0–100 set score: how much of the set was clean, weighted by what matters most.

Each fault costs its check's weight on that rep (a rounded back or knees-first sequencing costs
more than a short pause); a rep cannot fall below zero; the set score is the mean over the reps
that counted and could be measured. Findings that could not be judged cost nothing — and do not
earn anything either, which the result states in ``not_judged``.
"""

from __future__ import annotations

from hingecoach.models import RepResult

#: Points a fault costs on its rep, by check id. Spine and sequencing first (injury risk), then
#: the positions that shift load to the knees or the lower back, then tempo and pause details.
WEIGHTS: dict[str, int] = {
    "torso_neutral": 35,
    "hips_back_first": 30,
    "bar_close": 25,
    "knee_bend": 20,
    "shin_vertical": 20,
    "head_neutral": 15,
    "lockout_overextension": 15,
    "knee_valgus": 25,
    "feet_turnout": 10,
    "hinge_depth": 15,
    "pause_position": 15,
    "pause_duration": 15,
    "lowering_control": 10,
}


def rep_score(rep: RepResult) -> int:
    """100 minus the weights of the rep's faults, floored at 0."""
    return max(0, 100 - sum(WEIGHTS.get(f.check, 15) for f in rep.faults))


def set_score(reps: list[RepResult]) -> int | None:
    """Mean rep score of counted, measurable reps; None when there are none."""
    scored = [rep_score(r) for r in reps if r.counted and r.measurable]
    if not scored:
        return None
    return round(sum(scored) / len(scored))
