"""ORM models of the web tables, mirroring migration ``0100`` (``rev_0100_web.py``).

They have their own declarative base: the store's models stay the store's, and the store's
"models match the migrations" test compares against ``Base.metadata`` plus ``WebBase.metadata``.
``web_job.set_id`` names a row of the store's ``set`` table (no foreign key across the two
metadatas; a set deleted by the CLI leaves the job pointing at nothing, which reads as "gone").
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from hingecoach.store.schema import UtcDateTime, utcnow


class WebBase(DeclarativeBase):
    """Declarative base of the web tables."""


class User(WebBase):
    """An account: a coach (has athletes) or an athlete (has one athlete profile, their own)."""

    __tablename__ = "web_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(100))
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Login(WebBase):
    """A signed-in browser: the SHA-256 of its cookie token (the token itself is never stored)."""

    __tablename__ = "web_login"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("web_user.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class WebAthlete(WebBase):
    """An athlete profile, tied to one store athlete (``store_name``, unique in the store)."""

    __tablename__ = "web_athlete"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    store_name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("web_user.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class CoachAthlete(WebBase):
    """A coach ↔ athlete link: the coach sees and uploads for the athlete."""

    __tablename__ = "web_coach_athlete"
    coach_id: Mapped[int] = mapped_column(
        sa.ForeignKey("web_user.id", ondelete="CASCADE"), primary_key=True
    )
    athlete_id: Mapped[int] = mapped_column(
        sa.ForeignKey("web_athlete.id", ondelete="CASCADE"), primary_key=True
    )


class Upload(WebBase):
    """A video on disk: ``stored_name`` is random (the client's file name is only displayed)."""

    __tablename__ = "web_upload"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("web_user.id", ondelete="CASCADE"))
    athlete_id: Mapped[int] = mapped_column(sa.ForeignKey("web_athlete.id", ondelete="CASCADE"))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(255))
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Job(WebBase):
    """Analysis of one upload: queued → running → done | failed, with progress 0..1 and a lease."""

    __tablename__ = "web_job"
    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int] = mapped_column(sa.ForeignKey("web_upload.id", ondelete="CASCADE"))
    athlete_id: Mapped[int] = mapped_column(
        sa.ForeignKey("web_athlete.id", ondelete="CASCADE"), index=True
    )
    exercise: Mapped[str | None] = mapped_column(sa.String(64))
    load_text: Mapped[str | None] = mapped_column(sa.String(64))
    set_number: Mapped[int | None]
    status: Mapped[str] = mapped_column(sa.String(16), index=True)
    #: The sentence shown for the stage (migration ``0102`` widened it from 32 characters).
    stage: Mapped[str] = mapped_column(sa.String(120), default="")
    progress: Mapped[float] = mapped_column(sa.Float, default=0.0)
    error: Mapped[str | None] = mapped_column(sa.Text)
    attempts: Mapped[int] = mapped_column(default=0)
    result_dir: Mapped[str | None] = mapped_column(sa.String(64))
    set_id: Mapped[int | None] = mapped_column(index=True)
    analysis_id: Mapped[int | None]
    rep_count: Mapped[int | None]
    score: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: The server running the job (``host pid instance``), set by a claim (migration ``0101``).
    owner: Mapped[str | None] = mapped_column(sa.String(120))
    #: Known only to the current run: only its holder renews the lease or saves the result.
    claim_token: Mapped[str | None] = mapped_column(sa.String(64))
    #: The claim holds until then; the worker renews it. An expired lease is taken back.
    lease_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    #: Which stage the job is in (``store.web.jobs.STEPS``), migration ``0102``.
    step: Mapped[str] = mapped_column(sa.String(16), default="queued", server_default="queued")
    #: Frames of the pose pass done and expected (the container's count), when known.
    frames_done: Mapped[int | None]
    frames_total: Mapped[int | None]
    #: The pose pass's measured rate, frames per second.
    frames_per_s: Mapped[float | None] = mapped_column(sa.Float)
    #: Estimated seconds left when the row was written (``updated_at``).
    eta_s: Mapped[float | None] = mapped_column(sa.Float)
    #: The uploader's note and the day the set was filmed, saved with the set.
    note: Mapped[str | None] = mapped_column(sa.Text)
    filmed_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: The self-test to run on the upload, as ``SelfTestRequest`` JSON (migration ``0103``);
    #: null for a plain analysis.
    selftest: Mapped[str | None] = mapped_column(sa.String(200))
