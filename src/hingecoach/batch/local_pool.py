"""Many videos on this machine: a pool of spawned worker processes, one video a task.

``spawn``, not ``fork``: MediaPipe must be built inside each worker (a fork after it started
crashes). Each worker imports MediaPipe once (:func:`~hingecoach.batch.work.warm_up`) and runs
:func:`~hingecoach.batch.work.analyse_job`; outcomes come back in the order they finish.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from hingecoach.batch.work import Outcome, VideoJob, analyse_job, warm_up

#: Why a video failed when its worker process died under it.
WORKER_DIED = "the worker process stopped unexpectedly (out of memory?)"


def _start_worker() -> None:
    """Pool initializer: MediaPipe's start-up chatter kept off the terminal, MediaPipe imported.

    A worker's stderr would interleave with the batch's progress bar; its errors come back as
    outcomes instead.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    warm_up()


def run_local(
    jobs: list[VideoJob], workers: int, work: Callable[[VideoJob], Outcome] = analyse_job
) -> Iterator[Outcome]:
    """Analyse ``jobs`` on ``workers`` spawned processes; yield each outcome as it finishes.

    A worker that dies breaks the pool; the unfinished videos are then run one at a time on a
    fresh pool until the one that kills its worker is found and failed, then the rest go on as
    before, so one bad file cannot take the rest of the batch with it.

    Args:
        jobs: the videos.
        workers: processes at once.
        work: what a worker runs on a job (a module-level function: it is pickled by name).
    """
    left = {job.index: job for job in jobs}
    ctx = multiprocessing.get_context("spawn")
    size = max(1, workers)
    while left:
        broken = False
        with ProcessPoolExecutor(
            max_workers=min(size, len(left)), mp_context=ctx, initializer=_start_worker
        ) as pool:
            futures: dict[Future[Outcome], int] = {
                pool.submit(work, job): index for index, job in left.items()
            }
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    broken = True
                    continue
                left.pop(futures[future], None)
                yield outcome
        if not broken:
            continue
        if size > 1:
            size = 1  # find the video that kills its worker: one at a time, in order
            continue
        first = next(iter(left))  # one worker runs in order: the first unfinished one did it
        left.pop(first)
        yield Outcome(first, error=WORKER_DIED)
        size = max(1, workers)
