"""The analysis a worker runs on an upload: the CLI's video path, reporting its progress.

The same pose pass and engine as the CLI's ``pipeline.analyze_video``, called in two steps so
the job can say when the pose pass ends and the reps are being judged. Any function with
:data:`Analyzer`'s signature can replace it (tests use a fast fake); it must be importable at
module level so a worker process can unpickle it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from hingecoach.pipeline import Analysed


class ProgressFn(Protocol):
    """``progress(fraction 0..1, what is happening, frames=(done, expected) or None)``.

    ``frames`` is given during the pose pass; a call with ``stage`` ``"analysing"`` says the
    pose pass is over and the reps are being judged.
    """

    def __call__(self, fraction: float, stage: str, frames: tuple[int, int] | None = None) -> None:
        """Report ``fraction`` done of the analysis, ``stage`` and the pose pass's frames."""


#: ``analyzer(video path, exercise or None, progress) -> Analysed``.
Analyzer = Callable[[Path, str | None, ProgressFn], Analysed]


def analyze_upload(path: Path, exercise: str | None, progress: ProgressFn) -> Analysed:
    """Pose over every frame (most of the time), then the engine.

    Raises:
        InputError: not a usable video, or nothing measurable in it.
    """
    from hingecoach.pipeline import analyze
    from hingecoach.video.track import track_video

    def on_frame(done: int, total: int) -> None:
        # The frame count is the container's estimate: cap below 1 until the engine is done.
        fraction = min(done / max(total, 1), 0.99)
        progress(fraction, f"finding the pose: frame {done} of {total}", frames=(done, total))

    tracked = track_video(path, progress=on_frame)
    progress(1.0, "analysing", frames=(tracked.track.n_frames, tracked.track.n_frames))
    result = analyze(tracked.track, exercise=exercise, warnings=tracked.warnings)
    return Analysed(result, tracked.track, path)
