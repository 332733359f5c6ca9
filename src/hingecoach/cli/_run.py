"""Running a set's slow stages for ``analyze`` and ``report``: pose, outputs, the verdict.

The pose pass and the outputs run under :func:`~hingecoach.cli._progress.quiet_native_logs`
with a :class:`~hingecoach.cli._progress.Stages` line on stderr; the verdict is printed between
them, when no progress line is live.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from rich.console import Console

from hingecoach.cli._progress import Stages, quiet_native_logs

if TYPE_CHECKING:
    from hingecoach.models import PoseTrack, SetResult
    from hingecoach.pipeline import Analysed, Outputs

T = TypeVar("T")
#: Files ``report`` takes for the source video of a saved result.
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".avi", ".mkv"})

#: How much is said: -1 ``-q``, 0 normal, 1 ``-v``.
Verbosity = Literal[-1, 0, 1]


def verbosity(quiet: bool, verbose: bool) -> Verbosity:
    """``-q``/``-v`` as a level; both given is bad usage.

    Raises:
        typer.Exit: exit 2 when both are given.
    """
    from hingecoach.cli._common import usage

    if quiet and verbose:
        raise usage("give -q or -v, not both")
    return -1 if quiet else (1 if verbose else 0)


def run_pose(analyse: Callable[[Callable[[int, int], None]], T], how: Verbosity) -> T:
    """Run ``analyse(progress)`` (a pose pass) with its progress line and the logs kept out.

    Args:
        analyse: runs the pose and the engine, reporting ``progress(done, expected)``.
        how: the verbosity; ``-q`` shows no progress, ``-v`` lets the libraries' logs through.
    """
    with quiet_native_logs(enabled=how < 1) as stderr:
        bar = Console(file=stderr)
        with Stages(bar, enabled=how >= 0) as stages:
            return analyse(stages.frames)


def render_and_write(
    done: Analysed,
    outputs: Outputs,
    how: Verbosity,
    *,
    out: Console,
    height_cm: float | None = None,
) -> None:
    """Print the verdict on ``out``, then write the outputs, each a stage of the progress line.

    Raises:
        InputError: an output cannot be written.
    """
    from hingecoach.pipeline import write_outputs
    from hingecoach.report.terminal import render

    render(done.result, out, height_cm=height_cm, verbosity=how)
    with quiet_native_logs(enabled=how < 1) as stderr:
        bar = Console(file=stderr)
        with Stages(bar, enabled=how >= 0, first="writing the outputs") as stages:
            written = write_outputs(done, outputs, stage=stages.stage)
    for line in written:
        out.print(f"[dim]{line}[/]", highlight=False, soft_wrap=True)


def source_video(source: str, beside: Path) -> Path | None:
    """The video a saved result came from, if it is still there.

    Args:
        source: the result's ``source`` (the path it was analysed from).
        beside: the result file's folder, where a relative source is also looked for.
    """
    if not source or Path(source).suffix.lower() not in VIDEO_SUFFIXES:
        return None  # a keypoint file or a synthetic set: no pixels
    for path in (Path(source), beside / source):
        if path.is_file():
            return path
    return None


def result_track(
    video: Path, result: SetResult, progress: Callable[[int, int], None]
) -> PoseTrack | None:
    """The pose track ``result`` was judged on, made again from its video (or the track cache).

    Trimmed to the result's frames (an ``analyze --start/--end`` window); None when the video's
    frames no longer match the result's (an edited or replaced file).
    """
    from hingecoach.pipeline import trim
    from hingecoach.video.track_cache import cached_track_video

    tracked, _ = cached_track_video(video, progress=progress)
    t_s = [t for t in result.series.get("t_s", []) if t is not None]
    if not t_s:
        return None
    track = trim(tracked.track, t_s[0] - 1e-3, t_s[-1] + 1e-3)
    return track if track.n_frames == len(t_s) else None
