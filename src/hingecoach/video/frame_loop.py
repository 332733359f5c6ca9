"""The frame loop shared by one-process tracking and chunk workers: decode thread, accumulator.

Decoding runs in a background thread feeding a small bounded queue, so on two cores decode and
pose overlap while memory stays flat however long the video is: frames are dropped as soon as the
backend has seen them and only landmarks and back contours are kept. Imports neither the
kinematics nor MediaPipe, so a chunk worker process (:mod:`hingecoach.video.chunks`) starts fast.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator

import numpy as np

from hingecoach.landmarks import N_LANDMARKS
from hingecoach.models import PoseTrack
from hingecoach.pose.back_contour import trace_back_contour
from hingecoach.pose.base import FramePose, PoseBackend, SupportsOtherPerson
from hingecoach.video.cuts import CutDetector, person_box, thumbnail
from hingecoach.video.decode import DecodedFrame, VideoInfo, VideoReader

#: Frames buffered between the decode thread and the pose loop (bounds memory).
QUEUE_SIZE = 8
#: Second-person search: frames sampled per video, and the score that counts as a person (the
#: fraction of sampled frames that must show one is in :mod:`hingecoach.kinematics.filming`).
OTHER_PERSON_SAMPLES = 24
OTHER_PERSON_SCORE = 0.5


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


def threaded_frames(
    reader: VideoReader, start_s: float | None, end_s: float | None
) -> Generator[DecodedFrame, None, None]:
    """Frames decoded in a background thread through a bounded queue (close it to stop)."""
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


class FrameAccumulator:
    """Keeps per-frame landmarks/contours (never frames) and samples the second-person search.

    :func:`track_video` adds every frame; a chunk worker (:mod:`hingecoach.video.chunks`) first
    feeds its warm-up frames to :meth:`warm`, which only advances the cut detector, and numbers
    its own frames by their index in the whole video so the second-person samples fall on the
    same frames as in one process.
    """

    def __init__(self, info: VideoInfo, backend: PoseBackend) -> None:
        """Start empty for a video described by ``info``; sample ``backend`` if it can search."""
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

    def warm(self, frame: DecodedFrame, pose: FramePose) -> None:
        """A warm-up frame: seen by the cut detector (its context), not kept in the track."""
        box = person_box(pose.landmarks[:, :2], (self.info.width, self.info.height))
        cut = self.cuts.push(thumbnail(frame.rgb), box)
        if cut is not None:
            self.cut_frames.append(cut)

    def add(self, frame: DecodedFrame, pose: FramePose) -> None:
        """A kept frame; ``frame.frame_index`` picks the second-person samples."""
        self.warm(frame, pose)
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

    def finish_cuts(self) -> None:
        """At the end of the video: the last frame may be a shot of its own."""
        last = self.cuts.finish()
        if last is not None:
            self.cut_frames.append(last)

    def world_array(self) -> np.ndarray | None:
        """``(n, 33, 3)`` world landmarks, NaN where a frame had none; None when none had any."""
        if not any(w is not None for w in self.world):
            return None
        world = np.full((len(self.world), N_LANDMARKS, 3), np.nan)
        for i, w in enumerate(self.world):
            if w is not None:
                world[i] = w
        return world

    def to_track(self, source: str) -> PoseTrack:
        """The whole video's track (cut indices count every frame fed in)."""
        self.finish_cuts()
        n = len(self.t_s)
        return PoseTrack(
            t_s=np.asarray(self.t_s, dtype=float),
            landmarks=np.asarray(self.landmarks, dtype=float).reshape(n, N_LANDMARKS, 4),
            image_size=(self.info.width, self.info.height),
            world=self.world_array(),
            back_contour=tuple(self.contours),
            source=source,
            cut_frames=tuple(self.cut_frames),
        )
