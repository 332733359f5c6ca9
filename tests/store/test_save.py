"""Saving and re-analysing sets; every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from hingecoach.errors import InputError
from hingecoach.models import SetResult
from hingecoach.store import (
    Store,
    athlete_history,
    list_athletes,
    load_result,
    reanalyse,
    save_result,
    set_analyses,
)
from tests.store._results import make_result

DAY1 = dt.datetime(2026, 3, 2, 18, 0).astimezone()
DAY2 = dt.datetime(2026, 3, 5, 18, 0).astimezone()


def _count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar_one())


def test_real_result_round_trips(store: Store, real_result: SetResult) -> None:
    saved = save_result(
        store,
        athlete="Sam",
        result=real_result,
        load="100kg",
        set_number=2,
        note="belt on",
        performed_at=DAY1,
    )
    assert (saved.athlete, saved.set_number, saved.load_kg) == ("Sam", 2, 100.0)
    assert saved.session_date == DAY1.date() and saved.score == real_result.score
    assert load_result(store, set_id=saved.set_id) == real_result  # nothing lost, NaN-free JSON
    s = athlete_history(store, athlete="Sam").sets[0]
    assert (s.exercise, s.note, s.rep_count) == ("conventional_deadlift", "belt on", 1)
    found = {f.check for r in real_result.reps if r.counted for f in r.faults}
    assert found and set(s.faults) == found


def test_set_numbers_and_sessions(store: Store) -> None:
    def save(when: dt.datetime, number: int | None) -> int:
        return save_result(
            store,
            athlete="Sam",
            result=make_result(),
            load="60kg",
            set_number=number,
            note=None,
            performed_at=when,
        ).set_number

    assert [save(DAY1, None), save(DAY1, None), save(DAY1, 5), save(DAY1, None)] == [1, 2, 5, 6]
    assert save(DAY2, None) == 1  # a new day is a new session
    history = athlete_history(store, athlete="Sam")
    assert [s.date for s in history.sessions] == [DAY1.date(), DAY2.date()]
    assert [len(s.sets) for s in history.sessions] == [4, 1]
    assert _count(store, "athlete") == 1 and _count(store, "session") == 2


def test_names_are_trimmed_and_listed(store: Store) -> None:
    for name in ("  Sam ", "Alex  Kim", "Sam"):
        save_result(
            store, athlete=name, result=make_result(), load=None, set_number=None, note=None
        )
    assert list_athletes(store) == ["Alex Kim", "Sam"]
    with pytest.raises(InputError, match="no history for 'Jo'; known athletes: Alex Kim, Sam"):
        athlete_history(store, athlete="Jo")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"athlete": "Sam", "load": "100"}, "no unit"),
        ({"athlete": "  ", "load": None}, "athlete's name"),
        ({"athlete": "Sam", "load": None, "set_number": 0}, "set number"),
    ],
)
def test_bad_input_writes_nothing(store: Store, kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"set_number": None, "note": None, **kwargs}
    with pytest.raises(InputError, match=message):
        save_result(store, result=make_result(), **args)  # type: ignore[arg-type]
    assert _count(store, "athlete") == 0


def test_reanalyse_keeps_the_old_verdict(store: Store) -> None:
    strict = make_result(faults={r: ["knee_bend"] for r in range(1, 6)}, broke_at_rep=1)
    relaxed = make_result()
    saved = save_result(
        store, athlete="Sam", result=strict, load="80kg", set_number=None, note=None
    )
    ref = reanalyse(store, set_id=saved.set_id, result=relaxed)
    assert ref.is_current and ref.score == 100
    refs = set_analyses(store, set_id=saved.set_id)
    assert [(r.analysis_id, r.is_current, r.score) for r in refs] == [
        (saved.analysis_id, False, 80),
        (ref.analysis_id, True, 100),
    ]
    assert load_result(store, set_id=saved.set_id) == relaxed
    assert load_result(store, set_id=saved.set_id, analysis_id=saved.analysis_id) == strict
    s = athlete_history(store, athlete="Sam").sets[0]
    assert (s.score, s.broke_at_rep, s.faults, s.analyses, s.clean) == (100, None, [], 2, True)
    with pytest.raises(InputError, match="no saved set with id 999"):
        reanalyse(store, set_id=999, result=relaxed)


def test_database_allows_one_current_analysis_per_set(store: Store) -> None:
    saved = save_result(
        store, athlete="Sam", result=make_result(), load=None, set_number=None, note=None
    )
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO analysis (set_id, created_at, limits, result, is_current) "
                "VALUES (:s, :t, '{}', '{}', true)"
            ),
            {"s": saved.set_id, "t": dt.datetime(2026, 1, 1)},
        )
