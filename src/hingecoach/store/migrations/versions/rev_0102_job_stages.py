"""Jobs report their stage and estimate; uploads carry a note and the date filmed.

Revision ID: 0102
Revises: 0101
Create Date: 2026-12-02

The progress page showed one bar that sat at 80 % while the video and report were written,
with no word of what was happening. From this revision a job records which stage it is in
(``step``: queued, starting, pose, analysing, video, report, saving, done; a failed job keeps
the stage it failed in), the frames
of the pose pass done and expected, the pose pass's measured frames per second and the
estimated seconds left when the row was written (``eta_s``). ``stage`` (the sentence shown)
grows from 32 to 120 characters: "finding the pose: frame 1234 of 5678" did not fit, which
PostgreSQL refuses. An upload's ``note`` and ``filmed_on`` (the day the set was filmed) are kept
with its job until the set is saved with them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0102"
down_revision = "0101"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the stage, frame, rate, estimate, note and date columns to ``web_job``."""
    with op.batch_alter_table("web_job") as batch:
        batch.alter_column(
            "stage", existing_type=sa.String(32), type_=sa.String(120), existing_nullable=False
        )
        batch.add_column(sa.Column("step", sa.String(16), nullable=False, server_default="queued"))
        batch.add_column(sa.Column("frames_done", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("frames_total", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("frames_per_s", sa.Float(), nullable=True))
        batch.add_column(sa.Column("eta_s", sa.Float(), nullable=True))
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("filmed_on", sa.Date(), nullable=True))
    # Rows from before this revision: a finished job's step is done.
    op.execute("UPDATE web_job SET step = 'done' WHERE status = 'done'")


def downgrade() -> None:
    """Drop the new columns; ``stage`` back to 32 characters (longer texts are cut)."""
    op.execute("UPDATE web_job SET stage = substr(stage, 1, 32)")
    with op.batch_alter_table("web_job") as batch:
        for column in (
            "filmed_on",
            "note",
            "eta_s",
            "frames_per_s",
            "frames_total",
            "frames_done",
            "step",
        ):
            batch.drop_column(column)
        batch.alter_column(
            "stage", existing_type=sa.String(120), type_=sa.String(32), existing_nullable=False
        )
