"""Where form broke across the set, and which measure drifted.

The article's warning: "as sets get heavier and reps increase, hinge mechanics can slip". We look
for the first rep from which a fault keeps coming back — at least ``PERSIST`` of the reps from
there to the end show it — and report the measure's values before and after, so the lifter sees
the drift in numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from hingecoach.checks.registry import BY_ID
from hingecoach.feedback.words import cap, value_text
from hingecoach.models import RepResult

#: Share of the remaining reps that must show the fault for form to count as broken.
PERSIST = 0.67


@dataclass(frozen=True)
class Trend:
    """First rep where form broke (None if it held) and how each measure drifted.

    Attributes:
        broke_at_rep: the first rep from which a fault kept coming back, or None.
        drifted: per broken check, a sentence: its value at the first and last counted rep, or
            that it was off from the first rep on (no drift in a one-rep set).
    """

    broke_at_rep: int | None
    drifted: list[str]


def _faulty(reps: list[RepResult], check: str) -> list[bool]:
    return [any(f.check == check for f in r.faults) for r in reps]


def set_trend(reps: list[RepResult], checks_values: dict[int, dict[str, float]]) -> Trend:
    """Find the breakdown rep over counted reps.

    Args:
        reps: the set's reps.
        checks_values: per rep index, every judged check's measured value (clean or not), so the
            drift can be told from the first rep's number to the last.

    Returns:
        The breakdown rep and the drift of each check that broke.
    """
    counted = [r for r in reps if r.counted and r.measurable]
    broke: int | None = None
    broken: list[tuple[int, str]] = []
    checks = sorted({f.check for r in counted for f in r.faults})
    for check in checks:
        flags = _faulty(counted, check)
        for k, bad in enumerate(flags):
            rest = flags[k:]
            if bad and sum(rest) / len(rest) >= PERSIST:
                broken.append((counted[k].index, check))
                break
    if broken:
        broke = min(i for i, _ in broken)
    drifted = []
    first, last = (counted[0].index, counted[-1].index) if counted else (0, 0)
    for at, check in sorted(broken):
        if first == last:
            break  # one counted rep: nothing can drift
        topic, unit = cap(BY_ID[check].words.topic), BY_ID[check].unit
        v0 = checks_values.get(first, {}).get(check)
        v1 = checks_values.get(last, {}).get(check)
        if v0 is not None and v1 is not None and at > first:
            drifted.append(
                f"{topic}: {value_text(v0, unit)} on rep {first}, {value_text(v1, unit)} on "
                f"rep {last}; off from rep {at} on."
            )
        elif at > first:
            drifted.append(f"{topic}: off from rep {at} on.")
        else:
            drifted.append(f"{topic}: off from rep {first} on, the pattern rather than fatigue.")
    return Trend(broke, drifted)
