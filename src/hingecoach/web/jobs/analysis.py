"""The analysis a worker runs on an upload: the CLI's video path, reporting its progress.

The same ``pipeline.analyze_video`` as the CLI, with its progress sent to the job instead of a
terminal bar. Any function with :data:`Analyzer`'s signature can replace it (tests use a fast
fake); it must be importable at module level so a worker process can unpickle it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hingecoach.pipeline import Analysed

#: ``progress(fraction 0..1, what is happening)``.
ProgressFn = Callable[[float, str], None]
#: ``analyzer(video path, exercise or None, progress) -> Analysed``.
Analyzer = Callable[[Path, str | None, ProgressFn], Analysed]


def analyze_upload(path: Path, exercise: str | None, progress: ProgressFn) -> Analysed:
    """Pose over every frame (most of the time), then the engine.

    Raises:
        InputError: not a usable video, or nothing measurable in it.
    """
    from hingecoach.pipeline import analyze_video

    def on_frame(done: int, total: int) -> None:
        # The frame count is the container's estimate: cap below 1 until the engine is done.
        progress(min(done / max(total, 1), 0.99), f"finding the pose: frame {done} of {total}")

    done = analyze_video(path, exercise=exercise, progress=on_frame)
    progress(1.0, "reps judged")
    return done
