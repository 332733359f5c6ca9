"""Which way the camera looks at the lifter, and which way the lifter faces.

The view decides what can be judged: sagittal angles (knee bend, shins, torso) need a side or
oblique view, knee valgus and foot turnout need a front view. We estimate it from how wide the
shoulders and hips look compared with the torso's length while the lifter stands upright: seen
from the side they overlap, seen from the front they are about 0.8 torso lengths apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.landmarks import idx
from hingecoach.models import Side, View

#: Width (shoulders and hips, averaged) over torso length seen straight from the front. Adult
#: biacromial ≈ 0.23·H and bi-iliac ≈ 0.19·H over a hip→shoulder length ≈ 0.29·H.
FRONT_WIDTH_RATIO = 0.72
#: Below this apparent yaw the view counts as side; above ``FRONT_MIN_YAW_DEG`` as front.
SIDE_MAX_YAW_DEG = 22.0
FRONT_MIN_YAW_DEG = 62.0


@dataclass(frozen=True)
class ViewEstimate:
    """Camera view relative to the lifter.

    Attributes:
        view: side, front or oblique; "unknown" when no upright frame shows shoulders and hips.
        yaw_deg: 0 = camera looks at the lifter's side, 90 = straight at the front.
        facing: in side/oblique views, the way the lifter faces in the image (``"right"`` =
            toes point to image-right); None in a front view.
        facing_sign: +1 facing image-right, -1 facing image-left.
    """

    view: View
    yaw_deg: float
    facing: Side | None
    facing_sign: float


def _upright_frames(xy: np.ndarray) -> np.ndarray:
    """Frames whose vertical torso extent is in the top third: the lifter standing tall."""
    sh = 0.5 * (xy[:, idx("left_shoulder")] + xy[:, idx("right_shoulder")])
    hp = 0.5 * (xy[:, idx("left_hip")] + xy[:, idx("right_hip")])
    vert = hp[:, 1] - sh[:, 1]
    ok = np.isfinite(vert)
    if not ok.any():
        return ok
    return ok & (vert >= np.nanpercentile(vert, 66))


def _width_ratio(xy: np.ndarray, frames: np.ndarray) -> float:
    sh_w = np.linalg.norm(
        xy[frames, idx("left_shoulder")] - xy[frames, idx("right_shoulder")], axis=1
    )
    hp_w = np.linalg.norm(xy[frames, idx("left_hip")] - xy[frames, idx("right_hip")], axis=1)
    sh = 0.5 * (xy[frames, idx("left_shoulder")] + xy[frames, idx("right_shoulder")])
    hp = 0.5 * (xy[frames, idx("left_hip")] + xy[frames, idx("right_hip")])
    torso = np.linalg.norm(sh - hp, axis=1)
    ratio = 0.5 * (sh_w + hp_w) / torso
    ratio = ratio[np.isfinite(ratio)]
    return float(np.median(ratio)) if len(ratio) else float("nan")


def _median_sign(v: np.ndarray) -> float | None:
    v = v[np.isfinite(v)]
    if len(v) < 3:
        return None
    m = float(np.median(v))
    return None if m == 0 else float(np.sign(m))


def _facing_sign(xy: np.ndarray) -> float:
    """+1 when the lifter faces image-right.

    Votes in order of reliability: toes ahead of heels; the way the torso tips when it leans
    well forward (a hinge always tips toward the front); the nose ahead of the ears.
    """
    toes = np.concatenate(
        [xy[:, idx(f"{s}_foot_index"), 0] - xy[:, idx(f"{s}_heel"), 0] for s in ("left", "right")]
    )
    sh = 0.5 * (xy[:, idx("left_shoulder")] + xy[:, idx("right_shoulder")])
    hp = 0.5 * (xy[:, idx("left_hip")] + xy[:, idx("right_hip")])
    d = sh - hp
    tipped = np.abs(d[:, 0]) > 0.5 * np.hypot(d[:, 0], d[:, 1])
    nose = np.concatenate(
        [xy[:, idx("nose"), 0] - xy[:, idx(f"{s}_ear"), 0] for s in ("left", "right")]
    )
    for votes in (toes, d[tipped, 0], nose):
        sign = _median_sign(votes)
        if sign is not None:
            return sign
    return 1.0


def estimate_view(xy: np.ndarray, *, side: Side | None = None) -> ViewEstimate:
    """Estimate the camera view from ``(N, 33, 2)`` pixel landmarks.

    Args:
        xy: pixel landmarks.
        side: the lifter's side nearer the camera, when the user knows better than the guess:
            the right side toward the camera means the lifter faces image-right.
    """
    frames = _upright_frames(xy)
    ratio = _width_ratio(xy, frames) if frames.any() else float("nan")
    if not np.isfinite(ratio):
        return ViewEstimate("unknown", float("nan"), None, 1.0)
    yaw = float(np.degrees(np.arcsin(np.clip(ratio / FRONT_WIDTH_RATIO, 0.0, 1.0))))
    view: View
    if yaw <= SIDE_MAX_YAW_DEG:
        view = "side"
    elif yaw >= FRONT_MIN_YAW_DEG:
        view = "front"
    else:
        view = "oblique"
    sign = _facing_sign(xy) if side is None else (1.0 if side == "right" else -1.0)
    facing: Side | None = None if view == "front" else ("right" if sign > 0 else "left")
    return ViewEstimate(view, yaw, facing, sign)
