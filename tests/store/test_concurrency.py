"""Two processes saving at once into one fresh database both succeed, nothing lost or doubled.

Both start on a database neither has opened (so they also race to create the schema), for the
same athlete on the same day (so they race to create the athlete, the session and the next set
number). SQLite relies on WAL, the busy timeout and BEGIN IMMEDIATE; PostgreSQL on ON CONFLICT,
row locks and the advisory migration lock.
"""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

from hingecoach.store import athlete_history, open_store, save_result
from tests.store._results import make_result

SETS_EACH = 8


def _worker(url: str, who: int, barrier: Any) -> None:
    barrier.wait(timeout=60)
    with open_store(url) as store:
        for i in range(SETS_EACH):
            save_result(
                store,
                athlete="Sam",
                result=make_result(source=f"p{who}-{i}.mp4"),
                load=f"{60 + i * 5}kg",
                set_number=None,
                note=f"process {who}",
            )


def test_two_processes_save_at_once(db_url: str) -> None:
    ctx = mp.get_context("spawn")  # a clean interpreter each, as two CLI runs would be
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_worker, args=(db_url, who, barrier)) for who in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    with open_store(db_url) as store:
        history = athlete_history(store, athlete="Sam")
    assert len(history.sessions) == 1
    sets = history.sets
    assert len(sets) == 2 * SETS_EACH
    assert sorted(s.set_number for s in sets) == list(range(1, 2 * SETS_EACH + 1))
    assert {s.source for s in sets} == {f"p{w}-{i}.mp4" for w in (1, 2) for i in range(SETS_EACH)}
