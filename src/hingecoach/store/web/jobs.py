"""Uploads and their analysis jobs: creation, access, the worker's state changes, recovery.

Job states: ``queued`` → ``running`` → ``done`` | ``failed``. Only :func:`claim_job` moves a job
to running (atomically, from queued), so a job submitted twice runs once. After a crash or a
restart, :func:`recover_jobs` puts jobs left running back in the queue while their upload is on
disk and they have attempts left, and fails the others with the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from hingecoach.store.db import Store
from hingecoach.store.schema import utcnow
from hingecoach.store.web.access import visible_athlete_ids
from hingecoach.store.web.records import JobRecord, JobWork, NewUpload
from hingecoach.store.web.tables import Job, Upload, WebAthlete

#: A job interrupted (server stopped mid-analysis) this many times is failed, not re-queued.
MAX_ATTEMPTS = 3

_COLUMNS = (Job, Upload.original_name, Upload.size_bytes, WebAthlete.name)


def _select() -> Any:  # sa.Select[Job, str, int, str] in SQLAlchemy 2.1, tuple[...] in 2.0
    return (
        sa.select(*_COLUMNS)
        .join(Upload, Upload.id == Job.upload_id)
        .join(WebAthlete, WebAthlete.id == Job.athlete_id)
    )


def _record(row: Any) -> JobRecord:
    job, original_name, size_bytes, athlete_name = row
    return JobRecord(
        id=job.id,
        athlete_id=job.athlete_id,
        athlete_name=athlete_name,
        original_name=original_name,
        size_bytes=size_bytes,
        exercise=job.exercise,
        load_text=job.load_text,
        set_number=job.set_number,
        status=job.status,  # type: ignore[arg-type]
        stage=job.stage,
        progress=job.progress,
        error=job.error,
        set_id=job.set_id,
        rep_count=job.rep_count,
        score=job.score,
        result_dir=job.result_dir,
        created_at=job.created_at,
        updated_at=job.updated_at,
    )


def create_jobs(
    store: Store,
    *,
    owner_id: int,
    athlete_id: int,
    files: list[NewUpload],
    exercise: str | None,
    load_text: str | None,
    first_set_number: int | None,
) -> list[int]:
    """Record uploaded files and queue one job each; set numbers count up from the first."""
    ids = []
    with store.write() as session:
        for i, f in enumerate(files):
            upload = Upload(
                owner_id=owner_id,
                athlete_id=athlete_id,
                stored_name=f.stored_name,
                original_name=f.original_name,
                size_bytes=f.size_bytes,
            )
            session.add(upload)
            session.flush()
            job = Job(
                upload_id=upload.id,
                athlete_id=athlete_id,
                exercise=exercise,
                load_text=load_text,
                set_number=None if first_set_number is None else first_set_number + i,
                status="queued",
                stage="waiting for a worker",
                progress=0.0,
                attempts=0,
            )
            session.add(job)
            session.flush()
            ids.append(job.id)
    return ids


def job_for_user(store: Store, *, user_id: int, job_id: int) -> JobRecord | None:
    """One job, or None when it does not exist or belongs to an athlete the user cannot see."""
    with store.read() as session:
        row = session.execute(
            _select().where(Job.id == job_id, Job.athlete_id.in_(visible_athlete_ids(user_id)))
        ).one_or_none()
        return None if row is None else _record(row)


def job_for_set(store: Store, *, user_id: int, set_id: int) -> JobRecord | None:
    """The finished job that produced a stored set, if the user may see it."""
    with store.read() as session:
        row = session.execute(
            _select()
            .where(
                Job.set_id == set_id,
                Job.status == "done",
                Job.athlete_id.in_(visible_athlete_ids(user_id)),
            )
            .order_by(Job.id.desc())
            .limit(1)
        ).one_or_none()
        return None if row is None else _record(row)


def jobs_for_user(
    store: Store, *, user_id: int, athlete_id: int | None = None, limit: int = 20
) -> list[JobRecord]:
    """The newest jobs of every athlete the user may see (or of one of them)."""
    query = _select().where(Job.athlete_id.in_(visible_athlete_ids(user_id)))
    if athlete_id is not None:
        query = query.where(Job.athlete_id == athlete_id)
    with store.read() as session:
        rows = session.execute(query.order_by(Job.id.desc()).limit(limit)).all()
        return [_record(r) for r in rows]


def job_ids_with_status(store: Store, *, status: str) -> list[int]:
    """Ids of every job in a state, oldest first (for the pool after recovery, and tests)."""
    with store.read() as session:
        return list(session.scalars(sa.select(Job.id).where(Job.status == status).order_by(Job.id)))


def job_status(store: Store, *, job_id: int) -> str | None:
    """A job's state (None when there is no such job)."""
    with store.read() as session:
        return session.execute(sa.select(Job.status).where(Job.id == job_id)).scalar_one_or_none()


