"""One video on every core: ``analyze --jobs N``.

The video is planned into up to N time chunks (:mod:`hingecoach.video.chunks`). The calling
process tracks the first chunk itself and N − 1 worker processes track the others, each started
with the ``spawn`` method and building MediaPipe inside itself: a process forked after MediaPipe
started crashes, and nothing is shared between the trackers. The chunks are stitched into the
track one process gives (the first chunk exactly, the others to the tracker's floor: see
:mod:`~hingecoach.video.chunks`). A video too short for two chunks, or ``jobs=1``, is tracked
in one process by :func:`~hingecoach.video.track.track_video`; so is a video where a worker's
fresh tracker locked onto another person than the chunk before it followed
(:func:`seam_breaks`: two people in view), which then costs the
chunked attempt on top of one process.

Each worker holds only its own chunk's landmarks and outlines, never frames, so its memory is
flat in video length like one process's. Progress counts the own frames of every chunk, the
workers' reaching the caller through a queue.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import queue
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from hingecoach.errors import InputError
from hingecoach.video.chunks import (
    MIN_CHUNK_FRAMES,
    Chunk,
    ChunkTrack,
    Progress,
    Settings,
    build_backend,
    plan_chunks,
    stitch,
)
from hingecoach.video.chunks import track_chunk as _track_chunk
from hingecoach.video.decode import probe

if TYPE_CHECKING:  # a worker imports this module: the analysis (SciPy: 0.7 s) stays out of it
    from hingecoach.video.track import VideoTrackResult

#: A worker's start (fresh interpreter, imports, MediaPipe graph and first inference) in frames
#: of tracking: the calling process's chunk is longer by this much so that the chunks end
#: together. Measured by letting the caller track until a worker said it was ready, on a quiet
#: 2-core machine: after 25, 31 and 24 frames of the 404x720 kettlebell clip, 24, 27 and 23 of
#: its 1920x1080 re-encoding (a worker that imports only the frame stage starts in ~0.9 s of CPU;
#: importing the analysis too took 0.7 s more, and 140 frames balanced that under load). A fixed
#: number, not a live hand-over, so that the same video and ``--jobs`` always give the same
#: seams, hence the same numbers: a verdict sitting on a limit could otherwise flip between runs.
WORKER_START_FRAMES = 25
#: A chunk's first own frame continues the previous chunk's person when the landmarks seen in
#: both frames are, at the median, within this share of body height of the previous chunk's last
#: frame. Between two frames at 30 fps the landmarks of one person move under 0.1 of body height
#: even in a fast swing; a cold tracker that locked onto someone else in view is a body width
#: or more away (1.4-1.7 body heights on the shared two-people clip).
SEAM_JUMP_SHARE = 0.3

#: A worker reports its progress every this many frames (and at its end).
PROGRESS_EVERY = 5

_progress_queue: Any = None  # set in each worker by _init_worker


def default_jobs() -> int:
    """The cores this process may run on (``os.sched_getaffinity``), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(progress_queue: Any) -> None:
    """Worker start: keep the queue progress goes to."""
    global _progress_queue
    _progress_queue = progress_queue


def _work(path: str, chunk: Chunk, settings: Settings | None) -> ChunkTrack:
    """Worker task: track one chunk (MediaPipe built here, in this process)."""

    def report(done: int, planned: int) -> None:
        if _progress_queue is not None and (done % PROGRESS_EVERY == 0 or done >= planned):
            _progress_queue.put((chunk.index, done))

    tracked = _track_chunk(path, chunk, settings, progress=report)
    if _progress_queue is not None:
        _progress_queue.put((chunk.index, tracked.n_frames))
    return tracked


def seam_breaks(chunks: Sequence[ChunkTrack]) -> list[int]:
    """Chunks (by index) whose tracker follows another person than the chunk before.

    A cold tracker picks whoever its detector ranks first; with two people in view that may not
    be the person tracked so far. Compares each chunk's first own frame with the previous
    chunk's last frame (see :data:`SEAM_JUMP_SHARE`); a seam where either frame sees fewer than
    four landmarks cannot be judged and passes.

    Args:
        chunks: tracked chunks in order.
    """
    out = []
    for prev, cur in itertools.pairwise(chunks):
        if prev.n_frames == 0 or cur.n_frames == 0:
            continue
        a, b = prev.landmarks[-1], cur.landmarks[0]
        seen = (a[:, 3] >= 0.5) & (b[:, 3] >= 0.5)
        seen &= np.isfinite(a[:, :2]).all(axis=1) & np.isfinite(b[:, :2]).all(axis=1)
        if seen.sum() < 4:
            continue
        height = float(np.ptp(a[seen, 1]))
        jump = float(np.median(np.linalg.norm(a[seen, :2] - b[seen, :2], axis=1)))
        if jump > SEAM_JUMP_SHARE * max(height, 1.0):
            out.append(cur.chunk.index)
    return out


