"""Jobs get an owner and a lease: who runs a job, and until when that claim holds.

Revision ID: 0101
Revises: 0100
Create Date: 2026-12-02

A running job used to carry nothing about who ran it, so a restarted server re-queued every
running job, including one an orphaned worker was still finishing, and the upload was saved twice.
From this revision a claim records the server that runs it (``owner``), a random ``claim_token``
that only that run knows, and ``lease_until``: the worker renews it while it works. Only a job
whose lease has run out is taken back, and only the holder of the current token may save the
job's result. Existing rows get no lease: a job left running reads as expired and is recovered.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0101"
down_revision = "0100"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the owner, claim token and lease columns to ``web_job``."""
    with op.batch_alter_table("web_job") as batch:
        batch.add_column(sa.Column("owner", sa.String(120), nullable=True))
        batch.add_column(sa.Column("claim_token", sa.String(64), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Drop the lease columns (jobs keep their state)."""
    with op.batch_alter_table("web_job") as batch:
        batch.drop_column("lease_until")
        batch.drop_column("claim_token")
        batch.drop_column("owner")
