"""Gates on the landmarks themselves, before any signal is computed from them.

A pose model does not fail quietly: a leg hidden behind the plates comes back as a guess, a
landmark jumps to the other leg for a frame, an ankle drifts up to the knee. Each gate here turns
what no body can do into a missing landmark (NaN), never into a corrected one; the low-pass
filter then bridges short gaps as it bridges any missed landmark, and :func:`lost_joints` says
where a joint had no trustworthy side at all, so the signals read from it are NaN there.

The order (:func:`gate_landmarks`): drop limb ends whose parent joint is unseen (:func:`orphans`),
landmark spikes (:func:`landmark_spikes`), impossible bone lengths (:func:`segment_outliers`);
after the camera view is known, joints that turn faster than a joint can (:func:`angle_outliers`).
"""

from __future__ import annotations

import math

import numpy as np

from hingecoach.kinematics import angles as ang
from hingecoach.kinematics import plausibility as pl
from hingecoach.kinematics.filters import MAX_GAP_S, fill_gaps
from hingecoach.kinematics.view import ViewEstimate
from hingecoach.landmarks import idx

#: A segment longer than this share of its in-plane length (the 90th percentile over the clip,
#: both sides pooled) is impossible: perspective changes it by a few percent as the lifter
#: moves, landmark placement by ~10 %.
SEGMENT_MAX_STRETCH = 1.3
#: On top of that, each end of a segment may be misplaced by landmark noise, body lengths (the
#: Hampel floor): it matters for the short forearm (~0.19 bl).
SEGMENT_NOISE_BL = 2 * pl.HAMPEL_MIN_SCALE_BL
#: A shank shorter than this share of its in-plane length is impossible in a lift: it would
#: have to tip 60° toward the camera, while a shin tilts at most ~45° (a deep squat).
SHANK_MIN_SHARE = 0.5

#: Chains from the torso outwards: (segment from, segment to, landmarks rejected when it is
#: impossible — its far end and everything beyond it).
_CHAINS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("hip", "knee", ("knee", "ankle", "heel", "foot_index")),
    ("knee", "ankle", ("ankle", "heel", "foot_index")),
    ("shoulder", "elbow", ("elbow", "wrist", "pinky", "index", "thumb")),
    ("elbow", "wrist", ("wrist", "pinky", "index", "thumb")),
)


#: Each landmark's parent in its chain from the torso outwards.
_PARENT = {
    "knee": "hip",
    "ankle": "knee",
    "heel": "ankle",
    "foot_index": "ankle",
    "elbow": "shoulder",
    "wrist": "elbow",
    "pinky": "wrist",
    "index": "wrist",
    "thumb": "wrist",
}


#: Largest yaw for which the oblique stretch is applied; beyond it horizontal data is too thin.
MAX_STRETCH_YAW_DEG = 60.0
#: Joints whose left/right pair may be lost together.
STEMS = ("shoulder", "hip", "knee", "ankle", "heel", "foot_index", "elbow", "wrist", "ear")
#: A leg's angle condemns the leg from the knee down (the torso is the anchor).
_LEG = ("knee", "ankle", "heel", "foot_index")


def mid(xy: np.ndarray, stem: str) -> np.ndarray:
    """Midpoint of a left/right pair; the one side seen when the other is hidden."""
    pair = np.stack([xy[:, idx(f"left_{stem}")], xy[:, idx(f"right_{stem}")]])
    out = np.full(pair.shape[1:], np.nan)
    seen = np.isfinite(pair).all(axis=2)
    both = seen.all(axis=0)
    out[both] = pair[:, both].mean(axis=0)
    only_l = seen[0] & ~seen[1]
    only_r = seen[1] & ~seen[0]
    out[only_l] = pair[0, only_l]
    out[only_r] = pair[1, only_r]
    return out


def stretch(view: ViewEstimate) -> float:
    """Factor undoing an oblique view's foreshortening of forward distances."""
    yaw = view.yaw_deg if np.isfinite(view.yaw_deg) else 0.0
    return float(1.0 / np.cos(np.radians(min(yaw, MAX_STRETCH_YAW_DEG))))


