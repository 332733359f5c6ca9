"""A pinhole camera placed around the lifter, and landmark visibility as a pose model sees it.

Body-frame points are ``(forward, up, left)`` metres (see ``body``). The camera stands at a
horizontal ``distance_m`` from the body's vertical axis, at ``height_m``, turned by an azimuth
from the lifter's right side (0° = side view, lifter faces image-right) toward the front (90°),
and aims at a point over the body's axis (mid-body by default), so a tall tripod tilts down
and a phone on the floor tilts up, as real phone footage does. A phone not held level rolls the
image about the optical axis, and a wide phone lens bends straight lines (barrel distortion).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.landmarks import NAMES
from hingecoach.synth.body import Body
from hingecoach.synth.spec import CameraSpec

_AZIMUTH_DEG = {
    "side": 0.0,
    "side_right": 0.0,
    "side_left": 0.0,
    "oblique30": 30.0,
    "oblique45": 45.0,
    "front": 90.0,
}


@dataclass(frozen=True)
class Camera:
    """Extrinsics (unit axes in body coordinates) and intrinsics in pixels."""

    position: np.ndarray
    right: np.ndarray
    down: np.ndarray
    forward: np.ndarray
    focal_px: float
    image_size: tuple[int, int]
    view: str
    facing: str | None
    near_side: str
    lens_k1: float = 0.0

    @classmethod
    def from_spec(cls, spec: CameraSpec, body: Body) -> Camera:
        """Place the camera described by ``spec`` for a body of this height."""
        az = np.radians(_AZIMUTH_DEG[spec.view])
        lateral = 1.0 if spec.view == "side_left" else -1.0  # +left: camera on the left side
        horiz = np.array([np.sin(az), 0.0, lateral * np.cos(az)])
        target = np.array([0.0, spec.aim_height_frac * body.height_m, 0.0])
        position = np.array([0.0, spec.height_m, 0.0]) + spec.distance_m * horiz
        fwd = (target - position) / np.linalg.norm(target - position)
        up = np.array([0.0, 1.0, 0.0])
        right = np.cross(up, fwd)
        right /= np.linalg.norm(right)
        down = np.cross(right, fwd)
        if spec.roll_deg != 0.0:
            # The image axes turn with the phone: turned counter-clockwise (as its user sees
            # it) by r, the scene turns clockwise by r on the screen, a level world line
            # running down to the right.
            r = np.radians(spec.roll_deg)
            right, down = (
                np.cos(r) * right - np.sin(r) * down,
                np.sin(r) * right + np.cos(r) * down,
            )
        if spec.view == "front":
            view, facing, near = "front", None, "left"
        else:
            view = "oblique" if spec.view.startswith("oblique") else "side"
            facing = "left" if spec.view == "side_left" else "right"
            near = "left" if spec.view == "side_left" else "right"
        return cls(
            position,
            right,
            down,
            fwd,
            spec.focal_px(body.height_m),
            spec.image_size,
            view,
            facing,
            near,
            spec.lens_k1,
        )

    def to_camera(self, pts: np.ndarray) -> np.ndarray:
        """Body-frame points ``(..., 3)`` → camera coordinates (right, down, depth) metres."""
        rel = pts - self.position
        return np.stack([rel @ self.right, rel @ self.down, rel @ self.forward], axis=-1)

    def project(self, pts: np.ndarray) -> np.ndarray:
        """Body-frame points ``(..., 3)`` → pixels ``(..., 2)`` (x right, y down).

        A pinhole projection, then the lens's radial distortion about the image centre (the
        principal point): a point at normalised radius ``r`` (its distance from the centre over
        the focal length) lands at ``(1 + k1 r^2)`` times that distance, so a barrel lens
        (``k1 < 0``) pulls the frame's edges and corners in while the centre stays put.
        """
        c = self.to_camera(pts)
        w, h = self.image_size
        if self.lens_k1 == 0.0:
            return np.stack(
                [
                    w / 2 + self.focal_px * c[..., 0] / c[..., 2],
                    h / 2 + self.focal_px * c[..., 1] / c[..., 2],
                ],
                axis=-1,
            )
        xn = c[..., 0] / c[..., 2]
        yn = c[..., 1] / c[..., 2]
        scale = 1.0 + self.lens_k1 * (xn * xn + yn * yn)
        return np.stack(
            [w / 2 + self.focal_px * xn * scale, h / 2 + self.focal_px * yn * scale], axis=-1
        )


def _outward_normals() -> np.ndarray:
    """``(33, 3)`` the direction each landmark faces: sideways for paired ones, else forward."""
    n = np.zeros((len(NAMES), 3))
    for i, name in enumerate(NAMES):
        if name.startswith("left_"):
            n[i] = (0.0, 0.0, 1.0)
        elif name.startswith("right_"):
            n[i] = (0.0, 0.0, -1.0)
        else:  # nose and mouth face forward
            n[i] = (1.0, 0.0, 0.0)
    return n


def visibility(
    camera: Camera, pts: np.ndarray, rng: np.random.Generator, *, jitter: float = 0.01
) -> np.ndarray:
    """Visibility ``(N, 33)``: ~0.97 facing the camera, down to ~0.52 on the far side.

    Pose models report lower confidence for limbs hidden behind the body; the drop grows
    with how directly the landmark faces away from the lens.
    """
    to_cam = camera.position - pts
    to_cam /= np.linalg.norm(to_cam, axis=-1, keepdims=True)
    c = np.sum(to_cam * _outward_normals()[None], axis=-1)
    vis = 0.97 - 0.45 * np.clip(-c, 0.0, 1.0)
    return np.clip(vis + rng.normal(0.0, jitter, vis.shape), 0.0, 1.0)
