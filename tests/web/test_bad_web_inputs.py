"""Hostile form and URL values (issue 13, item 7): a clear 4xx, never a 500, on both back ends.

Ids past a signed 64-bit integer overflow the database driver; a NUL byte is refused in text by
PostgreSQL. Both must be turned away at the edge with a message, on SQLite and on PostgreSQL
(``HINGECOACH_TEST_PG_URL``; the PostgreSQL cases skip without it, fail without it under CI).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from hingecoach.web.settings import Settings
from tests.store.conftest import pg_url  # noqa: F401  (the fixture)
from tests.web.conftest import PASSWORD, Clip, csrf_of, make_client, signup, upload

HUGE = 2**63  # one past the largest id the database holds


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    if request.param == "sqlite":
        return settings
    return dataclasses.replace(settings, db_url=request.getfixturevalue("pg_url"))


@pytest.fixture
def coach(backend_settings: Settings) -> Iterator[TestClient]:
    with make_client(backend_settings) as c:
        signup(c, email="coach@example.com", role="coach", name="Carol")
        yield c


@pytest.mark.parametrize(
    "path",
    [
        f"/jobs/{HUGE}",
        f"/api/jobs/{HUGE}",
        f"/athletes/{HUGE}",
        f"/api/athletes/{HUGE}/history",
        f"/sets/{HUGE}/report",
        f"/sets/{HUGE}/result.json",
        f"/sets/1/compare?a={HUGE}",
        f"/jobs/{10**30}",
    ],
)
def test_ids_past_64_bits_are_refused_not_a_server_error(coach: TestClient, path: str) -> None:
    r = coach.get(path)
    assert r.status_code in (404, 422), (path, r.status_code, r.text[:300])


def test_an_upload_for_an_id_past_64_bits_is_refused(coach: TestClient, tiny_clip: Clip) -> None:
    r = upload(coach, [("a.mp4", tiny_clip.bytes())], athlete=HUGE)
    assert r.status_code == 422, r.text
    assert "athlete_id" in r.text


def _signup_form(client: TestClient, **fields: str) -> dict[str, str]:
    base = {
        "csrf_token": csrf_of(client, "/signup"),
        "email": "new@example.com",
        "display_name": "Nia",
        "password": PASSWORD,
        "role": "athlete",
    }
    return base | fields


@pytest.mark.parametrize("field", ["display_name", "email"])
def test_a_nul_byte_at_sign_up_is_a_clear_422(coach: TestClient, field: str) -> None:
    fresh = TestClient(coach.app, base_url="https://testserver", follow_redirects=False)
    value = "Ni\x00a" if field == "display_name" else "n\x00ew@example.com"
    r = fresh.post("/signup", data=_signup_form(fresh, **{field: value}))
    assert r.status_code == 422, r.text[:300]
    assert "control characters" in r.text
    assert fresh.get("/api/me").status_code in (401, 303)  # nobody was signed in


def test_a_nul_byte_at_log_in_is_a_wrong_log_in(coach: TestClient) -> None:
    fresh = TestClient(coach.app, base_url="https://testserver", follow_redirects=False)
    token = csrf_of(fresh, "/login")
    r = fresh.post(
        "/login", data={"csrf_token": token, "email": "co\x00ach@example.com", "password": "x"}
    )
    assert r.status_code == 401 and "wrong email or password" in r.text


def test_a_nul_byte_in_an_athlete_name_or_a_load_is_a_clear_422(
    coach: TestClient, tiny_clip: Clip
) -> None:
    r = coach.post("/athletes", data={"csrf_token": csrf_of(coach), "name": "D\x00an"})
    assert r.status_code == 422 and "control characters" in r.text, r.text[:300]
    coach.post("/athletes", data={"csrf_token": csrf_of(coach), "name": "Dan"})
    r = upload(coach, [("a.mp4", tiny_clip.bytes())], fields={"load": "90\x00kg"})
    assert r.status_code == 422 and "control characters" in r.text, r.text[:300]
