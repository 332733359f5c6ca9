"""The progression plan: the next session's prescription from an athlete's history.

The article's order (its "2 Ways to Improve Hip Hinge" and "Wrapping Up"), as four stages:

1. **unweighted hinge practice** until the pattern is consistent ("the first step ... is by
   practicing the movement pattern unweighted for multiple reps");
2. **Romanian deadlifts**, setup to lockout ("use Romanian Deadlifts for multiple sessions before
   moving to a regular deadlift");
3. **pause deadlifts** at a lighter load, pausing 1–2 s at the height where form broke down
   ("pause for a second or two at mid-shin or just below the knee ... an area that you feel your
   form tends to breakdown the most and work with a weight that is lighter");
4. **load**: conventional deadlifts, adding weight in small steps while every set stays clean;
   form breaking under the heavier load sends the athlete back to stage 3 ("If you have trouble
   hinging properly when working with heavier sets, then spend time regressing").

Pure: :func:`plan_next` takes the history's plain set records and, per set, the bar height that
matters (where form broke, or where a pause deadlift paused; :func:`measured_height` reads it
from a stored result). Set and rep counts are the house's choices where the article gives none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from hingecoach.feedback.words import exercise_name, plural
from hingecoach.models import SetResult
from hingecoach.store.records import SetSummary

Stage = Literal["practice", "rdl", "pause_deadlift", "load"]

#: The ladder, easiest first, and the exercise each stage's sets are saved as.
STAGES: tuple[Stage, ...] = ("practice", "rdl", "pause_deadlift", "load")
STAGE_EXERCISE: dict[Stage, str] = {
    "practice": "hinge_drill",
    "rdl": "rdl",
    "pause_deadlift": "pause_deadlift",
    "load": "conventional_deadlift",
}
_STAGE_OF = {ex: st for st, ex in STAGE_EXERCISE.items()}
#: Sessions in a row whose every set of the stage's exercise had no fault on any counted rep
#: before moving on: the article asks for consistency ("similar performance and movement for
#: every rep") and for "multiple sessions" of RDLs; one clean day can be luck, two is a pattern.
ADVANCE_SESSIONS = 2
#: (sets, reps) per stage. Practice: "multiple reps" of the same cue sequence. RDL: enough
#: lowerings to practise the eccentric. Pause deadlifts: "perform lower rep sets until you've
#: mastered this movement". Load: a usual strength set.
SETS_REPS: dict[Stage, tuple[int, int]] = {
    "practice": (3, 8),
    "rdl": (3, 6),
    "pause_deadlift": (3, 3),
    "load": (3, 5),
}
#: After form broke at rep N, the next session's load is this share of the load it broke at:
#: "lower the load ... and build back up only while every rep stays clean" (feedback.advice).
BACK_OFF_FRACTION = 0.9
#: Pause deadlifts start at this share of the heaviest clean RDL: the article's "lighter load",
#: "start light"; the pause adds time under tension and the pull starts from the floor.
PAUSE_START_FRACTION = 0.8
#: Load stage: each clean session adds this share of the last clean load (small steps, re-check).
LOAD_STEP_FRACTION = 0.05
#: Loads are rounded down to this step, the smallest usual pair of plates (2 × 1.25 kg).
LOAD_ROUND_KG = 2.5
#: The article's pause: "for a second or two".
PAUSE_S = (1.0, 2.0)
#: Where to pause when no breakdown height was measured: the article's two usual spots.
PAUSE_DEFAULT = "mid-shin or just below the knee"
#: The plan pauses at the latest measured height; older sets describe a lifter who has since
#: changed, so only this many of the latest candidate sets are read.
HEIGHT_SETS = 10
#: Bar heights (``reps.phases.height_label``) a pause can be held at, in the article's words.
HEIGHT_WORDS = {
    "floor": "just off the floor",
    "mid_shin": "mid-shin",
    "below_knee": "just below the knee",
    "at_knee": "the knee",
    "above_knee": "just above the knee",
}
PAUSE_HEIGHTS = tuple(HEIGHT_WORDS)

_WHY = {
    "practice": "the article's first step is to practise the pattern unweighted for multiple "
    "reps, with the same cue sequence every rep, until every rep looks alike",
    "rdl": "the Romanian deadlift trains the lowering a heavy deadlift rarely does; coaches "
    "use it for multiple sessions before a regular deadlift",
    "pause_deadlift": "a 1–2 s pause, with a lighter load, where form tends to break down "
    "(mid-shin or just below the knee) trains holding a set back there",
    "load": "the pattern holds under pauses; add load in small steps while every set stays clean",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Prescription(_Frozen):
    """The next session: what to lift, how much, and where to pause."""

    stage: Stage
    exercise: str
    sets: int
    reps: int
    load_kg: float | None
    load_text: str
    pause_height: str | None = None
    pause_height_measured: bool = False
    pause_s: tuple[float, float] | None = None


class Plan(_Frozen):
    """The next session's prescription, why, and what must be true to move on."""

    prescription: Prescription
    reasons: list[str]
    move_on: str
    next_stage: Stage | None


