"""The job's stage clock (rates per frame, estimate, time-based fraction) and the live bar."""

from __future__ import annotations

import datetime as dt

import pytest

from hingecoach.store.web.records import JobRecord
from hingecoach.web.jobs.stages import FIRST_JOB_SHARE, StageClock
from hingecoach.web.routes.jobs import public


class Clock:
    """Monotonic seconds the test moves by hand."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_no_estimate_before_the_pose_pass_has_a_rate() -> None:
    clock = Clock()
    stages = StageClock(clock, measured={})
    assert stages.eta_s() is None and stages.fraction() == 0.0
    stages.pose(2, 100)  # fewer frames than a rate needs
    clock.t += 1.0
    assert stages.pose_rate() is None and stages.eta_s() is None
    pose_share = 1.0 / (1.0 + sum(FIRST_JOB_SHARE.values()))
    assert stages.fraction() == pytest.approx(pose_share * 2 / 100)  # the bar moves meanwhile


def test_first_job_estimates_later_stages_from_the_pose_rate() -> None:
    clock = Clock()
    stages = StageClock(clock, measured={})
    clock.t += 2.0  # opening the video is not part of any stage's rate
    stages.pose(1, 100)
    clock.t += 5.0
    stages.pose(50, 100)  # 0.1 s a frame
    assert stages.pose_rate() == pytest.approx(10.0)
    later = sum(FIRST_JOB_SHARE.values()) * 0.1 * 100
    assert stages.eta_s() == pytest.approx(50 * 0.1 + later)
    spent = 7.0
    assert stages.fraction() == pytest.approx(spent / (spent + 5.0 + later))


def test_stages_that_end_record_their_rate_for_the_next_job() -> None:
    clock, measured = Clock(), dict[str, float]()
    stages = StageClock(clock, measured=measured)
    stages.pose(1, 80)
    clock.t += 8.0
    stages.pose(80, 80)
    stages.enter("analysing", frames=80)  # pose: 8 s over 80 frames
    clock.t += 0.8
    stages.enter("video")
    clock.t += 4.0
    assert stages.eta_s() == pytest.approx(
        0.0 + 80 * 0.1 * (FIRST_JOB_SHARE["report"] + FIRST_JOB_SHARE["saving"])
    )  # the video's own first-job share (2.08 s) is used up: nothing left of it
    stages.enter("report")
    assert measured == pytest.approx({"pose": 0.1, "analysing": 0.01, "video": 0.05})

    second = StageClock(clock, measured=measured)
    second.enter("analysing", frames=40)
    assert second.eta_s() == pytest.approx(
        40 * (0.01 + 0.05 + 0.1 * (FIRST_JOB_SHARE["report"] + FIRST_JOB_SHARE["saving"]))
    )


def test_the_fraction_is_one_when_nothing_is_left() -> None:
    clock = Clock()
    stages = StageClock(clock, measured={"pose": 0.1, "analysing": 0.0, "video": 0.0})
    stages.enter("report", frames=10)
    clock.t += 1.0
    stages.enter("saving")
    clock.t += 5.0
    stages.measured.update({"report": 0.0, "saving": 0.0})
    assert stages.eta_s() == 0.0 and stages.fraction() == 1.0


def _job(**changes: object) -> JobRecord:
    at = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)
    fields: dict[str, object] = {
        "id": 1, "athlete_id": 1, "athlete_name": "Sam", "original_name": "s.mp4",
        "size_bytes": 1, "exercise": None, "load_text": None, "set_number": None,
        "status": "running", "step": "video", "stage": "writing the annotated video",
        "progress": 0.5, "frames_done": 60, "frames_total": 60, "frames_per_s": 20.0,
        "eta_s": 10.0, "note": None, "filmed_on": None, "error": None, "set_id": None,
        "rep_count": None, "score": None, "result_dir": None, "created_at": at, "updated_at": at,
    }  # fmt: skip
    return JobRecord.model_validate(fields | changes)


def test_the_page_counts_down_between_the_workers_writes() -> None:
    job = _job()
    later = job.updated_at + dt.timedelta(seconds=5)
    shown = public(job, now=later)
    assert shown.seconds_left == 5.0 and shown.progress == pytest.approx(0.75)
    much_later = public(job, now=job.updated_at + dt.timedelta(seconds=60))
    assert much_later.seconds_left == 0.0 and much_later.progress == pytest.approx(0.975)
    assert public(_job(status="done", progress=1.0), now=later).seconds_left == 0.0
    assert public(_job(status="queued", eta_s=None, progress=0.0), now=later).seconds_left is None
