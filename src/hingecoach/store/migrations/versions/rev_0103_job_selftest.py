"""A job may run one of the article's self-tests on its upload.

Revision ID: 0103
Revises: 0102
Create Date: 2026-12-02

``web_job.selftest`` holds the request as JSON (``hingecoach.selftest.request.SelfTestRequest``:
the mode — dowel, wall or practice — the user's height, the wall's distance, the practice reps);
null for a plain analysis. The result is written next to the job's other outputs
(``selftest.json`` and ``selftest.html`` in its result folder), not to a table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0103"
down_revision = "0102"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the nullable ``selftest`` column to ``web_job``."""
    with op.batch_alter_table("web_job") as batch:
        batch.add_column(sa.Column("selftest", sa.String(200), nullable=True))


def downgrade() -> None:
    """Drop ``selftest`` (self-test jobs read as plain analyses)."""
    with op.batch_alter_table("web_job") as batch:
        batch.drop_column("selftest")
