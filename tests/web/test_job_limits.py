"""Bounded jobs: video limits checked before the pose pass, a time limit per job, fair turns."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hingecoach.pipeline import Analysed
from hingecoach.store import open_store
from hingecoach.store.web import jobs as job_data
from hingecoach.store.web import progress as progress_data
from hingecoach.video.limits import VideoLimits, check_video_limits, probe_cost
from hingecoach.web.app import create_app
from hingecoach.web.jobs.analysis import ProgressFn
from hingecoach.web.jobs.worker import WorkerConfig, run_job
from hingecoach.web.settings import Settings, load_settings
from tests.web.conftest import Clip, csrf_of, job_id_of, make_client, signup, upload, wait_job
from tests.web.fakes import fake_analyze
from tests.web.test_jobs import NoWorkers

CALLS: list[Path] = []


def counting_analyze(path: Path, exercise: str | None, progress: ProgressFn) -> Analysed:
    """The fast fake, counting how often the (expensive) analysis was reached."""
    CALLS.append(path)
    return fake_analyze(path, exercise, progress)


def test_the_container_says_what_the_clip_costs(tiny_clip: Clip) -> None:
    cost = probe_cost(tiny_clip.path)
    assert (cost.width_px, cost.height_px, cost.frames) == (64, 64, 12)
    assert cost.duration_s == pytest.approx(0.4, abs=0.05)


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (VideoLimits(max_duration_s=0.2), "the video is 0.4 s long; the limit is 0.2 s"),
        (VideoLimits(max_frames=11), "the video is 12 frames; the limit is 11"),
        (VideoLimits(max_pixels=64 * 63), "64×64 pixels per frame; the limit is 4,032 pixels"),
    ],
)
def test_a_video_over_a_limit_fails_before_the_pose_pass(
    settings: Settings, tiny_clip: Clip, limits: VideoLimits, message: str
) -> None:
    settings = dataclasses.replace(settings, video_limits=limits)
    CALLS.clear()
    with make_client(settings, analyzer=counting_analyze) as c:
        signup(c, email="a@example.com")
        job = wait_job(c, job_id_of(upload(c, [("long.mp4", tiny_clip.bytes())])))
    assert job["status"] == "failed"
    assert job["error"].startswith("long.mp4: ") and message in job["error"]
    assert "\n" not in job["error"] and CALLS == []  # refused before any analysis


def test_limits_are_configurable_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_clip: Clip
) -> None:
    monkeypatch.setenv("HINGECOACH_MAX_VIDEO_FRAMES", "11")
    monkeypatch.setenv("HINGECOACH_JOB_TIME_LIMIT_S", "60")
    s = load_settings(data_dir=tmp_path / "d", secret="x")
    assert s.video_limits.max_frames == 11 and s.job_time_limit_s == 60
    with pytest.raises(Exception, match="12 frames; the limit is 11"):
        check_video_limits(tiny_clip.path, s.video_limits)
    monkeypatch.setenv("HINGECOACH_MAX_VIDEO_PIXELS", "many")
    with pytest.raises(Exception, match="bad number in the web settings"):
        load_settings(data_dir=tmp_path / "d", secret="x")


def test_a_job_over_its_time_limit_fails_with_the_limit(
    settings: Settings, tiny_clip: Clip
) -> None:
    """The clock is the test's: each reading is 400 s after the last, the limit is 900 s."""
    app = create_app(settings, make_executor=NoWorkers)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        signup(c, email="a@example.com")
        job_id = job_id_of(upload(c, [("set.mp4", tiny_clip.bytes())]))
    ticks = itertools.count(0.0, 400.0)
    config = WorkerConfig(
        settings.db_url,
        settings.uploads_dir,
        settings.results_dir,
        fake_analyze,
        job_time_limit_s=900.0,
        clock=lambda: next(ticks),
    )
    assert run_job(config, job_id) == "failed"
    with open_store(settings.db_url) as store:
        (job,) = job_data.jobs_for_user(store, user_id=1)
    assert job.error == (
        "the analysis took longer than this server's limit of 900 s per video; "
        "upload a shorter clip"
    )
    assert job.set_id is None


def test_accounts_take_turns(settings: Settings, tiny_clip: Clip) -> None:
    """Ann uploads three sets, then Bo one: Bo's runs second, not after all of Ann's."""
    app = create_app(settings, make_executor=NoWorkers)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as ann:
        signup(ann, email="ann@example.com", name="Ann")
        r = upload(ann, [(f"a{i}.mp4", tiny_clip.bytes()) for i in range(3)])
        assert r.status_code == 303
        bo = TestClient(app, base_url="https://testserver", follow_redirects=False)
        signup(bo, email="bo@example.com", name="Bo")
        bo_job = job_id_of(upload(bo, [("b.mp4", tiny_clip.bytes())]))
        ann_jobs = [j["id"] for j in ann.get("/api/jobs").json()]
        assert csrf_of(bo)
    config = WorkerConfig(settings.db_url, settings.uploads_dir, settings.results_dir, fake_analyze)
    order = []
    with open_store(settings.db_url) as store:
        while (next_id := progress_data.fairest_queued_job(store)) is not None:
            order.append(next_id)
            assert run_job(config, next_id) == "done"
    first_ann = min(ann_jobs)
    assert order[:2] == [first_ann, bo_job]
    assert sorted(order) == sorted([*ann_jobs, bo_job])
