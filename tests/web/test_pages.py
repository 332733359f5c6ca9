"""The pages a user reads: home, job progress, athlete page and rep comparison.

The athlete page shows charts, faults and the form-limited load. The ``serve`` command is tested
in ``tests/cli/test_serve.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.web.conftest import Clip, csrf_of, job_id_of, upload, wait_job

HTML = {"accept": "text/html"}


def test_coach_adds_athletes_uploads_and_reads_their_page(
    make_user: Callable[..., TestClient], tiny_clip: Clip
) -> None:
    coach = make_user("coach@example.com", role="coach", name="Carol")
    assert "Add an athlete first" in coach.get("/", headers=HTML).text
    r = coach.post("/athletes", data={"csrf_token": csrf_of(coach), "name": "  Dan <b>X</b> "})
    assert r.status_code == 303
    athlete_id = int(r.headers["location"].rsplit("/", 1)[1])
    empty = coach.get(f"/athletes/{athlete_id}", headers=HTML).text
    assert "No analysed sets yet" in empty
    assert "Dan &lt;b&gt;X&lt;/b&gt;" in empty and "<b>X</b>" not in empty  # escaped
    for load in ("80kg", "100kg"):
        r = upload(
            coach,
            [("s.mp4", tiny_clip.bytes())],
            athlete=athlete_id,
            fields={"load": load, "exercise": "rdl"},
        )
        assert wait_job(coach, job_id_of(r))["status"] == "done"
    page = coach.get(f"/athletes/{athlete_id}", headers=HTML).text
    assert "1 session, 2 sets" in page
    assert 'id="form-limit"' in page and "form breaks from" in page
    assert page.count("<svg") == 2  # score against load + over time
    assert "Recurring faults" in page and "recurring</span>" in page  # same fault in both sets
    assert page.count('href="/sets/') >= 4  # report + compare per set
    home = coach.get("/", headers=HTML).text
    assert "Dan" in home and 'data-job="' in home and "report: 3 reps" in home


def test_job_page_shows_progress_then_the_report_link(
    make_user: Callable[..., TestClient], tiny_clip: Clip
) -> None:
    c = make_user("a@example.com")
    job_id = job_id_of(upload(c, [("s.mp4", tiny_clip.bytes())]))
    wait_job(c, job_id)
    page = c.get(f"/jobs/{job_id}", headers=HTML).text
    assert 'id="job-progress"' in page and 'value="1.0"' in page
    assert 'href="/sets/1/report"' in page and "3 reps, score" in page


def test_compare_defaults_to_rep_one_against_where_form_broke(
    make_user: Callable[..., TestClient], tiny_clip: Clip
) -> None:
    c = make_user("a@example.com")
    job = wait_job(c, job_id_of(upload(c, [("s.mp4", tiny_clip.bytes())])))
    page = c.get(f"/sets/{job['set_id']}/compare", headers=HTML).text
    broke = re.search(r"form broke at rep (\d+)", page)
    assert broke is not None
    assert re.search(r'name="a">.*?value="1" selected', page, re.S)
    assert re.search(rf'name="b">.*?value="{broke.group(1)}" selected', page, re.S)
    assert "No video was kept" in page  # the fake analysis keeps no video to play
    picked = c.get(f"/sets/{job['set_id']}/compare?a=2&b=3", headers=HTML).text
    assert re.search(r'name="a">.*?value="2" selected', picked, re.S)
    assert re.search(r'name="b">.*?value="3" selected', picked, re.S)
    assert c.get(f"/sets/{job['set_id']}/compare?a=0").status_code == 422