def measured_height(result: SetResult) -> str | None:
    """The bar height that matters in a set: where form broke, else where its reps paused.

    Args:
        result: a stored set result.

    Returns:
        A ``reps.phases.height_label`` (``"mid_shin"``, ``"below_knee"`` ...), or None when the
        set neither broke at a rep with a measured pause height nor paused at a known height.
    """
    by_index = {r.index: r for r in result.reps}
    if result.broke_at_rep is not None:
        broke = by_index.get(result.broke_at_rep)
        if broke is not None and broke.pause_height in PAUSE_HEIGHTS:
            return broke.pause_height
    seen = Counter(r.pause_height for r in result.reps if r.counted)
    known = [(n, h) for h, n in seen.items() if h in PAUSE_HEIGHTS]
    return max(known)[1] if known else None


def heights_wanted(sets: Sequence[SetSummary]) -> list[int]:
    """Ids of the latest sets whose measured height the plan can use, oldest first.

    Pause deadlifts and sets where form broke, at most ``HEIGHT_SETS`` of them, so that the
    caller loads only a few stored results.
    """
    ids = [
        s.set_id
        for s in sets
        if s.exercise in _STAGE_OF
        and (s.broke_at_rep is not None or s.exercise == "pause_deadlift")
    ]
    return ids[-HEIGHT_SETS:]


def _fault_free(s: SetSummary) -> bool:
    return s.score is not None and not s.faults and s.broke_at_rep is None


def _round_kg(kg: float) -> float:
    return max(LOAD_ROUND_KG, LOAD_ROUND_KG * int(kg / LOAD_ROUND_KG))


def _kg(kg: float) -> str:
    return f"{kg:.1f}".removesuffix(".0") + " kg"


def _sessions(sets: Sequence[SetSummary]) -> list[list[SetSummary]]:
    """The ladder sets, one list per training day, oldest first (unjudged sets left out)."""
    days: dict[object, list[SetSummary]] = {}
    for s in sets:
        if s.exercise in _STAGE_OF and s.score is not None:
            days.setdefault(s.session_date, []).append(s)
    return list(days.values())


def _clean_streak(days: list[list[SetSummary]], stage: Stage) -> int:
    """How many of the latest sessions in a row had every set of the stage's exercise fault-free.

    A session without that exercise (a regression, or a step up that was sent back) ends the
    run: clean sessions from before a regression do not count towards moving on again.
    """
    n = 0
    for day in reversed(days):
        mine = [s for s in day if _STAGE_OF[s.exercise] == stage]
        if not mine or not all(_fault_free(s) for s in mine):
            break
        n += 1
    return n


def _prescribe(
    stage: Stage, load_kg: float | None, load_text: str, *, height: str | None = None
) -> Prescription:
    """The stage's sets and reps at a load; a pause deadlift pauses at ``height`` (if measured)."""
    sets, reps = SETS_REPS[stage]
    paused = stage == "pause_deadlift"
    return Prescription(
        stage=stage,
        exercise=STAGE_EXERCISE[stage],
        sets=sets,
        reps=reps,
        load_kg=load_kg,
        load_text=load_text,
        pause_height=(height or PAUSE_DEFAULT) if paused else None,
        pause_height_measured=paused and height is not None,
        pause_s=PAUSE_S if paused else None,
    )


