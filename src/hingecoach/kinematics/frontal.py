"""Measures only a front view sees: lean from the torso's extent, knee valgus, feet turnout.

Pure functions over ``(N, 33, 2)`` pixel landmarks, split from :mod:`.signals`.
"""

from __future__ import annotations

import numpy as np

from hingecoach.kinematics import angles as ang
from hingecoach.kinematics.bar import FOOT_PER_BL
from hingecoach.kinematics.landmark_gates import mid
from hingecoach.kinematics.view import torso_length_px
from hingecoach.landmarks import idx

#: Shoulders this far behind the hips in depth (share of the torso's length) mean leaning back.
BACK_LEAN_DEPTH = 0.15
#: Standing, the shoulders sit one torso length above the hips. When even the most upright
#: frames stand less than this share of it, no frame shows the lifter upright the right way up
#: (never standing, or landmarks upside down) and a front view's lean has no reference.
MIN_UPRIGHT_EXTENT = 0.5


def front_lean_deg(xy: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Lean from the torso's vertical extent over its upright length (works facing the camera).

    The extent shrinks the same whether the lifter tips toward the camera or leans back, so the
    depth of the shoulders against the hips (pose z, pixel scale, smaller = nearer) gives the
    sign: a lean back at lockout is negative, not a second rep. Without depth it stays unsigned.
    With no frame upright the right way up (see :data:`MIN_UPRIGHT_EXTENT`) it is NaN.
    """
    shoulder, hip = mid(xy, "shoulder"), mid(xy, "hip")
    vert = hip[:, 1] - shoulder[:, 1]
    finite = vert[np.isfinite(vert)]
    torso_px = torso_length_px(xy)
    if not len(finite) or not np.percentile(finite, 95) >= MIN_UPRIGHT_EXTENT * torso_px:
        return np.full(len(vert), np.nan)
    ref = np.percentile(finite, 95)
    lean = np.degrees(np.arccos(np.clip(vert / ref, -1.0, 1.0)))
    zz = z[..., np.newaxis]
    behind = mid(zz, "shoulder")[:, 0] - mid(zz, "hip")[:, 0]  # > 0: shoulders behind hips
    back = np.nan_to_num(behind, nan=0.0) > BACK_LEAN_DEPTH * ref
    return np.where(back, -lean, lean)


def knee_valgus_deg(xy: np.ndarray) -> np.ndarray:
    """Frontal-plane knee angle, + when the knee sits medial of the hip→ankle line."""
    mid_hip = mid(xy, "hip")
    out = []
    for side in ("left", "right"):
        hip, knee, ankle = (xy[:, idx(f"{side}_{s}")] for s in ("hip", "knee", "ankle"))
        bend = 180.0 - ang.interior_angle_deg(hip, knee, ankle)
        line = ankle - hip
        rel = knee - hip
        cross = line[:, 0] * rel[:, 1] - line[:, 1] * rel[:, 0]
        medial = mid_hip - hip
        cross_m = line[:, 0] * medial[:, 1] - line[:, 1] * medial[:, 0]
        out.append(np.where(np.sign(cross) == np.sign(cross_m), bend, -bend))
    return np.fmax(out[0], out[1])


def feet_turnout_deg(xy: np.ndarray, bl: float) -> np.ndarray:
    """Toe-out angle from the lateral heel→toe offset seen from the front (foot length known)."""
    mid_x = mid(xy, "hip")[:, 0]
    angles = []
    for side in ("left", "right"):
        heel = xy[:, idx(f"{side}_heel")]
        toe = xy[:, idx(f"{side}_foot_index")]
        outward = np.sign(heel[:, 0] - mid_x)
        lateral = (toe[:, 0] - heel[:, 0]) * outward
        angles.append(np.degrees(np.arcsin(np.clip(lateral / (FOOT_PER_BL * bl), -1.0, 1.0))))
    return np.asarray(0.5 * (angles[0] + angles[1]))