def claim_job(store: Store, *, job_id: int) -> JobWork | None:
    """Move a queued job to running (one attempt more); None if it is not queued any more."""
    with store.write() as session:
        claimed = session.execute(
            sa.update(Job)
            .where(Job.id == job_id, Job.status == "queued")
            .values(
                status="running",
                stage="starting",
                progress=0.0,
                attempts=Job.attempts + 1,
                updated_at=utcnow(),
            )
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        job, upload, athlete = session.execute(
            sa.select(Job, Upload, WebAthlete)
            .join(Upload, Upload.id == Job.upload_id)
            .join(WebAthlete, WebAthlete.id == Job.athlete_id)
            .where(Job.id == job_id)
        ).one()
        return JobWork(
            job_id=job.id,
            stored_name=upload.stored_name,
            original_name=upload.original_name,
            athlete_store_name=athlete.store_name,
            exercise=job.exercise,
            load_text=job.load_text,
            set_number=job.set_number,
            attempts=job.attempts,
        )


def set_progress(store: Store, *, job_id: int, progress: float, stage: str) -> None:
    """Record a running job's progress (0..1) and what it is doing."""
    with store.write() as session:
        session.execute(
            sa.update(Job)
            .where(Job.id == job_id, Job.status == "running")
            .values(progress=min(max(progress, 0.0), 1.0), stage=stage, updated_at=utcnow())
        )


def finish_job(
    store: Store,
    *,
    job_id: int,
    set_id: int,
    analysis_id: int,
    rep_count: int,
    score: int | None,
    result_dir: str,
) -> None:
    """Mark a job done with where its result is stored."""
    with store.write() as session:
        session.execute(
            sa.update(Job)
            .where(Job.id == job_id)
            .values(
                status="done",
                stage="done",
                progress=1.0,
                error=None,
                set_id=set_id,
                analysis_id=analysis_id,
                rep_count=rep_count,
                score=score,
                result_dir=result_dir,
                updated_at=utcnow(),
            )
        )


def fail_job(store: Store, *, job_id: int, error: str) -> None:
    """Mark a job failed with a message for the user."""
    with store.write() as session:
        session.execute(
            sa.update(Job)
            .where(Job.id == job_id)
            .values(status="failed", stage="failed", error=error[:2000], updated_at=utcnow())
        )


def recover_jobs(store: Store, *, uploads_dir: Path, max_attempts: int = MAX_ATTEMPTS) -> list[int]:
    """After a start: re-queue or fail jobs a stopped server left running; ids to submit.

    Returns every queued job (including those just re-queued), oldest first.
    """
    with store.write() as session:
        rows = session.execute(
            sa.select(Job, Upload.stored_name)
            .join(Upload, Upload.id == Job.upload_id)
            .where(Job.status.in_(("queued", "running")))
            .order_by(Job.id)
        ).all()
        queued = []
        for job, stored_name in rows:
            error = None
            if not (uploads_dir / stored_name).is_file():
                error = "the uploaded file is missing from the data folder; upload it again"
            elif job.status == "running" and job.attempts >= max_attempts:
                error = (
                    f"the server stopped during this analysis {job.attempts} times; "
                    "not retrying (upload it again, or try a shorter clip)"
                )
            if error:
                job.status, job.stage, job.error = "failed", "failed", error
            else:
                if job.status == "running":
                    job.stage = "resumed after a server restart"
                job.status, job.progress = "queued", 0.0
                queued.append(job.id)
            job.updated_at = utcnow()
        return queued
