"""The web app on PostgreSQL: the paths whose SQL differs between the two back ends.

Accounts, an upload through the pool to a stored set, isolation, and recovery after a restart.

Needs ``HINGECOACH_TEST_PG_URL`` (``scripts/postgres.sh start`` prints one); skips without it,
fails without it under CI, like the store's tests.
"""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient

from hingecoach.store import athlete_history, open_store
from hingecoach.store.web import jobs as job_data
from hingecoach.web.settings import Settings
from tests.store.conftest import pg_url  # noqa: F401  (the fixture)
from tests.web.conftest import Clip, csrf_of, job_id_of, make_client, signup, upload, wait_job
from tests.web.fakes import FAKE_REPS


@pytest.fixture
def pg_settings(settings: Settings, pg_url: str) -> Settings:  # noqa: F811
    return dataclasses.replace(settings, db_url=pg_url)


def test_upload_to_stored_set_and_isolation_on_postgres(
    pg_settings: Settings, tiny_clip: Clip
) -> None:
    with make_client(pg_settings) as alice:
        signup(alice, email="alice@example.com", name="Alice")
        job = wait_job(
            alice, job_id_of(upload(alice, [("a.mp4", tiny_clip.bytes())], fields={"load": "90kg"}))
        )
        assert job["status"] == "done" and job["rep_count"] == FAKE_REPS
        coach = TestClient(alice.app, base_url="https://testserver", follow_redirects=False)
        signup(coach, email="coach@example.com", role="coach", name="Carol")
        coach.post("/athletes", data={"csrf_token": csrf_of(coach), "name": "Dan"})
        coach.post("/athletes", data={"csrf_token": csrf_of(coach), "name": "Bea"})
        assert [a["name"] for a in coach.get("/api/athletes").json()] == ["Bea", "Dan"]
        for path in (
            job["report_url"],
            f"/api/jobs/{job['id']}",
            f"/athletes/{job['athlete_id']}",
            f"/sets/{job['set_id']}/result.json",
        ):
            assert coach.get(path).status_code == 404, path
            assert alice.get(path).status_code == 200, path
    with open_store(pg_settings.db_url) as store:
        (saved,) = athlete_history(store, athlete="Alice (web 1)").sets
    assert saved.load_kg == 90.0


def test_job_left_running_resumes_on_postgres(pg_settings: Settings, tiny_clip: Clip) -> None:
    from hingecoach.web.app import create_app
    from tests.web.test_jobs import NoWorkers, an_hour_ago

    app = create_app(pg_settings, make_executor=NoWorkers)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        signup(c, email="a@example.com")
        job_id = job_id_of(upload(c, [("a.mp4", tiny_clip.bytes())]))
        cookies = dict(c.cookies)
    with open_store(pg_settings.db_url) as store:
        assert job_data.claim_job(store, job_id=job_id, now=an_hour_ago()) is not None  # died
        assert job_data.claim_job(store, job_id=job_id) is None  # only one worker gets it
    with make_client(pg_settings) as c:
        c.cookies.update(cookies)
        assert wait_job(c, job_id)["status"] == "done"