def sagittal_points(xy: np.ndarray, view: ViewEstimate) -> dict[str, np.ndarray]:
    """Joint midpoints in (forward, up), the oblique view's foreshortening undone."""
    sag = ang.to_sagittal(xy, view.facing_sign)
    sag[..., 0] *= stretch(view)
    return {s: mid(sag, s) for s in ("shoulder", "hip", "knee", "ankle", "wrist", "ear")}


def gate_landmarks(xy: np.ndarray, t_s: np.ndarray, *, body_length_px: float) -> np.ndarray:
    """Drop orphans, spikes and the far ends of impossible bones, in place.

    Args:
        xy: ``(N, 33, 2)`` unfiltered pixels, NaN where not seen; gated landmarks become NaN.
        t_s: ``(N,)`` timestamps, seconds.
        body_length_px: one body length in pixels (noise floors).

    Returns:
        ``(N, 33)`` bool, landmarks rejected as implausible (orphans are only unseen).
    """
    seen = np.isfinite(xy).all(axis=2)
    bridged = np.isfinite(fill_gaps(xy, t_s, max_gap_s=MAX_GAP_S)).all(axis=2)
    xy[orphans(seen, parent_seen=bridged)] = np.nan
    rejected = landmark_spikes(xy, t_s, body_length_px=body_length_px)
    xy[rejected] = np.nan
    bones = segment_outliers(xy, body_length_px=body_length_px)
    xy[bones] = np.nan
    return rejected | bones


def orphans(seen: np.ndarray, *, parent_seen: np.ndarray | None = None) -> np.ndarray:
    """Landmarks seen while their parent in the chain (same side) is not.

    A limb hidden behind the plates comes back as a guess: the pose model still places its far
    end, with middling visibility, while the joint above it is reported unseen. Such an end
    cannot be checked against its bone and belongs to a limb the model did not see.

    Args:
        seen: ``(N, 33)`` bool, landmarks seen (visible enough) in each frame.
        parent_seen: ``(N, 33)`` bool, where a landmark counts as seen when it is a parent —
            with the short gaps the filter will bridge (a one-frame miss of a knee does not
            orphan its ankle); ``seen`` when None.

    Returns:
        ``(N, 33)`` bool, True for landmarks to drop.
    """
    up_seen = seen if parent_seen is None else parent_seen
    out = np.zeros_like(seen)
    for side in ("left", "right"):
        for name, parent in _PARENT.items():  # parents come before children: drops cascade
            j = idx(f"{side}_{name}")
            up = idx(f"{side}_{parent}")
            out[:, j] = seen[:, j] & (~up_seen[:, up] | out[:, up])
    return out


def landmark_spikes(xy: np.ndarray, t_s: np.ndarray, *, body_length_px: float) -> np.ndarray:
    """Hampel spikes of every landmark coordinate.

    Args:
        xy: ``(N, 33, 2)`` pixels, NaN where not seen.
        t_s: ``(N,)`` timestamps, seconds.
        body_length_px: one body length in pixels (sets the deviation floor).

    Returns:
        ``(N, 33)`` bool, True where either coordinate of a landmark spikes.
    """
    out = np.zeros(xy.shape[:2], dtype=bool)
    if not math.isfinite(body_length_px) or xy.shape[0] < 2 * pl.MIN_NEIGHBOURS:
        return out
    floor = pl.HAMPEL_MIN_SCALE_BL * body_length_px
    for j in range(xy.shape[1]):
        for c in range(2):
            col = xy[:, j, c]
            if np.isfinite(col).sum() > pl.MIN_NEIGHBOURS:
                out[:, j] |= pl.hampel_outliers(
                    col,
                    t_s,
                    half_window_s=pl.HAMPEL_HALF_WINDOW_S,
                    n_sigma=pl.HAMPEL_SIGMAS,
                    min_scale=floor,
                )
    return out


def _length(xy: np.ndarray, a: str, b: str) -> np.ndarray:
    return np.linalg.norm(xy[:, idx(b)] - xy[:, idx(a)], axis=1)


