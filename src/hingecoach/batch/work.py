"""What a worker does with one video: the same analysis as ``hingecoach analyze``, nothing saved.

A worker (a spawned process of the local pool, or a Ray actor) runs
:func:`hingecoach.pipeline.analyze_video` on the video, exactly as the ``analyze`` command does
(the container's timing checked first), and hands back an :class:`Outcome`: the analysed set, or
the one-line reason it failed. It writes no output and never touches the store: the caller does
both, so a crashed worker leaves nothing half-saved.

MediaPipe is imported once per worker (:func:`warm_up`, about 2 s); each video gets a fresh pose
graph (about 0.3 s with its first frame), because the tracker keeps state from frame to frame:
one graph reused across videos changes the second video's landmarks (measured on the shared
clips), and ``batch`` must give what ``analyze`` gives.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hingecoach.errors import InputError
from hingecoach.models import SetResult
from hingecoach.pipeline import Analysed

if TYPE_CHECKING:
    from hingecoach.video.track import VideoTrackResult


@dataclass(frozen=True)
class VideoJob:
    """One video to analyse, as sent to a worker (picklable).

    Attributes:
        index: the video's place in the batch, to match the outcome back.
        path: the video as the caller names it; the result's ``source``.
        sha256: the video's bytes' sha256 (a Ray node checks a local file against it).
        exercise: the profile to judge against; None recognises it from the motion.
        profile_toml: text of a TOML overriding the profile's limits, or None.
    """

    index: int
    path: str
    sha256: str
    exercise: str | None = None
    profile_toml: str | None = None


@dataclass(frozen=True)
class Outcome:
    """A worker's answer: ``analysed`` when it worked, else ``error`` (one line)."""

    index: int
    analysed: Analysed | None = None
    error: str | None = None


def warm_up() -> None:
    """Import MediaPipe in this worker once, before its first video (a pool initializer)."""
    import hingecoach.pose.mediapipe  # noqa: F401  (the import is the work)


def analyse_job(job: VideoJob, local: Path | None = None) -> Outcome:
    """Analyse one video as ``hingecoach analyze VIDEO`` does; never raises.

    Args:
        job: what to analyse.
        local: where the video's bytes are on this machine when not at ``job.path``; the
            result still names ``job.path``.

    Returns:
        The outcome: the analysed set (its ``video`` is the file read here), or the reason.
    """
    from hingecoach import pipeline
    from hingecoach.video.container_timing import check_container_timing

    video = local or Path(job.path)
    try:
        with _profile_file(job) as profile:
            check_container_timing(video)
            done = pipeline.analyze_video(
                video, exercise=job.exercise, profile=profile, progress=_quiet
            )
    except Exception as e:  # the worker's boundary: one video's failure must not end the batch
        return Outcome(job.index, error=reason(e).replace(str(video), job.path))
    if video != Path(job.path):
        done = _renamed(done, str(video), job.path)
    return Outcome(job.index, analysed=done)


def judge_tracked(job: VideoJob, tracked: VideoTrackResult) -> Outcome:
    """The engine on a video's stitched track, as ``analyze`` runs it; never raises."""
    from hingecoach import pipeline

    try:
        with _profile_file(job) as profile:
            result = pipeline.analyze(
                tracked.track,
                exercise=job.exercise,
                profile_override=profile,
                warnings=tracked.warnings,
            )
    except Exception as e:
        return Outcome(job.index, error=reason(e))
    return Outcome(job.index, analysed=Analysed(result, tracked.track, Path(job.path)))


def reason(error: BaseException) -> str:
    """One line saying why a video failed: an input error's own words, else the error's type."""
    if isinstance(error, InputError):
        return _one_line(str(error))
    return _one_line(f"internal error ({type(error).__name__}: {error})")


@contextmanager
def _profile_file(job: VideoJob) -> Iterator[Path | None]:
    """The job's profile override as a file (the engine reads a path), deleted afterwards."""
    if job.profile_toml is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="hingecoach-batch-") as tmp:
        profile = Path(tmp) / "profile.toml"
        profile.write_text(job.profile_toml, encoding="utf-8")
        yield profile


def _quiet(done: int, total: int) -> None:
    """Per-frame progress of one video: the batch shows progress per video instead."""


def _one_line(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return first if len(first) <= 300 else first[:297] + "..."


def _json_str(text: str) -> str:
    """``text`` as it appears inside a JSON string."""
    return json.dumps(text)[1:-1]


def _renamed(done: Analysed, local: str, name: str) -> Analysed:
    """The set read from a node-local copy, naming the caller's file wherever it said the copy."""
    text = done.result.model_dump_json().replace(_json_str(local), _json_str(name))
    result = SetResult.model_validate_json(text)
    track = dataclasses.replace(done.track, source=done.track.source.replace(local, name))
    return Analysed(result, track, done.video)
