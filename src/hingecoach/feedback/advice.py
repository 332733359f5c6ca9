"""The one thing to fix first, and the article's drills where they fit.

Coaches give one cue at a time. The fix-first fault is the one that costs the most over the set
(its weight times the reps it appeared in), so a rounded back on four reps outranks a short pause
on one. Drills follow the article: practise the pattern unweighted for many reps with the same
cue sequence, Romanian deadlifts to own the lowering, pause deadlifts at the height where form
breaks down, and — when form slips as reps or load go up — regress the load.
"""

from __future__ import annotations

from collections import Counter

from hingecoach.checks.registry import BY_ID
from hingecoach.feedback.score import WEIGHTS
from hingecoach.models import RepResult

SEQUENCING = {"hips_back_first", "knee_bend", "shin_vertical", "hinge_depth"}
SPINE = {"torso_neutral", "head_neutral", "lockout_overextension"}
BAR = {"bar_close"}
FRONT = {"knee_valgus", "feet_turnout"}
PAUSE = {"pause_position", "pause_duration"}
BARBELL = {"conventional_deadlift", "pause_deadlift", "rdl"}


def fix_first(reps: list[RepResult]) -> str | None:
    """Cue for the costliest fault over the set, with the reps it showed up in."""
    counts: Counter[str] = Counter()
    where: dict[str, list[int]] = {}
    for r in reps:
        if not r.counted:
            continue
        for f in r.faults:
            counts[f.check] += WEIGHTS.get(f.check, 15)
            where.setdefault(f.check, []).append(r.index)
    if not counts:
        return None
    check = max(counts, key=lambda c: (counts[c], -list(BY_ID).index(c)))
    reps_txt = ", ".join(str(i) for i in sorted(set(where[check])))
    return f"{BY_ID[check].cue} ({check}, rep {reps_txt})"


def advice(
    reps: list[RepResult], broke_at: int | None, exercise: str, *, breakdown: str | None = None
) -> list[str]:
    """Drills and load advice that apply to this set, most important first."""
    faults = {f.check for r in reps if r.counted for f in r.faults}
    tips: list[str] = []
    if broke_at is not None and broke_at > 1:
        tips.append(
            f"Form held until rep {broke_at - 1} and broke at rep {broke_at}: lower the load "
            f"(regress) or stop the set at {broke_at - 1} reps, and build back up only while "
            "every rep stays clean."
        )
    elif broke_at == 1 and exercise != "hinge_drill":
        tips.append(
            "Form was off from the first rep: take load off and rebuild the pattern before "
            "adding weight."
        )
    if faults & SEQUENCING:
        tips.append(
            "Practise the hinge unweighted for multiple reps with the same cue sequence: head and "
            "torso neutral, brace, hips straight back, slight knee bend (<20°), shins vertical. "
            "Use the wall test: stand 3–5 inches from a wall and touch it with your hips first."
        )
    if faults & SPINE:
        tips.append(
            "Dowel drill: hold a dowel on your back touching head, upper back and sacrum, and "
            "hinge without losing any contact. Then Romanian deadlifts with a light load to own "
            "the lowering."
        )
    if faults & ({"torso_neutral"} | BAR) and exercise in BARBELL:
        where = (
            f"at {breakdown.replace('_', ' ')}, where your form broke down"
            if breakdown
            else "at mid-shin or just below the knee, where your back loses its set"
        )
        tips.append(
            f"Pause deadlifts: light load, pause 1–2 s {where}, keeping the bar close with the "
            "lats engaged."
        )
    if faults & BAR:
        tips.append(
            "Keep the bar close: think of engaging your lats (without pulling with the arms)."
        )
    if faults & FRONT:
        tips.append(
            "Set the feet straight, about hip width, toes forward; keep the knees tracking over "
            "the toes."
        )
    if faults & PAUSE:
        tips.append(
            "Decide before the lift where you will pause (mid-shin or just below the knee) and "
            "count a full 1–2 s."
        )
    if not faults and any(r.counted for r in reps):
        tips.append(
            "Clean set: keep the same cue sequence every rep; add load in small steps and re-check."
        )
    return tips
