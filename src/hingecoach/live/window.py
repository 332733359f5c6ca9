"""What the lifter sees: the coaching overlay, the capture message, and a slowed replay.

Drawing is :func:`hingecoach.video.overlay.draw_overlay` (skeleton, dowel line head→sacrum, back
outline, angles, rep counter, the last rep's fault), plus status lines (the capture check's
message, frames dropped). ``--replay-delay`` shows the last rep again a few seconds after it,
at half speed with its angles, as an inset — long enough after the rep for the lifter to have
looked up. :class:`OffscreenDisplay` composes without a window (benchmarks, tests, headless);
:class:`WindowDisplay` adds an OpenCV window.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import cv2
import numpy as np

from hingecoach.live.events import CoachedRep
from hingecoach.video.overlay import default_dowel_line, draw_overlay

#: Longest side of the frames kept for the replay, pixels (bounds its memory: ~10 MB at 8 s).
REPLAY_SIDE_PX = 360
#: Seconds of recent frames kept for the replay (a rep longer than this replays its end).
REPLAY_KEEP_S = 8.0
#: Replay speed: half speed lets the lifter see the fault.
REPLAY_SPEED = 0.5
#: Inset width as a fraction of the frame width.
INSET_FRACTION = 0.38
STATUS_RGB = (255, 230, 40)
WINDOW_TITLE = "hingecoach live"


@dataclass(frozen=True)
class Screen:
    """Everything drawn on one frame.

    Attributes:
        rgb: ``(H, W, 3)`` uint8 frame.
        landmarks: ``(33, 4)`` pixel landmarks, or None.
        contour: ``(K, 2)`` back outline, or None.
        angles: label → degrees (NaN shown as "--").
        rep_count: counted reps so far, or None before the set.
        fault_text: the last rep's cue (or fault) in the red banner, or None.
        status: lines shown under the angles (capture message, dropped frames).
    """

    rgb: np.ndarray
    landmarks: np.ndarray | None
    contour: np.ndarray | None = None
    angles: dict[str, float] | None = None
    rep_count: int | None = None
    fault_text: str | None = None
    status: tuple[str, ...] = ()


def compose(screen: Screen, inset: np.ndarray | None = None) -> np.ndarray:
    """The overlay for ``screen`` (a new array), with an optional replay inset bottom-right."""
    dowel = None
    if screen.landmarks is not None:
        try:
            dowel = default_dowel_line(screen.landmarks, screen.contour)
        except ValueError:
            dowel = None
    img = draw_overlay(
        screen.rgb,
        screen.landmarks,
        contour=screen.contour,
        angles=screen.angles,
        rep_count=screen.rep_count,
        fault_text=screen.fault_text,
        dowel_line=dowel,
    )
    h, w = img.shape[:2]
    s = max(h, w) / 720.0
    first = round(30 * s) * (len(screen.angles or {}) + 2)
    for k, line in enumerate(screen.status):
        org = (round(10 * s), first + k * round(30 * s))
        cv2.putText(img, line, org, cv2.FONT_HERSHEY_SIMPLEX, 0.6 * s, (0, 0, 0), 4, cv2.LINE_AA)
        cv2.putText(img, line, org, cv2.FONT_HERSHEY_SIMPLEX, 0.6 * s, STATUS_RGB, 1, cv2.LINE_AA)
    if inset is not None:
        iw = max(2, round(INSET_FRACTION * w))
        ih = max(2, min(h - 2, round(inset.shape[0] * iw / inset.shape[1])))
        small = cv2.resize(inset, (iw, ih), interpolation=cv2.INTER_AREA)
        img[h - ih - round(50 * s) : h - round(50 * s), w - iw :] = small
    return img


@dataclass(frozen=True)
class _Kept:
    t_s: float
    rgb: np.ndarray
    landmarks: np.ndarray | None
    angles: dict[str, float]


class Replayer:
    """Keeps recent small frames; after each rep, replays it ``delay_s`` later, slowed."""

    def __init__(self, delay_s: float, *, speed: float = REPLAY_SPEED) -> None:
        """Replay each rep ``delay_s`` seconds after it ends, at ``speed`` × real time."""
        self.delay_s = delay_s
        self.speed = speed
        self._kept: deque[_Kept] = deque()
        self._clip: list[_Kept] = []
        self._label = ""
        self._starts_at = float("inf")

    def keep(self, t_s: float, screen: Screen) -> None:
        """Remember a downscaled copy of this frame with its landmarks and angles."""
        h, w = screen.rgb.shape[:2]
        f = min(1.0, REPLAY_SIDE_PX / max(h, w))
        small = cv2.resize(screen.rgb, (max(1, round(w * f)), max(1, round(h * f))))
        lm = None
        if screen.landmarks is not None:
            lm = screen.landmarks.copy()
            lm[:, :2] *= f
        self._kept.append(_Kept(t_s, small, lm, dict(screen.angles or {})))
        while self._kept and self._kept[0].t_s < t_s - REPLAY_KEEP_S:
            self._kept.popleft()

    def on_rep(self, event: CoachedRep, now_s: float) -> None:
        """Schedule ``event``'s rep for replay at ``now_s + delay_s`` (wall clock)."""
        r = event.rep
        self._clip = [k for k in self._kept if r.start_s <= k.t_s <= r.end_s]
        self._label = f"replay rep {r.index} ({self.speed:g}x)"
        if event.cue:
            self._label += f": {event.cue}"
        self._starts_at = now_s + self.delay_s

    def frame(self, now_s: float) -> np.ndarray | None:
        """The replay image to show at ``now_s`` (wall clock), or None when none is playing."""
        if not self._clip or now_s < self._starts_at:
            return None
        played = (now_s - self._starts_at) * self.speed
        t0 = self._clip[0].t_s
        if played > self._clip[-1].t_s - t0:
            self._clip = []
            return None
        k = next((k for k in self._clip if k.t_s - t0 >= played), self._clip[-1])
        img = draw_overlay(k.rgb, k.landmarks, angles=k.angles)
        cv2.putText(
            img, self._label, (6, 18), cv2.FONT_HERSHEY_SIMPLEX, 0.45, STATUS_RGB, 1, cv2.LINE_AA
        )
        return img


