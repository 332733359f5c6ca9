"""The web app's tables: users, logins, athlete profiles, coach links, uploads, jobs.

Revision ID: 0100
Revises: 0003
Create Date: 2026-11-25

Numbered 0100 so store revisions (0003, ...) keep their own numbers; the history stays linear by
``down_revision`` alone. Every table is prefixed ``web_`` and only refers to the store's tables
by plain integers (``web_job.set_id``), so the store's own revisions never have to know about it.
Written by hand (not imported from ``store/web/tables.py``) so it describes this revision forever.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0100"
down_revision = "0003"
branch_labels = None
depends_on = None


def _user_fk(name: str, *, nullable: bool = False, unique: bool = False) -> sa.Column[int]:
    return sa.Column(
        name,
        sa.Integer(),
        sa.ForeignKey("web_user.id", ondelete="CASCADE"),
        nullable=nullable,
        unique=unique,
    )


def _athlete_fk(name: str, *, primary_key: bool = False) -> sa.Column[int]:
    return sa.Column(
        name,
        sa.Integer(),
        sa.ForeignKey("web_athlete.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
    )


def upgrade() -> None:
    """Create the six web tables."""
    op.create_table(
        "web_user",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "web_login",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        _user_fk("user_id"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "web_athlete",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("store_name", sa.String(200), nullable=False, unique=True),
        _user_fk("user_id", nullable=True, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "web_coach_athlete",
        sa.Column(
            "coach_id",
            sa.Integer(),
            sa.ForeignKey("web_user.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _athlete_fk("athlete_id", primary_key=True),
    )
    op.create_table(
        "web_upload",
        sa.Column("id", sa.Integer(), primary_key=True),
        _user_fk("owner_id"),
        _athlete_fk("athlete_id"),
        sa.Column("stored_name", sa.String(64), nullable=False, unique=True),
        sa.Column("original_name", sa.String(255), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "web_job",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "upload_id",
            sa.Integer(),
            sa.ForeignKey("web_upload.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _athlete_fk("athlete_id"),
        sa.Column("exercise", sa.String(64), nullable=True),
        sa.Column("load_text", sa.String(64), nullable=True),
        sa.Column("set_number", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("result_dir", sa.String(64), nullable=True),
        sa.Column("set_id", sa.Integer(), nullable=True),
        sa.Column("analysis_id", sa.Integer(), nullable=True),
        sa.Column("rep_count", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_web_job_athlete_id", "web_job", ["athlete_id"])
    op.create_index("ix_web_job_status", "web_job", ["status"])
    op.create_index("ix_web_job_set_id", "web_job", ["set_id"])


def downgrade() -> None:
    """Drop the web tables (store data is untouched)."""
    for table in (
        "web_job",
        "web_upload",
        "web_coach_athlete",
        "web_athlete",
        "web_login",
        "web_user",
    ):
        op.drop_table(table)
