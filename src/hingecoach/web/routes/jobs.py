"""Jobs: the progress page of an upload and its status as JSON (polled by the page)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from hingecoach.selftest.request import TITLES, Mode, SelfTestRequest
from hingecoach.store.web import jobs
from hingecoach.store.web.records import JobRecord
from hingecoach.web.deps import CurrentUser, StoreDep
from hingecoach.web.jobs.stages import STAGE_TEXT
from hingecoach.web.pages import render
from hingecoach.web.schemas import DbId, JobPublic

router = APIRouter(tags=["jobs"])


#: The job page's list of stages: (step, what it says).
STAGES = (("queued", "Waiting for a worker"), *((k, v.capitalize()) for k, v in STAGE_TEXT.items()))
#: Furthest the bar moves between two writes of a running job, as a share of what was left.
DRIFT_CAP = 0.95


def _live(job: JobRecord, now: dt.datetime) -> tuple[float, float | None]:
    """Progress and seconds left now: the job's last write moved on by the time since.

    A stage without callbacks (writing the video) writes once at its start; its estimate counts
    down between polls and the bar moves with it, never past :data:`DRIFT_CAP` of what was left.
    """
    if job.status != "running" or job.eta_s is None:
        return job.progress, None if job.status != "done" else 0.0
    since_s = max((now - job.updated_at).total_seconds(), 0.0)
    left_s = max(job.eta_s - since_s, 0.0)
    share = min(since_s / job.eta_s, DRIFT_CAP) if job.eta_s > 0 else DRIFT_CAP
    return job.progress + (1.0 - job.progress) * share, left_s


def stage_rows(job: JobPublic) -> list[dict[str, str]]:
    """The job page's stages: each with its label, state (done, current, todo, failed), detail.

    The detail of the pose pass is its frames and measured rate (app.js keeps it current).
    """
    steps = [key for key, _ in STAGES]
    at = steps.index(job.step) if job.step in steps else 0
    if job.status == "done":
        at = len(steps)
    rows = []
    for i, (key, label) in enumerate(STAGES):
        state = "done" if i < at else "current" if i == at else "todo"
        if state == "current" and job.status == "failed":
            state = "failed"
        detail = ""
        if key == "pose" and job.frames_total and (state == "current" or state == "done"):
            detail = f"frame {job.frames_done or 0} of {job.frames_total}"
            if job.frames_per_s:
                detail += f" · {job.frames_per_s:g} frames/s"
        rows.append({"step": key, "label": label, "state": state, "detail": detail})
    return rows


def public(job: JobRecord, now: dt.datetime | None = None) -> JobPublic:
    """What the owner sees of a job (its progress and estimate as of ``now``)."""
    progress, left_s = _live(job, now or dt.datetime.now(dt.UTC))
    return JobPublic(
        id=job.id,
        athlete_id=job.athlete_id,
        athlete_name=job.athlete_name,
        file_name=job.original_name,
        status=job.status,
        step=job.step,
        stage=job.stage,
        progress=progress,
        frames_done=job.frames_done,
        frames_total=job.frames_total,
        frames_per_s=job.frames_per_s,
        seconds_left=None if left_s is None else round(left_s, 1),
        note=job.note,
        filmed_on=job.filmed_on,
        error=job.error,
        set_id=job.set_id,
        rep_count=job.rep_count,
        score=job.score,
        report_url=_report_url(job),
        selftest=_selftest_mode(job),
        created_at=job.created_at,
    )


def _report_url(job: JobRecord) -> str | None:
    """Where the finished job's result is read: the self-test's page, else the set's report."""
    if job.status != "done":
        return None
    return f"/jobs/{job.id}/selftest" if job.selftest else f"/sets/{job.set_id}/report"


def _selftest_mode(job: JobRecord) -> Mode | None:
    if job.selftest is None:
        return None
    return SelfTestRequest.model_validate_json(job.selftest).mode


def _visible(store: StoreDep, user_id: int, job_id: int) -> JobRecord:
    found = jobs.job_for_user(store, user_id=user_id, job_id=job_id)
    if found is None:
        raise HTTPException(404, "no such upload")
    return found


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: DbId, user: CurrentUser, store: StoreDep) -> HTMLResponse:
    """A live progress bar while the set is analysed; links to the report when done."""
    job = public(_visible(store, user.id, job_id))
    context = {"job": job, "stage_rows": stage_rows(job), "selftest_titles": TITLES}
    return render(request, "job.html", context)


@router.get("/api/jobs/{job_id}", response_model=JobPublic)
def job_status(job_id: DbId, user: CurrentUser, store: StoreDep) -> JobPublic:
    """One job's state and progress (0..1)."""
    return public(_visible(store, user.id, job_id))


@router.get("/api/jobs", response_model=list[JobPublic])
def job_list(user: CurrentUser, store: StoreDep) -> list[JobPublic]:
    """The newest jobs of every athlete the user may see."""
    return [public(j) for j in jobs.jobs_for_user(store, user_id=user.id)]