class OffscreenDisplay:
    """Composes every screen without showing it; keeps the last image (tests, benchmarks)."""

    def __init__(self, *, replay_delay_s: float | None = None) -> None:
        """Show a slowed replay of each rep ``replay_delay_s`` seconds after it; None: no replay."""
        self.replayer = Replayer(replay_delay_s) if replay_delay_s else None
        self.last: np.ndarray | None = None
        self.shown = 0

    def show(self, screen: Screen, *, t_s: float, now_s: float) -> bool:
        """Draw one screen; False when the user asked to stop (never, offscreen)."""
        inset = None
        if self.replayer is not None:
            self.replayer.keep(t_s, screen)
            inset = self.replayer.frame(now_s)
        self.last = compose(screen, inset)
        self.shown += 1
        return self._present(self.last)

    def on_rep(self, event: CoachedRep, now_s: float) -> None:
        """A rep completed: schedule its replay."""
        if self.replayer is not None:
            self.replayer.on_rep(event, now_s)

    def _present(self, img: np.ndarray) -> bool:
        return True

    def close(self) -> None:
        """Release the window, if any."""


class WindowDisplay(OffscreenDisplay):
    """An OpenCV window; "q" or Esc (or closing the window) ends the set."""

    def __init__(self, *, replay_delay_s: float | None = None, title: str = WINDOW_TITLE) -> None:
        """Open a resizable window called ``title``; ``replay_delay_s`` as in the base class."""
        super().__init__(replay_delay_s=replay_delay_s)
        self.title = title
        self._sized = False
        cv2.namedWindow(title, cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO | cv2.WINDOW_GUI_NORMAL)

    def _present(self, img: np.ndarray) -> bool:
        if not self._sized:
            cv2.resizeWindow(self.title, img.shape[1], img.shape[0])
            self._sized = True
        cv2.imshow(self.title, cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
        key = cv2.waitKey(1) & 0xFF
        if key in (ord("q"), 27):
            return False
        return cv2.getWindowProperty(self.title, cv2.WND_PROP_VISIBLE) >= 1

    def close(self) -> None:
        """Close the window."""
        cv2.destroyWindow(self.title)
        cv2.waitKey(1)
