"""Re-analysis and recurring faults: ``analysis.is_current`` and the ``finding`` table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-20

At 0001 a set's newest analysis was implicitly the one that counted. This revision makes it
explicit (``is_current``, at most one per set, enforced by a partial unique index) so a set can
be re-analysed after a threshold change and the old verdict kept. It also adds ``finding``, one
row per finding, so recurring faults are a plain GROUP BY. Existing data is carried over: the
newest analysis of each set becomes current, and findings are rebuilt from the stored result
JSON, which already held every finding.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

# Frozen views of the tables as this revision knows them (never the live models).
analysis = sa.table(
    "analysis",
    sa.column("id", sa.Integer()),
    sa.column("set_id", sa.Integer()),
    sa.column("result", JSON),
    sa.column("is_current", sa.Boolean()),
)
finding = sa.table(
    "finding",
    sa.column("analysis_id", sa.Integer()),
    sa.column("rep", sa.Integer()),
    sa.column("counted", sa.Boolean()),
    sa.column("check", sa.String()),
    sa.column("severity", sa.String()),
    sa.column("value", sa.Float()),
    sa.column("limit_value", sa.Float()),
    sa.column("unit", sa.String()),
)


def finding_rows(analysis_id: int, result: dict[str, Any]) -> list[dict[str, Any]]:
    """The finding rows of one stored SetResult JSON (a copy of the logic frozen at 0002)."""
    rows = []
    for rep in result.get("reps", []):
        for f in rep.get("findings", []):
            rows.append(
                {
                    "analysis_id": analysis_id,
                    "rep": f["rep"],
                    "counted": bool(rep.get("counted", False)),
                    "check": f["check"],
                    "severity": f["severity"],
                    "value": f.get("value"),
                    "limit_value": f.get("limit"),
                    "unit": f.get("unit", ""),
                }
            )
    return rows


def upgrade() -> None:
    """Add is_current (newest analysis per set is current) and the finding table, backfilled."""
    op.add_column(
        "analysis",
        sa.Column("is_current", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    newest = sa.select(sa.func.max(analysis.c.id)).group_by(analysis.c.set_id)
    op.execute(analysis.update().where(analysis.c.id.in_(newest)).values(is_current=True))
    op.create_index(
        "uq_analysis_current",
        "analysis",
        ["set_id"],
        unique=True,
        sqlite_where=sa.text("is_current"),
        postgresql_where=sa.text("is_current"),
    )
    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "analysis_id",
            sa.Integer(),
            sa.ForeignKey("analysis.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("rep", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("check", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("limit_value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(16), nullable=False),
    )
    op.create_index("ix_finding_analysis_id", "finding", ["analysis_id"])
    op.create_index("ix_finding_check", "finding", ["check"])
    conn = op.get_bind()
    for row in conn.execute(sa.select(analysis.c.id, analysis.c.result)):
        rows = finding_rows(row.id, row.result)
        if rows:
            conn.execute(finding.insert(), rows)


def downgrade() -> None:
    """Drop the finding table and is_current (the result JSON still holds every finding)."""
    op.drop_table("finding")
    op.drop_index("uq_analysis_current", table_name="analysis")
    with op.batch_alter_table("analysis") as batch:
        batch.drop_column("is_current")
