"""Jobs that survive: a restart resumes or clearly fails unfinished jobs and loses nothing."""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hingecoach.store import open_store
from hingecoach.store.schema import utcnow
from hingecoach.store.web import jobs as job_data
from hingecoach.web.app import create_app
from hingecoach.web.jobs.runner import JobRunner, process_pool
from hingecoach.web.jobs.worker import WorkerConfig
from hingecoach.web.settings import Settings
from tests.conftest import shared_data
from tests.web.conftest import Clip, job_id_of, make_client, signup, upload, wait_job
from tests.web.fakes import FAKE_REPS, fake_analyze, slow_analyze


def an_hour_ago() -> dt.datetime:
    """A claim made this long ago has an expired lease: its worker is gone."""
    return utcnow() - dt.timedelta(hours=1)


class NoWorkers(Executor):
    """A pool that accepts jobs and never runs them (a server that died right away)."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        return Future()


def _queued_upload(settings: Settings, clip: Clip, *, first: bool = True) -> int:
    app = create_app(settings, make_executor=NoWorkers)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        if first:
            signup(c, email="a@example.com")
        else:
            _log_in(c)
        return job_id_of(upload(c, [("set.mp4", clip.bytes())]))


def _status(settings: Settings, job_id: int) -> dict[str, Any]:
    with open_store(settings.db_url) as store:
        ids = {
            s: job_data.job_ids_with_status(store, status=s)
            for s in ("queued", "running", "done", "failed")
        }
    return {"status": next(s for s, v in ids.items() if job_id in v)}


def _log_in(c: TestClient) -> None:
    from tests.web.conftest import PASSWORD, csrf_of

    token = csrf_of(c, "/login")
    r = c.post("/login", data={"csrf_token": token, "email": "a@example.com", "password": PASSWORD})
    assert r.status_code == 303


def test_job_left_running_is_resumed_on_restart(settings: Settings, tiny_clip: Clip) -> None:
    job_id = _queued_upload(settings, tiny_clip)
    with open_store(settings.db_url) as store:  # a worker took it, then died an hour ago
        assert job_data.claim_job(store, job_id=job_id, now=an_hour_ago()) is not None
    assert _status(settings, job_id)["status"] == "running"
    with make_client(settings) as c:
        _log_in(c)
        job = wait_job(c, job_id)
        assert job["status"] == "done" and job["rep_count"] == FAKE_REPS
        report = job["report_url"]
    with make_client(settings) as c:  # and a finished result survives the next restart
        _log_in(c)
        assert c.get(report).status_code == 200
        assert c.get(f"/api/jobs/{job_id}").json()["status"] == "done"


def test_queued_job_runs_after_restart_and_its_upload_is_kept_until_done(
    settings: Settings, tiny_clip: Clip
) -> None:
    job_id = _queued_upload(settings, tiny_clip)
    (stored,) = list(settings.uploads_dir.iterdir())
    assert stored.read_bytes() == tiny_clip.bytes()  # kept across the restart while queued
    with make_client(settings) as c:
        _log_in(c)
        assert wait_job(c, job_id)["status"] == "done"
    assert not stored.exists()  # deleted once done: the report and result were written


def test_missing_upload_or_too_many_attempts_fail_clearly(
    settings: Settings, tiny_clip: Clip
) -> None:
    gone = _queued_upload(settings, tiny_clip)
    for f in settings.uploads_dir.iterdir():
        f.unlink()
    with make_client(settings) as c:
        _log_in(c)
        job = wait_job(c, gone)
    assert job["status"] == "failed" and "uploaded file is missing" in job["error"]

    again = _queued_upload(settings, tiny_clip, first=False)
    with open_store(settings.db_url) as store:
        for _ in range(job_data.MAX_ATTEMPTS):
            assert job_data.claim_job(store, job_id=again, now=an_hour_ago()) is not None
            job_data.recover_jobs(store, uploads_dir=settings.uploads_dir)
        assert job_data.claim_job(store, job_id=again) is None  # failed by now: not claimable
    with make_client(settings) as c:
        _log_in(c)
        job = c.get(f"/api/jobs/{again}").json()
    assert job["status"] == "failed"
    assert f"server stopped during this analysis {job_data.MAX_ATTEMPTS} times" in job["error"]


def test_stopping_the_server_mid_analysis_resumes_on_the_next_start(
    settings: Settings, tiny_clip: Clip
) -> None:
    """A real spawned pool: the worker is stopped with the server; the job is redone later."""
    app = create_app(settings, analyzer=slow_analyze, make_executor=process_pool(1, warm=False))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        signup(c, email="a@example.com")
        job_id = job_id_of(upload(c, [("set.mp4", tiny_clip.bytes())]))
        deadline = time.monotonic() + 60
        while c.get(f"/api/jobs/{job_id}").json()["progress"] == 0:
            assert time.monotonic() < deadline, "the worker never started"
            time.sleep(0.1)
    # A clean stop hands the job back to the queue at once (no lease to wait out).
    assert _status(settings, job_id)["status"] == "queued"
    with make_client(settings) as c:
        _log_in(c)
        job = wait_job(c, job_id)
    assert job["status"] == "done"


@pytest.mark.e2e
def test_real_pipeline_in_a_worker_process(settings: Settings) -> None:
    """dl_side_good.mp4 through the spawned pool and MediaPipe: 1 rep, video served in ranges."""
    clip = shared_data() / "clips" / "dl_side_good.mp4"
    app = create_app(settings, make_executor=process_pool(1))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        signup(c, email="a@example.com")
        r = upload(c, [(clip.name, clip.read_bytes())], fields={"load": "120kg"})
        job = wait_job(c, job_id_of(r), timeout_s=240)
        assert job["status"] == "done", job
        assert job["rep_count"] == 1
        video = c.get(f"/sets/{job['set_id']}/annotated.mp4", headers={"range": "bytes=0-99"})
        assert video.status_code == 206 and len(video.content) == 100
        assert video.headers["content-type"] == "video/mp4"
        report = c.get(job["report_url"]).text
        assert "1 rep counted" in report and 'class="still"' in report
    # The CLI's history sees the web upload (same store).
    from hingecoach.store import athlete_history

    with open_store(settings.db_url) as store:
        (saved,) = athlete_history(store, athlete="Sam (web 1)").sets
    assert (saved.load_kg, saved.rep_count) == (120.0, 1)


class BrokenOnce(Executor):
    """The first pool dies with its worker (every future fails); the next one works."""

    made = 0

    def __init__(self) -> None:
        BrokenOnce.made += 1
        self.broken = BrokenOnce.made == 1
        self.inner = ThreadPoolExecutor(max_workers=1)

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        if not self.broken:
            return self.inner.submit(fn, *args, **kwargs)
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("a worker was killed"))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)


def test_a_dead_worker_fails_its_job_and_the_queue_moves_to_a_new_pool(
    settings: Settings, tiny_clip: Clip
) -> None:
    running = _queued_upload(settings, tiny_clip)
    waiting = _queued_upload(settings, tiny_clip, first=False)
    with open_store(settings.db_url) as store:
        assert job_data.claim_job(store, job_id=running) is not None  # the worker that dies
        runner = JobRunner(
            store=store,
            config=WorkerConfig(
                settings.db_url, settings.uploads_dir, settings.results_dir, fake_analyze
            ),
            make_executor=BrokenOnce,
        )
        runner.submit([running, waiting])
        deadline = time.monotonic() + 30
        while job_data.job_status(store, job_id=waiting) != "done":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert job_data.job_status(store, job_id=running) == "failed"
        runner.shutdown()
    with make_client(settings) as c:
        _log_in(c)
        job = c.get(f"/api/jobs/{running}").json()
    assert "analysis process stopped unexpectedly" in job["error"]