def segment_outliers(xy: np.ndarray, *, body_length_px: float) -> np.ndarray:
    """Landmarks beyond a segment whose length in the picture is impossible.

    Each segment's in-plane length is the 90th percentile of its length over the clip, both
    sides pooled (left and right bones are equally long; foreshortening only shortens them).

    Args:
        xy: ``(N, 33, 2)`` pixels, NaN where not seen.
        body_length_px: one body length in pixels (sets the noise allowance).

    Returns:
        ``(N, 33)`` bool, True for rejected landmarks.
    """
    out = np.zeros(xy.shape[:2], dtype=bool)
    for start, end, beyond in _CHAINS:
        sides = {s: _length(xy, f"{s}_{start}", f"{s}_{end}") for s in ("left", "right")}
        pooled = np.concatenate(list(sides.values()))
        pooled = pooled[np.isfinite(pooled)]
        if len(pooled) < pl.MIN_NEIGHBOURS:
            continue
        ref = float(np.percentile(pooled, 90))
        noise = SEGMENT_NOISE_BL * body_length_px if math.isfinite(body_length_px) else 0.0
        for side, length in sides.items():
            with np.errstate(invalid="ignore"):
                bad = length > SEGMENT_MAX_STRETCH * ref + noise
                if end == "ankle":
                    bad |= length < SHANK_MIN_SHARE * ref
            bad &= ~out[:, idx(f"{side}_{start}")]
            for name in beyond:
                out[bad, idx(f"{side}_{name}")] = True
    return out


def lost_joints(rejected: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """Both sides of a joint in the frames where every side of it that was seen got rejected.

    The filter bridges a rejected landmark from its neighbours; where the other side of the
    joint was seen and passed, the joint is still measured, otherwise it is lost.

    Args:
        rejected: ``(N, 33)`` bool, landmarks rejected as implausible.
        seen: ``(N, 33)`` bool, landmarks seen (before rejection).

    Returns:
        ``(N, 33)`` bool, landmarks to blank after filtering.
    """
    lost = np.zeros_like(rejected)
    for stem in STEMS:
        pair = [idx(f"left_{stem}"), idx(f"right_{stem}")]
        gone = rejected[:, pair].any(axis=1) & (rejected[:, pair] | ~seen[:, pair]).all(axis=1)
        lost[np.ix_(gone, pair)] = True
    return lost


def angle_outliers(xy: np.ndarray, t_s: np.ndarray, view: ViewEstimate) -> np.ndarray:
    """Landmarks of sagittal angles that turn faster than a joint can: flips.

    Read on the unfiltered landmarks, before the filter smears a flip over its neighbours. Only
    in side and oblique views: seen from the front, a segment pointing at the camera turns in
    the picture however it likes. (Out-of-range values are gated on the signal itself: an
    oblique view's projection can read a straight knee as hyper-extended without any landmark
    being wrong.) A landmark missed in a frame is bridged first, as the filter will bridge it:
    otherwise the midpoint of a pair would jump to the one side seen and look like a flip.
    """
    p = sagittal_points(fill_gaps(xy, t_s, max_gap_s=MAX_GAP_S), view)
    joint, trunk = pl.MAX_JOINT_SPEED_DEG_S, pl.MAX_TRUNK_SPEED_DEG_S
    tests = (
        (ang.torso_angle_deg(p["shoulder"], p["hip"]), trunk, ("shoulder", "hip")),
        (ang.hip_flexion_deg(p["shoulder"], p["hip"], p["knee"]), joint, _LEG),
        (ang.knee_flexion_deg(p["hip"], p["knee"], p["ankle"]), joint, _LEG),
        (ang.shin_angle_deg(p["knee"], p["ankle"]), joint, _LEG),
        (ang.neck_angle_deg(p["hip"], p["shoulder"], p["ear"]), joint, ("ear",)),
    )
    out = np.zeros(xy.shape[:2], dtype=bool)
    for angle, speed, stems in tests:
        bad = pl.speed_outliers(angle, t_s, max_speed_deg_s=speed)
        for stem in stems:
            out[bad, idx(f"left_{stem}")] = True
            out[bad, idx(f"right_{stem}")] = True
    return out
