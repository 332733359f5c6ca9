"""Opening a store: which database, how to connect safely, and migrating it on open.

The default is a SQLite file in the user's data directory, so saving history needs no set-up;
``--db postgresql://...`` (or ``HINGECOACH_DB``) shares one history between machines or coaches.

Two things make concurrent use safe:

* SQLite runs in WAL mode (readers never block the writer) with a 30 s busy timeout, and every
  write transaction starts with ``BEGIN IMMEDIATE``. A plain deferred ``BEGIN`` takes the write
  lock only at the first INSERT, and when another process committed in between, SQLite fails
  with "database is locked" at once instead of waiting — the busy timeout does not apply to that
  upgrade. Taking the lock up front turns that into an ordinary wait.
* Migrating on open runs inside one write transaction: under SQLite's write lock, or under a
  PostgreSQL advisory lock, so two processes opening a fresh database do not both create it. DDL
  is transactional on both back ends, so a failed migration leaves the old schema intact.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import event
from sqlalchemy.orm import Session

from hingecoach.errors import InputError

ENV_VAR = "HINGECOACH_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: How long a writer waits for another process's write lock before giving up, seconds.
BUSY_TIMEOUT_S = 30.0
#: Key of the PostgreSQL advisory lock held while migrating (any constant unique to the app).
_PG_MIGRATION_LOCK = 0x68696E6765  # "hinge"
_WRITE = "hingecoach_write"


class StoreUnavailable(InputError):
    """The database refused a write: locked by another program past the wait, or broken."""


def _unavailable(e: sa.exc.OperationalError, url: str) -> StoreUnavailable:
    reason = " ".join(str(e.orig or e).split())
    if "locked" in reason or "busy" in reason:
        return StoreUnavailable(
            f"the database {url} is locked by another program (waited {BUSY_TIMEOUT_S:g} s)"
        )
    return StoreUnavailable(f"the database {url} refused the write: {reason}")


@dataclass(frozen=True)
class Store:
    """An open database: the engine and a printable URL (password hidden)."""

    engine: sa.Engine
    url: str

    def close(self) -> None:
        """Release pooled connections (SQLite files can then be moved or deleted)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        """Return the store itself, for a ``with`` block that closes it."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the store when the ``with`` block ends, whether or not it raised."""
        self.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error.

        Raises:
            StoreUnavailable: the write lock did not come within :data:`BUSY_TIMEOUT_S`, or the
                database failed the write (nothing of the transaction is kept).
        """
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(**{_WRITE: True})
                with Session(bind=conn) as session, session.begin():
                    yield session
        except sa.exc.OperationalError as e:
            raise _unavailable(e, self.url) from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (one snapshot on PostgreSQL; never takes SQLite's write lock)."""
        with Session(self.engine) as session, session.begin():
            yield session


def default_url() -> str:
    """The SQLite file in the user's data directory (created on first use)."""
    from platformdirs import user_data_dir

    path = Path(user_data_dir("hingecoach", appauthor=False)) / "history.sqlite3"
    return f"sqlite:///{path}"


def resolve_url(url: str | None = None) -> sa.URL:
    """The URL to open: the argument, else ``$HINGECOACH_DB``, else the default SQLite file.

    ``postgresql://`` and ``postgres://`` are pointed at the psycopg 3 driver (the one
    installed); a plain path is taken as a SQLite file.

    Raises:
        InputError: not a URL SQLAlchemy understands, or a back end other than the two supported.
    """
    text = (url or os.environ.get(ENV_VAR) or "").strip() or default_url()
    if "://" not in text:
        text = f"sqlite:///{Path(text).expanduser().resolve()}"
    try:
        parsed = sa.make_url(text)
    except (sa.exc.ArgumentError, ValueError):  # ValueError: e.g. a port that is not a number
        # The text is not echoed: it may hold a password.
        raise InputError(
            "cannot read the database URL: expected postgresql://user:pass@host:port/db "
            "or sqlite:///path/to/file.db"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgres":
        backend = "postgresql"
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed.set(drivername="sqlite")
    raise InputError(
        f"unsupported database {parsed.drivername!r}: use postgresql://... or sqlite:///path"
    )


def _ensure_wal(cur: sqlite3.Cursor) -> None:
    """Switch the file to WAL (a persistent setting), retrying while another process holds it.

    Switching needs an exclusive lock, and SQLite does not call the busy handler for it (to
    avoid deadlock), so two processes opening a brand-new file at once would otherwise fail
    with "database is locked". Once the file is in WAL mode every later open skips the switch.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            mode = str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            if mode not in ("wal", "memory"):
                cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    if url.database and url.database != ":memory:":
        folder = Path(url.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"cannot create the folder {folder} for the database: {e}") from None
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see "begin").
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        _ensure_wal(cur)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_engine(url: str | None = None) -> sa.Engine:
    """An engine set up for safe concurrent use (see the module docstring); no schema changes.

    ``open_store`` is what applications call; this is for tools and tests that must see or build
    a database at an older revision.
    """
    parsed = resolve_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _alembic_config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of hingecoach knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: sa.Engine) -> str | None:
    """The database's schema revision (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: sa.Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` in one locked transaction; a no-op when already there.

    Raises:
        InputError: the database was written by a newer hingecoach (unknown revision).
    """
    if revision == "head" and current_revision(engine) == head_revision():
        return
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            try:
                command.upgrade(_alembic_config(conn), revision)
            except CommandError as e:
                raise InputError(
                    f"the database has a schema this hingecoach does not know ({e}): "
                    "upgrade hingecoach"
                ) from None


def open_store(url: str | None = None) -> Store:
    """Open (and create or migrate in place to the newest schema) the history database.

    Args:
        url: ``postgresql://...``, ``sqlite:///path`` or a file path; None means
            ``$HINGECOACH_DB`` or the SQLite file in the user's data directory.

    Raises:
        InputError: bad URL, unreachable server, refused login, unknown schema.
    """
    engine = make_engine(url)
    shown = engine.url.render_as_string(hide_password=True)
    try:
        migrate(engine)
    except sa.exc.DatabaseError as e:  # unreachable, refused, locked, or not a database at all
        engine.dispose()
        reason = " ".join(str(e.orig or e).split())  # psycopg's message spans lines
        if "not a database" in reason or "malformed" in reason:
            reason += " (the file is damaged or is not a hingecoach history)"
        raise InputError(f"cannot open the database {shown}: {reason}") from None
    except BaseException:
        engine.dispose()
        raise
    return Store(engine=engine, url=shown)
