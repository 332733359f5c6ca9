"""Landmarks kept with each set: the ``track`` table (one row per set, gzipped hingecoach JSON).

Revision ID: 0003
Revises: 0002
Create Date: 2026-05-21

Until now a saved set kept only its verdict, so it could not be judged again after a threshold
change: the landmarks were gone. From this revision a set's PoseTrack is stored beside it, in its
own table (see ``schema.py`` for why not a column on ``set``). Sets saved earlier get no row —
there is nothing to backfill from — and re-analysing one says it was saved without landmarks.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the empty track table (existing sets have no stored landmarks)."""
    op.create_table(
        "track",
        sa.Column(
            "set_id",
            sa.Integer(),
            sa.ForeignKey("set.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("encoding", sa.String(64), nullable=False),
        sa.Column("n_frames", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    """Drop the track table: the stored landmarks are lost, the sets and verdicts stay."""
    op.drop_table("track")
