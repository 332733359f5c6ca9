"""The athlete page's "Next session" card follows the progression plan of the stored history."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from hingecoach.feedback.plan import BACK_OFF_FRACTION
from hingecoach.store import open_store, save_result
from hingecoach.store.web.users import store_athlete_name
from hingecoach.web.settings import Settings
from tests.store._results import make_result
from tests.web.conftest import athlete_id

HTML = {"accept": "text/html"}


def test_athlete_page_shows_the_next_session(
    make_user: Callable[..., TestClient], settings: Settings
) -> None:
    c = make_user("a@example.com", name="Sam")
    aid = athlete_id(c)
    first = c.get(f"/athletes/{aid}", headers=HTML).text
    assert 'id="next-session"' in first and "hinge drill: 3 sets" in first  # no history yet
    with open_store(settings.db_url) as store:
        save_result(
            store,
            athlete=store_athlete_name("Sam", aid),
            result=make_result(faults={r: ["torso_neutral"] for r in (4, 5)}, broke_at_rep=4),
            load="100kg",
            set_number=None,
            note=None,
        )
    page = c.get(f"/athletes/{aid}", headers=HTML).text
    card = page[page.index('id="next-session"') : page.index("</section>", page.index("next-"))]
    assert "Romanian deadlift: 3 sets × 3 reps" in card  # stop before the rep that broke
    assert f"{BACK_OFF_FRACTION * 100:g} kg" in card and "To move on" in card
