"""``hingecoach eval --real DIR``: run every labelled clip of a folder and grade the results.

The folder holds clips and a ``labels.json`` in the format of ``real_dev/README.md`` (any such
folder: ``../shared/data/real_dev`` and ``../shared/data/clips`` both). Each clip goes through
the video pipeline — the pose track from the cache (:mod:`hingecoach.video.track_cache`),
computed there on a miss — then the engine, with the exercise recognised from the motion. The
grading is :mod:`.grading`, the totals and the printed table :mod:`.summary`.

Clips run in a ``spawn`` process pool, so each worker builds its own MediaPipe graph in a fresh
interpreter (MediaPipe must never be forked once started); by default one worker per available
core. A clip that raises becomes a row with the exception's message, never a traceback.

Usage::

    report = evaluate_real(Path("../shared/data/real_dev"))
    render(report, Console())

or ``python -m hingecoach.evaluation.real DIR [--json rows.json] [--workers N]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
import warnings
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from hingecoach.evaluation.grading import ClipLabel, ClipRow, grade_clip, load_labels
from hingecoach.evaluation.summary import RealReport, render
from hingecoach.models import PoseTrack, SetResult

__all__ = ["ClipOutcome", "RealReport", "evaluate_real", "main", "render", "run_clip"]


@dataclass(frozen=True)
class ClipOutcome:
    """What a worker sends back for one clip: the result, or the error that replaced it."""

    clip: str
    result: SetResult | None
    error: str | None
    seconds: float
    track: str


def _analyze(track: PoseTrack, notes: list[str]) -> SetResult:
    """Run the engine on a pose track, recognising the exercise from the motion.

    This is the evaluation's one call into the engine, made through
    :func:`hingecoach.pipeline.analyze` like every other edge, so the grade is of what a user gets.
    """
    from hingecoach.pipeline import analyze

    return analyze(track, exercise=None, warnings=notes)


def _error_message(e: BaseException) -> str:
    """One line: the exception's type and message (never a traceback)."""
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def run_clip(video: Path, clip: str, cache_dir: Path | None = None) -> ClipOutcome:
    """Track (or load the cached track of) one clip and analyse it; never raises."""
    from hingecoach.video.track_cache import cached_track_video

    t0 = time.perf_counter()
    status = ""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuntimeWarning)
            tracked, status = cached_track_video(video, cache_dir=cache_dir)
        for w in caught:  # a corrupt cache entry: say so in the row, then carry on
            print(f"{clip}: {w.message}", file=sys.stderr)
        result = _analyze(tracked.track, list(tracked.warnings))
        return ClipOutcome(clip, result, None, time.perf_counter() - t0, status)
    except Exception as e:
        return ClipOutcome(clip, None, _error_message(e), time.perf_counter() - t0, status)


def _worker_init() -> None:
    """Quieten MediaPipe's and TensorFlow Lite's logging in each worker.

    Their environment variables quiet what honours them; MediaPipe 0.10.21 logs from C++ before
    absl is initialised and ignores them (four lines per clip, hundreds through a folder), so
    descriptor 2 goes to the null device for the worker's life, while Python's own messages
    (``sys.stderr``: a corrupt cache entry) keep the real stderr on a duplicate descriptor.
    """
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        sys.stderr.flush()
        real = os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError):  # no real descriptor 2: nothing to quiet
        return
    os.dup2(null, 2)
    os.close(null)
    sys.stderr = os.fdopen(real, "w", encoding="utf-8", errors="replace", buffering=1)


def available_cores() -> int:
    """Cores this process may run on (the affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def evaluate_real(
    folder: Path,
    *,
    workers: int | None = None,
    cache_dir: Path | None = None,
    clips: Sequence[str] | None = None,
    console: Console | None = None,
) -> RealReport:
    """Run and grade every labelled clip in ``folder``.

    Args:
        folder: a folder with ``labels.json`` and the clips it names.
        workers: processes in the pool; :func:`available_cores` when None.
        cache_dir: track cache folder (default: see :mod:`hingecoach.video.track_cache`).
        clips: only these labelled clips (paths as in ``labels.json``), e.g. to re-run a few.
        console: where the progress bar goes (stderr when None).

    Returns:
        The report: a :class:`~hingecoach.evaluation.grading.ClipRow` per clip, in label order,
        and the totals.
    """
    folder = Path(folder)
    labels = load_labels(folder)
    if clips is not None:
        unknown = sorted(set(clips) - set(labels))
        if unknown:
            raise ValueError(f"not in {folder / 'labels.json'}: {', '.join(unknown)}")
        labels = {c: lab for c, lab in labels.items() if c in set(clips)}
    outcomes = _run_all(folder, list(labels), workers or available_cores(), cache_dir, console)
    rows = [_grade(clip, labels[clip], outcomes[clip]) for clip in labels]
    return RealReport.from_rows(str(folder), rows)


def _grade(clip: str, label: ClipLabel, outcome: ClipOutcome) -> ClipRow:
    return grade_clip(
        clip,
        label,
        outcome.result,
        error=outcome.error,
        seconds=outcome.seconds,
        track=outcome.track,
    )


def _run_all(
    folder: Path, clips: list[str], workers: int, cache_dir: Path | None, console: Console | None
) -> dict[str, ClipOutcome]:
    """Every clip through :func:`run_clip` in a spawn pool; a dead worker is an error row."""
    out: dict[str, ClipOutcome] = {}
    todo = []
    for clip in clips:
        if (folder / clip).is_file():
            todo.append(clip)
        else:
            out[clip] = ClipOutcome(clip, None, f"video file missing: {folder / clip}", 0.0, "")
    ctx = multiprocessing.get_context("spawn")
    with (
        Progress(console=console or Console(stderr=True), transient=True) as bar,
        ProcessPoolExecutor(
            max_workers=max(1, min(workers, len(todo) or 1)),
            mp_context=ctx,
            initializer=_worker_init,
        ) as pool,
    ):
        task = bar.add_task(f"clips in {folder.name}", total=len(todo))
        futures: dict[Future[ClipOutcome], str] = {
            pool.submit(run_clip, folder / clip, clip, cache_dir): clip for clip in todo
        }
        for fut in as_completed(futures):
            clip = futures[fut]
            try:
                out[clip] = fut.result()
            except Exception as e:  # the worker died (a crash in native code, out of memory)
                out[clip] = ClipOutcome(clip, None, f"worker died: {_error_message(e)}", 0.0, "")
            bar.advance(task)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: evaluate a folder, print the table, optionally write the rows as JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m hingecoach.evaluation.real", description=__doc__.split("\n")[0]
    )
    parser.add_argument("folder", type=Path, help="folder with labels.json and the clips")
    parser.add_argument("--json", type=Path, help="write the per-clip rows here")
    parser.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    parser.add_argument("--cache-dir", type=Path, help="pose track cache folder")
    parser.add_argument("--clip", action="append", help="only this clip (repeatable)")
    args = parser.parse_args(argv)
    report = evaluate_real(
        args.folder, workers=args.workers, cache_dir=args.cache_dir, clips=args.clip
    )
    render(report, Console(width=160))
    if args.json:
        args.json.write_text(report.rows_json(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    # Re-enter through the importable module, so the pool pickles
    # ``hingecoach.evaluation.real.run_clip`` rather than ``__main__.run_clip``.
    from hingecoach.evaluation.real import main as _main

    raise SystemExit(_main())
