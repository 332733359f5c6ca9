"""Running jobs: which queued job runs next, and what a running job reports as it goes.

A running job reports its stage (:data:`STEPS`), the sentence shown for it, the bar's fraction,
the pose pass's frames done and expected with their measured rate, and the estimated seconds
left when the row was written (the page counts down from ``updated_at``).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from hingecoach.store.db import Store
from hingecoach.store.schema import utcnow
from hingecoach.store.web.tables import Job, Upload

#: A job's stages, in order: waiting in the queue, the claim opening the video, the pose pass,
#: judging the reps, the annotated video, the report (with its stills), saving, done. A failed
#: job keeps the stage it failed in.
STEPS = ("queued", "starting", "pose", "analysing", "video", "report", "saving", "done")


def set_progress(
    store: Store,
    *,
    job_id: int,
    step: str,
    stage: str,
    progress: float,
    frames_done: int | None = None,
    frames_total: int | None = None,
    frames_per_s: float | None = None,
    eta_s: float | None = None,
) -> None:
    """Record a running job's stage, progress (0..1), frames and estimate (seconds left).

    Frames and rate left as None keep what the row holds (a later stage still shows the pose
    pass's rate).

    Raises:
        ValueError: ``step`` is not one of :data:`STEPS`.
    """
    if step not in STEPS:
        raise ValueError(f"unknown job step {step!r}")
    values: dict[str, object] = {
        "step": step,
        "stage": stage[:120],
        "progress": min(max(progress, 0.0), 1.0),
        "eta_s": None if eta_s is None else max(eta_s, 0.0),
        "updated_at": utcnow(),
    }
    for key, value in (
        ("frames_done", frames_done),
        ("frames_total", frames_total),
        ("frames_per_s", frames_per_s),
    ):
        if value is not None:
            values[key] = value
    with store.write() as session:
        session.execute(
            sa.update(Job).where(Job.id == job_id, Job.status == "running").values(**values)
        )


def fairest_queued_job(store: Store) -> int | None:
    """The queued job to run next: accounts take turns, oldest job first within an account.

    The account (the upload's owner) with the fewest jobs running goes first; among equals, the
    one served longest ago (its latest started or finished job is oldest; never served is
    first); then the oldest job. So one account's ten uploads do not hold up another's one.
    """
    with store.read() as session:
        queued = session.execute(
            sa.select(Job.id, Upload.owner_id)
            .join(Upload, Upload.id == Job.upload_id)
            .where(Job.status == "queued")
            .order_by(Job.id)
        ).all()
        if not queued:
            return None
        owners = {owner for _, owner in queued}
        served = session.execute(
            sa.select(
                Upload.owner_id,
                sa.func.count().filter(Job.status == "running"),
                sa.func.max(Job.updated_at),
            )
            .join(Upload, Upload.id == Job.upload_id)
            .where(Job.status != "queued", Upload.owner_id.in_(owners))
            .group_by(Upload.owner_id)
        ).all()
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    stats = {owner: (running, last or never) for owner, running, last in served}
    return min(queued, key=lambda q: (*stats.get(q[1], (0, never)), q[0]))[0]
