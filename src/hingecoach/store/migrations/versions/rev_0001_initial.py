"""The first schema: athletes, training sessions, sets and their analyses (result JSON).

Revision ID: 0001
Revises:
Create Date: 2026-05-20

Written by hand rather than imported from ``schema.py``: a migration must describe the schema
as it was at this revision forever, whatever the models become later.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    """Create athlete, session, set and analysis."""
    op.create_table(
        "athlete",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "athlete_id",
            sa.Integer(),
            sa.ForeignKey("athlete.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.UniqueConstraint("athlete_id", "date", name="uq_session_athlete_date"),
    )
    op.create_table(
        "set",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("session.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("set_number", sa.Integer(), nullable=False),
        sa.Column("exercise", sa.String(64), nullable=False),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.Column("load_text", sa.String(64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("performed_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("rep_count", sa.Integer(), nullable=False),
        sa.Column("broke_at_rep", sa.Integer(), nullable=True),
    )
    op.create_index("ix_set_session_id", "set", ["session_id"])
    op.create_table(
        "analysis",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "set_id", sa.Integer(), sa.ForeignKey("set.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("limits", JSON, nullable=False),
        sa.Column("result", JSON, nullable=False),
    )
    op.create_index("ix_analysis_set_id", "analysis", ["set_id"])


def downgrade() -> None:
    """Drop everything (this is the first revision)."""
    op.drop_table("analysis")
    op.drop_table("set")
    op.drop_table("session")
    op.drop_table("athlete")
