"""Uploads and their analysis jobs: creation, access, the worker's state changes, recovery.

Job states: ``queued`` → ``running`` → ``done`` | ``failed``. Only :func:`claim_job` moves a job
to running (atomically, from queued), so a job submitted twice runs once. A claim names its
server (``owner``), carries a random ``claim_token`` and a lease (``lease_until``) that the worker
renews (:func:`renew_lease`) while it works. :func:`recover_jobs` takes back only running jobs
whose lease ran out (their worker is gone, whichever server started it): it re-queues them while
their upload is on disk and they have attempts left, and fails the others with the reason.
:func:`save_job_result` saves the set and marks the job done in one transaction, and only for
the current claim of a running job: one set per job, whatever crashed or ran twice.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from hingecoach.store.db import Store
from hingecoach.store.records import SavedSet
from hingecoach.store.repo import PreparedSet, write_set
from hingecoach.store.schema import utcnow
from hingecoach.store.web.access import visible_athlete_ids
from hingecoach.store.web.records import JobRecord, JobWork, NewUpload
from hingecoach.store.web.tables import Job, Upload, WebAthlete

#: A job interrupted (server stopped mid-analysis) this many times is failed, not re-queued.
MAX_ATTEMPTS = 3
#: How long a claim holds without renewal, seconds; workers renew it every third of that.
LEASE_S = 30.0

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
        step=job.step,
        stage=job.stage,
        progress=job.progress,
        frames_done=job.frames_done,
        frames_total=job.frames_total,
        frames_per_s=job.frames_per_s,
        eta_s=job.eta_s,
        note=job.note,
        filmed_on=job.filmed_on,
        error=job.error,
        set_id=job.set_id,
        rep_count=job.rep_count,
        score=job.score,
        result_dir=job.result_dir,
        created_at=job.created_at,
        updated_at=job.updated_at,
        selftest=job.selftest,
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
    note: str | None = None,
    filmed_on: dt.date | None = None,
    selftest: str | None = None,
) -> list[int]:
    """Record uploaded files and queue one job each; set numbers count up from the first.

    ``note`` and ``filmed_on`` (the day the sets were filmed) go with every file's set;
    ``selftest`` (a self-test request's JSON) is run on each file too.
    """
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
                step="queued",
                stage="waiting for a worker",
                progress=0.0,
                attempts=0,
                note=note,
                filmed_on=filmed_on,
                selftest=selftest,
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


def claim_job(
    store: Store,
    *,
    job_id: int,
    owner: str = "",
    lease_s: float = LEASE_S,
    now: dt.datetime | None = None,
) -> JobWork | None:
    """Move a queued job to running (one attempt more); None if it is not queued any more.

    Args:
        store: an open store.
        job_id: the job.
        owner: the server running it (shown to whoever recovers it).
        lease_s: how long the claim holds unless renewed, seconds.
        now: the current time (default: the clock); tests pass their own.
    """
    now = now or utcnow()
    token = secrets.token_hex(16)
    with store.write() as session:
        claimed = session.execute(
            sa.update(Job)
            .where(Job.id == job_id, Job.status == "queued")
            .values(
                status="running",
                step="starting",
                stage="opening the video",
                progress=0.0,
                frames_done=None,
                frames_total=None,
                eta_s=None,
                attempts=Job.attempts + 1,
                owner=owner[:120] or None,
                claim_token=token,
                lease_until=now + dt.timedelta(seconds=lease_s),
                updated_at=now,
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
            athlete_name=athlete.name,
            exercise=job.exercise,
            load_text=job.load_text,
            set_number=job.set_number,
            note=job.note,
            filmed_on=job.filmed_on,
            attempts=job.attempts,
            claim_token=token,
            selftest=job.selftest,
        )


def _holds(job_id: int, claim_token: str) -> Any:
    return sa.and_(Job.id == job_id, Job.status == "running", Job.claim_token == claim_token)


def renew_lease(
    store: Store,
    *,
    job_id: int,
    claim_token: str,
    lease_s: float = LEASE_S,
    now: dt.datetime | None = None,
) -> bool:
    """Extend a running job's lease; False when this claim no longer holds the job."""
    now = now or utcnow()
    with store.write() as session:
        renewed = session.execute(
            sa.update(Job)
            .where(_holds(job_id, claim_token))
            .values(lease_until=now + dt.timedelta(seconds=lease_s))
        )
        return bool(renewed.rowcount == 1)  # type: ignore[attr-defined]


def save_job_result(
    store: Store,
    *,
    job_id: int,
    claim_token: str,
    prepared: PreparedSet,
    result_dir: str,
) -> SavedSet | None:
    """Save a job's set and mark the job done, in one transaction, for the current claim only.

    The job's row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite's write transaction is
    already exclusive), so of two runs of one job (an orphaned worker and its re-run) exactly one
    saves a set; the other gets None and must discard its outputs.

    Returns:
        The saved set, or None when the claim no longer holds (job done, failed or re-claimed).
    """
    with store.write() as session:
        job = session.execute(
            sa.select(Job).where(_holds(job_id, claim_token)).with_for_update()
        ).scalar_one_or_none()
        if job is None:
            return None
        saved = write_set(session, prepared)
        result = prepared.result
        job.status, job.stage, job.progress, job.error = "done", "done", 1.0, None
        job.step, job.eta_s = "done", 0.0
        job.set_id, job.analysis_id = saved.set_id, saved.analysis_id
        job.rep_count, job.score, job.result_dir = result.rep_count, result.score, result_dir
        job.claim_token, job.lease_until, job.updated_at = None, None, utcnow()
        return saved


def fail_job(store: Store, *, job_id: int, error: str, claim_token: str | None = None) -> bool:
    """Mark a job failed with a message for the user.

    With ``claim_token``, only while that claim holds the job (a stale run cannot fail a job
    another run finished); without it, whatever state the job is in (the server's own verdict).

    Returns:
        True when the job was marked failed (False: the claim no longer held it).
    """
    where = _holds(job_id, claim_token) if claim_token else Job.id == job_id
    with store.write() as session:
        updated = session.execute(
            sa.update(Job)
            .where(where)
            .values(
                status="failed",
                stage="failed",
                eta_s=None,
                error=error[:2000],
                claim_token=None,
                lease_until=None,
                updated_at=utcnow(),
            )
        )
        return bool(getattr(updated, "rowcount", 0))


def recover_jobs(
    store: Store,
    *,
    uploads_dir: Path,
    max_attempts: int = MAX_ATTEMPTS,
    now: dt.datetime | None = None,
) -> list[int]:
    """Re-queue or fail running jobs whose lease ran out; ids of every queued job to submit.

    A running job whose lease still holds is left alone: its worker is alive (perhaps under
    another server, or orphaned by a killed one) and may still save its result.

    Returns:
        Every queued job (including those just re-queued), oldest first.
    """
    now = now or utcnow()
    with store.write() as session:
        rows = session.execute(
            sa.select(Job, Upload.stored_name)
            .join(Upload, Upload.id == Job.upload_id)
            .where(Job.status.in_(("queued", "running")))
            .order_by(Job.id)
            .with_for_update()
        ).all()
        queued = []
        for job, stored_name in rows:
            lease = job.lease_until
            if job.status == "running" and lease is not None and lease > now:
                continue
            error = None
            if not (uploads_dir / stored_name).is_file():
                error = "the uploaded file is missing from the data folder; upload it again"
            elif job.status == "running" and job.attempts >= max_attempts:
                error = (
                    f"the server stopped during this analysis {job.attempts} times; "
                    "not retrying (upload it again, or try a shorter clip)"
                )
            if error:
                job.status, job.stage, job.error, job.eta_s = "failed", "failed", error, None
                (uploads_dir / stored_name).unlink(missing_ok=True)  # not needed any more
            else:
                if job.status == "running":
                    job.stage = "resumed: its worker stopped"
                job.status, job.step, job.progress, job.eta_s = "queued", "queued", 0.0, None
                queued.append(job.id)
            job.claim_token, job.lease_until, job.updated_at = None, None, now
        return queued


def release_jobs(store: Store, *, owner: str) -> list[int]:
    """A server stopping cleanly: its running jobs go back to the queue (the attempt not counted).

    Returns:
        The ids put back.
    """
    if not owner:
        return []
    with store.write() as session:
        jobs = session.scalars(
            sa.select(Job).where(Job.status == "running", Job.owner == owner).with_for_update()
        ).all()
        for job in jobs:
            job.status, job.stage, job.progress = "queued", "resumed after a server restart", 0.0
            job.step, job.eta_s = "queued", None
            job.attempts = max(job.attempts - 1, 0)
            job.claim_token, job.lease_until, job.updated_at = None, None, utcnow()
        return [job.id for job in jobs]
