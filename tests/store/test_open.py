"""Opening a store: URL rules, the default file, clear errors, schema created on open."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from hingecoach.errors import InputError
from hingecoach.store import open_store
from hingecoach.store.db import ENV_VAR, current_revision, head_revision, make_engine, resolve_url


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:p@h:5433/db",
        "postgres://u:p@h:5433/db",
        "postgresql+psycopg://u:p@h:5433/db",
    ],
)
def test_postgres_urls_use_psycopg3(url: str) -> None:
    parsed = resolve_url(url)
    assert parsed.drivername == "postgresql+psycopg"
    assert (parsed.host, parsed.port, parsed.database) == ("h", 5433, "db")


def test_plain_path_is_sqlite(tmp_path: Path) -> None:
    parsed = resolve_url(str(tmp_path / "h.db"))
    assert parsed.drivername == "sqlite" and parsed.database == str(tmp_path / "h.db")


def test_env_var_then_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, "postgresql://u@envhost/db")
    assert resolve_url(None).host == "envhost"
    assert resolve_url("sqlite:///x.db").database == "x.db"  # the argument wins
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    default = resolve_url(None)
    assert default.drivername == "sqlite"
    assert default.database == str(tmp_path / "xdg" / "hingecoach" / "history.sqlite3")


def test_default_store_is_created_in_the_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    with open_store() as store:
        assert store.url.endswith("history.sqlite3")
    assert (tmp_path / "xdg" / "hingecoach" / "history.sqlite3").is_file()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u:p@h/db", "unsupported database 'mysql'"),
        ("postgresql://u:secret@h:notaport/db", "cannot read the database URL"),
        ("postgresql://u:secret@127.0.0.1:1/db", "cannot open the database .*Connection refused"),
    ],
)
def test_bad_urls_are_one_clear_line(url: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        open_store(url)
    text = str(info.value)
    assert "\n" not in text and "secret" not in text


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'h.db'}") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_open_creates_schema_at_head_and_reopen_is_a_no_op(db_url: str) -> None:
    with open_store(db_url) as store:
        head = current_revision(store.engine)
        assert head == head_revision()
        tables = set(sa.inspect(store.engine).get_table_names())
        assert {"athlete", "session", "set", "analysis", "finding", "track"} <= tables
        assert "alembic_version" in tables
    with open_store(db_url) as store:
        assert current_revision(store.engine) == head


def test_store_revisions_are_one_line_ending_in_the_single_head() -> None:
    from alembic.script import ScriptDirectory

    from hingecoach.store.db import _alembic_config

    script = ScriptDirectory.from_config(_alembic_config())
    assert script.get_heads() == [head_revision()]  # one head: no unmerged branch
    chain = [r.revision for r in script.walk_revisions()]  # newest first
    assert chain[-3:] == ["0003", "0002", "0001"]  # later revisions (e.g. web) build on 0003


def test_schema_newer_than_this_hingecoach_is_refused(db_url: str) -> None:
    open_store(db_url).close()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(InputError, match="upgrade hingecoach"):
        open_store(db_url)
