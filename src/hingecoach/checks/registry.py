"""All checks, in the order a coach would look at them."""

from __future__ import annotations

from hingecoach.checks import (
    bar_close,
    feet_turnout,
    head_neutral,
    hinge_depth,
    hips_back_first,
    knee_bend,
    knee_valgus,
    lockout_overextension,
    lowering_control,
    pause_duration,
    pause_position,
    shin_vertical,
    torso_neutral,
)
from hingecoach.checks.base import Check

CHECKS: tuple[Check, ...] = tuple(
    m.CHECK
    for m in (
        hips_back_first,
        torso_neutral,
        knee_bend,
        shin_vertical,
        head_neutral,
        hinge_depth,
        bar_close,
        lockout_overextension,
        knee_valgus,
        feet_turnout,
        pause_position,
        pause_duration,
        lowering_control,
    )
)
BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}
