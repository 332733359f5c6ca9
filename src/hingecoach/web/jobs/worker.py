"""What runs in a worker: claim a job, analyse, write the outputs, save the result, mark done.

Order matters for "never lose a finished result, never save one twice": the outputs are written
to a ``.partial`` folder and renamed into place, then the set is saved and the job marked done in
one transaction that only the job's current claim may make
(:func:`hingecoach.store.web.jobs.save_job_result`). While it works, the worker renews its claim's
lease; a crash stops the renewals and the lease runs out, so a server re-queues the job (see
:func:`hingecoach.store.web.jobs.recover_jobs`), and the upload it needs is still on disk.

Workers die with their server: :func:`watch_parent` (the pool's initializer) ends a worker whose
server process is gone, so a ``kill -9`` of the server leaves no orphan analysing on its own.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hingecoach.errors import InputError
from hingecoach.pipeline import Analysed, Outputs, write_outputs
from hingecoach.store import Store, open_store
from hingecoach.store.repo import prepare_set
from hingecoach.store.web import jobs as job_data
from hingecoach.store.web.records import JobWork
from hingecoach.video.limits import VideoLimits, check_video_limits
from hingecoach.web.jobs.analysis import Analyzer

log = logging.getLogger(__name__)
#: Least time between two progress writes for one job, seconds.
PROGRESS_EVERY_S = 0.4
#: Share of the progress bar the analyser's own progress fills; outputs and saving take the rest.
ANALYSIS_SHARE = 0.8
#: How often a worker checks that its server is still alive, seconds.
PARENT_CHECK_S = 0.5

_STORES: dict[str | None, Store] = {}


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker process needs (picklable).

    Attributes:
        db_url: the store.
        uploads_dir: where uploads are kept.
        results_dir: where each finished job's outputs go.
        analyzer: what runs on an upload.
        owner: the server the jobs run for (``host pid instance``), recorded on each claim.
        lease_s: how long a claim holds unless renewed; renewed every third of it, seconds.
        video_limits: largest video analysed (checked from the container before the pose pass);
            None: no limit.
        job_time_limit_s: longest analysis of one upload, seconds; None: no limit.
        clock: monotonic seconds for the time limit (tests pass a controllable clock).
    """

    db_url: str | None
    uploads_dir: Path
    results_dir: Path
    analyzer: Analyzer
    owner: str = ""
    lease_s: float = job_data.LEASE_S
    video_limits: VideoLimits | None = None
    job_time_limit_s: float | None = None
    clock: Callable[[], float] = field(default=time.monotonic)


class ClaimLost(Exception):
    """This run's claim no longer holds its job (another run took it over): stop quietly."""


def watch_parent(parent_pid: int) -> None:
    """Pool initializer: end this worker as soon as its server process ``parent_pid`` is gone.

    A worker whose server was killed is re-parented (``getppid`` changes); it exits at once,
    leaving its job's lease to run out so the next server re-queues the job.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="watch-server", daemon=True).start()


def _store(url: str | None) -> Store:
    """One open store per worker process and URL."""
    if url not in _STORES:
        _STORES[url] = open_store(url)
    return _STORES[url]


class _Lease:
    """Renews a claim's lease in a thread until stopped; notes when the claim was lost."""

    def __init__(self, store: Store, config: WorkerConfig, work: JobWork):
        self.lost = False
        self._stop = threading.Event()
        self._args = (store, config, work)
        self._thread = threading.Thread(target=self._run, name="job-lease", daemon=True)

    def _run(self) -> None:
        store, config, work = self._args
        while not self._stop.wait(config.lease_s / 3):
            try:
                held = job_data.renew_lease(
                    store, job_id=work.job_id, claim_token=work.claim_token, lease_s=config.lease_s
                )
            except Exception:  # a database hiccup: try again at the next beat
                log.exception("job %s: lease renewal failed", work.job_id)
                continue
            if not held:
                self.lost = True
                return

    def __enter__(self) -> _Lease:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_next_job(config: WorkerConfig, ticket: int) -> str:
    """Run the fairest queued job (:func:`~hingecoach.store.web.jobs.fairest_queued_job`).

    The pool gets one task (``ticket``, a job id) per queued job, but each task runs whichever
    job is fairest when a worker comes free, so accounts take turns. Returns like
    :func:`run_job`.
    """
    store = _store(config.db_url)
    for _ in range(5):  # another worker may claim the chosen job first: choose again
        job_id = job_data.fairest_queued_job(store)
        if job_id is None:
            return "skipped"
        status = run_job(config, job_id)
        if status != "skipped":
            return status
    return run_job(config, ticket)


