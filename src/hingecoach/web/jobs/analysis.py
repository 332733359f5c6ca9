"""The analysis a worker runs on an upload: the CLI's video path, reporting its progress.

``pipeline.analyze_video`` draws a Rich progress bar in the terminal; a worker needs the numbers
instead, so this calls the same two steps (``track_video`` then ``analyze_track``) with a
callback. Any function with :data:`Analyzer`'s signature can replace it (tests use a fast fake);
it must be importable at module level so a worker process can unpickle it.
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
    from hingecoach.engine import analyze_track
    from hingecoach.video.track import track_video

    def on_frame(done: int, total: int) -> None:
        progress(done / max(total, done, 1), f"finding the pose: frame {done} of {total}")

    tracked = track_video(path, progress=on_frame)
    progress(1.0, "judging the reps")
    result = analyze_track(tracked.track, exercise=exercise, warnings=tracked.warnings)
    return Analysed(result, tracked.track, path)
