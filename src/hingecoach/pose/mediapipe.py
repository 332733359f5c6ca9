"""MediaPipe Pose (legacy ``mp.solutions.pose``) as a :class:`PoseBackend`.

This is the only module that imports MediaPipe, so the rest of hingecoach (and its tests) runs
without it. The model ships inside the wheel: nothing is downloaded at run time.

Choices and why:
- Video mode (``static_image_mode=False``): the detector runs only when tracking is lost, which
  is faster and steadier than detecting every frame.
- ``model_complexity=1``: the full model; ``heavy`` (2) is ~3× slower for little gain at the
  resolutions we feed, ``lite`` (0) misses joints in deep hinges.
- Segmentation on: the mask is what lets :mod:`back_contour` trace the spine.
- Frames whose longest side exceeds ``max_side_px`` (960) are downscaled before the model, with
  bilinear interpolation (area averaging at a 2/3 ratio takes OpenCV's slow path: 8 ms a 1080p
  frame against 2 ms), and landmarks are mapped back to full-resolution pixels. The landmark
  model works at 256 px internally, but the segmentation branch grows with the input: measured
  on this 2-core machine, 28 ms a frame at 1280×720 against 24 ms at 960×540.
- The graph is fed the frame's real timestamp, so the landmark smoother honours variable frame
  rate instead of assuming 30 fps.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import cv2
import mediapipe as mp
import numpy as np

from hingecoach.landmarks import N_LANDMARKS
from hingecoach.pose.base import FramePose

#: Frames larger than this (longest side, pixels) are downscaled before the model.
DEFAULT_MAX_SIDE_PX = 960
#: Longest side of the frame given to the second-person search (the detector works at 224 px).
_SEARCH_SIDE_PX = 640
#: Landmark model file per complexity; only "full" (1) ships in the wheel, the others would be
#: downloaded on first use, which hingecoach must never do.
_MODEL_FILES = {
    0: "pose_landmark_lite.tflite",
    1: "pose_landmark_full.tflite",
    2: "pose_landmark_heavy.tflite",
}


def _check_model_bundled(model_complexity: int) -> None:
    name = _MODEL_FILES.get(model_complexity)
    if name is None:
        raise ValueError(f"model_complexity must be 0, 1 or 2, got {model_complexity}")
    path = Path(mp.__file__).parent / "modules" / "pose_landmark" / name
    if not path.exists():
        raise ValueError(
            f"model_complexity={model_complexity} needs {name}, which is not bundled with "
            "mediapipe and would be downloaded; use model_complexity=1"
        )


class MediaPipePose:
    """MediaPipe BlazePose in tracking mode with segmentation; see the module docstring."""

    def __init__(
        self,
        *,
        model_complexity: int = 1,
        max_side_px: int = DEFAULT_MAX_SIDE_PX,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        enable_segmentation: bool = True,
    ) -> None:
        """Build the MediaPipe graph; see the module docstring for why these defaults.

        Args:
            model_complexity: 0 lite, 1 full, 2 heavy; only 1 ships with the wheel, and the
                others raise ValueError rather than download a model.
            max_side_px: frames whose longest side exceeds this (pixels) are downscaled before
                the model; landmarks still come back in full-resolution pixels.
            min_detection_confidence: MediaPipe's person-detection threshold, in [0, 1].
            min_tracking_confidence: below this landmark confidence, in [0, 1], MediaPipe
                detects the person again instead of tracking.
            enable_segmentation: compute the person mask (needed to trace the back).
        """
        _check_model_bundled(model_complexity)
        self.max_side_px = max_side_px
        self._finder: Any = None
        self._pose: Any = mp.solutions.pose.Pose(
            static_image_mode=False,
            model_complexity=model_complexity,
            smooth_landmarks=True,
            enable_segmentation=enable_segmentation,
            smooth_segmentation=True,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        self._last_ts_us = -1

    def process(self, rgb: np.ndarray, t_s: float) -> FramePose:
        """Pose in ``rgb`` (``(H, W, 3)`` uint8); landmarks in this frame's pixels."""
        if self._pose is None:
            raise RuntimeError("MediaPipePose is closed")
        h, w = rgb.shape[:2]
        scale = min(1.0, self.max_side_px / max(h, w))
        small = rgb
        if scale < 1.0:
            size = (max(1, round(w * scale)), max(1, round(h * scale)))
            small = cv2.resize(rgb, size, interpolation=cv2.INTER_LINEAR)
        self._set_timestamp(t_s)
        result = self._pose.process(np.ascontiguousarray(small))
        if result.pose_landmarks is None:
            return FramePose.missing()
        lm = np.array(
            [(p.x, p.y, p.z, p.visibility) for p in result.pose_landmarks.landmark], dtype=float
        )
        # Normalised → full-resolution pixels; MediaPipe's z is on the scale of x (image width).
        lm[:, 0] *= w
        lm[:, 1] *= h
        lm[:, 2] *= w
        lm[:, 3] = np.clip(lm[:, 3], 0.0, 1.0)
        world = None
        if result.pose_world_landmarks is not None:
            world = np.array(
                [(p.x, p.y, p.z) for p in result.pose_world_landmarks.landmark], dtype=float
            )
        mask: np.ndarray | None = None
        if result.segmentation_mask is not None:
            mask = np.asarray(result.segmentation_mask, dtype=np.float32)
            if mask.shape != (h, w):
                mask = np.asarray(cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR))
        if lm.shape != (N_LANDMARKS, 4):
            return FramePose.missing()
        return FramePose(landmarks=lm, world=world, mask=mask)

    def _set_timestamp(self, t_s: float) -> None:
        """Feed the real time to the graph (strictly increasing microseconds).

        The legacy API adds 33 333 µs before every frame; we set its counter so that, after that
        increment, the packet carries ``t_s``. Without this the smoother assumes 30 fps.
        """
        ts_us = max(self._last_ts_us + 1, round(t_s * 1e6))
        self._last_ts_us = ts_us
        if hasattr(self._pose, "_simulated_timestamp"):
            self._pose._simulated_timestamp = ts_us - 33333

    def other_person_score(self, rgb: np.ndarray, pose: FramePose) -> float:
        """Confidence in [0, 1] that someone other than the tracked person is in ``rgb``.

        The legacy graph follows one person and its segmentation covers only that person, so a
        second lifter or a spotter is invisible to it. Here the tracked person (landmark box,
        padded, plus the dilated mask) is painted grey and a fresh single-image detection runs
        on what is left; its mean landmark visibility is the score (0 when nobody is found).
        Costs one extra inference, so callers sample frames.
        """
        if not pose.detected:
            return 0.0
        if self._finder is None:
            self._finder = mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1)
        h, w = rgb.shape[:2]
        hidden = rgb.copy()
        xy = pose.landmarks[:, :2]
        (x0, y0), (x1, y1) = np.nanmin(xy, axis=0), np.nanmax(xy, axis=0)
        pad = 0.15 * max(y1 - y0, x1 - x0)
        xa, xb = int(max(0, x0 - pad)), int(min(w, x1 + pad))
        ya, yb = int(max(0, y0 - pad)), int(min(h, y1 + pad))
        hidden[ya:yb, xa:xb] = 127
        if pose.mask is not None:
            kernel = np.ones((15, 15), np.uint8)
            hidden[cv2.dilate((pose.mask > 0.3).astype(np.uint8), kernel) > 0] = 127
        scale = min(1.0, _SEARCH_SIDE_PX / max(h, w))
        if scale < 1.0:
            hidden = cv2.resize(hidden, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        result = self._finder.process(np.ascontiguousarray(hidden))
        if result.pose_landmarks is None:
            return 0.0
        return float(np.mean([p.visibility for p in result.pose_landmarks.landmark]))

    def close(self) -> None:
        """Release the MediaPipe graphs."""
        if self._pose is not None:
            self._pose.close()
            self._pose = None
        if self._finder is not None:
            self._finder.close()
            self._finder = None

    def __enter__(self) -> MediaPipePose:
        """Return the backend itself, for a ``with`` block that closes it."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the backend when the ``with`` block ends, whether or not it raised."""
        self.close()
