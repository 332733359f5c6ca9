"""What the web data-access functions return: frozen pydantic records, detached from sessions."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

Role = Literal["coach", "athlete"]
JobStatus = Literal["queued", "running", "done", "failed"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class UserRecord(_Frozen):
    """An account (never carries the password hash)."""

    id: int
    email: str
    display_name: str
    role: Role


class AthleteRecord(_Frozen):
    """An athlete profile as one user sees it."""

    id: int
    name: str
    store_name: str
    is_self: bool


class JobRecord(_Frozen):
    """One upload's analysis, as its owners see it."""

    id: int
    athlete_id: int
    athlete_name: str
    original_name: str
    size_bytes: int
    exercise: str | None
    load_text: str | None
    set_number: int | None
    status: JobStatus
    step: str
    stage: str
    progress: float
    frames_done: int | None
    frames_total: int | None
    frames_per_s: float | None
    eta_s: float | None
    note: str | None
    filmed_on: dt.date | None
    error: str | None
    set_id: int | None
    rep_count: int | None
    score: int | None
    result_dir: str | None
    created_at: dt.datetime
    selftest: str | None = None
    updated_at: dt.datetime


class JobWork(_Frozen):
    """What a worker needs to run a job (claimed: status is now running)."""

    job_id: int
    stored_name: str
    original_name: str
    athlete_store_name: str
    athlete_name: str
    exercise: str | None
    load_text: str | None
    set_number: int | None
    note: str | None
    filmed_on: dt.date | None
    attempts: int
    claim_token: str
    selftest: str | None = None


class NewUpload(_Frozen):
    """A file already on disk, to be recorded with its job."""

    stored_name: str
    original_name: str
    size_bytes: int
