"""History: recurring faults and the form-limited load, on both back ends."""

from __future__ import annotations

import datetime as dt

import pytest

from hingecoach.models import SetResult
from hingecoach.store import Store, athlete_history, reanalyse, save_result
from hingecoach.store.history import CLEAN_SCORE, is_clean
from tests.store._results import make_result

ALL = range(1, 6)


def _day(n: int) -> dt.datetime:
    return (dt.datetime(2026, 4, 1, 18, 0) + dt.timedelta(days=n)).astimezone()


def _save(store: Store, day: int, load: str | None, result: SetResult) -> int:
    return save_result(
        store,
        athlete="Sam",
        result=result,
        load=load,
        set_number=None,
        note=None,
        performed_at=_day(day),
    ).set_id


@pytest.fixture
def sets(store: Store) -> dict[str, int]:
    """A month of RDLs and one deadlift session."""
    ids = {}
    ids["rdl60"] = _save(store, 0, "60kg", make_result(partial_faults=["bar_close"]))
    # one minor fault on one rep: 98, still clean
    ids["rdl80"] = _save(store, 0, "80kg", make_result(faults={4: ["lowering_control"]}))
    # knees take over from rep 3: broke
    ids["rdl100"] = _save(
        store, 7, "100kg", make_result(faults={r: ["knee_bend"] for r in (3, 4, 5)}, broke_at_rep=3)
    )
    # neck cranked every rep (score 85): not clean even though form never "broke"
    ids["rdl90"] = _save(store, 7, "90kg", make_result(faults={r: ["head_neutral"] for r in ALL}))
    ids["rdl_bw"] = _save(store, 14, "bodyweight", make_result(faults={1: ["knee_bend"]}))
    ids["dl140"] = _save(store, 14, "140kg", make_result(exercise="conventional_deadlift"))
    return ids


def test_clean_definition() -> None:
    assert CLEAN_SCORE == 90
    assert is_clean(90, None) and not is_clean(89, None)
    assert not is_clean(100, 3) and not is_clean(None, None)


def test_form_limited_load_per_exercise(store: Store, sets: dict[str, int]) -> None:
    limits = {f.exercise: f for f in athlete_history(store, athlete="Sam").form_limits}
    rdl = limits["rdl"]
    assert (rdl.clean_max_kg, rdl.clean_max_set_id) == (80.0, sets["rdl80"])
    assert (rdl.breaks_from_kg, rdl.breaks_from_set_id) == (90.0, sets["rdl90"])
    dl = limits["conventional_deadlift"]
    assert (dl.clean_max_kg, dl.breaks_from_kg) == (140.0, None)


def test_recurring_faults_count_counted_reps_of_current_analyses(
    store: Store, sets: dict[str, int]
) -> None:
    faults = {f.check: f for f in athlete_history(store, athlete="Sam").faults}
    assert (faults["knee_bend"].sets, faults["knee_bend"].reps) == (2, 4)
    assert faults["knee_bend"].recurring and faults["knee_bend"].last_seen == _day(14).date()
    assert (faults["head_neutral"].sets, faults["head_neutral"].reps) == (1, 5)
    assert not faults["head_neutral"].recurring
    assert "bar_close" not in faults  # only in a partial rep
    assert "torso_neutral" not in faults  # "cannot judge" is not a fault
    assert next(iter(faults)) == "knee_bend"  # most sets first


def test_reanalysis_moves_the_limit(store: Store, sets: dict[str, int]) -> None:
    reanalyse(store, set_id=sets["rdl90"], result=make_result())  # neck limit relaxed
    reanalyse(store, set_id=sets["rdl100"], result=make_result())
    history = athlete_history(store, athlete="Sam")
    rdl = next(f for f in history.form_limits if f.exercise == "rdl")
    assert (rdl.clean_max_kg, rdl.breaks_from_kg) == (100.0, None)
    # what is left: the bodyweight set's knees and the 80 kg set's one quick lowering
    left = [(f.check, f.sets) for f in history.faults]
    assert left == [("knee_bend", 1), ("lowering_control", 1)]


def test_sets_summaries(store: Store, sets: dict[str, int]) -> None:
    history = athlete_history(store, athlete="Sam")
    by_id = {s.set_id: s for s in history.sets}
    assert by_id[sets["rdl100"]].faults == ["knee_bend"]
    assert by_id[sets["rdl80"]].score == 98 and by_id[sets["rdl80"]].clean
    assert by_id[sets["rdl_bw"]].load_kg is None and by_id[sets["rdl_bw"]].load_text == "bodyweight"
    assert [len(s.sets) for s in history.sessions] == [2, 2, 2]
