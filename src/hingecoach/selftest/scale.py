"""Pixels and body lengths to centimetres, from the lifter's height.

The engine measures distances in body lengths (``_bl``): the summed shank + thigh + torso
length, which Drillis & Contini put at :data:`BODY_LENGTH_PER_HEIGHT` of standing height
(0.246 + 0.245 + 0.288). So one body length is ``0.779 × height`` and

    cm = bl × 0.779 × height_cm,        cm = px × 0.779 × height_cm / body_length_px.

With the default 1.75 m lifter one body length is 136 cm.
"""

from __future__ import annotations

import math

from hingecoach.kinematics.signals import SEGMENT_PER_H

#: One body length (ankle → knee → hip → shoulder) over standing height.
BODY_LENGTH_PER_HEIGHT = float(sum(SEGMENT_PER_H.values()))
#: The height assumed when the lifter gives none, metres.
DEFAULT_HEIGHT_M = 1.75


def cm_per_bl(height_m: float) -> float:
    """Centimetres in one body length for a lifter ``height_m`` tall."""
    return BODY_LENGTH_PER_HEIGHT * height_m * 100.0


def cm_per_px(height_m: float, body_length_px: float) -> float:
    """Centimetres per pixel, from the track's body length in pixels; NaN when unknown."""
    if not (math.isfinite(body_length_px) and body_length_px > 0):
        return float("nan")
    return cm_per_bl(height_m) / body_length_px
