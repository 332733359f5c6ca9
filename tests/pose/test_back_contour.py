"""Back contour on synthetic silhouettes whose dorsal line is known exactly."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest

from hingecoach.landmarks import N_LANDMARKS, idx
from hingecoach.pose.back_contour import trace_back_contour

H, W = 600, 700


def _scene(
    *,
    angle_deg: float,
    facing: int,
    dorsal: Callable[[np.ndarray], np.ndarray],
    torso_px: float = 220.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mask, landmarks and the true back line for a torso ``angle_deg`` above horizontal.

    ``dorsal(s)`` is the back's distance from the hip→shoulder line (pixels) at fraction ``s``.
    """
    hip = np.array([W / 2 - facing * 60.0, 380.0])
    a = np.deg2rad(angle_deg)
    unit = np.array([facing * np.cos(a), -np.sin(a)])
    shoulder = hip + torso_px * unit
    back = -facing * np.array([-unit[1], unit[0]])
    s = np.linspace(-0.15, 1.1, 80)
    line = hip[None] + s[:, None] * torso_px * unit[None]
    dorsal_pts = line + dorsal(s)[:, None] * back[None]
    ventral_pts = line - 45.0 * back[None]
    mask = np.zeros((H, W), np.uint8)
    cv2.fillPoly(mask, [np.round(np.vstack([dorsal_pts, ventral_pts[::-1]])).astype(np.int32)], 1)
    head = shoulder + 40 * unit
    cv2.circle(mask, tuple(int(v) for v in head), 35, 1, -1)
    foot_y = 560.0
    cv2.rectangle(mask, (int(hip[0]) - 25, int(hip[1])), (int(hip[0]) + 25, int(foot_y)), 1, -1)

    lm = np.full((N_LANDMARKS, 4), np.nan)
    lm[:, 3] = 0.0

    def put(name: str, xy: np.ndarray) -> None:
        lm[idx(name)] = [xy[0], xy[1], 0.0, 0.95]

    for side, off in (("left", -2.0), ("right", 2.0)):
        put(f"{side}_hip", hip + off)
        put(f"{side}_shoulder", shoulder + off)
        put(f"{side}_heel", np.array([hip[0] - facing * 20, foot_y]))
        put(f"{side}_foot_index", np.array([hip[0] + facing * 30, foot_y]))
        put(f"{side}_ankle", np.array([hip[0] - facing * 10, foot_y - 10]))
    put("nose", head + facing * np.array([30.0, 0.0]))
    s_true = np.linspace(0, 1, 16)
    truth = hip[None] + s_true[:, None] * torso_px * unit[None] + dorsal(s_true)[:, None] * back
    return mask.astype(np.float32), lm, truth


def _straight(s: np.ndarray) -> np.ndarray:
    return np.full_like(s, 30.0)


def _rounded(s: np.ndarray) -> np.ndarray:
    return 30.0 + 28.0 * np.sin(np.pi * np.clip(s, 0, 1))


@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize("angle_deg", [0.0, 35.0, 70.0])
@pytest.mark.parametrize("dorsal", [_straight, _rounded])
def test_traces_known_back_line(
    facing: int, angle_deg: float, dorsal: Callable[[np.ndarray], np.ndarray]
) -> None:
    mask, lm, truth = _scene(angle_deg=angle_deg, facing=facing, dorsal=dorsal)
    contour = trace_back_contour(mask, lm)
    assert contour is not None
    assert contour.shape == (16, 2)
    err = np.hypot(*(contour - truth).T)
    assert err.max() < 2.0, f"max error {err.max():.2f} px"


def test_rounded_back_bulges_away_from_the_chest() -> None:
    mask, lm, _ = _scene(angle_deg=0.0, facing=1, dorsal=_rounded)
    contour = trace_back_contour(mask, lm)
    assert contour is not None
    # Horizontal torso facing right: the back is up (smaller y); the bulge peaks mid-back.
    assert contour[:, 1].argmin() in range(6, 10)
    assert contour[0, 1] - contour[:, 1].min() == pytest.approx(28.0, abs=2.0)
    # Sacrum first, upper back last.
    assert contour[0, 0] < contour[-1, 0]


def test_probability_mask_is_thresholded_at_half() -> None:
    mask, lm, truth = _scene(angle_deg=20.0, facing=1, dorsal=_straight)
    soft = cv2.GaussianBlur(mask, (0, 0), 2.0)
    contour = trace_back_contour(soft, lm)
    assert contour is not None
    assert np.hypot(*(contour - truth).T).max() < 2.5


def test_no_mask_returns_none() -> None:
    _, lm, _ = _scene(angle_deg=0.0, facing=1, dorsal=_straight)
    assert trace_back_contour(None, lm) is None


def test_tiny_mask_returns_none() -> None:
    mask, lm, _ = _scene(angle_deg=0.0, facing=1, dorsal=_straight)
    small = np.zeros_like(mask)
    small[370:380, 150:160] = 1.0
    assert trace_back_contour(small, lm) is None


def test_front_view_returns_none() -> None:
    mask, lm, _ = _scene(angle_deg=80.0, facing=1, dorsal=_straight)
    ls, rs = idx("left_shoulder"), idx("right_shoulder")
    lm[ls, 0] -= 80.0
    lm[rs, 0] += 80.0
    assert trace_back_contour(mask, lm) is None


def test_unknown_facing_returns_none() -> None:
    mask, lm, _ = _scene(angle_deg=80.0, facing=1, dorsal=_straight)
    for name in ("nose", "left_heel", "right_heel", "left_foot_index", "right_foot_index"):
        lm[idx(name), :2] = np.nan
    assert trace_back_contour(mask, lm) is None


def test_missing_hips_returns_none() -> None:
    mask, lm, _ = _scene(angle_deg=30.0, facing=1, dorsal=_straight)
    lm[[idx("left_hip"), idx("right_hip")], :2] = np.nan
    assert trace_back_contour(mask, lm) is None


def test_mask_merged_with_background_returns_none() -> None:
    _, lm, _ = _scene(angle_deg=30.0, facing=1, dorsal=_straight)
    assert trace_back_contour(np.ones((H, W), np.float32), lm) is None
