"""Per-frame live state: causally filtered angles for the overlay, and when a rep just ended.

Offline analysis needs none of this: it looks at the whole set at once. Live, the lifter wants
the angles now and a cue the moment a rep locks out, so every frame's landmarks are low-passed
causally (:class:`CausalFilter`, the offline Butterworth run forwards only), turned into signals
over a bounded tail of frames, and the torso lean feeds a streaming :class:`RepSegmenter`. When
that segmenter closes a rep, the session judges the frames so far with the whole-set analysis;
the live lean only says *when* to look, never *what* the rep was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.kinematics.filters import CausalFilter
from hingecoach.kinematics.signals import (
    CUTOFF_HZ,
    MIN_VISIBILITY,
    body_length_px,
    signals_from_xy,
)
from hingecoach.kinematics.view import ViewEstimate, estimate_view
from hingecoach.landmarks import N_LANDMARKS, idx
from hingecoach.models import PoseTrack
from hingecoach.reps.segment import RepSegmenter, SegmentParams

#: Seconds of frames over which per-frame signals are computed. Only the front-view lean and
#: the body length look across frames; joint angles are per frame.
TAIL_S = 3.0
#: Seconds of frames with a seen torso needed to estimate the camera view before the first
#: lean is computed (which way the lifter faces decides the sign of every sagittal angle).
WARMUP_S = 0.5
#: Gaps (a landmark unseen) up to this long are bridged by holding its last value, as offline
#: bridges them by interpolation: otherwise a one-frame miss of one hip would jump the hip
#: midpoint to the other hip and glitch the lean.
MAX_GAP_S = 0.5
#: The set is over when the lifter stands this long without moving after a rep, seconds...
STILL_END_S = 6.0
#: ...moving less than this (hips and shoulders, body lengths) over that time...
STILL_BL = 0.06
#: ...or when nobody has been seen for this long after a rep, seconds.
WALK_OFF_S = 2.0

ANGLES = {
    "hip": "hip_flexion_deg",
    "knee": "knee_flexion_deg",
    "shin": "shin_angle_deg",
    "torso": "torso_angle_deg",
}
_TORSO = [idx("left_hip"), idx("right_hip"), idx("left_shoulder"), idx("right_shoulder")]


@dataclass(frozen=True)
class LiveFrame:
    """The state after one frame, for the overlay.

    Attributes:
        frame: index of the frame in the session.
        t_s: its time, seconds (session clock).
        angles: hip, knee, shin and torso angles (degrees, causal filter; NaN when unseen or
            before the view is known).
        lean_deg: torso lean from vertical that drives the rep trigger.
        rep_count: counted reps so far.
    """

    frame: int
    t_s: float
    angles: dict[str, float]
    lean_deg: float
    rep_count: int


def masked(lm: np.ndarray) -> np.ndarray:
    """``(N, 33, 2)`` pixels with low-visibility landmarks set to NaN (as offline)."""
    xy = lm[..., :2].copy()
    xy[lm[..., 3] < MIN_VISIBILITY] = np.nan
    return xy


class LiveTracker:
    """Causal per-frame signals and a streaming rep trigger over the frames of a session."""

    def __init__(self, params: SegmentParams, image_size: tuple[int, int]) -> None:
        """Start tracking.

        Args:
            params: segmentation settings of the rep trigger.
            image_size: ``(width, height)`` of the frames, pixels.
        """
        self.image_size = image_size
        self.view: ViewEstimate | None = None
        self.lean: list[float] = []
        self.fxy: list[np.ndarray] = []
        self.last_seen_t = -np.inf
        self._filter: CausalFilter | None = None
        self._held = np.full(N_LANDMARKS * 2, np.nan)
        self._held_t = np.full(N_LANDMARKS * 2, -np.inf)
        self._seg = RepSegmenter(params)
        self.last = LiveFrame(-1, float("nan"), {k: float("nan") for k in ANGLES}, np.nan, 0)

    def advance(self, t_s: np.ndarray, lm: np.ndarray, rep_count: int) -> bool:
        """Process every frame not yet seen; True when one of them closed a rep.

        Args:
            t_s: ``(N,)`` times of every frame of the session so far.
            lm: ``(N, 33, 4)`` their landmarks.
            rep_count: counted reps so far, for the overlay.
        """
        if self.view is None and not self._warm_up(t_s, lm):
            return False
        closed = False
        for i in range(len(self.lean), len(t_s)):
            closed |= self._step(i, t_s, lm, rep_count)
        return closed

    def _warm_up(self, t_s: np.ndarray, lm: np.ndarray) -> bool:
        xy = masked(lm)
        torso = np.isfinite(xy[:, _TORSO]).all(axis=(1, 2))
        t = t_s[torso]
        if len(t) < 3 or t[-1] - t[0] < WARMUP_S:
            return False
        view = estimate_view(xy)
        if view.view == "unknown":
            return False
        self.view = view
        dt = np.diff(t_s)
        fs = float(1.0 / np.median(dt)) if len(dt) else 30.0
        self._filter = CausalFilter(cutoff_hz=CUTOFF_HZ, fs_hz=fs, width=N_LANDMARKS * 2)
        return True

    def _step(self, i: int, t_all: np.ndarray, lm: np.ndarray, rep_count: int) -> bool:
        assert self._filter is not None and self.view is not None
        t_s = float(t_all[i])
        xy = masked(lm[i : i + 1])[0].reshape(-1)
        seen = np.isfinite(xy)
        self._held[seen], self._held_t[seen] = xy[seen], t_s
        bridge = ~seen & (t_s - self._held_t <= MAX_GAP_S)
        xy[bridge] = self._held[bridge]
        self.fxy.append(self._filter.step(xy).reshape(N_LANDMARKS, 2))
        lo = int(np.searchsorted(t_all, t_s - TAIL_S))
        tail = PoseTrack(t_all[lo : i + 1], lm[lo : i + 1], self.image_size)
        sig = signals_from_xy(np.asarray(self.fxy[lo : i + 1]), tail, self.view)
        lean = float(sig.lean_deg[-1])
        self.lean.append(lean)
        if bool(sig.valid[-1]):
            self.last_seen_t = t_s
        closed = bool(self._seg.push(i, t_s, lean))
        angles = {k: float(getattr(sig, a)[-1]) for k, a in ANGLES.items()}
        self.last = LiveFrame(i, t_s, angles, lean, rep_count)
        return closed

    def set_over(self, t_s: np.ndarray, leave_deg: float) -> str | None:
        """Why the set is over — the lifter walked off or stands still — or None.

        Args:
            t_s: times of every frame of the session so far.
            leave_deg: lean above which the lifter is not standing.
        """
        if not self.lean:
            return None
        now = float(t_s[-1])
        if now - self.last_seen_t >= WALK_OFF_S:
            return "the lifter walked off"
        n = len(self.lean)
        n0 = int(np.searchsorted(t_s, now - STILL_END_S))
        if t_s[n - 1] - t_s[n0] < 0.9 * STILL_END_S:
            return None
        lean = np.asarray(self.lean[n0:])
        if not (np.isfinite(lean).all() and (lean < leave_deg).all()):
            return None
        fxy = np.asarray(self.fxy[n0:n])
        body = fxy[:, _TORSO]
        bl = body_length_px(fxy)
        travel = np.nanmax(np.nanmax(body, axis=0) - np.nanmin(body, axis=0))
        if np.isfinite(travel) and np.isfinite(bl) and bl > 0 and travel / bl < STILL_BL:
            return f"the lifter stood still for {STILL_END_S:.0f} s"
        return None
