"""Spine curvature from the dorsal (back) outline: the virtual dowel.

The dowel test lays a straight stick on the back: head, upper back and sacrum touch it when the
spine is neutral. We do the same with the traced back outline from sacrum to upper back: the
chord between its ends is the dowel, and how far the outline bows away from it says whether the
lower back rounded (bows dorsally, away from the stick's contact) or over-arched (bows ventrally).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hingecoach.kinematics.angles import to_sagittal
from hingecoach.kinematics.filters import running_median_s, zero_phase

#: The back's curve changes slowly; its outline is traced independently every frame and is
#: noisy, so it gets a median (outliers) then a lower low-pass cut-off than the joints.
SPINE_CUTOFF_HZ = 1.5
#: Length of that median, seconds (5 frames at 30 fps, 11 at 60 fps).
SPINE_MEDIAN_S = 0.17


def spine_bend_deg(contour: np.ndarray) -> float:
    """Total turning angle of the back outline, + for rounding (flexion), − for arching.

    A least-squares parabola through the chord's ends, ``d(u) = c·u·(1−u)``, fits the signed
    distance ``d`` of each point from the chord (``u`` = position along the chord, 0..1), which
    averages pixel noise over all points. Its sagitta ``s = c/4`` gives, for a circular arc of
    chord ``L``, the turning angle ``θ = 4·atan(2s/L)``.

    Args:
        contour: ``(K, 2)`` outline in sagittal coordinates (forward, up), sacrum first.

    Returns:
        Degrees; NaN when the outline is degenerate.
    """
    pts = np.asarray(contour, dtype=float)
    pts = pts[np.all(np.isfinite(pts), axis=1)]
    if len(pts) < 5:
        return float("nan")
    chord = pts[-1] - pts[0]
    length = float(np.hypot(*chord))
    if length <= 0:
        return float("nan")
    along = chord / length
    dorsal = np.array([-along[1], along[0]])  # chord rotated +90°: backwards for an upright back
    rel = pts - pts[0]
    u = rel @ along / length
    d = rel @ dorsal
    basis = u * (1.0 - u)
    denom = float(basis @ basis)
    if denom <= 0:
        return float("nan")
    sagitta = (float(basis @ d) / denom) / 4.0
    return float(np.degrees(4.0 * np.arctan(2.0 * sagitta / length)))


def spine_series_deg(
    back_contour: Sequence[np.ndarray | None] | None, t_s: np.ndarray, facing_sign: float
) -> np.ndarray:
    """:func:`spine_bend_deg` per frame (NaN without an outline), median-filtered and smoothed."""
    out = np.full(len(t_s), np.nan)
    if back_contour is None:
        return out
    for i, c in enumerate(back_contour):
        if c is not None and len(c) >= 5:
            out[i] = spine_bend_deg(to_sagittal(np.asarray(c, dtype=float), facing_sign))
    if np.isfinite(out).sum() < 4:
        return out
    return zero_phase(running_median_s(out, t_s, SPINE_MEDIAN_S), t_s, cutoff_hz=SPINE_CUTOFF_HZ)
