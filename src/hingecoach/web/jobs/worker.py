"""What runs in a worker: claim a job, analyse, write the outputs, save the result, mark done.

Order matters for "never lose a finished result": the outputs are written to a ``.partial``
folder and renamed into place, then the set is saved to the store, then the job is marked done.
A crash before the end leaves the job running; the next start re-queues it (see
:func:`hingecoach.store.web.jobs.recover_jobs`), and the upload it needs is still on disk.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from hingecoach.errors import InputError
from hingecoach.pipeline import Analysed, Outputs, write_outputs
from hingecoach.store import Store, open_store, save_result
from hingecoach.store.web import jobs as job_data
from hingecoach.store.web.records import JobWork
from hingecoach.web.jobs.analysis import Analyzer

log = logging.getLogger(__name__)
#: Least time between two progress writes for one job, seconds.
PROGRESS_EVERY_S = 0.4
#: Share of the progress bar the analyser's own progress fills; outputs and saving take the rest.
ANALYSIS_SHARE = 0.8

_STORES: dict[str | None, Store] = {}


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker process needs (picklable)."""

    db_url: str | None
    uploads_dir: Path
    results_dir: Path
    analyzer: Analyzer


def _store(url: str | None) -> Store:
    """One open store per worker process and URL."""
    if url not in _STORES:
        _STORES[url] = open_store(url)
    return _STORES[url]


def run_job(config: WorkerConfig, job_id: int) -> str:
    """Run one job to done or failed; returns the final status (``skipped`` if not queued)."""
    store = _store(config.db_url)
    work = job_data.claim_job(store, job_id=job_id)
    if work is None:
        return "skipped"
    upload = config.uploads_dir / work.stored_name
    try:
        _analyse_and_save(store, config, work, upload)
    except InputError as e:
        # Messages name the file by its server path; the user knows it by their file name.
        job_data.fail_job(
            store, job_id=job_id, error=str(e).replace(str(upload), work.original_name)
        )
        return "failed"
    except Exception as e:  # the worker's boundary: any error must end as a failed job
        log.exception("job %s failed", job_id)
        job_data.fail_job(
            store,
            job_id=job_id,
            error=f"internal error while analysing ({type(e).__name__}); see the server log",
        )
        return "failed"
    return "done"


def _analyse_and_save(store: Store, config: WorkerConfig, work: JobWork, upload: Path) -> None:
    last_t, last_stage = 0.0, ""

    def progress(fraction: float, stage: str) -> None:
        nonlocal last_t, last_stage
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
    saved = save_result(
        store,
        athlete=work.athlete_store_name,
        result=result,
        load=work.load_text,
        set_number=work.set_number,
        note=None,
        track=done.track,
    )
    job_data.finish_job(
        store,
        job_id=work.job_id,
        set_id=saved.set_id,
        analysis_id=saved.analysis_id,
        rep_count=result.rep_count,
        score=result.score,
        result_dir=key,
    )
