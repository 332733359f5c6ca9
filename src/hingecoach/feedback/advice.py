"""The one thing to fix first, and the article's drills where they fit.

Coaches give one cue at a time. The fix-first fault is the one that costs the most over the set
(its weight times the reps it appeared in), so a rounded back on four reps outranks a short pause
on one. Drills follow the article: practise the pattern unweighted for many reps with the same
cue sequence, Romanian deadlifts to own the lowering, pause deadlifts at the height where form
breaks down, and — when form slips as reps or load go up — regress the load.

Which drill a fault calls for is read from its check's ``groups`` (the names in :data:`GROUPS`)
and its cost from the check's ``weight``; nothing here lists check ids.
"""

from __future__ import annotations

from collections import Counter

from hingecoach.checks.registry import BY_ID, CHECKS
from hingecoach.feedback.words import fault_name, plural, reps_list
from hingecoach.models import Finding, RepResult

#: The feedback groups a check can belong to (``Check.groups``), and the advice each calls for.
GROUPS: dict[str, str] = {
    "sequencing": "the hips-back pattern: unweighted practice with one cue sequence, wall test",
    "spine": "head, back and lockout posture: the dowel drill, then light Romanian deadlifts",
    "back_set": "the back or the bar loses its set under load: pause deadlifts (barbell lifts)",
    "bar": "the bar path: keep the bar close with the lats engaged",
    "front": "stance and knee tracking seen from the front: feet straight, knees over toes",
    "pause": "the planned pause: decide where to pause and count it",
}
#: Exercises lifted with a barbell, where the pause deadlift is the drill for a lost set.
BARBELL = {"conventional_deadlift", "pause_deadlift", "rdl"}

_ORDER = {c.id: i for i, c in enumerate(CHECKS)}


def fix_first(reps: list[RepResult]) -> str | None:
    """Cue for the costliest fault over the set, with the reps it showed up in.

    Each fault costs its check's ``weight`` on every counted rep it shows up in; ties go to
    the check a coach looks at first (the registry's order).

    Args:
        reps: the set's reps; partial reps do not count.

    Returns:
        ``"<cue> Seen on reps 2 and 4: <the fault in words>."``, or None when the counted reps
        have no fault.
    """
    counts: Counter[str] = Counter()
    where: dict[str, list[Finding]] = {}
    for r in reps:
        if not r.counted:
            continue
        for f in r.faults:
            counts[f.check] += BY_ID[f.check].weight
            where.setdefault(f.check, []).append(f)
    if not counts:
        return None
    check = max(counts, key=lambda c: (counts[c], -_ORDER[c]))
    seen = where[check]
    names = list(dict.fromkeys(fault_name(f) for f in seen))  # a back rounded and arched: both
    return f"{BY_ID[check].cue} Seen on {reps_list([f.rep for f in seen])}: {' / '.join(names)}."


def fault_groups(reps: list[RepResult]) -> frozenset[str]:
    """The feedback groups of every check that found a fault in a counted rep."""
    return frozenset(g for r in reps if r.counted for f in r.faults for g in BY_ID[f.check].groups)


def advice(
    reps: list[RepResult], broke_at: int | None, exercise: str, *, breakdown: str | None = None
) -> list[str]:
    """Drills and load advice that apply to this set, most important first.

    Args:
        reps: the set's reps; only counted reps' faults call for drills.
        broke_at: the rep from which form stayed broken (see
            :func:`hingecoach.feedback.trend.set_trend`), or None.
        exercise: the profile's exercise id; pause deadlifts are advised for barbell lifts.
        breakdown: where in the pull form broke down (``"mid_shin"``), to place that pause.

    Returns:
        One sentence per piece of advice; a clean set gets encouragement to progress.
    """
    faults = {f.check for r in reps if r.counted for f in r.faults}
    groups = fault_groups(reps)
    tips: list[str] = []
    if broke_at is not None and broke_at > 1:
        tips.append(
            f"Form held for {plural(broke_at - 1, 'rep')} and broke at rep {broke_at}: lower "
            f"the load or stop the set after {plural(broke_at - 1, 'rep')}, and build back up "
            "only while every rep stays clean."
        )
    elif broke_at == 1 and exercise != "hinge_drill":
        one = sum(r.counted for r in reps) == 1
        tips.append(
            ("Form was off on the set's one rep" if one else "Form was off from the first rep")
            + ": take load off and rebuild the pattern before adding weight."
        )
    if "sequencing" in groups:
        tips.append(
            "Practise the hinge unweighted for multiple reps with the same cue sequence: head and "
            "torso neutral, brace, hips straight back, slight knee bend (<20°), shins vertical. "
            "Use the wall test: stand 8–12 cm from a wall and touch it with your hips first."
        )
    if "spine" in groups:
        tips.append(
            "Dowel drill: hold a dowel on your back touching head, upper back and tailbone, and "
            "hinge without losing any contact. Then Romanian deadlifts with a light load to own "
            "the lowering."
        )
    if "back_set" in groups and exercise in BARBELL:
        where = (
            f"at {breakdown.replace('_', ' ')}, where your form broke down"
            if breakdown
            else "at mid-shin or just below the knee, where your back loses its set"
        )
        tips.append(
            f"Pause deadlifts: light load, pause 1–2 s {where}, keeping the bar close with the "
            "lats engaged."
        )
    if "bar" in groups:
        tips.append(
            "Keep the bar close: think of engaging your lats (without pulling with the arms)."
        )
    if "front" in groups:
        tips.append(
            "Set the feet straight, about hip width, toes forward; keep the knees tracking over "
            "the toes."
        )
    if "pause" in groups:
        tips.append(
            "Decide before the lift where you will pause (mid-shin or just below the knee) and "
            "count a full 1–2 s."
        )
    if not faults and any(r.counted for r in reps):
        tips.append(
            "Clean set: keep the same cue sequence every rep; add load in small steps and re-check."
        )
    return tips
