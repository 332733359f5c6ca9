"""One transaction per saved set: a crash after any INSERT leaves no trace of the set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from hingecoach.models import PoseTrack, SetResult
from hingecoach.pipeline import analyze
from hingecoach.store import Store, athlete_history, reanalyse, save_result, set_analyses
from tests.store._results import make_result

TABLES = ("athlete", "session", "set", "track", "analysis", "finding")


class Crash(RuntimeError):
    """The injected failure."""


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            t: int(conn.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar_one())
            for t in TABLES
        }


@pytest.fixture
def crash_after_insert(store: Store) -> Iterator[dict[str, int]]:
    """Raise right after the Nth INSERT statement runs (set ``plan["at"]``; 0 = never)."""
    plan = {"at": 0, "seen": 0}

    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            plan["seen"] += 1
            if plan["seen"] == plan["at"]:
                raise Crash(f"injected after INSERT #{plan['at']}: {statement[:40]}")

    sa.event.listen(store.engine, "after_cursor_execute", after)
    yield plan
    sa.event.remove(store.engine, "after_cursor_execute", after)


# INSERTs of a first save: athlete, session, set, analysis, findings.
@pytest.mark.parametrize("at", [1, 2, 3, 4, 5])
def test_crash_mid_save_leaves_nothing(
    store: Store, crash_after_insert: dict[str, int], at: int
) -> None:
    result = make_result(faults={2: ["knee_bend"]})
    crash_after_insert["at"] = at
    with pytest.raises(Crash):
        save_result(store, athlete="Sam", result=result, load="100kg", set_number=None, note=None)
    assert crash_after_insert["seen"] == at
    assert _counts(store) == dict.fromkeys(TABLES, 0)
    crash_after_insert["at"] = 0
    save_result(store, athlete="Sam", result=result, load="100kg", set_number=None, note=None)
    assert athlete_history(store, athlete="Sam").sets[0].set_number == 1


# With a track: athlete, session, set, track, analysis, findings.
@pytest.mark.parametrize("at", [1, 2, 3, 4, 5, 6])
def test_crash_mid_save_with_track_leaves_nothing(
    store: Store,
    crash_after_insert: dict[str, int],
    synthetic_rdl: tuple[PoseTrack, SetResult],
    at: int,
) -> None:
    track, _ = synthetic_rdl
    result = make_result(faults={2: ["knee_bend"]})  # has findings, so INSERT #6 happens
    crash_after_insert["at"] = at
    with pytest.raises(Crash):
        save_result(
            store, athlete="Sam", result=result, load=None, set_number=None, note=None, track=track
        )
    assert _counts(store) == dict.fromkeys(TABLES, 0)


def test_crash_mid_reanalysis_keeps_the_current_verdict(
    store: Store,
    crash_after_insert: dict[str, int],
    synthetic_rdl: tuple[PoseTrack, SetResult],
    strict_knee: Path,
) -> None:
    track, result = synthetic_rdl
    saved = save_result(
        store, athlete="Sam", result=result, load=None, set_number=None, note=None, track=track
    )
    strict = analyze(track, exercise="rdl", profile_override=strict_knee)
    before = _counts(store)
    crash_after_insert["seen"], crash_after_insert["at"] = 0, 2  # the new findings
    with pytest.raises(Crash):
        reanalyse(store, set_id=saved.set_id, result=strict)
    assert _counts(store) == before
    [ref] = set_analyses(store, set_id=saved.set_id)
    assert ref.analysis_id == saved.analysis_id and ref.is_current


def test_crash_keeps_earlier_sets(store: Store, crash_after_insert: dict[str, int]) -> None:
    save_result(store, athlete="Sam", result=make_result(), load="60kg", set_number=None, note=None)
    before = _counts(store)
    crash_after_insert["seen"], crash_after_insert["at"] = 0, 3  # 3rd INSERT: the set row
    with pytest.raises(Crash):
        save_result(
            store, athlete="Sam", result=make_result(), load="70kg", set_number=None, note=None
        )
    assert _counts(store) == before


def _die_mid_save(url: str) -> None:
    """Save, but kill the process (no exception, no rollback code) after the set row's INSERT."""
    import os

    from hingecoach.store import open_store

    store = open_store(url)
    seen = {"n": 0}

    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            seen["n"] += 1
            if seen["n"] == 3:
                os._exit(17)

    sa.event.listen(store.engine, "after_cursor_execute", after)
    save_result(store, athlete="Sam", result=make_result(), load="70kg", set_number=None, note=None)


def test_killed_process_mid_save_leaves_nothing(store: Store, db_url: str) -> None:
    import multiprocessing as mp

    save_result(store, athlete="Sam", result=make_result(), load="60kg", set_number=None, note=None)
    before = _counts(store)
    proc = mp.get_context("spawn").Process(target=_die_mid_save, args=(db_url,))
    proc.start()
    proc.join(timeout=60)
    assert proc.exitcode == 17
    assert _counts(store) == before
    saved = save_result(
        store, athlete="Sam", result=make_result(), load="70kg", set_number=None, note=None
    )  # the lock died with the process
    assert saved.set_number == 2
