"""The bar against mid-foot: which wrist is the bar, where mid-foot is, when there is none."""

from __future__ import annotations

import numpy as np

from hingecoach.kinematics.bar import (
    ANKLE_TO_MIDFOOT_PER_FOOT,
    FOOT_PER_BL,
    hands_px,
    midfoot_px,
    near_side,
)
from hingecoach.kinematics.view import ViewEstimate
from hingecoach.landmarks import N_LANDMARKS, idx

N = 60
T_S = np.arange(N) / 30.0
BL_PX = 500.0
SIDE = ViewEstimate("side", 0.0, "right", 1.0)
OBLIQUE = ViewEstimate("oblique", 30.0, "right", 1.0)


def _body(*, heel_x: float = 300.0, toe_x: float = 400.0) -> tuple[np.ndarray, np.ndarray]:
    """A lifter facing image-right: both feet flat (heel→toe), knees above, hands at the knees."""
    xy = np.full((N, N_LANDMARKS, 2), np.nan)
    vis = np.full((N, N_LANDMARKS), 0.9)
    for side in ("left", "right"):
        xy[:, idx(f"{side}_heel")] = (heel_x, 900.0)
        xy[:, idx(f"{side}_foot_index")] = (toe_x, 900.0)
        xy[:, idx(f"{side}_ankle")] = (heel_x + 20.0, 880.0)
        xy[:, idx(f"{side}_knee")] = (heel_x + 60.0, 700.0)
        xy[:, idx(f"{side}_wrist")] = (380.0, 650.0)
    return xy, vis


def _midfoot(xy: np.ndarray, vis: np.ndarray, view: ViewEstimate = SIDE) -> np.ndarray:
    return midfoot_px(xy, vis, T_S, view=view, body_length_px=BL_PX)


def test_the_near_wrist_is_the_bar_in_a_side_view_even_when_the_far_one_is_seen() -> None:
    xy, vis = _body()
    assert near_side(SIDE) == "right" and near_side(ViewEstimate("side", 0, "left", -1)) == "left"
    xy[:, idx("left_wrist"), 0] = 600.0  # the far wrist guessed far off, at fair visibility
    vis[:, idx("left_wrist")] = 0.6
    assert np.allclose(hands_px(xy, vis, SIDE)[:, 0], 380.0)
    xy[:, idx("right_wrist")] = np.nan  # near one not seen at all: the far one stands in
    assert np.allclose(hands_px(xy, vis, SIDE)[:, 0], 600.0)


def test_oblique_views_take_the_wrists_midpoint_or_the_one_seen() -> None:
    xy, vis = _body()
    xy[:, idx("left_wrist"), 0] = 420.0
    assert np.allclose(hands_px(xy, vis, OBLIQUE)[:, 0], 400.0)
    vis[:, idx("left_wrist")] = 0.2  # hidden, guessed: left out
    assert np.allclose(hands_px(xy, vis, OBLIQUE)[:, 0], 380.0)
    vis[:, idx("right_wrist")] = 0.2
    assert np.isnan(hands_px(xy, vis, OBLIQUE)).all()


def test_midfoot_is_halfway_from_heel_to_toe() -> None:
    xy, vis = _body(heel_x=300.0, toe_x=400.0)
    assert np.allclose(_midfoot(xy, vis), (350.0, 900.0))
    assert np.allclose(_midfoot(xy, vis, OBLIQUE), (350.0, 900.0))


def test_hidden_heels_and_toes_fall_back_to_the_ankle_plus_a_quarter_foot() -> None:
    xy, vis = _body()
    for side in ("left", "right"):
        vis[:, idx(f"{side}_heel")] = 0.3
    want = 320.0 + ANKLE_TO_MIDFOOT_PER_FOOT * FOOT_PER_BL * BL_PX
    assert np.allclose(_midfoot(xy, vis)[:, 0], want)
    facing_left = ViewEstimate("side", 0.0, "left", -1.0)
    assert np.allclose(_midfoot(xy, vis, facing_left)[:, 0], 320.0 - (want - 320.0))


def test_feet_guessed_behind_a_plate_do_not_move_midfoot() -> None:
    """Hands below the knees (a plate in front of the feet): those frames are not trusted."""
    xy, vis = _body()
    low = slice(20, 40)
    xy[low, idx("right_wrist"), 1] = 850.0  # below the knees
    xy[low, idx("right_heel"), 0] = 250.0  # the guess wanders, with high visibility
    xy[low, idx("right_foot_index"), 0] = 330.0
    assert np.allclose(_midfoot(xy, vis)[:, 0], 350.0)


def test_standing_on_one_leg_has_no_midfoot() -> None:
    """A single-leg hinge: the free foot far up; the bar balances against the free leg."""
    xy, vis = _body()
    for name in ("left_heel", "left_foot_index", "left_ankle"):
        xy[:, idx(name), 1] -= 0.3 * BL_PX
    assert np.isnan(_midfoot(xy, vis)).all()


def test_a_foot_guessed_high_while_hidden_is_not_a_lifted_foot() -> None:
    xy, vis = _body()
    for name in ("left_heel", "left_foot_index"):
        xy[:, idx(name), 1] -= 0.3 * BL_PX
        vis[:, idx(name)] = 0.2
    assert np.isfinite(_midfoot(xy, vis)).all()
