"""All checks, in the order a coach would look at them.

Everything about a check is read from its :class:`~hingecoach.checks.base.Check` here — score
weight, feedback groups, spoken cue, report column and plot — never from a table keyed by id.
The order breaks ties wherever checks are ranked (fix-first, the live cue).
"""

from __future__ import annotations

from typing import Any

from hingecoach.checks import (
    bar_close,
    feet_turnout,
    head_neutral,
    hinge_depth,
    hips_back_first,
    hips_shoot_up,
    hips_too_low,
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

#: Every check, in the order a coach looks: sequencing, back, positions, front view, pause, tempo.
CHECKS: tuple[Check[Any], ...] = tuple(
    m.CHECK
    for m in (
        hips_back_first,
        hips_shoot_up,
        torso_neutral,
        knee_bend,
        shin_vertical,
        hips_too_low,
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
#: Each check by its id.
BY_ID: dict[str, Check[Any]] = {c.id: c for c in CHECKS}
