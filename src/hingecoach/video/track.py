"""Video file → :class:`PoseTrack`: decode, run the pose backend, trace the back, judge the filming.

The frame loop (a decode thread feeding a small bounded queue, so decode and pose overlap while
memory stays flat however long the video is) is in :mod:`hingecoach.video.frame_loop`, shared
with the chunk workers of :mod:`hingecoach.video.chunks` (``analyze --jobs N``).

The filming is judged by :func:`hingecoach.kinematics.filming.judge_filming` on the finished
track; only the search for a second person needs the frames, so it is sampled here. Warnings are
in :attr:`VideoTrackResult.warnings` for the caller to show next to the result.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hingecoach.kinematics.filming import judge_filming
from hingecoach.models import PoseTrack
from hingecoach.pose.base import PoseBackend
from hingecoach.video.decode import VideoInfo, open_video
from hingecoach.video.frame_loop import FrameAccumulator, threaded_frames


@dataclass(frozen=True)
class VideoTrackResult:
    """What :func:`track_video` returns: the track, the video's facts, and filming caveats."""

    track: PoseTrack
    info: VideoInfo
    warnings: list[str]


def _default_backend() -> PoseBackend:
    from hingecoach.pose.mediapipe import MediaPipePose  # heavy import, only when needed

    return MediaPipePose()


def track_video(
    path: str | Path,
    *,
    backend: PoseBackend | None = None,
    start_s: float | None = None,
    end_s: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> VideoTrackResult:
    """Run pose estimation over a video file and judge whether it was filmed usably.

    Args:
        path: video file (mp4, mov, m4v, webm, avi, ...).
        backend: pose backend; MediaPipe when None (created and closed here). A backend passed
            in is left open for the caller.
        start_s: analyse from this time on (seconds from the start of the video).
        end_s: analyse up to this time (seconds from the start of the video).
        progress: called as ``progress(frames_done, frames_expected)`` after every frame.

    Returns:
        The track (timestamps from the file, pixel landmarks in the upright frame, world
        landmarks, back contour per frame), the probed video info and warnings.

    Raises:
        InputError: unreadable video (see :mod:`hingecoach.video.decode`) or no person in any
            frame.
    """
    path = Path(path)
    reader = open_video(path)
    own = backend is None
    be = _default_backend() if backend is None else backend
    try:
        acc = FrameAccumulator(reader.info, be)
        with contextlib.closing(threaded_frames(reader, start_s, end_s)) as frames:
            for frame in frames:  # closing() stops the decode thread if the backend raises
                acc.add(frame, be.process(frame.rgb, frame.t_s))
                if progress is not None:
                    progress(frame.frame_index + 1, max(acc.expected, frame.frame_index + 1))
    finally:
        if own:
            be.close()
    track = acc.to_track(str(path))
    warnings = list(reader.warnings) + judge_filming(
        track, other_person_fraction=acc.other_person_fraction()
    )
    return VideoTrackResult(track=track, info=reader.info, warnings=warnings)