def _one_process(
    path: Path,
    settings: Settings | None,
    start_s: float | None,
    end_s: float | None,
    progress: Progress | None,
) -> VideoTrackResult:
    """``track_video`` in this process, with MediaPipe built from ``settings`` when given."""
    from hingecoach.video import track  # looked up at call time, so a patched one is used

    if settings is None:
        return track.track_video(path, start_s=start_s, end_s=end_s, progress=progress)
    with build_backend(settings) as backend:
        return track.track_video(
            path, backend=backend, start_s=start_s, end_s=end_s, progress=progress
        )


def track_video_jobs(
    path: str | Path,
    *,
    jobs: int | None = None,
    start_s: float | None = None,
    end_s: float | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
    min_chunk_frames: int = MIN_CHUNK_FRAMES,
) -> VideoTrackResult:
    """:func:`~hingecoach.video.track.track_video` on ``jobs`` cores.

    Args:
        path: the video file.
        jobs: processes to track with (this one included); None: :func:`default_jobs`.
        start_s: analyse from this time on, seconds.
        end_s: analyse up to this time, seconds.
        settings: MediaPipe settings (:func:`~hingecoach.video.track_cache.pose_settings`);
            None: the defaults.
        progress: called as ``progress(frames_done, frames_expected)`` as frames are tracked.
        min_chunk_frames: fewest own frames per chunk (see ``chunks.split_frames``).

    Raises:
        InputError: ``jobs`` below 1, or what ``track_video`` raises.
    """
    path = Path(path)
    n = default_jobs() if jobs is None else jobs
    if n < 1:
        raise InputError(f"--jobs must be 1 or more, not {n}")
    chunks = []
    if n > 1:
        chunks = plan_chunks(
            path,
            n,
            start_s=start_s,
            end_s=end_s,
            head_start_frames=WORKER_START_FRAMES,
            min_chunk_frames=min_chunk_frames,
        )
    if len(chunks) <= 1:
        return _one_process(path, settings, start_s, end_s, progress)
    tracked = _run_chunks(path, chunks, settings, progress)
    if seam_breaks(tracked):  # a worker's tracker took another person: one process decides
        return _one_process(path, settings, start_s, end_s, progress)
    return stitch(probe(path), tracked, source=str(path))


def _run_chunks(
    path: Path, chunks: list[Chunk], settings: Settings | None, progress: Progress | None
) -> list[ChunkTrack]:
    """The first chunk here, the rest in spawned workers; every chunk's track, in order."""
    ctx = multiprocessing.get_context("spawn")
    updates = ctx.Queue()
    total = sum(c.n_frames for c in chunks)
    done = [0] * len(chunks)

    def drain(block_s: float | None = None) -> None:
        try:
            while True:
                i, d = updates.get(timeout=block_s) if block_s else updates.get_nowait()
                done[i] = d
                block_s = None
        except queue.Empty:
            pass
        if progress is not None:
            progress(sum(done), max(total, sum(done)))

    def mine(d: int, _planned: int) -> None:
        done[0] = d
        drain()

    pool = ProcessPoolExecutor(
        max_workers=len(chunks) - 1,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(updates,),
    )
    try:
        with _main_not_rerun():  # the workers start during submit()
            futures: list[Future[ChunkTrack]] = [
                pool.submit(_work, str(path), c, settings) for c in chunks[1:]
            ]
        first = _track_chunk(path, chunks[0], settings, progress=mine)
        while not all(f.done() for f in futures):
            drain(block_s=0.2)
        rest = [f.result() for f in futures]
        drain()
    except BrokenProcessPool as e:
        _stop(pool)
        raise RuntimeError(f"a pose worker process died ({e}); try --jobs 1") from e
    except BaseException:
        _stop(pool)  # a bad chunk (or Ctrl-C): do not wait for the others to finish theirs
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        updates.close()
    return [first, *rest]


@contextlib.contextmanager
def _main_not_rerun() -> Iterator[None]:
    """Keep spawned workers from running the caller's main script again.

    ``spawn`` re-runs the parent's ``__main__`` file in each child so that functions defined
    there can be unpickled. The workers only run :func:`_work`, so that is never needed, and a
    script calling ``analyze_video(jobs=2)`` without an ``if __name__ == "__main__"`` guard would
    otherwise start workers from inside its workers. Hiding the file while the workers start
    makes them import nothing of it (as for ``python -c``).
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def _stop(pool: ProcessPoolExecutor) -> None:
    """End this pool's worker processes now (the executor has no public way to)."""
    for proc in list(getattr(pool, "_processes", {}).values()):
        proc.terminate()
