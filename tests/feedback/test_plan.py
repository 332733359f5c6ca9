"""The progression plan: each rule's outcome on a synthetic history (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from hingecoach.feedback.plan import (
    ADVANCE_SESSIONS,
    BACK_OFF_FRACTION,
    HEIGHT_SETS,
    LOAD_ROUND_KG,
    LOAD_STEP_FRACTION,
    PAUSE_DEFAULT,
    PAUSE_S,
    PAUSE_START_FRACTION,
    SETS_REPS,
    heights_wanted,
    measured_height,
    plan_next,
    prescription_text,
)
from hingecoach.store.records import SetSummary
from tests.store._results import make_result

DAY0 = dt.date(2026, 1, 5)
_ids = iter(range(1, 10_000))


def row(
    day: int,
    exercise: str,
    *,
    load_kg: float | None = None,
    faults: tuple[str, ...] = (),
    broke_at_rep: int | None = None,
    score: int | None = None,
) -> SetSummary:
    """One stored set on day ``day`` (counted from DAY0); fault-free unless told."""
    date = DAY0 + dt.timedelta(days=day)
    if score is None:
        score = 100 - 15 * len(faults)
    return SetSummary(
        set_id=next(_ids),
        session_date=date,
        set_number=1,
        exercise=exercise,
        load_kg=load_kg,
        load_text=None if load_kg else "bodyweight",
        note=None,
        source="test",
        performed_at=dt.datetime.combine(date, dt.time(10)),
        score=score,
        rep_count=5,
        broke_at_rep=broke_at_rep,
        faults=list(faults),
        clean=score >= 90 and broke_at_rep is None,
        analyses=1,
    )


def test_no_history_starts_with_unweighted_practice() -> None:
    plan = plan_next([])
    rx = plan.prescription
    assert (rx.stage, rx.exercise, rx.load_kg, rx.load_text) == (
        "practice",
        "hinge_drill",
        None,
        "bodyweight",
    )
    assert (rx.sets, rx.reps) == SETS_REPS["practice"]
    assert rx.pause_s is None and rx.pause_height is None
    assert plan.next_stage == "rdl" and str(ADVANCE_SESSIONS) in plan.move_on
    assert any("unweighted" in r for r in plan.reasons)


def test_beginner_with_faults_everywhere_keeps_practising() -> None:
    faults = ("hips_back_first", "knee_bend", "torso_neutral")
    sets = [row(d, "hinge_drill", faults=faults, broke_at_rep=1) for d in range(3)]
    plan = plan_next(sets)
    assert plan.prescription.stage == "practice"
    assert plan.prescription.reps == SETS_REPS["practice"][1]  # nothing to back off unweighted
    assert any("fault" in r for r in plan.reasons)


def test_a_faulty_rdl_from_rep_one_goes_back_to_practice() -> None:
    sets = [row(0, "rdl", load_kg=60, faults=("knee_bend",), broke_at_rep=1)]
    plan = plan_next(sets)
    assert plan.prescription.stage == "practice" and plan.prescription.load_text == "bodyweight"


def test_one_clean_practice_session_is_not_yet_consistent() -> None:
    sets = [row(0, "hinge_drill", faults=("knee_bend",)), row(1, "hinge_drill")]
    assert plan_next(sets).prescription.stage == "practice"


def test_consistent_clean_practice_moves_on_to_rdl() -> None:
    sets = [row(0, "hinge_drill", faults=("knee_bend",))]
    sets += [row(d, "hinge_drill") for d in range(1, 1 + ADVANCE_SESSIONS)]
    plan = plan_next(sets)
    assert plan.prescription.stage == "rdl" and plan.prescription.exercise == "rdl"
    assert plan.prescription.load_kg is None  # no RDL done yet: no load to scale from
    assert plan.next_stage == "pause_deadlift"


def test_a_faulty_set_breaks_the_streak() -> None:
    sets = [row(0, "hinge_drill"), row(1, "hinge_drill", faults=("head_neutral",))]
    sets.append(row(2, "hinge_drill"))
    assert plan_next(sets).prescription.stage == "practice"


def test_clean_rdl_sessions_move_on_to_pause_deadlift_at_the_measured_height() -> None:
    broke = row(1, "rdl", load_kg=70, broke_at_rep=4)  # an earlier breakdown, measured
    sets = [row(0, "hinge_drill"), broke]
    sets += [row(2, "rdl", load_kg=60), row(3, "rdl", load_kg=80), row(4, "rdl", load_kg=80)]
    plan = plan_next(sets, heights={broke.set_id: "below_knee"})
    rx = plan.prescription
    assert rx.stage == "pause_deadlift" and rx.exercise == "pause_deadlift"
    assert rx.pause_height == "below_knee" and rx.pause_height_measured
    assert rx.pause_s == PAUSE_S
    assert rx.load_kg is not None and rx.load_kg <= PAUSE_START_FRACTION * 80  # lighter
    assert rx.load_kg > PAUSE_START_FRACTION * 80 - LOAD_ROUND_KG


def test_pause_height_unmeasured_says_so() -> None:
    sets = [row(d, "rdl", load_kg=80) for d in range(ADVANCE_SESSIONS)]
    rx = plan_next(sets).prescription
    assert rx.stage == "pause_deadlift"
    assert rx.pause_height == PAUSE_DEFAULT and not rx.pause_height_measured


def test_form_breaking_at_rep_n_backs_off_and_stops_before_it() -> None:
    sets = [row(0, "rdl", load_kg=80), row(1, "rdl", load_kg=100, broke_at_rep=4)]
    plan = plan_next(sets)
    rx = plan.prescription
    assert rx.stage == "rdl"
    assert rx.reps == 3  # stop the set before the rep where form broke
    assert rx.load_kg is not None and rx.load_kg <= BACK_OFF_FRACTION * 100
    assert rx.load_kg > BACK_OFF_FRACTION * 100 - LOAD_ROUND_KG


def test_pause_deadlift_breaking_pauses_where_it_broke() -> None:
    sets = [row(0, "pause_deadlift", load_kg=70, faults=("torso_neutral",), broke_at_rep=2)]
    rx = plan_next(sets, heights={sets[0].set_id: "mid_shin"}).prescription
    assert rx.stage == "pause_deadlift" and rx.pause_height == "mid_shin"
    assert rx.reps == 1 and rx.load_kg is not None and rx.load_kg < 70


def test_heavy_deadlift_breaking_regresses_to_pause_deadlift() -> None:
    sets = [row(0, "conventional_deadlift", load_kg=140, broke_at_rep=3)]
    plan = plan_next(sets, heights={sets[0].set_id: "below_knee"})
    rx = plan.prescription
    assert rx.stage == "pause_deadlift" and rx.pause_height == "below_knee"
    assert rx.load_kg is not None and rx.load_kg < 140 and rx.reps == 2


def test_clean_pause_deadlifts_move_on_to_load_then_add_load() -> None:
    sets = [row(d, "pause_deadlift", load_kg=80) for d in range(ADVANCE_SESSIONS)]
    first = plan_next(sets).prescription
    assert first.stage == "load" and first.exercise == "conventional_deadlift"
    assert first.load_kg == 80
    sets += [row(5 + d, "conventional_deadlift", load_kg=100) for d in range(ADVANCE_SESSIONS)]
    more = plan_next(sets)
    assert more.prescription.stage == "load" and more.next_stage is None
    assert more.prescription.load_kg is not None
    assert 100 < more.prescription.load_kg <= 100 * (1 + LOAD_STEP_FRACTION)


def test_faults_without_a_breakdown_repeat_the_load() -> None:
    sets = [row(0, "rdl", load_kg=60, faults=("lowering_control",), score=92)]
    rx = plan_next(sets).prescription
    assert rx.stage == "rdl" and rx.load_kg == 60


def test_other_lifts_and_unjudged_sets_do_not_count() -> None:
    sets = [row(0, "kb_swing", load_kg=24), row(1, "rdl", load_kg=60, score=None)]
    sets[-1] = sets[-1].model_copy(update={"score": None})
    assert plan_next(sets).prescription.stage == "practice"


@pytest.mark.parametrize(
    ("heights", "broke_at", "expected"),
    [
        ({1: "mid_shin", 2: "below_knee", 3: "below_knee"}, 1, "mid_shin"),
        ({1: "mid_shin", 2: "below_knee", 3: "below_knee"}, None, "below_knee"),
        ({1: "unknown", 2: None, 3: None}, 1, None),
    ],
)
def test_measured_height(
    heights: dict[int, str | None], broke_at: int | None, expected: str | None
) -> None:
    base = make_result(exercise="pause_deadlift", reps=3, broke_at_rep=broke_at)
    reps = [r.model_copy(update={"pause_height": heights.get(r.index)}) for r in base.reps]
    assert measured_height(base.model_copy(update={"reps": reps})) == expected


def test_heights_wanted_are_pause_and_broken_sets() -> None:
    sets = [
        row(0, "rdl", load_kg=60),
        row(0, "rdl", load_kg=80, broke_at_rep=3),
        row(0, "pause_deadlift", load_kg=60),
    ]
    assert heights_wanted(sets) == [sets[1].set_id, sets[2].set_id]


def test_prescription_text_states_the_pause() -> None:
    sets = [row(0, "conventional_deadlift", load_kg=140, broke_at_rep=3)]
    text = prescription_text(plan_next(sets, heights={sets[0].set_id: "mid_shin"}).prescription)
    assert "pause deadlift" in text and "at mid-shin" in text and "1–2 s" in text


def test_heights_wanted_reads_only_the_latest_sets() -> None:
    sets = [row(d, "pause_deadlift", load_kg=60) for d in range(HEIGHT_SETS + 3)]
    assert heights_wanted(sets) == [s.set_id for s in sets[-HEIGHT_SETS:]]


def test_clean_sessions_before_a_regression_do_not_count_again() -> None:
    sets = [row(d, "hinge_drill") for d in range(ADVANCE_SESSIONS)]
    sets.append(row(5, "rdl", load_kg=60, faults=("torso_neutral",), broke_at_rep=1))
    assert plan_next(sets).prescription.stage == "practice"  # regressed
    sets.append(row(6, "hinge_drill"))
    assert plan_next(sets).prescription.stage == "practice"  # one clean session since
    sets += [row(7 + d, "hinge_drill") for d in range(ADVANCE_SESSIONS - 1)]
    assert plan_next(sets).prescription.stage == "rdl"
