"""Self-tests: the page of a self-test run on an upload, and its result JSON.

A self-test is asked for on the upload form and runs with the upload's job
(:mod:`hingecoach.web.jobs.selftest`); its outputs sit in the job's result folder. Only a user
who may see the job's athlete gets them (anyone else: 404, as for sets and jobs); files are
looked up by the job's result folder (a name the server chose), never by anything the client
sends.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

from hingecoach.store.web import jobs
from hingecoach.store.web.records import JobRecord
from hingecoach.web.deps import CurrentUser, SettingsDep, StoreDep
from hingecoach.web.jobs.selftest import RESULT_HTML, RESULT_JSON
from hingecoach.web.pages import templates
from hingecoach.web.schemas import DbId
from hingecoach.web.settings import Settings

router = APIRouter(prefix="/jobs", tags=["selftest"])


def _output(
    store: StoreDep, settings: Settings, user_id: int, job_id: int, name: str
) -> tuple[Path, JobRecord]:
    """A finished self-test job's output file, if the user may see the job; else 404."""
    job = jobs.job_for_user(store, user_id=user_id, job_id=job_id)
    if job is None or job.selftest is None:
        raise HTTPException(404, "no such self-test")
    path = settings.results_dir / str(job.result_dir) / name
    if job.status != "done" or job.result_dir is None or not path.is_file():
        raise HTTPException(404, "this self-test has no result (yet)")
    return path, job


@router.get("/{job_id}/selftest", response_class=HTMLResponse)
def selftest_page(
    job_id: DbId, user: CurrentUser, store: StoreDep, settings: SettingsDep
) -> HTMLResponse:
    """The self-test's page (the one ``selftest ... --report`` writes), with the app's bar."""
    path, job = _output(store, settings, user.id, job_id, RESULT_HTML)
    html = path.read_text(encoding="utf-8")
    bar = templates.get_template("_selftest_bar.html").render(job=job)
    return HTMLResponse(html.replace("<body>", f"<body>{bar}", 1))


@router.get("/{job_id}/selftest.json", response_class=FileResponse)
def selftest_json(
    job_id: DbId, user: CurrentUser, store: StoreDep, settings: SettingsDep
) -> FileResponse:
    """The self-test's result as JSON (the CLI's ``--json``)."""
    path, job = _output(store, settings, user.id, job_id, RESULT_JSON)
    stem = Path(job.original_name).stem or "set"
    return FileResponse(path, media_type="application/json", filename=f"{stem}.selftest.json")
