"""An upload's note and filming day, the job's stages, the shared stylesheet, the served report.

The note and the day go with the job to the saved set: the athlete page lists the set under the
day filmed with its note, and the report's header shows both. A finished job went through every
stage; the report page may run its own inline script (by hash) and play an inline video.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from hingecoach.templates import STYLESHEET, TEMPLATE_DIR
from hingecoach.web.settings import Settings
from tests.web.conftest import Clip, job_id_of, make_client, signup, upload, wait_job
from tests.web.fakes import failing_analyze

HTML = {"accept": "text/html"}
DAY = dt.date(2026, 3, 14)


def test_note_and_day_filmed_reach_the_set_the_report_and_the_athlete_page(
    make_user: Callable[..., TestClient], tiny_clip: Clip
) -> None:
    sam = make_user("sam@example.com")
    note = "belt on\nlast set of the day"
    r = upload(
        sam,
        [("s.mp4", tiny_clip.bytes())],
        fields={"note": note, "filmed_on": DAY.isoformat(), "load": "70kg"},
    )
    job = wait_job(sam, job_id_of(r))
    assert job["status"] == "done" and job["step"] == "done"
    assert job["note"] == note and job["filmed_on"] == DAY.isoformat()
    assert job["progress"] == 1.0 and job["seconds_left"] == 0.0
    page = sam.get(f"/jobs/{job['id']}", headers=HTML).text
    states = re.findall(r'<li data-step="(\w+)" class="(\w+)"', page)
    assert [s for _, s in states] == ["done"] * 7, states
    athlete = sam.get(f"/athletes/{job['athlete_id']}", headers=HTML).text
    assert f"<h3>{DAY.isoformat()}</h3>" in athlete
    assert "belt on\nlast set of the day" in athlete
    report = sam.get(job["report_url"], headers=HTML).text
    assert "last set of the day" in report and DAY.isoformat() in report
    assert not re.search(rf"{DAY.isoformat()} \d\d:\d\d", report)  # the day given, no made-up hour


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"filmed_on": "2026-02-30"}, "filmed_on"),
        ({"filmed_on": "1999-12-31"}, "give the day the set was filmed"),
        ({"filmed_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "filmed_on"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_bad_note_or_day_is_refused_in_one_line(
    make_user: Callable[..., TestClient], tiny_clip: Clip, fields: dict[str, str], problem: str
) -> None:
    sam = make_user("sam@example.com")
    r = upload(sam, [("s.mp4", tiny_clip.bytes())], fields=fields)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert problem in detail and "\n" not in detail


def test_the_app_serves_the_one_shared_stylesheet(client: TestClient) -> None:
    r = client.get("/static/hingecoach.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert r.text == (TEMPLATE_DIR / STYLESHEET).read_text(encoding="utf-8")
    assert client.get("/static/app.css").status_code == 404  # one stylesheet, not two
    login = client.get("/login", headers=HTML).text
    assert '<link rel="stylesheet" href="/static/hingecoach.css">' in login


def test_the_report_page_allows_its_inline_script_and_video_only(
    make_user: Callable[..., TestClient], tiny_clip: Clip
) -> None:
    sam = make_user("sam@example.com")
    job = wait_job(sam, job_id_of(upload(sam, [("s.mp4", tiny_clip.bytes())])))
    r = sam.get(job["report_url"], headers=HTML)
    scripts = re.findall(r"<script>(.*?)</script>", r.text, re.DOTALL)
    assert scripts, "the report carries its seek-to-rep script"
    csp = r.headers["content-security-policy"]
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "media-src 'self' data:" in csp
    assert f'href="/sets/{job["set_id"]}/compare"' in r.text  # the app's bar on top


def test_a_failed_job_shows_the_stage_it_failed_in(settings: Settings, tiny_clip: Clip) -> None:
    with make_client(settings, analyzer=failing_analyze) as c:
        signup(c, email="a@example.com")
        job = wait_job(c, job_id_of(upload(c, [("s.mp4", tiny_clip.bytes())])))
        assert job["status"] == "failed" and job["step"] == "starting"
        page = c.get(f"/jobs/{job['id']}", headers=HTML).text
    states = dict(re.findall(r'<li data-step="(\w+)" class="(\w+)"', page))
    assert states["queued"] == "done" and states["starting"] == "failed"
    assert states["pose"] == "todo" and "no person found" in page
