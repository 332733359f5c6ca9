"""Where live frames come from: a camera, a stream URL, or a video file played at its real pace.

Each source reads in its own thread and hands frames to the pose loop through a
:class:`FrameSlot`: a bounded buffer (one frame by default) in which a new frame pushes out the
oldest waiting one. When the pose model falls behind, old frames are dropped — and counted, so
the overlay can say so — instead of queueing up and putting the coaching seconds behind the
lifter. A file played without ``realtime`` is the exception: there is no clock to keep up with,
so the reader waits for the loop and nothing is dropped (what tests and batch runs want).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hingecoach.errors import InputError


@dataclass(frozen=True)
class Frame:
    """One frame for the live loop.

    Attributes:
        index: running number of the frame as read (dropped frames leave gaps).
        t_s: its time on the source's clock, seconds (file timestamps, or since the camera
            opened).
        rgb: ``(H, W, 3)`` uint8 RGB pixels, upright.
        arrived_s: ``time.perf_counter()`` when the frame was read — the start of its latency.
    """

    index: int
    t_s: float
    rgb: np.ndarray
    arrived_s: float


class FrameSlot:
    """Thread-safe bounded hand-over from a reader thread to the loop.

    ``lossless=False``: ``put`` never blocks; a full slot drops its oldest frame (counted in
    ``dropped``). ``lossless=True``: ``put`` waits for room (a file read as fast as the loop goes).
    """

    def __init__(self, capacity: int = 1, *, lossless: bool = False) -> None:
        """Hold at most ``capacity`` frames (at least 1); ``lossless`` as in the class docstring."""
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.capacity = capacity
        self.lossless = lossless
        self.dropped = 0
        self._q: deque[Frame] = deque()
        self._cv = threading.Condition()
        self._closed = False

    def put(self, frame: Frame) -> bool:
        """Offer a frame; False when the slot was closed (the reader should stop)."""
        with self._cv:
            while self.lossless and len(self._q) >= self.capacity and not self._closed:
                self._cv.wait(0.1)
            if self._closed:
                return False
            if len(self._q) >= self.capacity:
                self._q.popleft()
                self.dropped += 1
            self._q.append(frame)
            self._cv.notify_all()
            return True

    def get(self, timeout_s: float | None = None) -> Frame | None:
        """The oldest waiting frame; None once the slot is closed and empty, or on timeout."""
        with self._cv:
            end = None if timeout_s is None else time.perf_counter() + timeout_s
            while not self._q and not self._closed:
                left = None if end is None else end - time.perf_counter()
                if left is not None and left <= 0:
                    return None
                self._cv.wait(left)
            if not self._q:
                return None
            frame = self._q.popleft()
            self._cv.notify_all()
            return frame

    def close(self) -> None:
        """No more frames: wake everyone; ``get`` drains what is left, then returns None."""
        with self._cv:
            self._closed = True
            self._cv.notify_all()

    @property
    def closed(self) -> bool:
        """True once the reader finished or the loop stopped it."""
        return self._closed


class LiveSource:
    """A reader thread feeding a :class:`FrameSlot`; subclasses implement ``_read``."""

    name: str = "live"

    def __init__(self, *, capacity: int = 1, lossless: bool = False) -> None:
        """Set up the hand-over slot; nothing is opened until :meth:`start`."""
        self.slot = FrameSlot(capacity, lossless=lossless)
        self.error: BaseException | None = None
        self.image_size: tuple[int, int] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Open the source and start reading in the background."""
        self._open()
        self._thread = threading.Thread(target=self._run, name="hingecoach-live-read", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop reading and release the device or file."""
        self._stop.set()
        self.slot.close()
        if self._thread is not None:
            self._thread.join(timeout=5.0)

    def frames(self) -> Iterator[Frame]:
        """Frames as the loop can take them (older ones dropped when it falls behind)."""
        while True:
            frame = self.slot.get()
            if frame is None:
                if self.error is not None:
                    raise self.error
                return
            yield frame

    def _run(self) -> None:
        try:
            for i, (t_s, rgb) in enumerate(self._read()):
                if self._stop.is_set() or not self.slot.put(
                    Frame(i, t_s, rgb, time.perf_counter())
                ):
                    break
        except Exception as exc:  # re-raised in the loop's thread by frames()
            self.error = exc
        finally:
            self._close()
            self.slot.close()

    def _open(self) -> None:
        """Open the device/file (raise InputError when it cannot be opened)."""

    def _read(self) -> Iterator[tuple[float, np.ndarray]]:
        raise NotImplementedError

    def _close(self) -> None:
        """Release the device/file."""


class FileSource(LiveSource):
    """A video file played as a live source, at its own pace or frame by frame.

    ``realtime`` plays it at the pace of its timestamps, dropping frames the loop cannot keep up
    with, like a camera would; otherwise the reader waits for the loop and every frame is handed
    over, so the session sees exactly the frames ``analyze`` sees.
    """

    def __init__(self, path: str | Path, *, realtime: bool = True, capacity: int = 1) -> None:
        """Play the video at ``path``; ``capacity`` frames are buffered when ``realtime``."""
        super().__init__(capacity=capacity if realtime else 4, lossless=not realtime)
        self.path = Path(path)
        self.realtime = realtime
        self.name = str(path)
        self._reader: Any = None

    def _open(self) -> None:
        from hingecoach.video.decode import open_video

        self._reader = open_video(self.path)
        self.image_size = (self._reader.info.width, self._reader.info.height)

    def _read(self) -> Iterator[tuple[float, np.ndarray]]:
        start = time.perf_counter()
        frames = self._reader.frames()
        try:
            for f in frames:
                if self.realtime:
                    wait = start + f.t_s - time.perf_counter()
                    if wait > 0:
                        self._stop.wait(wait)
                yield f.t_s, f.rgb
        finally:
            frames.close()


class CaptureSource(LiveSource):
    """A camera (``int`` index) or a stream URL, read through OpenCV as fast as it delivers."""

    def __init__(self, device: int | str, *, capacity: int = 1) -> None:
        """Read ``device``, keeping at most ``capacity`` frames (older ones are dropped)."""
        super().__init__(capacity=capacity, lossless=False)
        self.device = device
        self.name = f"camera {device}" if isinstance(device, int) else str(device)
        self._cap: Any = None

    def _open(self) -> None:
        import cv2

        cap = cv2.VideoCapture(self.device)
        if not cap.isOpened():
            raise InputError(f"cannot open {self.name}: check the index or URL and permissions")
        ok, bgr = cap.read()
        if not ok:
            cap.release()
            raise InputError(f"{self.name} opened but gives no picture")
        self._cap = cap
        self._first = bgr
        self.image_size = (int(bgr.shape[1]), int(bgr.shape[0]))

    def _read(self) -> Iterator[tuple[float, np.ndarray]]:
        import cv2

        start = time.perf_counter()
        bgr: np.ndarray | None = self._first
        while bgr is not None and not self._stop.is_set():
            yield time.perf_counter() - start, cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
            ok, bgr = self._cap.read()
            if not ok:
                bgr = None

    def _close(self) -> None:
        if self._cap is not None:
            self._cap.release()


def open_source(
    *, camera: int | None = None, source: str | None = None, realtime: bool = False
) -> LiveSource:
    """The source the CLI options name: ``--camera N``, or ``--source FILE|URL``.

    Raises:
        InputError: neither or both given, or a file that does not exist.
    """
    if (camera is None) == (source is None):
        raise InputError("give either --camera INDEX or --source FILE|URL")
    if camera is not None:
        return CaptureSource(camera)
    assert source is not None
    if "://" in source:
        return CaptureSource(source)
    path = Path(source)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    return FileSource(path, realtime=realtime)
