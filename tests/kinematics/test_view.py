"""The camera view from a body of known yaw, standing and hinging, with occlusion glitches.

The body is a stick figure in metres (shoulder and hip joint centres, ears, nose, heels, toes)
whose trunk hinges about the hips' left-right axis, seen by an orthographic camera turned by a
known yaw from the lifter's right side (0°) toward the front (90°). Its widths are those of
MediaPipe's landmarks on real front views, so the estimate should return the yaw itself.
"""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.kinematics.view import (
    FRONT_MIN_YAW_DEG,
    FRONT_WIDTH_RATIO,
    SIDE_MAX_YAW_DEG,
    estimate_view,
)
from hingecoach.kinematics.view_changes import view_changes
from hingecoach.landmarks import N_LANDMARKS, idx

TORSO_M = 0.50
#: Shoulder and hip joint-centre separations whose mean is FRONT_WIDTH_RATIO torso lengths.
SHOULDER_HALF_M = 0.19
HIP_HALF_M = FRONT_WIDTH_RATIO * TORSO_M - SHOULDER_HALF_M
PX_PER_M = 400.0


def _points(lean_deg: float, shoulder_half_m: float) -> dict[str, np.ndarray]:
    """Body points ``(forward, up, left)`` in metres for a trunk leaning ``lean_deg`` forward."""
    lean = np.radians(lean_deg)
    up = np.array([np.sin(lean), np.cos(lean), 0.0])  # the trunk's axis, hinged about the hips
    hip_mid = np.array([0.0, 0.95, 0.0])
    sh_mid = hip_mid + TORSO_M * up
    head = sh_mid + 0.25 * up
    pts: dict[str, np.ndarray] = {"nose": head + np.array([0.11, 0.0, 0.0])}
    for side, s in (("left", 1.0), ("right", -1.0)):
        lat = np.array([0.0, 0.0, s])
        pts[f"{side}_shoulder"] = sh_mid + shoulder_half_m * lat
        pts[f"{side}_hip"] = hip_mid + HIP_HALF_M * lat
        pts[f"{side}_ear"] = head + 0.072 * lat
        pts[f"{side}_heel"] = np.array([-0.05, 0.0, 0.12 * s])
        pts[f"{side}_foot_index"] = np.array([0.15, 0.0, 0.13 * s])
    return pts


def _frames(
    yaw_deg: float,
    leans_deg: np.ndarray,
    *,
    shoulder_half_m: float = SHOULDER_HALF_M,
    facing: float = 1.0,
) -> np.ndarray:
    """``(N, 33, 2)`` pixels of the body seen at ``yaw_deg`` (the lifter faces image-right)."""
    yaw = np.radians(yaw_deg)
    # Image x of a body point: forward shows cos(yaw), left-right sin(yaw); y is height, down.
    x_axis = np.array([facing * np.cos(yaw), 0.0, -np.sin(yaw)])
    xy = np.full((len(leans_deg), N_LANDMARKS, 2), np.nan)
    for i, lean in enumerate(leans_deg):
        for name, p in _points(float(lean), shoulder_half_m).items():
            xy[i, idx(name)] = (960 + PX_PER_M * (p @ x_axis), 1000 - PX_PER_M * p[1])
    return xy


def _hinge_set(reps: int = 3, fps: float = 30.0, lean_max_deg: float = 80.0) -> np.ndarray:
    """Lean per frame: stand 1 s, hinge down and up over 3 s, ``reps`` times."""
    t = np.arange(int(reps * 4.0 * fps)) / fps
    phase = np.clip((t % 4.0) - 1.0, 0.0, 3.0) / 3.0
    return lean_max_deg * np.sin(np.pi * phase) ** 2


@pytest.mark.parametrize("yaw_deg", [0.0, 15.0, 30.0, 45.0, 60.0, 75.0, 90.0])
def test_the_yaw_is_read_back_through_a_hinge(yaw_deg: float) -> None:
    est = estimate_view(_frames(yaw_deg, _hinge_set()))
    assert est.yaw_deg == pytest.approx(yaw_deg, abs=1.0)


@pytest.mark.parametrize(
    ("yaw_deg", "view"),
    [
        (0.0, "side"),
        (SIDE_MAX_YAW_DEG - 3, "side"),
        (SIDE_MAX_YAW_DEG + 3, "oblique"),
        (45.0, "oblique"),
        (FRONT_MIN_YAW_DEG + 3, "front"),
        (90.0, "front"),
    ],
)
def test_the_view_class_follows_the_yaw(yaw_deg: float, view: str) -> None:
    assert estimate_view(_frames(yaw_deg, _hinge_set())).view == view


