"""Self-tests on the web: the upload form asks for one, its job runs it, its owner reads it.

The fake analyser stands in for the pose pass (a synthetic three-rep set whose knees drift
forward from rep 3), so the self-test runs on the engine's real reps of that set.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from hingecoach.selftest.instructions import DOWEL_SETUP, wall_setup
from hingecoach.selftest.practice import CUE_SEQUENCE
from hingecoach.store import open_store
from hingecoach.store.web import jobs as job_data
from hingecoach.web.settings import Settings
from tests.web.conftest import Clip, job_id_of, signup, upload, wait_job

#: A video's name a browser would run as markup if a page did not escape it.
HOSTILE = "<img src=x onerror=alert(1)>.mp4"


def _selftest(client: TestClient, clip: Clip, fields: dict[str, str], name: str = "t.mp4") -> int:
    job_id = job_id_of(upload(client, [(name, clip.bytes())], fields=fields))
    job = wait_job(client, job_id)
    assert job["status"] == "done", job
    return job_id


def test_wall_test_upload_runs_and_shows_its_page(client: TestClient, tiny_clip: Clip) -> None:
    signup(client, email="ann@example.com")
    fields = {"selftest": "wall", "height_m": "1.80", "wall_cm": "12", "exercise": "rdl"}
    job_id = _selftest(client, tiny_clip, fields, name=HOSTILE)

    job = client.get(f"/api/jobs/{job_id}").json()
    assert job["selftest"] == "wall" and job["report_url"] == f"/jobs/{job_id}/selftest"
    result = client.get(f"/jobs/{job_id}/selftest.json").json()
    assert result["mode"] == "wall" and result["wall_cm"] == 12.0 and result["height_m"] == 1.8
    assert result["source"] == HOSTILE  # the user's name for the video, not the server's path
    assert [r["index"] for r in result["reps"]] == [1, 2, 3]
    # A self-test's set is analysed as unweighted hinges, whatever exercise the form named.
    saved = client.get(f"/sets/{job['set_id']}/result.json").json()
    assert saved["exercise"] == "hinge_drill"

    page = client.get(f"/jobs/{job_id}/selftest")
    assert page.status_code == 200, page.text
    html = page.text
    assert 'id="selftest-wall"' in html and "Wall test (12 cm)" in html
    assert escape(wall_setup(12.0)[0]) in html
    assert HOSTILE not in html and str(escape(HOSTILE)) in html
    assert f'href="/jobs/{job_id}/selftest.json"' in html  # the app's bar
    job_page = client.get(f"/jobs/{job_id}", headers={"accept": "text/html"}).text
    assert "Wall test ·" in job_page and "Open the self-test" in job_page
    home = client.get("/", headers={"accept": "text/html"}).text
    assert f'href="/jobs/{job_id}/selftest"' in home  # the recent uploads link to it


@pytest.mark.parametrize("mode", ["dowel", "practice"])
def test_dowel_and_practice_pages(client: TestClient, tiny_clip: Clip, mode: str) -> None:
    signup(client, email=f"{mode}@example.com")
    job_id = _selftest(client, tiny_clip, {"selftest": mode, "height_m": "1.7", "reps": "5"})
    result = client.get(f"/jobs/{job_id}/selftest.json").json()
    html = client.get(f"/jobs/{job_id}/selftest").text
    assert result["mode"] == mode and f'id="selftest-{mode}"' in html
    if mode == "practice":
        assert result["reps_asked"] == 5
        assert all(escape(c) in html for c in CUE_SEQUENCE)
    else:
        assert all(escape(line) in html for line in DOWEL_SETUP)


def test_only_the_owner_reads_a_selftest(
    make_user: Callable[..., TestClient], tiny_clip: Clip, settings: Settings
) -> None:
    owner = make_user("owner@example.com")
    other = make_user("other@example.com")
    job_id = _selftest(owner, tiny_clip, {"selftest": "practice", "height_m": "1.75"})
    plain = _selftest(owner, tiny_clip, {})
    for path in (f"/jobs/{job_id}/selftest", f"/jobs/{job_id}/selftest.json"):
        assert owner.get(path).status_code == 200
        r = other.get(path)
        assert r.status_code == 404 and "practice" not in r.text
    assert owner.get(f"/jobs/{plain}/selftest").status_code == 404  # not a self-test
    assert owner.get(f"/api/jobs/{plain}").json()["report_url"].endswith("/report")
    with open_store(settings.db_url) as store:
        assert len(job_data.job_ids_with_status(store, status="done")) == 2


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"selftest": "wall"}, "give your height"),
        ({"selftest": "wall", "height_m": "5"}, "height_m"),
        ({"selftest": "wall", "height_m": "nan"}, "height_m"),
        ({"selftest": "wall", "height_m": "1.8", "wall_cm": "90"}, "wall_cm"),
        ({"selftest": "practice", "height_m": "1.8", "reps": "2"}, "reps"),
        ({"selftest": "plank", "height_m": "1.8"}, "selftest"),
    ],
)
def test_bad_selftest_fields_are_refused_in_one_line(
    client: TestClient, tiny_clip: Clip, settings: Settings, fields: dict[str, str], said: str
) -> None:
    signup(client, email="bad@example.com")
    r = upload(client, [("t.mp4", tiny_clip.bytes())], fields=fields)
    assert r.status_code == 422, r.text
    detail = json.loads(r.text)["detail"]
    assert said in detail and "\n" not in detail
    with open_store(settings.db_url) as store:
        assert job_data.job_ids_with_status(store, status="queued") == []
    assert list(settings.uploads_dir.iterdir()) == []  # the refused upload is not kept
