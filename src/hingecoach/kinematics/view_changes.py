"""Where the view changes inside one shot: the lifter turns around, or turns to face the camera.

The view and the way the lifter faces decide the sign and meaning of every sagittal angle, so a
clip in which the lifter turns round (a lean forward would read as a lean back) or does a set
facing the camera in the middle of a side-view clip cannot be judged with one view for all of
it. Here each frame gets the view class and facing of the second around it, and the clip is split
where either changes and stays changed for :data:`MIN_RUN_S` — long enough to be a set, not a
glance or a step.
"""

from __future__ import annotations

import itertools

import numpy as np

from hingecoach.kinematics.filters import running_median_s
from hingecoach.kinematics.view import (
    FRONT_MIN_YAW_DEG,
    SIDE_MAX_YAW_DEG,
    torso_length_px,
    width_ratio,
    yaw_from_width_deg,
)
from hingecoach.landmarks import idx

#: Seconds over which each frame's facing and width are taken (a median: steps and glances
#: shorter than half of it do not count).
WINDOW_S = 1.0
#: A view or facing must hold this long to be a part of its own, seconds: two reps or more.
MIN_RUN_S = 3.0


def _mean_seen(rows: list[np.ndarray]) -> np.ndarray:
    """Per frame, the mean of the rows' finite values (NaN where none is)."""
    stack = np.stack(rows)
    seen = np.isfinite(stack)
    total = np.where(seen, stack, 0.0).sum(axis=0)
    count = seen.sum(axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _facing_votes(xy: np.ndarray) -> np.ndarray:
    """Per frame: +1 facing image-right, -1 image-left, NaN when the feet and face are unseen.

    Toes ahead of the heels first (both feet), the nose ahead of the ears when the feet are not
    seen; the torso's tip is not used here, since it only shows while hinging.
    """
    feet = [
        xy[:, idx(f"{s}_foot_index"), 0] - xy[:, idx(f"{s}_heel"), 0] for s in ("left", "right")
    ]
    face = [xy[:, idx("nose"), 0] - xy[:, idx(f"{s}_ear"), 0] for s in ("left", "right")]
    toes, nose = _mean_seen(feet), _mean_seen(face)
    vote = np.sign(np.where(np.isfinite(toes), toes, nose))
    vote[vote == 0] = np.nan
    return vote


def _view_class(xy: np.ndarray, t_s: np.ndarray) -> np.ndarray:
    """Per frame: 0 side, 1 oblique, 2 front (NaN when the shoulders and hips are not seen).

    The width over the shot's in-plane torso length (see :mod:`hingecoach.kinematics.view`)
    holds through a hinge, so every frame counts, bent or standing; a hinge toward the camera
    no longer reads as a turn to face it.
    """
    torso_px = torso_length_px(xy)
    if not (np.isfinite(torso_px) and torso_px > 0):
        return np.full(len(t_s), np.nan)
    ratio = running_median_s(width_ratio(xy, torso_px), t_s, WINDOW_S)
    yaw = yaw_from_width_deg(ratio)
    out = np.where(yaw <= SIDE_MAX_YAW_DEG, 0.0, np.where(yaw >= FRONT_MIN_YAW_DEG, 2.0, 1.0))
    out[~np.isfinite(ratio)] = np.nan
    return out


def _runs(label: np.ndarray) -> list[tuple[int, int, float]]:
    """Runs of equal labels (NaN carried forward from the last label) as (first, stop, label)."""
    filled = label.copy()
    seen = np.isfinite(filled)
    if not seen.any():
        return []
    first = int(np.argmax(seen))
    filled[:first] = filled[first]
    for i in range(first + 1, len(filled)):
        if not np.isfinite(filled[i]):
            filled[i] = filled[i - 1]
    edges = [0, *(np.flatnonzero(np.diff(filled) != 0) + 1).tolist(), len(filled)]
    return [(a, b, float(filled[a])) for a, b in itertools.pairwise(edges) if b > a]


def _changes(label: np.ndarray, t_s: np.ndarray) -> list[int]:
    """Frames where a label that held at least :data:`MIN_RUN_S` gives way to another that does.

    Runs shorter than that are folded into the run before them (a glance, a step, a misread).
    """
    kept: list[tuple[int, int, float]] = []
    for a, b, v in _runs(label):
        long_enough = t_s[b - 1] - t_s[a] >= MIN_RUN_S
        if kept and (not long_enough or v == kept[-1][2]):
            kept[-1] = (kept[-1][0], b, kept[-1][2])
        elif not kept and not long_enough:
            kept.append((a, b, np.nan))  # an opening too short to say: joins whatever comes
        else:
            if kept and not np.isfinite(kept[-1][2]):
                kept[-1] = (kept[-1][0], b, v)
            else:
                kept.append((a, b, v))
    return [a for a, _, _ in kept[1:]]


def view_changes(xy: np.ndarray, t_s: np.ndarray) -> list[int]:
    """Frames where the camera view or the lifter's facing changes for good, in order.

    Args:
        xy: ``(N, 33, 2)`` pixel landmarks, NaN where unseen (low visibility masked).
        t_s: ``(N,)`` frame times, seconds.

    Returns:
        Frame indices (each the first frame of the new view), none for a steady clip.
    """
    if len(t_s) < 3:
        return []
    facing = np.sign(running_median_s(_facing_votes(xy), t_s, WINDOW_S))
    facing[facing == 0] = np.nan  # as many votes each way: undecided
    view = _view_class(xy, t_s)
    facing[view == 2.0] = 0.0  # facing the camera: left/right does not apply
    both = np.where(np.isfinite(view) & np.isfinite(facing), 10.0 * view + facing, np.nan)
    return _changes(both, t_s)
