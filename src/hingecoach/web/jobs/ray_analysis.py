"""The web workers' analysis on a Ray cluster: ``batch --ray``'s path, one upload at a time.

With ``HINGECOACH_RAY_ADDRESS`` set (:attr:`hingecoach.web.settings.Settings.ray_address`), each
web worker process joins that cluster once and sends each upload through
:func:`hingecoach.batch.ray_pool.run_ray`: the video cut in as many chunks as the cluster has
CPUs, one Ray task per chunk on pose actors, stitched and judged back in the web worker, which
then writes the outputs and saves the set exactly as for a local analysis
(:mod:`hingecoach.web.jobs.worker`). The job's progress is the chunks tracked; the worker's
checks (a lost claim, the time limit) run every second while the cluster works, and giving up
stops that upload's actors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hingecoach.errors import InputError
from hingecoach.pipeline import Analysed
from hingecoach.web.jobs.analysis import Analyzer, ProgressFn, analyze_upload

_joined: set[str] = set()  # Ray addresses this process has joined


@dataclass(frozen=True)
class RayAnalyzer:
    """An :data:`~hingecoach.web.jobs.analysis.Analyzer` that tracks on a Ray cluster.

    Attributes:
        address: the cluster's head node, ``host:port``.
    """

    address: str

    def __call__(self, path: Path, exercise: str | None, progress: ProgressFn) -> Analysed:
        """Analyse one upload on the cluster (the caller writes outputs and saves).

        Raises:
            InputError: not a usable video, nothing measurable, a chunk's actor died, or no
                cluster at the address.
        """
        from hingecoach.batch import ray_pool
        from hingecoach.batch.inputs import file_sha256
        from hingecoach.batch.work import VideoJob

        if self.address not in _joined:
            ray_pool.connect(self.address)
            _joined.add(self.address)
        job = VideoJob(0, str(path), file_sha256(path), exercise)

        def tick(done: int, total: int) -> None:
            progress(
                min(done / max(total, 1), 0.99),
                f"finding the pose on the Ray cluster: {done} of {total} parts",
            )

        outcomes = list(ray_pool.run_ray([job], tick=tick))
        if not outcomes or outcomes[0].analysed is None:
            raise InputError(outcomes[0].error if outcomes else "the Ray cluster returned nothing")
        done = outcomes[0].analysed
        n = done.track.n_frames
        progress(1.0, "analysing", frames=(n, n))  # pose pass over (the engine ran with it)
        return Analysed(done.result, done.track, path)


def with_ray(analyzer: Analyzer, address: str | None) -> Analyzer:
    """The analyzer workers run: Ray's when ``address`` is set and ``analyzer`` is the default.

    A test's own fake analyzer is kept as it is.
    """
    if address and analyzer is analyze_upload:
        return RayAnalyzer(address)
    return analyzer
