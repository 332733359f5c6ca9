"""One upload, one set: job owners and leases, idempotent saving, one server per data folder.

The fault-injection test kills a real server process (``kill -9``) while its worker is mid-job,
starts another on the same folder, and checks that the worker died with its server and that the
upload ends as exactly one stored set — on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hingecoach.cli import app as cli_app
from hingecoach.store import open_store
from hingecoach.store.schema import LiftSet, utcnow
from hingecoach.store.web import jobs as job_data
from hingecoach.web.app import create_app
from hingecoach.web.folder_lock import FolderInUse, lock_data_folder
from hingecoach.web.jobs.worker import WorkerConfig, run_job
from hingecoach.web.settings import Settings
from tests.store.conftest import pg_url  # noqa: F401  (the fixture)
from tests.web.conftest import Clip
from tests.web.fakes import fake_analyze
from tests.web.server import free_port
from tests.web.test_jobs import _queued_upload, an_hour_ago

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "postgresql"])
def any_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """The web settings on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        return settings
    return dataclasses.replace(settings, db_url=str(request.getfixturevalue("pg_url")))


def _set_count(settings: Settings) -> int:
    with open_store(settings.db_url) as store, store.read() as session:
        return int(session.execute(sa.select(sa.func.count()).select_from(LiftSet)).scalar_one())


def _config(settings: Settings) -> WorkerConfig:
    return WorkerConfig(
        settings.db_url, settings.uploads_dir, settings.results_dir, fake_analyze, owner="test"
    )


def test_a_live_lease_is_left_alone_and_an_expired_one_is_taken_back(
    any_settings: Settings, tiny_clip: Clip
) -> None:
    settings = any_settings
    job_id = _queued_upload(settings, tiny_clip)
    now = utcnow()
    with open_store(settings.db_url) as store:
        work = job_data.claim_job(store, job_id=job_id, owner="a", lease_s=30, now=now)
        assert work is not None
        later = now + dt.timedelta(seconds=29)
        assert job_data.recover_jobs(store, uploads_dir=settings.uploads_dir, now=later) == []
        assert job_data.job_status(store, job_id=job_id) == "running"
        # The worker renews; the lease now holds past the old expiry.
        assert job_data.renew_lease(store, job_id=job_id, claim_token=work.claim_token)
        expired = utcnow() + dt.timedelta(seconds=31)
        assert job_data.recover_jobs(store, uploads_dir=settings.uploads_dir, now=expired) == [
            job_id
        ]
        assert not job_data.renew_lease(store, job_id=job_id, claim_token=work.claim_token)


def test_an_orphan_and_the_rerun_of_one_job_save_one_set(
    any_settings: Settings, tiny_clip: Clip
) -> None:
    """The orphan's late save is refused: one set for the upload, the first report stays."""
    settings = any_settings
    job_id = _queued_upload(settings, tiny_clip)
    with open_store(settings.db_url) as store:
        orphan = job_data.claim_job(store, job_id=job_id, now=an_hour_ago())
        assert orphan is not None
        assert job_data.recover_jobs(store, uploads_dir=settings.uploads_dir) == [job_id]
    assert run_job(_config(settings), job_id) == "done"
    assert _set_count(settings) == 1

    from hingecoach.store.repo import prepare_set

    track = fake_analyze(Path("x.mp4"), None, lambda f, s, frames=None: None)
    prepared = prepare_set(
        athlete=orphan.athlete_store_name,
        result=track.result,
        load=None,
        set_number=None,
        note=None,
    )
    with open_store(settings.db_url) as store:
        late = job_data.save_job_result(
            store, job_id=job_id, claim_token=orphan.claim_token, prepared=prepared, result_dir="x"
        )
        assert late is None
        assert job_data.job_status(store, job_id=job_id) == "done"
        # A run cannot fail a job another run finished either.
        job_data.fail_job(store, job_id=job_id, error="late", claim_token=orphan.claim_token)
        assert job_data.job_status(store, job_id=job_id) == "done"
    assert _set_count(settings) == 1
    assert run_job(_config(settings), job_id) == "skipped"  # and a third try does nothing


def test_a_second_server_refuses_a_data_folder_in_use(settings: Settings) -> None:
    with TestClient(create_app(settings), base_url="https://testserver"):
        second = TestClient(create_app(settings), base_url="https://testserver")
        with pytest.raises(FolderInUse, match="in use by another hingecoach server"):
            second.__enter__()
        out = CliRunner().invoke(
            cli_app,
            ["serve", "--db", str(settings.db_url), "--data-dir", str(settings.data_dir)],
        )
        assert out.exit_code == 3
        assert out.output.strip().startswith("error: the data folder")
        assert len(out.output.strip().splitlines()) == 1
    lock_data_folder(settings.data_dir).release()  # free again once the server stopped


def test_a_server_that_cannot_bind_its_port_touches_no_job(
    settings: Settings, tiny_clip: Clip
) -> None:
    job_id = _queued_upload(settings, tiny_clip)
    with open_store(settings.db_url) as store:  # its worker died long ago: reclaimable
        assert job_data.claim_job(store, job_id=job_id, now=an_hour_ago()) is not None
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = CliRunner().invoke(
            cli_app,
            [
                "serve",
                "--port",
                str(port),
                "--db",
                str(settings.db_url),
                "--data-dir",
                str(settings.data_dir),
            ],
        )
    assert out.exit_code == 3 and f"cannot listen on 127.0.0.1:{port}" in out.output
    with open_store(settings.db_url) as store:
        assert job_data.job_status(store, job_id=job_id) == "running"  # not reset
    lock_data_folder(settings.data_dir).release()  # and the folder was let go


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


def _wait(what: str, ok: object, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not ok():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def servers() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Server processes started by a test; whatever is left is killed afterwards."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def _serve(settings: Settings, servers: list[subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
    args = [str(settings.db_url), str(settings.data_dir), str(free_port())]
    proc = subprocess.Popen([sys.executable, "-m", "tests.web.server_process", *args], cwd=ROOT)
    servers.append(proc)
    return proc


def _started_pids(settings: Settings) -> set[int]:
    return {int(p.name.split("-")[1]) for p in settings.data_dir.glob("started-*")}


def test_killing_the_server_mid_job_leaves_one_set_per_upload(
    any_settings: Settings, tiny_clip: Clip, servers: list[subprocess.Popen[bytes]]
) -> None:
    settings = any_settings
    job_id = _queued_upload(settings, tiny_clip)
    first = _serve(settings, servers)
    _wait("the first worker to start the job", lambda: _started_pids(settings))
    (orphan,) = _started_pids(settings)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    _wait("the orphaned worker to exit with its server", lambda: not _alive(orphan), 30)

    second = _serve(settings, servers)
    _wait("the job to be taken back and restarted", lambda: len(_started_pids(settings)) == 2)
    (settings.data_dir / "go").touch()
    with open_store(settings.db_url) as store:
        _wait("the job to finish", lambda: job_data.job_status(store, job_id=job_id) == "done")
    second.send_signal(signal.SIGTERM)
    second.wait(timeout=30)
    assert _set_count(settings) == 1
    assert len(list(settings.results_dir.iterdir())) == 1  # no stray outputs of a lost run
