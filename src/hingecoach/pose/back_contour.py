"""Trace the dorsal (back) outline of a side-on lifter from the person-segmentation mask.

Landmarks give hips and shoulders but nothing in between, so from them alone a rounded back and
a flat one look the same. The silhouette does show the spine's curve: walking from points on the
hip→shoulder line straight toward the lifter's back until the mask ends gives the back's outline,
which the dowel check compares with a straight line (head–upper back–sacrum, as a coach's dowel).

Only side views are traced: in a front view the "back" edge of the silhouette is the flank, and
a wrong contour is worse than none. Every reason to give up returns None.
"""

from __future__ import annotations

import cv2
import numpy as np

from hingecoach.landmarks import idx

#: Mask probability above which a pixel is the person.
MASK_THRESHOLD = 0.5
#: Shoulder width / torso length above which the view is frontal-ish and the back is not traced.
#: A real torso's shoulders are ~0.8 of its hip-to-shoulder length; side-on they nearly coincide.
MAX_SHOULDER_WIDTH_RATIO = 0.5
#: How far (in torso lengths) a ray may walk before we decide the mask is merged with something.
MAX_WALK_TORSO = 0.7
#: Fraction of the K rays that must find an edge for the contour to count.
MIN_VALID_FRACTION = 0.75
#: Minimum torso length in pixels (shorter and the person is too small to trace).
MIN_TORSO_PX = 20.0
#: Minimum facing evidence (sum of votes, each an offset in torso lengths) to pick a side.
MIN_FACING_EVIDENCE = 0.1
_STEP_PX = 0.5


def _mid(lm: np.ndarray, a: str, b: str) -> np.ndarray | None:
    pts = lm[[idx(a), idx(b)], :2]
    pts = pts[np.isfinite(pts).all(axis=1)]
    return None if len(pts) == 0 else pts.mean(axis=0)


def facing_sign(lm: np.ndarray, hip: np.ndarray, torso_px: float) -> int:
    """+1 when the lifter faces image-right, -1 image-left, 0 when it cannot be told.

    Votes, each a horizontal offset in torso lengths (so a clear cue outweighs a faint one):
    toes ahead of heels (the foot points where the body faces, upright or hinged), and nose and
    toes ahead of the hips (in a hinge the head and feet are in front of the pushed-back hips).
    """
    votes = 0.0
    for side in ("left", "right"):
        toe = lm[idx(f"{side}_foot_index"), :2]
        heel = lm[idx(f"{side}_heel"), :2]
        if np.isfinite(toe).all() and np.isfinite(heel).all():
            votes += 2.0 * (toe[0] - heel[0]) / torso_px
        if np.isfinite(toe).all():
            votes += 0.5 * (toe[0] - hip[0]) / torso_px
    nose = lm[idx("nose"), :2]
    if np.isfinite(nose).all():
        votes += (nose[0] - hip[0]) / torso_px
    if abs(votes) < MIN_FACING_EVIDENCE:
        return 0
    return 1 if votes > 0 else -1


def trace_back_contour(
    mask: np.ndarray | None,
    landmarks: np.ndarray,
    *,
    n_points: int = 16,
    threshold: float = MASK_THRESHOLD,
) -> np.ndarray | None:
    """Dorsal outline between hip and shoulder level, as a ``(n_points, 2)`` pixel polyline.

    Args:
        mask: ``(H, W)`` person probability in [0, 1] (MediaPipe's segmentation), or None.
        landmarks: ``(33, 4)`` BlazePose landmarks in the mask's pixel frame.
        n_points: K, samples from the sacrum (hip level) to the upper back (shoulder level).
        threshold: probability above which a pixel belongs to the person.

    Returns:
        ``(K, 2)`` x, y pixels ordered sacrum → upper back, or None when the mask is missing or
        too small, hips/shoulders are missing, the view is not side-on, the facing direction is
        unclear, or fewer than ``MIN_VALID_FRACTION`` of the rays found the back's edge.
    """
    if mask is None or mask.ndim != 2:
        return None
    hip = _mid(landmarks, "left_hip", "right_hip")
    shoulder = _mid(landmarks, "left_shoulder", "right_shoulder")
    if hip is None or shoulder is None:
        return None
    axis = shoulder - hip
    torso_px = float(np.hypot(*axis))
    if torso_px < MIN_TORSO_PX:
        return None
    ls, rs = landmarks[idx("left_shoulder"), :2], landmarks[idx("right_shoulder"), :2]
    if np.isfinite(ls).all() and np.isfinite(rs).all():
        if float(np.hypot(*(ls - rs))) / torso_px > MAX_SHOULDER_WIDTH_RATIO:
            return None
    if float((mask > threshold).sum()) < 0.05 * torso_px**2:
        return None
    facing = facing_sign(landmarks, hip, torso_px)
    if facing == 0:
        return None
    unit = axis / torso_px
    # Facing right, the chest normal is the axis turned (x, y) -> (-y, x) in image coordinates
    # (upright (0,-1) -> (1,0); horizontal (1,0) -> (0,1)); the back is the opposite side.
    back = -facing * np.array([-unit[1], unit[0]])
    return _walk_rays(mask, hip, axis, back, torso_px, n_points, threshold)


def _walk_rays(
    mask: np.ndarray,
    hip: np.ndarray,
    axis: np.ndarray,
    back: np.ndarray,
    torso_px: float,
    n_points: int,
    threshold: float,
) -> np.ndarray | None:
    """Walk K rays from the hip→shoulder line along ``back``; edge = first drop below threshold."""
    s = np.linspace(0.0, 1.0, n_points)
    origins = hip[None, :] + s[:, None] * axis[None, :]
    dist = np.arange(0.0, MAX_WALK_TORSO * torso_px, _STEP_PX)
    pts = origins[:, None, :] + dist[None, :, None] * back[None, None, :]
    prob = np.asarray(
        cv2.remap(
            np.ascontiguousarray(mask, dtype=np.float32),
            pts[..., 0].astype(np.float32),
            pts[..., 1].astype(np.float32),
            interpolation=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=(0.0, 0.0, 0.0, 0.0),
        )
    )
    inside = prob > threshold
    edge = np.full(n_points, np.nan)
    for k in range(n_points):
        if not inside[k, 0]:
            continue  # the line itself is outside the silhouette here
        out = np.flatnonzero(~inside[k])
        if len(out) == 0:
            continue  # never left the mask: merged with the background or another person
        j = int(out[0])
        p0, p1 = float(prob[k, j - 1]), float(prob[k, j])
        frac = (p0 - threshold) / (p0 - p1) if p0 != p1 else 0.0
        edge[k] = dist[j - 1] + frac * _STEP_PX
    valid = np.isfinite(edge)
    if valid.sum() < MIN_VALID_FRACTION * n_points:
        return None
    edge = np.interp(s, s[valid], edge[valid])
    return origins + edge[:, None] * back[None, :]
