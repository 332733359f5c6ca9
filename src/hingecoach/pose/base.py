"""The one interface every frame-by-frame pose backend implements.

``video/track.py`` and the live loop only talk to this Protocol, so MediaPipe can be swapped for
another model (or a fake in tests) without touching them.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, runtime_checkable

import numpy as np

from hingecoach.landmarks import N_LANDMARKS


@dataclass(frozen=True)
class FramePose:
    """One frame's pose estimate, in the pixel frame of the image that was passed in.

    Attributes:
        landmarks: ``(33, 4)`` BlazePose landmarks: x, y in pixels (y down), z in the same pixel
            scale, visibility in [0, 1]. A frame without a person is all NaN in x, y, z with
            visibility 0.
        world: ``(33, 3)`` metric coordinates in metres (hip-centred, y down) or None.
        mask: ``(H, W)`` person-segmentation probability in [0, 1] at the frame's full
            resolution, or None when the backend has no segmentation.
    """

    landmarks: np.ndarray
    world: np.ndarray | None = None
    mask: np.ndarray | None = None

    def __post_init__(self) -> None:
        """Check the array shapes; a ValueError names the expected and the actual shape."""
        if self.landmarks.shape != (N_LANDMARKS, 4):
            raise ValueError(
                f"landmarks: expected shape ({N_LANDMARKS}, 4), got {self.landmarks.shape}"
            )
        if self.world is not None and self.world.shape != (N_LANDMARKS, 3):
            raise ValueError(f"world: expected shape ({N_LANDMARKS}, 3), got {self.world.shape}")
        if self.mask is not None and self.mask.ndim != 2:
            raise ValueError(f"mask: expected shape (H, W), got {self.mask.shape}")

    @property
    def detected(self) -> bool:
        """True when the backend found a person in this frame."""
        return bool(np.isfinite(self.landmarks[:, :2]).any())

    @staticmethod
    def missing(mask_shape: tuple[int, int] | None = None) -> FramePose:
        """A frame with no person: NaN coordinates, visibility 0 (never a silent zero)."""
        lm = np.full((N_LANDMARKS, 4), np.nan)
        lm[:, 3] = 0.0
        mask = None if mask_shape is None else np.zeros(mask_shape, dtype=np.float32)
        return FramePose(landmarks=lm, world=None, mask=mask)


@runtime_checkable
class PoseBackend(Protocol):
    """Estimates one person's pose frame by frame (frames in time order: backends may track).

    Implementations are context managers; ``close`` releases the model.
    """

    def process(self, rgb: np.ndarray, t_s: float) -> FramePose:
        """Pose of the person in ``rgb`` (``(H, W, 3)`` uint8) shown at time ``t_s`` seconds."""
        ...

    def close(self) -> None:
        """Release the model; the backend cannot be used afterwards."""
        ...

    def __enter__(self) -> PoseBackend:
        """Return the backend itself, for a ``with`` block that closes it."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the backend when the ``with`` block ends, whether or not it raised."""
        ...


@runtime_checkable
class SupportsOtherPerson(Protocol):
    """Optional backend ability: say whether a second person is in view.

    Single-person trackers silently follow whoever they locked onto; this lets the pipeline warn
    the user instead. ``track_video`` calls it on a sample of frames when the backend has it.
    """

    def other_person_score(self, rgb: np.ndarray, pose: FramePose) -> float:
        """Confidence in [0, 1] that someone other than the person in ``pose`` is in ``rgb``."""
        ...
