"""Which way the camera looks at the lifter, and which way the lifter faces.

The view decides what can be judged: sagittal angles (knee bend, shins, torso) need a side or
oblique view, knee valgus and foot turnout need a front view.

The yaw comes from how wide the shoulders and hips look (:func:`width_ratio`): their lines run
across the body, so a camera turned by ``yaw`` from the side sees them at ``sin(yaw)`` of their
width, whatever the lifter does with the trunk — a hinge tips the torso about the hips' own
left-right axis, which leaves both lines where they were. The width is measured against the
torso's in-plane length (its length when it stands in the image plane: standing, or any pose in
a side view), not against each frame's torso, because a hinge toward the camera foreshortens the
torso and a per-frame ratio would grow with the lean. All frames count, so the plates hiding the
hips at a deadlift's lockout spoil only a minority of them.

Past a side view the width cannot tell oblique from front: ``sin`` flattens toward 90°, and the
landmarks' widths vary with the body and the arms (overhead or elbows in bring the shoulder
landmarks together). There the fore-and-aft extents decide (:func:`_faces_camera`): they shrink
with ``sin`` of the angle from the front, steep where the width is flat — the nose sits between
the ears and the toes stop showing ahead of the heels only when the lifter faces the camera.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.landmarks import idx
from hingecoach.models import Side, View

#: Width (shoulder and hip landmark separations, averaged) over the torso's in-plane length, seen
#: straight from the front. MediaPipe's shoulder and hip landmarks are joint centres, not the
#: acromia and iliac crests: on real front views they are 0.72–0.76 and 0.39–0.44 torso lengths
#: apart (mean 0.55–0.60); a body with shoulder landmarks at the biacromial breadth (0.26 H) and
#: hips at the joint centres measures 0.66. The middle, 0.63, keeps the yaw within ~4° at 45° for
#: both, which matters beyond the class: the yaw undoes the oblique foreshortening of every
#: sagittal distance (``landmark_gates.stretch``).
FRONT_WIDTH_RATIO = 0.63
#: At or below this yaw the view counts as side. A sagittal angle seen at ``yaw`` has its forward
#: component shrunk by ``cos(yaw)``: at 25° (0.91) a 45° torso reads 42°, within what the
#: landmarks themselves scatter; MediaPipe also tucks a hidden far shoulder behind the near one,
#: so true side views read 0–20°.
SIDE_MAX_YAW_DEG = 25.0
#: At or above this yaw the view counts as front: forward extents shrink below ``cos(62°)`` ≈ 0.47
#: of their length (sagittal angles are no longer readable) while left-right ones keep ≥ 0.88.
FRONT_MIN_YAW_DEG = 62.0
#: Degrees from straight ahead within which the lifter faces the camera: the complement of
#: :data:`FRONT_MIN_YAW_DEG`, so every cue draws the same line between oblique and front.
_FRONT_HALF_ANGLE_RAD = np.radians(90.0 - FRONT_MIN_YAW_DEG)
#: The nose tip sits ~11.5 cm ahead of the ear canals (tragion), which are ~14.5 cm apart, so
#: seen ``psi`` from straight ahead the nose is ``0.8·tan(psi)`` ear separations off their
#: midpoint: 0.43 at the front boundary (28°).
FACE_FRONT_MAX_OFFSET = 0.8 * float(np.tan(_FRONT_HALF_ANGLE_RAD))
#: The heel→toe landmarks span ~0.13 body heights, ~0.45 torso lengths: seen ``psi`` from the
#: front the two feet together show ``0.45·sin(psi)`` torso lengths of toes ahead of heels
#: (their turnouts cancel): 0.21 at the front boundary.
FEET_FRONT_MAX_TORSO = 0.45 * float(np.sin(_FRONT_HALF_ANGLE_RAD))
#: Frames with a cue needed before it counts.
MIN_CUE_FRAMES = 3

_L_SH, _R_SH = idx("left_shoulder"), idx("right_shoulder")
_L_HIP, _R_HIP = idx("left_hip"), idx("right_hip")


@dataclass(frozen=True)
class ViewEstimate:
    """Camera view relative to the lifter.

    Attributes:
        view: side, front or oblique; "unknown" when no frame shows shoulders and hips.
        yaw_deg: 0 = camera looks at the lifter's side, 90 = straight at the front.
        facing: in side/oblique views, the way the lifter faces in the image (``"right"`` =
            toes point to image-right); None in a front view.
        facing_sign: +1 facing image-right, -1 facing image-left.
    """

    view: View
    yaw_deg: float
    facing: Side | None
    facing_sign: float


def torso_length_px(xy: np.ndarray) -> float:
    """The torso's in-plane length: the 90th percentile of its mid-hip→mid-shoulder length.

    Foreshortening only ever shortens the torso, and every set has frames where it stands in
    the image plane (standing tall, or any pose in a side view); a high percentile, not the
    maximum, so a glitch frame cannot set it. NaN when the torso is never seen.
    """
    length = np.linalg.norm(_mid(xy, _L_SH, _R_SH) - _mid(xy, _L_HIP, _R_HIP), axis=1)
    length = length[np.isfinite(length)]
    return float(np.percentile(length, 90)) if len(length) else float("nan")


def width_ratio(xy: np.ndarray, torso_px: float) -> np.ndarray:
    """Per frame, the shoulders' and hips' apparent widths (averaged) over ``torso_px``.

    Args:
        xy: ``(N, 33, 2)`` pixel landmarks, NaN where unseen.
        torso_px: the torso's in-plane length (:func:`torso_length_px`), pixels.

    Returns:
        ``(N,)`` ratios, ``FRONT_WIDTH_RATIO·sin(yaw)`` for any trunk lean; NaN where unseen.
    """
    sh_w = np.linalg.norm(xy[:, _L_SH] - xy[:, _R_SH], axis=1)
    hp_w = np.linalg.norm(xy[:, _L_HIP] - xy[:, _R_HIP], axis=1)
    return np.asarray(0.5 * (sh_w + hp_w) / torso_px)


def yaw_from_width_deg(ratio: np.ndarray | float) -> np.ndarray:
    """Yaw (0 side, 90 front) whose ``sin`` gives ``ratio`` of the front view's width."""
    return np.degrees(np.arcsin(np.clip(np.asarray(ratio) / FRONT_WIDTH_RATIO, 0.0, 1.0)))


