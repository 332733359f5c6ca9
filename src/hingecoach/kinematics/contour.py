"""Spine curvature from the dorsal (back) outline: the virtual dowel.

The dowel test lays a straight stick on the back: head, upper back and sacrum touch it when the
spine is neutral. We do the same with the traced back outline from sacrum to upper back: the
chord between its ends is the dowel, and how far the outline bows away from it says whether the
lower back rounded (bows dorsally, away from the stick's contact) or over-arched (bows ventrally).
"""

from __future__ import annotations

import numpy as np


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
