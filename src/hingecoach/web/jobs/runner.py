"""The worker pool, owned by the app's lifespan: one task per queued job, fairest job first.

Each task runs whichever queued job is fairest when a worker comes free (accounts take turns,
:func:`~hingecoach.store.web.progress.fairest_queued_job`), not the job it was queued for.

Production uses a ``ProcessPoolExecutor`` (spawned processes: MediaPipe is CPU heavy and must
not share the server's GIL) whose workers end when the server does
(:func:`~hingecoach.web.jobs.worker.watch_parent`); tests pass a ``ThreadPoolExecutor``. Job
state lives in the database, so nothing here needs to survive a restart: :meth:`JobRunner.start`
takes back jobs whose lease ran out, and a reaper thread keeps doing so while the server runs
(a job whose worker was orphaned by a killed server is re-queued once its lease expires).
A graceful stop hands its own running jobs back to the queue at once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import secrets
import socket
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from hingecoach.store import Store
from hingecoach.store.web import jobs as job_data
from hingecoach.web.jobs.worker import WorkerConfig, ping, run_next_job, start_worker

log = logging.getLogger(__name__)
ExecutorFactory = Callable[[], Executor]


def process_pool(workers: int, *, warm: bool = True) -> ExecutorFactory:
    """A factory of spawned process pools with ``workers`` processes that die with this one.

    Each pool starts its processes at once and each loads the analysis (``warm``, see
    :func:`~hingecoach.web.jobs.worker.start_worker`) before any upload arrives.
    """
    ctx = multiprocessing.get_context("spawn")

    def make() -> Executor:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=start_worker,
            initargs=(os.getpid(), warm),
        )
        for _ in range(workers):  # the pool spawns a process per task until it has them all
            pool.submit(ping)
        return pool

    return make


def server_identity() -> str:
    """``host pid N <random>``: who runs a job, unique per server start."""
    return f"{socket.gethostname()[:60]} pid {os.getpid()} {secrets.token_hex(4)}"


class JobRunner:
    """Submits jobs to the pool; replaces the pool if a worker process dies; reaps lost leases."""

    def __init__(self, *, store: Store, config: WorkerConfig, make_executor: ExecutorFactory):
        """Create the first pool now; jobs run only once :meth:`start` or :meth:`submit` is called.

        Args:
            store: where jobs are queued and their results written.
            config: what each worker needs (database URL, folders, analyzer, owner, lease).
            make_executor: builds a fresh pool, at start and after a worker process dies.
        """
        self.store = store
        self.config = config
        self._make_executor = make_executor
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._pending: set[int] = set()
        self._executor = make_executor()
        self._reaper: threading.Thread | None = None

    def start(self) -> list[int]:
        """Take back jobs whose lease ran out and queue every queued job; returns their ids.

        Also starts the reaper, which does the same every half lease while the server runs.
        """
        ids = self.recover()
        self._reaper = threading.Thread(target=self._reap, name="job-reaper", daemon=True)
        self._reaper.start()
        return ids

    def recover(self) -> list[int]:
        """One reaping pass: re-queue expired claims, submit queued jobs not yet on the pool."""
        ids = job_data.recover_jobs(self.store, uploads_dir=self.config.uploads_dir)
        self.submit(ids)
        return ids

    def _reap(self) -> None:
        while not self._stopping.wait(self.config.lease_s / 2):
            try:
                self.recover()
            except Exception:  # the database may be briefly unavailable: try again later
                log.exception("recovering jobs failed")

    def submit(self, job_ids: Iterable[int]) -> None:
        """Queue jobs (already ``queued`` in the database) on the pool, each once."""
        with self._lock:
            executor = self._executor
            fresh = [i for i in job_ids if i not in self._pending]
            self._pending.update(fresh)
        for job_id in fresh:
            future = executor.submit(run_next_job, self.config, job_id)
            future.add_done_callback(partial(self._finished, job_id, executor))

    def _finished(self, job_id: int, executor: Executor, future: Future[str]) -> None:
        with self._lock:
            self._pending.discard(job_id)
        if future.cancelled() or self._stopping.is_set():
            return  # shutting down: the job goes back to the queue in shutdown()
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
        """Stop taking jobs, stop the workers now, and put their running jobs back in the queue."""
        self._stopping.set()
        executor = self._executor
        processes = []
        if isinstance(executor, ProcessPoolExecutor):
            processes = list((executor._processes or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            proc.terminate()
        for proc in processes:
            proc.join(timeout=5)
        if self._reaper is not None:
            self._reaper.join(timeout=5)
        try:
            job_data.release_jobs(self.store, owner=self.config.owner)
        except Exception:  # the database is gone: the jobs' leases run out and they come back
            log.exception("could not hand the running jobs back to the queue")
