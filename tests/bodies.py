"""Crude landmark bodies shared by tests that need a person without a pose model."""

from __future__ import annotations

import numpy as np

from hingecoach.landmarks import N_LANDMARKS, idx


def standing(height_px: float, *, x: float = 300.0, top: float = 50.0) -> np.ndarray:
    """A crude upright person: landmarks spread from head (top) to feet (top + height)."""
    lm = np.zeros((N_LANDMARKS, 4))
    lm[:, 0] = x
    lm[:, 1] = top + np.linspace(0.0, height_px * 0.8, N_LANDMARKS)
    for name in ("left_ankle", "right_ankle", "left_heel", "right_heel"):
        lm[idx(name), 1] = top + height_px
    lm[:, 3] = 0.9
    return lm
