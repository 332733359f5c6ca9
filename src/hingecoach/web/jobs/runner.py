"""The worker pool, owned by the app's lifespan. The pool is the scheduler: one task per job.

Production uses a ``ProcessPoolExecutor`` (spawned processes: MediaPipe is CPU heavy and must
not share the server's GIL); tests pass a ``ThreadPoolExecutor``. Job state lives in the
database, so nothing here needs to survive a restart: :meth:`JobRunner.start` re-queues what a
stopped server left unfinished.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from hingecoach.store import Store
from hingecoach.store.web import jobs as job_data
from hingecoach.web.jobs.worker import WorkerConfig, run_job

log = logging.getLogger(__name__)
ExecutorFactory = Callable[[], Executor]


def process_pool(workers: int) -> ExecutorFactory:
    """A factory of spawned process pools with ``workers`` processes."""
    ctx = multiprocessing.get_context("spawn")
    return lambda: ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


class JobRunner:
    """Submits jobs to the pool; replaces the pool if a worker process dies."""

    def __init__(self, *, store: Store, config: WorkerConfig, make_executor: ExecutorFactory):
        """Create the first pool now; jobs run only once :meth:`start` or :meth:`submit` is called.

        Args:
            store: where jobs are queued and their results written.
            config: what each worker process needs to run a job (database URL, folders, analyzer).
            make_executor: builds a fresh pool, at start and after a worker process dies.
        """
        self.store = store
        self.config = config
        self._make_executor = make_executor
        self._stopping = False
        self._lock = threading.Lock()
        self._executor = make_executor()

    def start(self) -> list[int]:
        """Recover jobs a stopped server left behind and queue them; returns their ids."""
        ids = job_data.recover_jobs(self.store, uploads_dir=self.config.uploads_dir)
        self.submit(ids)
        return ids

    def submit(self, job_ids: Iterable[int]) -> None:
        """Queue jobs (already ``queued`` in the database) on the pool."""
        with self._lock:
            executor = self._executor
        for job_id in job_ids:
            future = executor.submit(run_job, self.config, job_id)
            future.add_done_callback(partial(self._finished, job_id, executor))

    def _finished(self, job_id: int, executor: Executor, future: Future[str]) -> None:
        if future.cancelled() or self._stopping:
            return  # shutting down: the job stays queued/running and resumes on the next start
        error = future.exception()
        if error is None:
            return
        if isinstance(error, BrokenProcessPool):  # a worker died: every pending future fails
            with self._lock:
                if self._executor is executor:
                    self._executor = self._make_executor()
            if job_data.job_status(self.store, job_id=job_id) == "queued":
                self.submit([job_id])  # it never started: run it on the new pool
                return
        log.error("job %s: worker died: %r", job_id, error)
        job_data.fail_job(
            self.store,
            job_id=job_id,
            error="the analysis process stopped unexpectedly (out of memory?); try a shorter clip",
        )

    def shutdown(self) -> None:
        """Stop taking jobs and stop the workers now; unfinished jobs resume on the next start."""
        self._stopping = True
        executor = self._executor
        processes = []
        if isinstance(executor, ProcessPoolExecutor):
            processes = list((executor._processes or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            proc.terminate()
