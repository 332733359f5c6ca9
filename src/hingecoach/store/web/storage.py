"""What an account keeps on disk: uploads waiting for analysis and its result folders."""

from __future__ import annotations

import sqlalchemy as sa

from hingecoach.store.db import Store
from hingecoach.store.web.tables import Job, Upload


def account_storage(store: Store, *, owner_id: int) -> tuple[int, list[str]]:
    """What an account keeps on disk: bytes of uploads still waiting, and its result folders.

    An upload's video is kept only until its job is done or failed; the result folders (report,
    JSON, CSV, annotated video) stay.

    Returns:
        ``(bytes of the uploads of queued or running jobs, result folder names)``.
    """
    with store.read() as session:
        rows = session.execute(
            sa.select(Upload.size_bytes, Job.status, Job.result_dir)
            .join(Job, Job.upload_id == Upload.id)
            .where(Upload.owner_id == owner_id)
        ).all()
    waiting = sum(int(size) for size, status, _ in rows if status in ("queued", "running"))
    return waiting, [str(d) for _, status, d in rows if status == "done" and d]
