"""The local pool: a worker that dies fails its own video only; every video answered once."""

from __future__ import annotations

import os

from hingecoach.batch.local_pool import WORKER_DIED, run_local
from hingecoach.batch.work import Outcome, VideoJob


def die_on_two(job: VideoJob) -> Outcome:
    """A stand-in worker: video 2 kills its process (a decoder crash, out of memory)."""
    if job.index == 2:
        os._exit(3)
    return Outcome(job.index, error=f"answered {job.index}")


def test_a_dying_worker_fails_its_video_and_the_rest_go_on() -> None:
    jobs = [VideoJob(i, f"/videos/{i}.mp4", "0" * 64) for i in range(5)]
    outcomes = list(run_local(jobs, 2, work=die_on_two))
    by_index = {o.index: o.error for o in outcomes}
    assert len(outcomes) == len(by_index) == 5
    assert by_index == {
        0: "answered 0",
        1: "answered 1",
        2: WORKER_DIED,
        3: "answered 3",
        4: "answered 4",
    }
