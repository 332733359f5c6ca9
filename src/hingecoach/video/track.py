"""Video file → :class:`PoseTrack`: decode, run the pose backend, trace the back, judge the filming.

Decoding runs in a background thread feeding a small bounded queue, so on two cores decode and
pose overlap while memory stays flat however long the video is: frames are dropped as soon as the
backend has seen them and only landmarks and back contours are kept.

The filming is judged by :func:`hingecoach.kinematics.filming.judge_filming` on the finished
track; only the search for a second person needs the frames, so it is sampled here. Warnings are
in :attr:`VideoTrackResult.warnings` for the caller to show next to the result.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hingecoach.kinematics.filming import judge_filming
from hingecoach.landmarks import N_LANDMARKS
from hingecoach.models import PoseTrack
from hingecoach.pose.back_contour import trace_back_contour
from hingecoach.pose.base import FramePose, PoseBackend, SupportsOtherPerson
from hingecoach.video.cuts import CutDetector, person_box, thumbnail
from hingecoach.video.decode import DecodedFrame, VideoInfo, VideoReader, open_video

#: Frames buffered between the decode thread and the pose loop (bounds memory).
QUEUE_SIZE = 8
#: Second-person search: frames sampled per video, and the score that counts as a person (the
#: fraction of sampled frames that must show one is in :mod:`hingecoach.kinematics.filming`).
OTHER_PERSON_SAMPLES = 24
OTHER_PERSON_SCORE = 0.5


@dataclass(frozen=True)
class VideoTrackResult:
    """What :func:`track_video` returns: the track, the video's facts, and filming caveats."""

    track: PoseTrack
    info: VideoInfo
    warnings: list[str]


_DONE = object()


def _decode_worker(
    reader: VideoReader,
    out: queue.Queue[object],
    stop: threading.Event,
    start_s: float | None,
    end_s: float | None,
) -> None:
    """Producer: push frames (or the exception that ended decoding) until done or told to stop."""

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    frames = reader.frames(start_s=start_s, end_s=end_s)
    try:
        for frame in frames:
            if not put(frame):
                return
        put(_DONE)
    except Exception as exc:  # forwarded to and re-raised by the consumer thread
        put(exc)
    finally:
        frames.close()


def _threaded_frames(
    reader: VideoReader, start_s: float | None, end_s: float | None
) -> Generator[DecodedFrame, None, None]:
    """Frames decoded in a background thread through a bounded queue."""
    q: queue.Queue[object] = queue.Queue(maxsize=QUEUE_SIZE)
    stop = threading.Event()
    worker = threading.Thread(
        target=_decode_worker,
        args=(reader, q, stop, start_s, end_s),
        daemon=True,
        name="hingecoach-decode",
    )
    worker.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, DecodedFrame)
            yield item
    finally:
        stop.set()
        worker.join(timeout=5.0)


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
        acc = _Accumulator(reader.info, be)
        with contextlib.closing(_threaded_frames(reader, start_s, end_s)) as frames:
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


class _Accumulator:
    """Keeps per-frame landmarks/contours (never frames) and samples the second-person search."""

    def __init__(self, info: VideoInfo, backend: PoseBackend) -> None:
        self.info = info
        self.expected = max(1, info.n_frames_estimate)
        self.stride = max(5, self.expected // OTHER_PERSON_SAMPLES)
        self.finder = backend if isinstance(backend, SupportsOtherPerson) else None
        self.t_s: list[float] = []
        self.landmarks: list[np.ndarray] = []
        self.world: list[np.ndarray | None] = []
        self.contours: list[np.ndarray | None] = []
        self.other_scores: list[float] = []
        self.cuts = CutDetector()
        self.cut_frames: list[int] = []

    def add(self, frame: DecodedFrame, pose: FramePose) -> None:
        box = person_box(pose.landmarks[:, :2], (self.info.width, self.info.height))
        cut = self.cuts.push(thumbnail(frame.rgb), box)
        if cut is not None:
            self.cut_frames.append(cut)
        self.t_s.append(frame.t_s)
        self.landmarks.append(pose.landmarks)
        self.world.append(pose.world)
        detected = pose.detected
        self.contours.append(trace_back_contour(pose.mask, pose.landmarks) if detected else None)
        if self.finder is not None and detected and frame.frame_index % self.stride == 0:
            self.other_scores.append(self.finder.other_person_score(frame.rgb, pose))

    def other_person_fraction(self) -> float | None:
        """Fraction of sampled frames showing a second person; None when not searched."""
        if not self.other_scores:
            return None
        return float(np.mean(np.asarray(self.other_scores) >= OTHER_PERSON_SCORE))

    def to_track(self, source: str) -> PoseTrack:
        last = self.cuts.finish()
        if last is not None:
            self.cut_frames.append(last)
        n = len(self.t_s)
        world = None
        if any(w is not None for w in self.world):
            world = np.full((n, N_LANDMARKS, 3), np.nan)
            for i, w in enumerate(self.world):
                if w is not None:
                    world[i] = w
        return PoseTrack(
            t_s=np.asarray(self.t_s, dtype=float),
            landmarks=np.asarray(self.landmarks, dtype=float).reshape(n, N_LANDMARKS, 4),
            image_size=(self.info.width, self.info.height),
            world=world,
            back_contour=tuple(self.contours),
            source=source,
            cut_frames=tuple(self.cut_frames),
        )
