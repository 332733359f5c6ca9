"""Many videos on an existing Ray cluster: a pool of actors, one task per video chunk.

Each actor (:class:`_PoseWorker`, one CPU) imports MediaPipe once when it starts, then tracks
the chunks it is given with :func:`hingecoach.video.chunks.track_chunk` (a fresh pose graph per
chunk: a tracker's state must not leak from one chunk or video into the next). The caller plans
each video's chunks (:func:`~hingecoach.video.chunks.plan_chunks`, from the container's packets),
Ray's :class:`ray.util.ActorPool` hands the chunks out as actors come free, and the caller
stitches each video's chunks (:func:`~hingecoach.video.chunks.stitch`) and runs the engine on it
(:func:`~hingecoach.batch.work.judge_tracked`), exactly as ``analyze`` does after its pose pass.
Nothing here schedules or queues; one thread only keeps asking the pool for results, so a free
actor gets its next chunk while the caller writes the previous video's outputs.

Chunks per video: as many as it takes to give every actor work, ``ceil(actors / videos)``, at
most one per actor; a batch with at least as many videos as actors tracks each video whole
(every extra chunk costs a warm-up and a graph start). A video shorter than two chunks' worth
of frames is tracked whole anyway (:data:`~hingecoach.video.chunks.MIN_CHUNK_FRAMES`).

A cluster node need not see the caller's files: the caller puts each video's bytes in Ray's
object store when its first chunk is handed out; a node whose own file at the same path has the
same sha256 reads that instead (one machine, a shared disk), otherwise an actor writes the bytes
to a temporary file it keeps for the video's other chunks. Results name the caller's path.
"""

from __future__ import annotations

import logging
import math
import queue
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from hingecoach.batch.inputs import file_sha256
from hingecoach.batch.work import Outcome, VideoJob, judge_tracked, reason, warm_up
from hingecoach.errors import InputError

#: Longest wait for the head node's port to answer before Ray is asked to connect, seconds.
CONNECT_TIMEOUT_S = 5.0
#: Why a video failed when an actor died under one of its chunks.
ACTOR_DIED = "the Ray worker stopped unexpectedly while tracking it (out of memory?)"
#: Videos an actor keeps a node-local copy of (the latest ones; older copies are deleted).
KEEP_COPIES = 2


def connect(address: str) -> bool:
    """Join the Ray cluster at ``address`` as a driver, unless this process already has one.

    Args:
        address: ``host:port`` of the head node (``ray start --head`` prints it), or ``auto``
            for the cluster started on this machine.

    Returns:
        True when this call connected (the caller then calls :func:`disconnect`), False when
        Ray was already initialised in this process.

    Raises:
        InputError: no Ray cluster answers at ``address``.
    """
    import ray

    if ray.is_initialized():
        return False
    _check_reachable(address)
    try:
        ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False)
    except Exception as e:  # Ray raises several kinds (ConnectionError, RuntimeError, ...)
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"cannot reach a Ray cluster at {address}: {first}") from None
    return True


def _check_reachable(address: str, timeout_s: float = CONNECT_TIMEOUT_S) -> None:
    """Refuse a ``host:port`` nothing listens on at once (Ray itself retries for minutes).

    Raises:
        InputError: the port cannot be reached within ``timeout_s``.
    """
    host, _, port = address.rpartition(":")
    if not (host and port.isdigit()):
        return  # "auto" and other forms are Ray's to read
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s).close()
    except OSError as e:
        raise InputError(
            f"cannot reach a Ray cluster at {address}: {e.strerror or e}; start one with "
            "`ray start --head` or check the address"
        ) from None


def disconnect() -> None:
    """Leave the cluster (the cluster itself keeps running; this driver's actors end)."""
    import ray

    ray.shutdown()


def cluster_cpus() -> int:
    """CPUs the connected cluster has in all (at least 1)."""
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))