def view_of_yaw(yaw_deg: float) -> View:
    """Side, oblique or front for a yaw (:data:`SIDE_MAX_YAW_DEG`, :data:`FRONT_MIN_YAW_DEG`)."""
    if yaw_deg <= SIDE_MAX_YAW_DEG:
        return "side"
    return "front" if yaw_deg >= FRONT_MIN_YAW_DEG else "oblique"


def _mid(xy: np.ndarray, a: int, b: int) -> np.ndarray:
    return np.asarray(0.5 * (xy[:, a] + xy[:, b]))


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
    d = _mid(xy, _L_SH, _R_SH) - _mid(xy, _L_HIP, _R_HIP)
    tipped = np.abs(d[:, 0]) > 0.5 * np.hypot(d[:, 0], d[:, 1])
    nose = np.concatenate(
        [xy[:, idx("nose"), 0] - xy[:, idx(f"{s}_ear"), 0] for s in ("left", "right")]
    )
    for votes in (toes, d[tipped, 0], nose):
        sign = _median_sign(votes)
        if sign is not None:
            return sign
    return 1.0


def _median_seen(v: np.ndarray) -> float | None:
    v = v[np.isfinite(v)]
    return float(np.median(v)) if len(v) >= MIN_CUE_FRAMES else None


def _faces_camera(xy: np.ndarray, torso_px: float) -> bool | None:
    """Whether the lifter faces the camera by the head and feet; None when neither is seen.

    The fore-and-aft extents of the head (nose ahead of the ears) and of the feet (toes ahead
    of the heels) shrink with ``sin`` of the angle from the front, so near the front they say
    what the width, flat there as ``sin`` is near 90°, cannot. Every cue seen must agree.
    """
    ears = xy[:, idx("left_ear"), 0] - xy[:, idx("right_ear"), 0]
    nose = xy[:, idx("nose"), 0] - 0.5 * (xy[:, idx("left_ear"), 0] + xy[:, idx("right_ear"), 0])
    with np.errstate(divide="ignore", invalid="ignore"):  # ears stacked in a side view: inf
        face = _median_seen(np.abs(nose) / np.abs(ears))
    feet = np.stack(
        [xy[:, idx(f"{s}_foot_index"), 0] - xy[:, idx(f"{s}_heel"), 0] for s in ("left", "right")]
    )
    seen = np.isfinite(feet)
    count = seen.sum(axis=0)
    both = np.where(count > 0, np.where(seen, feet, 0.0).sum(axis=0) / np.maximum(count, 1), np.nan)
    toes = _median_seen(both)
    votes = []
    if face is not None:
        votes.append(face <= FACE_FRONT_MAX_OFFSET)
    if toes is not None:
        votes.append(abs(toes) / torso_px <= FEET_FRONT_MAX_TORSO)
    return all(votes) if votes else None


def estimate_view(xy: np.ndarray, *, side: Side | None = None) -> ViewEstimate:
    """Estimate the camera view from ``(N, 33, 2)`` pixel landmarks.

    Args:
        xy: pixel landmarks.
        side: the lifter's side nearer the camera, when the user knows better than the guess:
            the right side toward the camera means the lifter faces image-right.
    """
    torso_px = torso_length_px(xy)
    ratio = width_ratio(xy, torso_px) if np.isfinite(torso_px) and torso_px > 0 else np.array([])
    ratio = ratio[np.isfinite(ratio)]
    if not len(ratio):
        return ViewEstimate("unknown", float("nan"), None, 1.0)
    yaw = float(yaw_from_width_deg(float(np.median(ratio))))
    view = view_of_yaw(yaw)
    if view != "side":
        faces = _faces_camera(xy, torso_px)
        if faces is not None:
            view = "front" if faces else "oblique"
    sign = _facing_sign(xy) if side is None else (1.0 if side == "right" else -1.0)
    facing: Side | None = None if view == "front" else ("right" if sign > 0 else "left")
    return ViewEstimate(view, yaw, facing, sign)
