"""What runs in a worker: claim a job, analyse, write the outputs, save the result, mark done.

Order matters for "never lose a finished result, never save one twice": the outputs are written
to a ``.partial`` folder and renamed into place, then the set is saved and the job marked done in
one transaction that only the job's current claim may make
(:func:`hingecoach.store.web.jobs.save_job_result`). While it works, the worker renews its claim's
lease; a crash stops the renewals and the lease runs out, so a server re-queues the job (see
:func:`hingecoach.store.web.jobs.recover_jobs`), and the upload it needs is still on disk.

Workers die with their server: :func:`watch_parent` (in the pool's initializer) ends a worker whose
server process is gone, so a ``kill -9`` of the server leaves no orphan analysing on its own.
"""

from __future__ import annotations

import datetime as dt
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
from hingecoach.store.web import progress as progress_data
from hingecoach.store.web.records import JobWork
from hingecoach.video.limits import VideoLimits, check_video_limits
from hingecoach.web.jobs.analysis import Analyzer
from hingecoach.web.jobs.stages import STAGE_TEXT, StageClock

log = logging.getLogger(__name__)
#: Least time between two progress writes for one job, seconds.
PROGRESS_EVERY_S = 0.4
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


def start_worker(parent_pid: int, warm: bool = True) -> None:
    """Pool initializer: end with the server (:func:`watch_parent`), then :func:`warm_up`.

    The pool starts its workers when the server starts (:func:`ping`), so the first upload
    finds a worker that has already loaded the analysis; it used to wait for a fresh process
    to import it and load MediaPipe's model (``warm`` False skips it, for tests' fakes).
    """
    watch_parent(parent_pid)
    if warm:
        warm_up()


def warm_up() -> None:
    """Import the pipeline, the report and video writers, and load the pose model once."""
    import hingecoach.report.html
    import hingecoach.video.track
    import hingecoach.video.writer  # noqa: F401
    from hingecoach.pose.mediapipe import MediaPipePose

    try:
        with MediaPipePose():  # the model file and TFLite's kernels are loaded and cached
            pass
    except Exception:  # a job will report the same problem in words
        log.exception("warming up the pose model failed")


def ping() -> bool:
    """A no-op task: submitted once per worker so the pool starts (and warms) them now."""
    return True


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
    """Run the fairest queued job (:func:`~hingecoach.store.web.progress.fairest_queued_job`).

    The pool gets one task (``ticket``, a job id) per queued job, but each task runs whichever
    job is fairest when a worker comes free, so accounts take turns. Returns like
    :func:`run_job`.
    """
    store = _store(config.db_url)
    for _ in range(5):  # another worker may claim the chosen job first: choose again
        job_id = progress_data.fairest_queued_job(store)
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
    stages = StageClock(time.monotonic)
    last_t = 0.0
    started_s = config.clock()

    def report(step: str, stage: str) -> None:
        rate = stages.pose_rate()
        progress_data.set_progress(
            store,
            job_id=work.job_id,
            step=step,
            stage=stage,
            progress=stages.fraction(),
            frames_done=stages.frames_done or None,
            frames_total=stages.frames_total,
            frames_per_s=None if rate is None else round(rate, 2),
            eta_s=stages.eta_s(),
        )

    def progress(fraction: float, stage: str, frames: tuple[int, int] | None = None) -> None:
        nonlocal last_t
        if lease.lost:
            raise ClaimLost()
        limit = config.job_time_limit_s
        if limit is not None and config.clock() - started_s > limit:
            raise InputError(
                f"the analysis took longer than this server's limit of {limit:g} s per video; "
                "upload a shorter clip"
            )
        if stage == "analysing":
            stages.enter("analysing", frames=frames[0] if frames else None)
            report("analysing", STAGE_TEXT["analysing"])
            return
        new_step = stages.step != "pose"
        stages.pose(*(frames or (round(100 * fraction), 100)))
        now = time.monotonic()
        if new_step or now - last_t >= PROGRESS_EVERY_S:
            last_t = now
            report("pose", stage)

    done = config.analyzer(upload, work.exercise, progress)
    result = done.result.model_copy(update={"source": work.original_name})
    done = Analysed(result, done.track, done.video)
    filmed = _filmed_when(work.filmed_on, done.video)
    prepared = prepare_set(
        athlete=work.athlete_store_name,
        result=result,
        load=work.load_text,
        set_number=work.set_number,
        note=work.note,
        performed_at=filmed,
        track=done.track,
    )
    key = f"job{work.job_id}-{secrets.token_hex(8)}"
    _write_outputs(done, work, filmed, config.results_dir / key, stages, report)
    stages.enter("saving")
    report("saving", STAGE_TEXT["saving"])
    saved = job_data.save_job_result(
        store, job_id=work.job_id, claim_token=work.claim_token, prepared=prepared, result_dir=key
    )
    if saved is None:  # another run of this job saved first (or it was failed): not twice
        log.warning("job %s: claim lost before saving; discarding this run's outputs", work.job_id)
        shutil.rmtree(config.results_dir / key, ignore_errors=True)
        return False
    stages.enter("done")  # records the saving stage's rate for the next job
    return True


def _filmed_when(day: dt.date | None, video: Path | None) -> dt.datetime | None:
    """When the set was filmed, or None (then: now).

    The video's recording time (phones write it) when it agrees with the day the uploader
    gave, else the start of that day, local time (the report then shows the day alone).
    """
    recorded = None
    if video is not None:
        from hingecoach.report.embed import filmed_at

        recorded = filmed_at(video)
    if day is None or (recorded is not None and recorded.astimezone().date() == day):
        return recorded
    return dt.datetime.combine(day, dt.time(0)).astimezone()


def _write_outputs(
    done: Analysed,
    work: JobWork,
    filmed: dt.datetime | None,
    folder: Path,
    stages: StageClock,
    report: Callable[[str, str], None],
) -> None:
    """JSON and CSV, the annotated video, then the report (which embeds the video).

    Written to ``<folder>.partial`` and renamed to ``folder`` once all are there.
    """
    from hingecoach.report.html import write_report
    from hingecoach.report.view import SetInfo

    partial = folder.with_name(f"{folder.name}.partial")
    partial.mkdir(parents=True)
    try:
        write_outputs(done, Outputs(json=partial / "result.json", csv=partial / "reps.csv"))
        annotated = None
        if done.video is not None:
            stages.enter("video")
            report("video", STAGE_TEXT["video"])
            annotated = partial / "annotated.mp4"
            write_outputs(done, Outputs(annotated_video=annotated))
        stages.enter("report")
        report("report", STAGE_TEXT["report"])
        info = SetInfo(
            athlete=work.athlete_name,
            load=work.load_text,
            set_number=work.set_number,
            note=work.note,
            filmed=filmed,
        )
        path = partial / "report.html"
        try:
            write_report(
                done.result,
                path,
                video=done.video,
                track=done.track,
                annotated=annotated,
                info=info,
            )
        except OSError as e:
            raise InputError(f"cannot write the report: {e.strerror or e}") from None
        if work.selftest is not None:
            from hingecoach.web.jobs.selftest import write_selftest

            write_selftest(done, work.selftest, partial, source=work.original_name)
        os.replace(partial, folder)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
