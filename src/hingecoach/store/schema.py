"""The tables, as SQLAlchemy ORM classes (the schema at the newest migration).

Alembic migrations in ``migrations/versions`` are what create and change these tables on a real
database; the classes here are what the code reads and writes, and ``env.py`` hands their
metadata to Alembic so ``alembic check`` can tell a model change that lacks a migration.

Why a ``finding`` table when the full result is already stored as JSON: recurring faults are the
question a coach asks most ("what keeps coming back?"), and a plain table answers it with one
portable ``GROUP BY`` on SQLite and PostgreSQL alike, with an index on the check id, instead of
dialect-specific JSON functions (``json_each`` vs ``jsonb_array_elements``). The JSON stays the
source of truth (every field, exactly as the engine produced it); the finding rows are derived
from it on save and can be rebuilt from it, which is what migration 0002 does for old rows.

Why a ``track`` table beside ``set`` rather than a column on it: a set's landmarks are the one
big thing stored (a 20 s set is about 3 MB of hingecoach JSON, 1.3 MB gzipped), read only when
the set is re-analysed. In their own table they are never fetched by the history queries, which
load whole ``set`` rows; ``set`` stays narrow; and a set saved without landmarks (every set saved
before migration 0003, or a caller that had no track) simply has no row, which the re-analysis
error reports in words rather than as a NULL to interpret. The migration is a pure ``CREATE
TABLE``: no rewrite of ``set``, which SQLite would do by copying the whole table.

Times are stored as naive UTC (``UtcDateTime``) and come back timezone-aware, because SQLite has
no time-zone type and the two back ends must behave the same. The session ``date`` is the
lifter's local calendar day, fixed at save time: a training log thinks in days at the gym.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: JSON on SQLite (text), JSONB on PostgreSQL (binary, indexable).
JsonType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


class UtcDateTime(sa.types.TypeDecorator[dt.datetime]):
    """Aware datetimes in, stored as naive UTC, aware UTC out — the same on every back end."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Convert to naive UTC; a naive value is taken as the machine's local time."""
        if value is None:
            return None
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Mark the stored naive UTC value as UTC."""
        return None if value is None else value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    """Now, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base; its metadata is the target Alembic compares against."""


class Athlete(Base):
    """A person whose sets are stored; the name is the key the CLI uses (``--athlete Sam``)."""

    __tablename__ = "athlete"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class TrainingSession(Base):
    """One athlete's training day; sets saved on the same local date share it."""

    __tablename__ = "session"
    __table_args__ = (sa.UniqueConstraint("athlete_id", "date", name="uq_session_athlete_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(sa.ForeignKey("athlete.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(sa.Date)
    athlete: Mapped[Athlete] = relationship()


class LiftSet(Base):
    """One filmed set. Score, rep count and breakdown rep mirror its current analysis."""

    __tablename__ = "set"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("session.id", ondelete="CASCADE"), index=True
    )
    set_number: Mapped[int]
    exercise: Mapped[str] = mapped_column(sa.String(64))
    load_kg: Mapped[float | None] = mapped_column(sa.Float)
    load_text: Mapped[str | None] = mapped_column(sa.String(64))
    note: Mapped[str | None] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.Text, default="")
    performed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    score: Mapped[int | None]
    rep_count: Mapped[int]
    broke_at_rep: Mapped[int | None]
    session: Mapped[TrainingSession] = relationship()


class Analysis(Base):
    """One verdict on a set. Re-analysing adds a row; exactly one per set is current."""

    __tablename__ = "analysis"
    __table_args__ = (
        # At most one current analysis per set, enforced by the database itself.
        sa.Index(
            "uq_analysis_current",
            "set_id",
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(sa.ForeignKey("set.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    limits: Mapped[dict[str, Any]] = mapped_column(JsonType)
    result: Mapped[dict[str, Any]] = mapped_column(JsonType)
    # The save code always sets it; the server default only covers rows older than the column.
    is_current: Mapped[bool] = mapped_column(server_default=sa.false())


class FindingRow(Base):
    """One finding of one rep of one analysis (derived from ``analysis.result``)."""

    __tablename__ = "finding"
    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        sa.ForeignKey("analysis.id", ondelete="CASCADE"), index=True
    )
    rep: Mapped[int]
    counted: Mapped[bool]
    check: Mapped[str] = mapped_column(sa.String(64), index=True)
    severity: Mapped[str] = mapped_column(sa.String(16))
    value: Mapped[float | None] = mapped_column(sa.Float)
    limit_value: Mapped[float | None] = mapped_column(sa.Float)
    unit: Mapped[str] = mapped_column(sa.String(16), default="")


#: ``track.encoding`` of rows written by this version: hingecoach JSON (see
#: ``hingecoach.pose.keypoint_files``), gzip-compressed.
TRACK_ENCODING = "hingecoach.posetrack+gzip"


class SetTrack(Base):
    """The landmarks a set was analysed from, so it can be re-analysed with other limits.

    One row per set at most (the set id is the key); written with the set, never changed.
    """

    __tablename__ = "track"
    set_id: Mapped[int] = mapped_column(
        sa.ForeignKey("set.id", ondelete="CASCADE"), primary_key=True
    )
    encoding: Mapped[str] = mapped_column(sa.String(64))
    n_frames: Mapped[int]
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