def _move_on(stage: Stage) -> str:
    if stage == "load":
        return (
            f"keep adding {LOAD_STEP_FRACTION:.0%} while every set is clean; form breaking "
            "sends you back to pause deadlifts at the height where it broke"
        )
    nxt = STAGES[STAGES.index(stage) + 1]
    return (
        f"{ADVANCE_SESSIONS} sessions in a row with no fault on any counted rep of any "
        f"{exercise_name(STAGE_EXERCISE[stage])} set, then {exercise_name(STAGE_EXERCISE[nxt])}s"
    )


def _plan(stage: Stage, rx: Prescription, *reasons: str) -> Plan:
    nxt = None if stage == "load" else STAGES[STAGES.index(stage) + 1]
    return Plan(
        prescription=rx, reasons=[*reasons, _WHY[stage]], move_on=_move_on(stage), next_stage=nxt
    )


def _heaviest_clean(sets: Sequence[SetSummary], exercise: str) -> float | None:
    loads = [s.load_kg for s in sets if s.exercise == exercise and _fault_free(s) and s.load_kg]
    return max(loads) if loads else None


def _start(stage: Stage, sets: Sequence[SetSummary], height: str | None, why: str) -> Plan:
    """The first session of ``stage`` (reached by moving on, or by regressing to it)."""
    if stage == "practice":
        return _plan(stage, _prescribe(stage, None, "bodyweight"), why)
    if stage == "rdl":
        rx = _prescribe(stage, None, "light: a load you can lower with no fault on any rep")
        return _plan(stage, rx, why)
    base_ex = "rdl" if stage == "pause_deadlift" else "pause_deadlift"
    base = _heaviest_clean(sets, base_ex)
    frac = PAUSE_START_FRACTION if stage == "pause_deadlift" else 1.0
    if base is None:
        rx = _prescribe(stage, None, "light: start light and build form", height=height)
    else:
        kg = _round_kg(frac * base)
        text = (
            f"{_kg(kg)} ({frac:.0%} of your heaviest clean {exercise_name(base_ex)}, {_kg(base)})"
        )
        rx = _prescribe(stage, kg, text, height=height)
    return _plan(stage, rx, why)


def plan_next(
    sets: Sequence[SetSummary], *, heights: Mapping[int, str | None] | None = None
) -> Plan:
    """The next session's prescription from an athlete's sets (oldest first).

    Only the ladder's exercises count (hinge drill, RDL, pause and conventional deadlift);
    sets that were not judged say nothing. The latest session's hardest stage is where the
    athlete stands; its result decides: form off from rep 1 → back to unweighted practice;
    broke at rep N → the same stage at ``BACK_OFF_FRACTION`` of that load, N − 1 reps (a
    conventional deadlift goes back to pause deadlifts, pausing where it broke); faults without
    a breakdown → repeat; ``ADVANCE_SESSIONS`` fault-free sessions in a row → the next stage.

    Args:
        sets: the athlete's sets, oldest first (``History.sets``).
        heights: per set id, the measured bar height (:func:`measured_height`), when known.

    Returns:
        The plan; with no ladder sets, the first session (unweighted practice).
    """
    heights = heights or {}
    days = _sessions(sets)
    if not days:
        return _start(
            "practice",
            sets,
            None,
            "no judged hinge sessions yet: the plan starts at its first stage",
        )
    last = days[-1]
    stage = max((_STAGE_OF[s.exercise] for s in last), key=STAGES.index)
    mine = [s for s in last if _STAGE_OF[s.exercise] == stage]
    broke = [s for s in mine if s.broke_at_rep is not None]
    if stage != "practice" and any(s.broke_at_rep == 1 for s in broke):
        return _start(
            "practice",
            sets,
            None,
            f"form was off from the first rep of a {exercise_name(STAGE_EXERCISE[stage])} set: "
            "take the load off and rebuild the pattern before adding weight",
        )
    if broke and stage != "practice":  # unweighted: nothing to back off, so practise again
        return _broke(stage, sets, min(broke, key=lambda s: s.broke_at_rep or 0), heights)
    if _clean_streak(days, stage) >= ADVANCE_SESSIONS:
        if stage == "load":
            return _add_load(sets)
        nxt = STAGES[STAGES.index(stage) + 1]
        why = f"{plural(ADVANCE_SESSIONS, 'session')} in a row without a fault"
        height = next(
            (heights.get(s.set_id) for s in reversed(sets) if heights.get(s.set_id)), None
        )
        return _start(nxt, sets, height, f"{why}: move on")
    return _repeat(stage, sets, mine, heights)


