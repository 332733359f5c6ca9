"""The progress page is self-contained and shows what the history holds.

The history is built by the real store (on SQLite: the page does not depend on the back end,
and the store's own tests cover PostgreSQL).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from hingecoach.report.progress import render_progress_html
from hingecoach.store import Store, athlete_history, open_store, save_result
from tests.store._results import make_result


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An open, empty SQLite store."""
    with open_store(f"sqlite:///{tmp_path / 'history.sqlite3'}") as s:
        yield s


def test_page_is_self_contained_and_complete(store: Store) -> None:
    name = "Sam <O'Neil> & co"
    for load, result in (
        ("60kg", make_result()),
        ("100kg", make_result(faults={r: ["knee_bend"] for r in (3, 4, 5)}, broke_at_rep=3)),
        ("225lb", make_result(faults={1: ["knee_bend"]}, broke_at_rep=1)),
    ):
        save_result(
            store, athlete=name, result=result, load=load, set_number=None, note="felt <heavy>"
        )
    page = render_progress_html(athlete_history(store, athlete=name))
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>")
    # nothing that could fetch: no scripts, links, sources, URLs or CSS imports
    assert not re.search(r"<script|<link|<img|<iframe|src=|href=|https?:|url\(|@import", page)
    assert page.count("<svg") == 2  # score vs load (one exercise) + timeline
    assert page.count("<circle") == 6
    assert "Sam &lt;O&#39;Neil&gt; &amp; co" in page and "<O'Neil>" not in page
    assert "felt &lt;heavy&gt;" in page
    assert 'clean up to <b class="ok">60 kg</b>' in page
    assert 'form breaks from <b class="bad">100 kg</b>' in page
    assert "Knee bend" in page and "recurring" in page
    assert "knee_bend" not in page  # the fault in words, never its check id
    assert "102.1 kg (225lb)" in page


def test_page_with_nothing_judged(store: Store) -> None:
    unjudged = make_result(reps=0)
    save_result(store, athlete="Jo", result=unjudged, load=None, set_number=None, note=None)
    page = render_progress_html(athlete_history(store, athlete="Jo"))
    assert "No judged sets yet" in page and "No sets with a load yet" in page


def test_page_shows_the_next_session_from_the_plan(store: Store) -> None:
    import datetime as dt

    from hingecoach.feedback.plan import plan_next

    def card(page: str) -> str:
        return page[page.index('id="next-session"') : page.index('id="form-limit"')]

    day = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    for d in range(2):  # two sets on one day: one session, not yet two in a row
        save_result(
            store,
            athlete="Al",
            result=make_result(),
            load="80kg",
            set_number=None,
            note=None,
            performed_at=day + dt.timedelta(hours=d),
        )
    history = athlete_history(store, athlete="Al")
    assert "Romanian deadlift: 3 sets" in card(render_progress_html(history))
    save_result(
        store,
        athlete="Al",
        result=make_result(),
        load="80kg",
        set_number=None,
        note=None,
        performed_at=day + dt.timedelta(days=1),
    )
    history = athlete_history(store, athlete="Al")
    moved_on = card(render_progress_html(history))
    assert "pause deadlift: 3 sets" in moved_on and "mid-shin or just below the knee" in moved_on
    # the plan the caller worked out with the stored heights is the one shown
    measured = plan_next(history.sets, heights={history.sets[-1].set_id: "below_knee"})
    assert "pause 1–2 s at just below the knee" in card(
        render_progress_html(history, plan=measured)
    )
