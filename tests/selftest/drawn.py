"""A drawn side-on hinged figure (torso, head, legs) with or without a thin straight dowel."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: Torso thickness, pixels (chest to back), and the figure's torso length.
TORSO_WIDTH_PX = 90
TORSO_PX = 220.0


@dataclass(frozen=True)
class Drawn:
    """The picture, the traced back outline, the dowel drawn (or None) and the back's side."""

    gray: np.ndarray
    back_px: np.ndarray
    dorsal: np.ndarray
    dowel: tuple[np.ndarray, np.ndarray] | None


def draw_figure(*, dowel: bool, tilt_deg: float = 25.0, bar_px: int = 5) -> Drawn:
    """A figure hinged ``tilt_deg`` from the horizontal, facing right, back upward."""
    img = np.full((600, 800), 200, np.uint8)
    hip = np.array([250.0, 330.0])
    along = np.array([np.cos(np.radians(tilt_deg)), -np.sin(np.radians(tilt_deg))])
    back = np.array([along[1], -along[0]])  # up-left of the hip→shoulder line: the back side
    shoulder = hip + TORSO_PX * along
    half = TORSO_WIDTH_PX / 2
    corners = [hip + half * back, shoulder + half * back, shoulder - half * back, hip - half * back]
    cv2.fillPoly(img, [np.round(corners).astype(np.int32)], 70)
    r = 0.2 * TORSO_PX
    head = shoulder + 0.45 * TORSO_PX * along + (half - r) * back
    neck = shoulder + 0.2 * TORSO_PX * along
    cv2.line(img, tuple(np.round(shoulder).astype(int)), tuple(np.round(neck).astype(int)), 70, 40)
    cv2.circle(img, tuple(np.round(head).astype(int)), int(r), 70, -1)
    for foot in (hip + np.array([-20.0, 250.0]), hip + np.array([10.0, 250.0])):
        cv2.line(img, tuple(np.round(hip).astype(int)), tuple(np.round(foot).astype(int)), 70, 45)
    s = np.linspace(0.0, 1.0, 16)[:, None]
    back_px = hip + half * back + s * (shoulder - hip)
    line = None
    if dowel:
        a = hip + (half + bar_px / 2) * back - 0.15 * TORSO_PX * along
        b = shoulder + (half + bar_px / 2) * back + 0.75 * TORSO_PX * along
        cv2.line(img, tuple(np.round(a).astype(int)), tuple(np.round(b).astype(int)), 240, bar_px)
        line = (a, b)
    return Drawn(gray=img, back_px=back_px, dorsal=back, dowel=line)