def _broke(
    stage: Stage, sets: Sequence[SetSummary], s: SetSummary, heights: Mapping[int, str | None]
) -> Plan:
    """Form broke at rep N > 1: back off, stop before the breakdown, pause where it broke."""
    n = s.broke_at_rep or 1
    target: Stage = "pause_deadlift" if stage == "load" else stage
    reps = max(1, min(n - 1, SETS_REPS[target][1]))
    why = (
        f"form held for {plural(n - 1, 'rep')} and broke at rep {n}"
        + (f" at {_kg(s.load_kg)}" if s.load_kg else "")
        + ": lower the load, stop the set before the rep where it broke"
    )
    # regressing to pause deadlifts: the article's "lighter load", not just a step back
    frac = BACK_OFF_FRACTION if target == stage else PAUSE_START_FRACTION
    if s.load_kg:
        kg = _round_kg(frac * s.load_kg)
        text = f"{_kg(kg)} ({frac:.0%} of the {_kg(s.load_kg)} where form broke)"
    else:
        kg, text = None, ("bodyweight" if target == "practice" else "lighter than last time")
    rx = _prescribe(target, kg, text, height=heights.get(s.set_id)).model_copy(
        update={"reps": reps}
    )
    if target != stage:
        why += "; regress to pause deadlifts, pausing where it broke"
    return _plan(target, rx, why)


def _repeat(
    stage: Stage,
    sets: Sequence[SetSummary],
    mine: list[SetSummary],
    heights: Mapping[int, str | None],
) -> Plan:
    """Not yet consistent (faults, or too few clean sessions): the same work again."""
    loads = [s.load_kg for s in mine if s.load_kg]
    height = next((heights.get(s.set_id) for s in reversed(sets) if heights.get(s.set_id)), None)
    if stage == "practice" or not loads:
        text = "bodyweight" if stage == "practice" else "the same light load"
        rx = _prescribe(stage, None, text, height=height)
    else:
        kg = max(loads)
        rx = _prescribe(stage, kg, f"{_kg(kg)} (100% of last session's load)", height=height)
    faulty = any(not _fault_free(s) for s in mine)
    why = (
        "faults on counted reps last session: repeat until every rep is clean"
        if faulty
        else f"clean last session, {ADVANCE_SESSIONS} in a row are needed: repeat"
    )
    return _plan(stage, rx, why)


def _add_load(sets: Sequence[SetSummary]) -> Plan:
    base = _heaviest_clean(sets, "conventional_deadlift")
    if base is None:
        return _start("load", sets, None, "clean sessions without a stated load: add a little")
    kg = max(base + LOAD_ROUND_KG, _round_kg(base * (1 + LOAD_STEP_FRACTION)))
    text = f"{_kg(kg)} (+{LOAD_STEP_FRACTION:.0%} on your heaviest clean set, {_kg(base)})"
    return _plan(
        "load",
        _prescribe("load", kg, text),
        f"{plural(ADVANCE_SESSIONS, 'session')} in a row without a fault: add load",
    )


def prescription_text(rx: Prescription) -> str:
    """The prescription in words, e.g. ``pause deadlift: 3 sets × 3 reps at 60 kg (...)``."""
    load = "bodyweight" if rx.load_text == "bodyweight" else f"load {rx.load_text}"
    out = f"{exercise_name(rx.exercise)}: {rx.sets} sets × {plural(rx.reps, 'rep')}, {load}"
    if rx.pause_s is not None and rx.pause_height is not None:
        lo, hi = rx.pause_s
        where = HEIGHT_WORDS.get(rx.pause_height, rx.pause_height)
        measured = " (the height measured in your sets)" if rx.pause_height_measured else ""
        out += f"; pause {lo:g}–{hi:g} s at {where}{measured}"
    return out
