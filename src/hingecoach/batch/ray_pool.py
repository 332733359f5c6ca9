"""Many videos on an existing Ray cluster: a pool of actors, one video a task.

Each actor (:class:`PoseWorker`, one CPU) imports MediaPipe once when it starts and then runs
:func:`~hingecoach.batch.work.analyse_job` on each video it is given; Ray's
:class:`ray.util.ActorPool` hands the videos out as actors come free, and the outcomes come back
to the caller, which alone writes outputs and the store. Nothing here schedules or queues.

A cluster node need not see the caller's files: the caller puts each video's bytes in Ray's
object store when the video is handed out, and a node whose own file at the same path has the
same sha256 reads that instead (one machine, or a shared disk); otherwise it writes the bytes
to a temporary file, analyses it, and deletes it. Either way the result names the caller's path.

An actor that dies (a crash in the decoder, out of memory) fails the video it was analysing and
is restarted by Ray for the next ones (``max_restarts``).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from hingecoach.batch.inputs import file_sha256
from hingecoach.batch.work import Outcome, VideoJob, analyse_job, warm_up
from hingecoach.errors import InputError

#: Environment variable naming the Ray cluster (``host:port`` of its head node) by default.
ENV_VAR = "HINGECOACH_RAY_ADDRESS"
#: Why a video failed when its actor died under it.
ACTOR_DIED = "the Ray worker stopped unexpectedly while analysing it (out of memory?)"


def connect(address: str) -> bool:
    """Join the Ray cluster at ``address`` as a driver, unless this process already has one.

    Args:
        address: ``host:port`` of the head node (``ray start --head`` prints it), or ``auto``
            for the cluster started on this machine.

    Returns:
        True when this call connected (the caller then calls :func:`disconnect`), False when
        Ray was already initialised in this process (a test's own local cluster).

    Raises:
        InputError: no Ray cluster answers at ``address``.
    """
    import ray

    if ray.is_initialized():
        return False
    try:
        ray.init(
            address=address,
            logging_level=logging.ERROR,
            log_to_driver=False,
            configure_logging=False,
        )
    except (ConnectionError, RuntimeError, ValueError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"cannot reach a Ray cluster at {address}: {first}") from None
    return True


def disconnect() -> None:
    """Leave the cluster (the cluster itself keeps running; this driver's actors end)."""
    import ray

    ray.shutdown()


def cluster_cpus() -> int:
    """CPUs the connected cluster has in all (at least 1)."""
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))


class _PoseWorker:
    """A Ray actor's body: MediaPipe imported once, then one video per call."""

    def __init__(self) -> None:
        warm_up()

    def analyse(self, job: VideoJob, data: list[Any]) -> Outcome:
        """Analyse ``job``'s video; ``data`` holds the reference to its bytes (fetched lazily)."""
        import ray

        own = Path(job.path)
        if _same_file(own, job.sha256):
            return analyse_job(job)
        folder = Path(tempfile.mkdtemp(prefix="hingecoach-ray-"))
        local = folder / own.name
        try:
            local.write_bytes(ray.get(data[0]))
            return analyse_job(job, local)
        finally:
            local.unlink(missing_ok=True)
            folder.rmdir()

    def ping(self) -> bool:
        """True once the actor is up (MediaPipe imported)."""
        return True


def _same_file(path: Path, sha256: str) -> bool:
    try:
        return path.is_file() and file_sha256(path) == sha256
    except OSError:
        return False


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


def submit(actor: Any, job: VideoJob) -> Any:
    """Send one video to ``actor``: its bytes into the object store, then the call; the ref."""
    import ray

    data = ray.put(Path(job.path).read_bytes())
    return actor.analyse.remote(job, [data])


def run_ray(jobs: list[VideoJob], workers: int | None = None) -> Iterator[Outcome]:
    """Analyse ``jobs`` on the connected cluster; yield each outcome as it finishes.

    Args:
        jobs: the videos.
        workers: pose actors to start; None: one per CPU of the cluster (at most one a video).
    """
    import ray
    from ray.exceptions import RayError
    from ray.util import ActorPool

    if not jobs:
        return
    n = min(len(jobs), workers or cluster_cpus())
    actors = start_actors(n)
    pool = ActorPool(actors)
    in_flight: dict[Any, int] = {}

    def send(actor: Any, job: VideoJob) -> Any:
        ref = submit(actor, job)
        in_flight[ref] = job.index
        return ref

    try:
        for job in jobs:
            pool.submit(send, job)
        while pool.has_next():
            try:
                outcome: Outcome = pool.get_next_unordered()
            except RayError:
                yield from _failed(in_flight)
                continue
            in_flight = {r: i for r, i in in_flight.items() if i != outcome.index}
            yield outcome
    finally:
        for actor in actors:
            ray.kill(actor)


def _failed(in_flight: dict[Any, int]) -> Iterator[Outcome]:
    """The videos whose task ended in an error (their actor died), taken out of ``in_flight``.

    The pool does not say which video its error belongs to, so every finished task is looked
    at: those that raise are failed here (and skipped when the pool raises them again later).
    """
    import ray

    ready, _ = ray.wait(list(in_flight), num_returns=len(in_flight), timeout=0)
    for ref in ready:
        try:
            ray.get(ref)
        except Exception:
            yield Outcome(in_flight.pop(ref), error=ACTOR_DIED)


def wait_one(ref: Any, tick: Callable[[], None], every_s: float = 1.0) -> Outcome:
    """Wait for one submitted video, calling ``tick`` every ``every_s`` seconds meanwhile.

    ``tick`` may raise to give up (a web job's lost claim or time limit); the exception is
    passed on after the task is cancelled.

    Raises:
        InputError: the actor died under the video.
    """
    import ray
    from ray.exceptions import RayError

    while True:
        ready, _ = ray.wait([ref], timeout=every_s)
        if ready:
            break
        try:
            tick()
        except BaseException:
            ray.cancel(ref, force=False)
            raise
    try:
        outcome: Outcome = ray.get(ref)
    except RayError:
        raise InputError(ACTOR_DIED) from None
    return outcome


def default_address() -> str | None:
    """``$HINGECOACH_RAY_ADDRESS`` or None."""
    return os.environ.get(ENV_VAR) or None
