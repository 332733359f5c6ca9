"""Pose-estimator-like corruption of clean projections.

What real 2D pose tracks suffer, in the order it is applied: slow wobble (AR(1) jitter),
white pixel noise, poor frames (low visibility, more noise), whole-body left/right swaps,
and missed landmarks (NaN with visibility 0 — never a silent zero), plus a back contour
that is noisy and sometimes lost, and optional timestamp jitter (variable frame rate).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.landmarks import NAMES, idx
from hingecoach.synth.spec import NoiseSpec


def swap_permutation() -> np.ndarray:
    """Index permutation ``(33,)`` that exchanges every left/right landmark pair."""
    perm = np.arange(len(NAMES))
    for i, name in enumerate(NAMES):
        for a, b in (("left", "right"), ("right", "left")):
            if a in name:
                perm[i] = idx(name.replace(a, b))
    return perm


@dataclass(frozen=True)
class Noisy:
    """Corrupted outputs (shapes as in ``PoseTrack``)."""

    t_s: np.ndarray
    landmarks: np.ndarray
    world: np.ndarray
    back_contour: tuple[np.ndarray | None, ...] | None


def _ar1(
    rng: np.random.Generator, shape: tuple[int, ...], sigma: float, alpha: float
) -> np.ndarray:
    """Stationary AR(1) noise along axis 0 with standard deviation ``sigma``."""
    out = np.zeros(shape)
    if sigma <= 0:
        return out
    eps = rng.standard_normal(shape) * sigma * np.sqrt(1 - alpha**2)
    out[0] = rng.standard_normal(shape[1:]) * sigma
    for i in range(1, shape[0]):
        out[i] = alpha * out[i - 1] + eps[i]
    return out


def corrupt(
    noise: NoiseSpec,
    rng: np.random.Generator,
    *,
    t_s: np.ndarray,
    landmarks: np.ndarray,
    world: np.ndarray,
    contour: np.ndarray | None,
    m_per_px: float,
) -> Noisy:
    """Apply ``noise`` to clean ``landmarks (N,33,4)``, ``world (N,33,3)``, ``contour (N,K,2)``.

    ``m_per_px`` converts pixel noise to metres for the world landmarks at the body's depth.
    """
    n = len(t_s)
    lm, wd = landmarks.copy(), world.copy()
    dt = float(np.median(np.diff(t_s))) if n > 1 else 1.0
    alpha = float(np.exp(-dt / max(noise.jitter_tau_s, 1e-6)))
    sigma = np.full((n, 1, 1), noise.sigma_px)
    poor = rng.random(n) < noise.low_visibility_rate
    sigma[poor] *= 3.0
    xy_noise = _ar1(rng, (n, lm.shape[1], 2), noise.jitter_px, alpha)
    xy_noise += rng.standard_normal((n, lm.shape[1], 2)) * sigma
    lm[..., :2] += xy_noise
    wd += rng.standard_normal(wd.shape) * sigma * m_per_px
    lm[poor, :, 3] *= rng.uniform(0.3, 0.6, (int(poor.sum()), 1))
    swapped = rng.random(n) < noise.swap_rate
    perm = swap_permutation()
    lm[swapped] = lm[swapped][:, perm]
    wd[swapped] = wd[swapped][:, perm]
    miss = rng.random(lm.shape[:2]) < noise.dropout_rate
    lm[miss, :3] = np.nan
    lm[miss, 3] = 0.0
    wd[miss] = np.nan
    return Noisy(_jitter_time(noise, rng, t_s), lm, wd, _noisy_contour(noise, rng, contour))


def _noisy_contour(
    noise: NoiseSpec, rng: np.random.Generator, contour: np.ndarray | None
) -> tuple[np.ndarray | None, ...] | None:
    if contour is None:
        return None
    lost = rng.random(len(contour)) < noise.contour_dropout_rate
    pts = contour + rng.standard_normal(contour.shape) * noise.sigma_px
    return tuple(None if lost[i] else pts[i] for i in range(len(contour)))


def _jitter_time(noise: NoiseSpec, rng: np.random.Generator, t_s: np.ndarray) -> np.ndarray:
    """Timestamps with variable-frame-rate jitter, kept non-decreasing and starting at 0."""
    if noise.vfr_jitter_s <= 0:
        return t_s.copy()
    t = t_s + rng.normal(0.0, noise.vfr_jitter_s, t_s.shape)
    t[0] = t_s[0]
    return np.maximum.accumulate(t)