@dataclass(frozen=True)
class ChunkOutcome:
    """An actor's answer for one chunk: its track, or why it failed (one line)."""

    video: int
    chunk: int
    track: Any = None  # a hingecoach.video.chunks.ChunkTrack
    error: str | None = None


class _PoseWorker:
    """A Ray actor's body: MediaPipe imported once, then one chunk per call."""

    def __init__(self) -> None:
        warm_up()
        self._copies: dict[str, Path] = {}  # sha256 → node-local copy, oldest first

    def track(self, job: VideoJob, chunk: Any, data: list[Any]) -> ChunkOutcome:
        """Track one chunk of ``job``'s video; ``data`` holds its bytes' reference."""
        from hingecoach.video.chunks import track_chunk

        video = Path(job.path)
        try:
            video = self._local(job, data)
            tracked = track_chunk(video, chunk)
        except Exception as e:  # one chunk's failure fails its video, not the actor
            error = reason(e).replace(str(video), job.path)
            return ChunkOutcome(job.index, chunk.index, error=error)
        if video != Path(job.path):
            notes = tuple(w.replace(str(video), job.path) for w in tracked.warnings)
            tracked = replace(tracked, warnings=notes)
        return ChunkOutcome(job.index, chunk.index, track=tracked)

    def _local(self, job: VideoJob, data: list[Any]) -> Path:
        """The video on this node: the caller's own file when it is here, else a copy."""
        import ray

        if job.sha256 in self._copies:
            return self._copies[job.sha256]
        own = Path(job.path)
        try:
            if own.is_file() and file_sha256(own) == job.sha256:
                return own
        except OSError:
            pass
        folder = Path(tempfile.mkdtemp(prefix="hingecoach-ray-"))
        copy = folder / own.name
        copy.write_bytes(ray.get(data[0]))
        self._copies[job.sha256] = copy
        while len(self._copies) > KEEP_COPIES:
            oldest = next(iter(self._copies))
            shutil.rmtree(self._copies.pop(oldest).parent, ignore_errors=True)
        return copy

    def close(self) -> None:
        """Delete this actor's node-local copies."""
        for copy in self._copies.values():
            shutil.rmtree(copy.parent, ignore_errors=True)
        self._copies.clear()

    def ping(self) -> bool:
        """True once the actor is up (MediaPipe imported)."""
        return True


@cache
def actor_class() -> Any:
    """:class:`_PoseWorker` as a Ray actor class (built on first use: importing Ray is slow)."""
    import ray

    return ray.remote(num_cpus=1, max_restarts=2, max_task_retries=0)(_PoseWorker)


def start_actors(n: int) -> list[Any]:
    """Start ``n`` pose actors and wait until each has imported MediaPipe."""
    import ray

    actors = [actor_class().remote() for _ in range(max(1, n))]
    ray.get([a.ping.remote() for a in actors])
    return actors


def stop_actors(actors: list[Any]) -> None:
    """Let each actor delete its copies, then end it."""
    import ray

    try:
        ray.get([a.close.remote() for a in actors], timeout=10)
    except Exception:  # a dead or busy actor: its temporary folder is the node's to clean
        pass
    for actor in actors:
        ray.kill(actor)


@dataclass
class _Video:
    """One video while its chunks are out: what came back, and its bytes' reference."""

    job: VideoJob
    info: Any  # hingecoach.video.decode.VideoInfo
    n_chunks: int
    parts: dict[int, Any] = field(default_factory=dict)
    data: Any = None
    failed: bool = False


