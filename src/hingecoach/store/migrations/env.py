"""Alembic environment: runs migrations on the connection ``store.db.migrate`` hands over.

hingecoach never needs an ``alembic.ini`` on the user's machine: ``migrate`` builds the config in
code, opens the (locked) transaction and passes its connection in ``config.attributes``. For
developers, ``alembic -c <ini with script_location=src/hingecoach/store/migrations> -x
url=sqlite:///dev.db revision --autogenerate -m "..."`` also works: with no connection handed
over, one is made from ``-x url=...``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from hingecoach.store.schema import Base

config = context.config
connection = config.attributes.get("connection")


def _run(conn: sa.Connection) -> None:
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        render_as_batch=conn.dialect.name == "sqlite",  # SQLite alters tables by copying
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("give the database: alembic -x url=sqlite:///path.db ...")
    with sa.create_engine(url).begin() as conn:
        _run(conn)
