"""Nobody sees or changes anything of another account, and nothing works signed out.

Every route of the app (read from its OpenAPI schema, so a new route without a case here fails
the coverage test) is called by a second account with the first account's ids, and signed out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import Clip, csrf_of, job_id_of, upload, wait_job

HTML = {"accept": "text/html"}
#: Routes that need no login (the forms to get one).
PUBLIC = {
    ("GET", "/signup"),
    ("POST", "/signup"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
}
#: Every route, and how to call it with someone's ids: (method, path template).
ROUTES = {
    ("GET", "/"),
    ("GET", "/signup"),
    ("POST", "/signup"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/api/me"),
    ("POST", "/athletes"),
    ("GET", "/athletes/{athlete_id}"),
    ("GET", "/api/athletes"),
    ("GET", "/api/athletes/{athlete_id}/history"),
    ("POST", "/uploads"),
    ("GET", "/jobs/{job_id}"),
    ("GET", "/api/jobs/{job_id}"),
    ("GET", "/api/jobs"),
    ("GET", "/jobs/{job_id}/selftest"),
    ("GET", "/jobs/{job_id}/selftest.json"),
    ("GET", "/sets/{set_id}/report"),
    ("GET", "/sets/{set_id}/compare"),
    ("GET", "/sets/{set_id}/{name}"),
}


@dataclass
class Owned:
    """One account's objects."""

    client: TestClient
    athlete_id: int
    job_id: int
    set_id: int
    athlete_name: str

    def path(self, template: str, name: str = "result.json") -> str:
        return template.format(
            athlete_id=self.athlete_id, job_id=self.job_id, set_id=self.set_id, name=name
        )


#: Every upload here also asks for a self-test, so the owner has a self-test page to be refused.
SELFTEST = {"selftest": "wall", "height_m": "1.80", "wall_cm": "10"}


def _owned(client: TestClient, clip: Clip, athlete_id: int | None = None) -> Owned:
    sent = upload(client, [("x.mp4", clip.bytes())], athlete=athlete_id, fields=SELFTEST)
    job = wait_job(client, job_id_of(sent))
    assert job["status"] == "done"
    return Owned(client, job["athlete_id"], job["id"], job["set_id"], job["athlete_name"])


@pytest.fixture
def alice(make_user: Callable[..., TestClient], tiny_clip: Clip) -> Owned:
    return _owned(make_user("alice@example.com", name="Alice"), tiny_clip)


@pytest.fixture
def coached(make_user: Callable[..., TestClient], tiny_clip: Clip) -> Owned:
    coach = make_user("coach@example.com", role="coach", name="Carol")
    r = coach.post("/athletes", data={"csrf_token": csrf_of(coach), "name": "Dan"})
    athlete_id = int(r.headers["location"].rsplit("/", 1)[1])
    return _owned(coach, tiny_clip, athlete_id)


def test_every_route_is_covered(client: TestClient) -> None:
    schema = client.app.openapi()  # type: ignore[attr-defined]
    found = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    assert found == ROUTES


def test_another_account_gets_404_for_every_id_route(
    alice: Owned, coached: Owned, make_user: Callable[..., TestClient]
) -> None:
    bob = make_user("bob@example.com", name="Bob")
    pairs = ((alice, bob), (alice, coached.client), (coached, alice.client), (coached, bob))
    templates = [p for m, p in sorted(ROUTES) if m == "GET" and "{" in p]
    for template in templates:
        for name in ("result.json", "reps.csv", "annotated.mp4", "report.html", "..%2Fsecret.key"):
            if "{name}" not in template and name != "result.json":
                continue
            for owner, intruder in pairs:
                path = owner.path(template, name)
                for headers in ({}, HTML):
                    r = intruder.get(path, headers=headers)
                    assert r.status_code == 404, (path, r.status_code)
                    assert "x.mp4" not in r.text and owner.athlete_name not in r.text
                own = owner.client.get(path).status_code
                assert own == (200 if name in ("result.json", "reps.csv") else 404), (path, own)


def test_lists_show_only_ones_own(alice: Owned, coached: Owned) -> None:
    assert [a["name"] for a in alice.client.get("/api/athletes").json()] == ["Alice"]
    assert [a["name"] for a in coached.client.get("/api/athletes").json()] == ["Dan"]
    assert [j["id"] for j in alice.client.get("/api/jobs").json()] == [alice.job_id]
    assert [j["id"] for j in coached.client.get("/api/jobs").json()] == [coached.job_id]
    home = alice.client.get("/", headers=HTML).text
    assert "Dan" not in home and f"/jobs/{coached.job_id}" not in home


def test_nobody_uploads_for_someone_elses_athlete(
    alice: Owned, coached: Owned, tiny_clip: Clip
) -> None:
    for owner, intruder in ((alice, coached.client), (coached, alice.client)):
        r = upload(intruder, [("y.mp4", tiny_clip.bytes())], athlete=owner.athlete_id)
        assert r.status_code == 404
    assert len(alice.client.get("/api/jobs").json()) == 1


def test_only_coaches_add_athletes(alice: Owned) -> None:
    r = alice.client.post("/athletes", data={"csrf_token": csrf_of(alice.client), "name": "Eve"})
    assert r.status_code == 403
    assert len(alice.client.get("/api/athletes").json()) == 1


def test_signed_out_every_route_is_refused(alice: Owned) -> None:
    # Alice's own server: a second app may not run on her data folder at the same time.
    anon = TestClient(alice.client.app, base_url="https://testserver", follow_redirects=False)
    token = csrf_of(anon, "/login")  # a valid anonymous token: refusals are about the login
    for method, template in sorted(ROUTES - PUBLIC):
        path = alice.path(template)
        if method == "GET":
            r = anon.get(path)
            assert r.status_code == 401, path
            page = anon.get(path, headers=HTML)
            assert (page.status_code, page.headers.get("location")) in (
                (303, "/login"),
                (401, None),
            ), path
        else:
            kwargs: dict[str, Any] = {
                "data": {"csrf_token": token, "name": "x", "athlete_id": str(alice.athlete_id)}
            }
            if template == "/uploads":
                kwargs["files"] = [("files", ("x.mp4", b"\0" * 10, "video/mp4"))]
            r = anon.post(path, **kwargs)
            assert r.status_code == 401, path
    assert anon.get("/api/jobs").status_code == 401
    assert len(alice.client.get("/api/athletes").json()) == 1