def run_job(config: WorkerConfig, job_id: int) -> str:
    """Run one job to done or failed; returns the final status.

    ``skipped``: the job was not queued any more; ``lost``: another run took it over (this
    run's result, if any, is discarded).
    """
    store = _store(config.db_url)
    work = job_data.claim_job(store, job_id=job_id, owner=config.owner, lease_s=config.lease_s)
    if work is None:
        return "skipped"
    upload = config.uploads_dir / work.stored_name
    token = work.claim_token
    try:
        with _Lease(store, config, work) as lease:
            saved = _analyse_and_save(store, config, work, upload, lease)
        if saved:
            _drop_upload(upload)
        return "done" if saved else "lost"
    except ClaimLost:
        return "lost"
    except InputError as e:
        # Messages name the file by its server path; the user knows it by their file name.
        error = str(e).replace(str(upload), work.original_name)
        if job_data.fail_job(store, job_id=job_id, error=error, claim_token=token):
            _drop_upload(upload)
        return "failed"
    except Exception as e:  # the worker's boundary: any error must end as a failed job
        log.exception("job %s failed", job_id)
        error = f"internal error while analysing ({type(e).__name__}); see the server log"
        if job_data.fail_job(store, job_id=job_id, error=error, claim_token=token):
            _drop_upload(upload)
        return "failed"


def _drop_upload(upload: Path) -> None:
    """Delete an upload whose job has ended (done or failed).

    The report, JSON, CSV and annotated video were written to the job's result folder while the
    video was there; nothing reads the upload afterwards. A failed job is not retried (a new
    upload is), so its video is not needed either. A run that lost its claim keeps the file: the
    run holding the job still reads it.
    """
    try:
        upload.unlink(missing_ok=True)
    except OSError as e:  # the job's outcome stands; the file is only disk space
        log.warning("could not delete the upload %s: %s", upload.name, e.strerror or e)


def _analyse_and_save(
    store: Store, config: WorkerConfig, work: JobWork, upload: Path, lease: _Lease
) -> bool:
    """Analyse, write the outputs, save the set; False when another run saved it first."""
    if config.video_limits is not None:
        check_video_limits(upload, config.video_limits, name=work.original_name)
    last_t, last_stage = 0.0, ""
    started_s = config.clock()

    def progress(fraction: float, stage: str) -> None:
        nonlocal last_t, last_stage
        if lease.lost:
            raise ClaimLost()
        limit = config.job_time_limit_s
        if limit is not None and config.clock() - started_s > limit:
            raise InputError(
                f"the analysis took longer than this server's limit of {limit:g} s per video; "
                "upload a shorter clip"
            )
        now, what = time.monotonic(), stage.split(":")[0]
        if what != last_stage or now - last_t >= PROGRESS_EVERY_S:
            last_t, last_stage = now, what
            job_data.set_progress(
                store, job_id=work.job_id, progress=fraction * ANALYSIS_SHARE, stage=stage
            )

    done = config.analyzer(upload, work.exercise, progress)
    result = done.result.model_copy(update={"source": work.original_name})
    done = Analysed(result, done.track, done.video)
    job_data.set_progress(
        store, job_id=work.job_id, progress=ANALYSIS_SHARE, stage="writing the report and video"
    )
    prepared = prepare_set(
        athlete=work.athlete_store_name,
        result=result,
        load=work.load_text,
        set_number=work.set_number,
        note=None,
        track=done.track,
    )
    key = f"job{work.job_id}-{secrets.token_hex(8)}"
    partial = config.results_dir / f"{key}.partial"
    partial.mkdir(parents=True)
    try:
        write_outputs(
            done,
            Outputs(
                json=partial / "result.json",
                csv=partial / "reps.csv",
                report=partial / "report.html",
                annotated_video=partial / "annotated.mp4" if done.video is not None else None,
            ),
        )
        os.replace(partial, config.results_dir / key)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    job_data.set_progress(store, job_id=work.job_id, progress=0.95, stage="saving the result")
    saved = job_data.save_job_result(
        store, job_id=work.job_id, claim_token=work.claim_token, prepared=prepared, result_dir=key
    )
    if saved is None:  # another run of this job saved first (or it was failed): not twice
        log.warning("job %s: claim lost before saving; discarding this run's outputs", work.job_id)
        shutil.rmtree(config.results_dir / key, ignore_errors=True)
        return False
    return True
