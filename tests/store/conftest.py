"""Fixtures: every store test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``HINGECOACH_TEST_PG_URL`` (``scripts/postgres.sh start`` prints one);
each test gets a fresh database on that server, dropped afterwards. Without the variable the
PostgreSQL half skips, with the reason, except under CI (env ``CI`` set), where it fails: CI
must test the back end users deploy on.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from hingecoach.models import PoseTrack, SetResult
from hingecoach.store import Store, open_store
from tests.conftest import shared_data

PG_ENV = "HINGECOACH_TEST_PG_URL"


def pg_server_url() -> str:
    """The test server's URL; skip (or fail under CI) when none is configured."""
    url = os.environ.get(PG_ENV, "").strip()
    if url:
        return url
    reason = f"PostgreSQL tests need {PG_ENV}: export {PG_ENV}=$(scripts/postgres.sh start)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is an error, not a skip)")
    pytest.skip(reason)
    raise AssertionError("unreachable")


def _admin_engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url).set(drivername="postgresql+psycopg")
    return sa.create_engine(parsed, isolation_level="AUTOCOMMIT")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped after the test."""
    server = pg_server_url()
    name = f"hc_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(server)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database, once per back end."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'history.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open, migrated, empty store."""
    with open_store(db_url) as s:
        yield s


@pytest.fixture(scope="session")
def real_result() -> SetResult:
    """A real SetResult: the engine on a COCO-17 deadlift track (rounded back, faults found)."""
    from hingecoach.pipeline import analyze
    from hingecoach.pose.keypoint_files import read_track

    path = shared_data() / "keypoints_coco17" / "dl_bad005_yolo_coco17.csv"
    return analyze(read_track(path), exercise="conventional_deadlift")


@pytest.fixture(scope="session")
def synthetic_rdl() -> tuple[PoseTrack, SetResult]:
    """A clean synthetic 4-rep RDL track and the engine's verdict on it (exercise recognised)."""
    from hingecoach.pipeline import analyze
    from hingecoach.synth import SynthSpec, generate_set

    track = generate_set(SynthSpec(exercise="rdl", reps=4)).track
    return track, analyze(track)


@pytest.fixture
def strict_knee(tmp_path: Path) -> Path:
    """A profile override allowing only 5° of knee bend (the RDL profile allows 20°)."""
    path = tmp_path / "strict_knee.toml"
    path.write_text("[checks.knee_bend]\nmax_deg = 5.0\n", encoding="utf-8")
    return path
