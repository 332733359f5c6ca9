"""The 0–100 set score: how much of the set was clean, weighted by what matters most.

Each fault costs its check's ``weight`` on that rep (a rounded back or knees-first sequencing costs
more than a short pause); a rep cannot fall below zero; the set score is the mean over the reps
that counted and could be measured. Findings that could not be judged cost nothing — and do not
earn anything either, which the result states in ``not_judged``.
"""

from __future__ import annotations

from hingecoach.checks.registry import BY_ID
from hingecoach.models import RepResult


def rep_score(rep: RepResult) -> int:
    """100 minus the weights of the rep's faults, floored at 0.

    Each check carries its weight (:attr:`hingecoach.checks.base.Check.weight`): spine and
    sequencing first (injury risk), then the positions that shift load to the knees or the
    lower back, then tempo and pause details.
    """
    return max(0, 100 - sum(BY_ID[f.check].weight for f in rep.faults))


def set_score(reps: list[RepResult]) -> int | None:
    """Mean rep score of counted, measurable reps; None when there are none.

    Args:
        reps: the set's reps.

    Returns:
        0–100 rounded to a whole number, or None when no rep was counted and measurable.
    """
    scored = [rep_score(r) for r in reps if r.counted and r.measurable]
    if not scored:
        return None
    return round(sum(scored) / len(scored))
