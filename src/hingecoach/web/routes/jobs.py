"""Jobs: the progress page of an upload and its status as JSON (polled by the page)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from hingecoach.store.web import jobs
from hingecoach.store.web.records import JobRecord
from hingecoach.web.deps import CurrentUser, StoreDep
from hingecoach.web.pages import render
from hingecoach.web.schemas import DbId, JobPublic

router = APIRouter(tags=["jobs"])


def public(job: JobRecord) -> JobPublic:
    """What the owner sees of a job."""
    return JobPublic(
        id=job.id,
        athlete_id=job.athlete_id,
        athlete_name=job.athlete_name,
        file_name=job.original_name,
        status=job.status,
        stage=job.stage,
        progress=job.progress,
        error=job.error,
        set_id=job.set_id,
        rep_count=job.rep_count,
        score=job.score,
        report_url=f"/sets/{job.set_id}/report" if job.status == "done" else None,
        created_at=job.created_at,
    )


def _visible(store: StoreDep, user_id: int, job_id: int) -> JobRecord:
    found = jobs.job_for_user(store, user_id=user_id, job_id=job_id)
    if found is None:
        raise HTTPException(404, "no such upload")
    return found


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: DbId, user: CurrentUser, store: StoreDep) -> HTMLResponse:
    """A live progress bar while the set is analysed; links to the report when done."""
    return render(request, "job.html", {"job": public(_visible(store, user.id, job_id))})


@router.get("/api/jobs/{job_id}", response_model=JobPublic)
def job_status(job_id: DbId, user: CurrentUser, store: StoreDep) -> JobPublic:
    """One job's state and progress (0..1)."""
    return public(_visible(store, user.id, job_id))


@router.get("/api/jobs", response_model=list[JobPublic])
def job_list(user: CurrentUser, store: StoreDep) -> list[JobPublic]:
    """The newest jobs of every athlete the user may see."""
    return [public(j) for j in jobs.jobs_for_user(store, user_id=user.id)]