def test_a_deep_hinge_toward_the_camera_does_not_read_as_more_frontal() -> None:
    """The torso foreshortens as it tips toward a front camera; the widths do not change."""
    for yaw_deg in (30.0, 45.0, 90.0):
        standing = estimate_view(_frames(yaw_deg, np.zeros(60))).yaw_deg
        bent = estimate_view(_frames(yaw_deg, np.r_[np.zeros(15), np.full(45, 85.0)])).yaw_deg
        assert bent == pytest.approx(standing, abs=1.0), yaw_deg


def test_plates_hiding_the_hips_at_lockout_do_not_turn_a_side_view_oblique() -> None:
    leans = _hinge_set()
    xy = _frames(0.0, leans)
    lockout = leans < 10.0  # the plate covers the hips: the pose model spreads them
    xy[lockout, idx("left_hip"), 0] += 120.0
    xy[lockout, idx("right_hip"), 0] -= 120.0
    assert lockout.mean() < 0.5
    assert estimate_view(xy).view == "side"


def test_narrow_shoulders_facing_the_camera_read_front_but_turned_away_oblique() -> None:
    """Arms overhead bring the shoulder joint centres in: the width alone says oblique.

    Facing the camera, the nose sits between the ears and the toes stop showing ahead of the
    heels; turned 45°, both show, and the view stays oblique.
    """
    leans = np.zeros(60)
    narrow = 0.6 * SHOULDER_HALF_M
    facing = estimate_view(_frames(90.0, leans, shoulder_half_m=narrow))
    assert SIDE_MAX_YAW_DEG < facing.yaw_deg < FRONT_MIN_YAW_DEG
    assert facing.view == "front" and facing.facing is None
    turned = estimate_view(_frames(50.0, leans, shoulder_half_m=narrow))
    assert turned.view == "oblique" and turned.facing == "right"


def test_no_face_or_feet_leaves_a_middling_width_oblique() -> None:
    xy = _frames(90.0, np.zeros(60), shoulder_half_m=0.6 * SHOULDER_HALF_M)
    for name in ("nose", "left_ear", "right_ear", "left_foot_index", "right_foot_index"):
        xy[:, idx(name)] = np.nan
    assert estimate_view(xy).view == "oblique"


def test_facing_either_way_and_unknown_without_a_torso() -> None:
    assert estimate_view(_frames(10.0, _hinge_set(), facing=-1.0)).facing == "left"
    assert estimate_view(_frames(10.0, _hinge_set(), facing=1.0)).facing == "right"
    xy = _frames(10.0, np.zeros(10))
    xy[:, idx("left_hip")] = np.nan
    xy[:, idx("right_hip")] = np.nan
    assert estimate_view(xy).view == "unknown"


def test_hinging_toward_a_front_camera_is_not_a_view_change() -> None:
    leans = _hinge_set(reps=4)
    t_s = np.arange(len(leans)) / 30.0
    assert view_changes(_frames(90.0, leans), t_s) == []
    assert view_changes(_frames(40.0, leans), t_s) == []


def test_turning_from_the_side_to_the_front_is_found_where_it_happens() -> None:
    leans = _hinge_set(reps=3)
    xy = np.concatenate([_frames(5.0, leans), _frames(90.0, leans)])
    t_s = np.arange(len(xy)) / 30.0
    changes = view_changes(xy, t_s)
    assert len(changes) == 1
    assert abs(t_s[changes[0]] - t_s[len(leans)]) < 1.0


def test_broad_shoulders_turned_half_way_stay_oblique() -> None:
    """Shoulders broader than the front reference read past the front line when turned 50°.

    The nose off the ears' midpoint and the toes ahead of the heels keep the view oblique.
    """
    xy = _frames(50.0, _hinge_set(), shoulder_half_m=0.26)
    est = estimate_view(xy)
    assert est.yaw_deg >= FRONT_MIN_YAW_DEG
    assert est.view == "oblique" and est.facing == "right"
    for name in ("nose", "left_ear", "right_ear", "left_foot_index", "right_foot_index"):
        xy[:, idx(name)] = np.nan
    assert estimate_view(xy).view == "front"  # nothing but the width left to go by