def run_ray(
    jobs: list[VideoJob],
    workers: int | None = None,
    *,
    tick: Callable[[int, int], None] | None = None,
) -> Iterator[Outcome]:
    """Analyse ``jobs`` on the connected cluster; yield each video's outcome as it finishes.

    Args:
        jobs: the videos.
        workers: pose actors to start (ended when done); None: one per CPU of the cluster.
        tick: called as ``tick(chunks_done, chunks_planned)`` after each chunk and every second
            meanwhile; an exception it raises ends the run (its actors stopped) and is passed on.
    """
    import ray
    from ray.util import ActorPool

    from hingecoach.video.chunks import plan_chunks, stitch
    from hingecoach.video.container_timing import check_container_timing
    from hingecoach.video.decode import probe

    if not jobs:
        return
    n_actors = workers or cluster_cpus()
    per_video = max(1, min(n_actors, math.ceil(n_actors / len(jobs))))
    videos: dict[int, _Video] = {}
    planned: list[tuple[int, Any]] = []
    for job in jobs:
        try:
            check_container_timing(job.path)
            chunks = plan_chunks(job.path, per_video)
            videos[job.index] = _Video(job, probe(job.path), len(chunks))
        except Exception as e:
            yield Outcome(job.index, error=reason(e))
            continue
        planned += [(job.index, c) for c in chunks]
    if not planned:
        return
    lock = threading.Lock()
    in_flight: dict[Any, int] = {}

    def send(actor: Any, work: tuple[int, Any]) -> Any:
        video = videos[work[0]]
        with lock:
            if video.data is None:
                video.data = ray.put(Path(video.job.path).read_bytes())
            ref = actor.track.remote(video.job, work[1], [video.data])
            in_flight[ref] = work[0]
        return ref

    actors = start_actors(min(n_actors, len(planned)))
    pool = ActorPool(actors)
    for work in planned:
        pool.submit(send, work)
    results: queue.Queue[ChunkOutcome | None] = queue.Queue()
    fetcher = threading.Thread(
        target=_fetch, args=(pool, in_flight, lock, results), name="ray-results", daemon=True
    )
    fetcher.start()
    n_done = 0
    try:
        while True:
            try:
                got = results.get(timeout=1.0)
            except queue.Empty:
                if tick is not None:
                    tick(n_done, len(planned))
                continue
            if got is None:
                break
            n_done += 1
            if tick is not None:
                tick(n_done, len(planned))
            video = videos[got.video]
            if video.failed:
                continue
            if got.error is not None:
                video.failed, video.data = True, None
                yield Outcome(got.video, error=got.error)
                continue
            video.parts[got.chunk] = got.track
            if len(video.parts) == video.n_chunks:
                video.data = None  # the object store may drop the bytes now
                try:
                    tracked = stitch(video.info, list(video.parts.values()), source=video.job.path)
                except Exception as e:
                    yield Outcome(got.video, error=reason(e))
                    continue
                video.parts.clear()
                yield judge_tracked(video.job, tracked)
    finally:
        stop_actors(actors)
        fetcher.join(timeout=30)


def _fetch(
    pool: Any,
    in_flight: dict[Any, int],
    lock: threading.Lock,
    results: queue.Queue[ChunkOutcome | None],
) -> None:
    """Take results off the pool as they come (handing free actors their next chunk) until done.

    The pool does not say which task an error belongs to (an actor that died), so then every
    finished task is looked at: those that raise fail their video.
    """
    import ray
    from ray.exceptions import RayError

    try:
        while pool.has_next():
            try:
                got: ChunkOutcome = pool.get_next_unordered()
            except RayError:
                with lock:
                    refs = list(in_flight)
                ready = ray.wait(refs, num_returns=len(refs), timeout=0)[0] if refs else []
                for ref in ready:
                    try:
                        ray.get(ref)
                    except Exception:
                        with lock:
                            video = in_flight.pop(ref)
                        results.put(ChunkOutcome(video, -1, error=ACTOR_DIED))
                continue
            with lock:
                done = [r for r, v in in_flight.items() if v == got.video]
                for ref in done[:1]:
                    in_flight.pop(ref)
            results.put(got)
    except Exception as e:  # the cluster went away: fail what is left rather than hang
        with lock:
            left = set(in_flight.values())
            in_flight.clear()
        for video in left:
            results.put(ChunkOutcome(video, -1, error=reason(e)))
    finally:
        results.put(None)
