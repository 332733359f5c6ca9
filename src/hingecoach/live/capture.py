"""Before the set: is the lifter filmed so the set can be judged? One fix at a time, then "ready".

Over the last ``window_s`` of frames the check asks, in the order a lifter can fix things:
is anybody there; is there enough light (mean luma); are the feet in frame and is the body big
enough (the same rules and thresholds as :func:`hingecoach.kinematics.filming.judge_filming`
applies to a recorded video); and is the camera side-on when the exercise has checks that need
a side view (the same :func:`estimate_view` the engine uses, so "ready" means the engine can
judge them).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from hingecoach.checks.profiles import Profile
from hingecoach.checks.registry import BY_ID
from hingecoach.errors import InputError
from hingecoach.kinematics.filming import FEET_MSG, TOO_SMALL_MSG, judge_filming
from hingecoach.kinematics.signals import MIN_VISIBILITY
from hingecoach.kinematics.view import estimate_view
from hingecoach.models import PoseTrack

#: Seconds of frames judged together (one second smooths a blink of the detector).
WINDOW_S = 1.0
#: Mean luma (0–255, BT.601 weights) below which the picture is too dark for the pose model; a
#: lit room is 90–170, a floodlit night scene ~75, a dim room under 40.
DARK_LUMA = 40.0

READY = "ready"
STEP_IN = "step into the frame, side-on to the camera, whole body in view"
MORE_LIGHT = "more light: turn a light on or face the camera away from the window"
FEET_IN = "step back until your feet are in frame"
CLOSER = "come closer to the camera"
SIDE_ON = "turn side-on to the camera"
CHECKING = "hold still: checking the picture"

_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def mean_luma(rgb: np.ndarray) -> float:
    """Mean BT.601 luma of an ``(H, W, 3)`` uint8 RGB frame, on every 8th pixel (cheap)."""
    return float((rgb[::8, ::8].astype(np.float32) @ _LUMA).mean())


@dataclass(frozen=True)
class CaptureStatus:
    """The verdict on the last window: ``ready``, or the one thing to fix first.

    Attributes:
        ready: the picture is good enough to start the set.
        message: "ready", or the first fix (also shown and spoken).
        problems: every fix found, most urgent first.
    """

    ready: bool
    message: str
    problems: tuple[str, ...]


def needs_side_view(profile: Profile) -> bool:
    """True when some enabled check of the profile cannot be judged from the front."""
    return any("front" not in BY_ID[c].views for c in profile.enabled())


class CaptureCheck:
    """Feed frames; ``push`` returns the current verdict over the last ``window_s``."""

    def __init__(
        self, profile: Profile, *, image_size: tuple[int, int], window_s: float = WINDOW_S
    ) -> None:
        """Judge the picture against what ``profile``'s checks need.

        Args:
            profile: the exercise profile; its enabled checks decide whether a side view is
                required (:func:`needs_side_view`).
            image_size: (width, height) of the camera frames, pixels.
            window_s: the verdict covers the frames of the last this many seconds.
        """
        self.profile = profile
        self.image_size = image_size
        self.window_s = window_s
        self._frames: deque[tuple[float, np.ndarray, float]] = deque()

    def push(self, t_s: float, landmarks: np.ndarray, luma: float) -> CaptureStatus:
        """Add one frame: ``(33, 4)`` pixel landmarks and its :func:`mean_luma`."""
        self._frames.append((t_s, np.asarray(landmarks, dtype=float), luma))
        while self._frames and self._frames[0][0] < t_s - self.window_s:
            self._frames.popleft()
        if t_s - self._frames[0][0] < 0.9 * self.window_s:
            return CaptureStatus(False, CHECKING, ())
        problems = self.problems()
        if problems:
            return CaptureStatus(False, problems[0], tuple(problems))
        return CaptureStatus(True, READY, ())

    def window(self) -> list[tuple[float, np.ndarray]]:
        """The frames of the current window, ``(t_s, landmarks)``, oldest first."""
        return [(t, lm) for t, lm, _ in self._frames]

    def problems(self) -> list[str]:
        """Every fix the current window needs, most urgent first."""
        t = np.array([f[0] for f in self._frames])
        lm = np.stack([f[1] for f in self._frames])
        track = PoseTrack(t, lm, self.image_size)
        try:
            filming = judge_filming(track)
        except InputError:
            return [STEP_IN]
        out: list[str] = []
        if any(w.startswith("person found in only") for w in filming):
            out.append(STEP_IN)
        if float(np.median([f[2] for f in self._frames])) < DARK_LUMA:
            out.append(MORE_LIGHT)
        if FEET_MSG in filming:
            out.append(FEET_IN)
        if TOO_SMALL_MSG in filming:
            out.append(CLOSER)
        xy = lm[..., :2].copy()
        xy[lm[..., 3] < MIN_VISIBILITY] = np.nan
        view = estimate_view(xy)
        if view.view == "unknown" or (view.view == "front" and needs_side_view(self.profile)):
            out.append(SIDE_ON)
        return out
