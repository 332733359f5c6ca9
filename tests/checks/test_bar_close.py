"""bar_close beyond the generic cases: only the hinged part counts, and the path's wander is named.

Limits are stated here (``LIMITS``), not read from a profile.
"""

from __future__ import annotations

import numpy as np

from hingecoach.checks.bar_close import HINGED_LEAN_DEG, BarCloseLimits
from hingecoach.checks.base import CannotJudge, Verdict
from hingecoach.checks.registry import BY_ID
from tests.checks.test_checks import N, _lean, ctx_for, make_signals

LIMITS = BarCloseLimits(enabled=True, max_offset_bl=0.10)


def _judge(offset: np.ndarray, lean: np.ndarray | None = None) -> Verdict | CannotJudge:
    over = (
        {"bar_offset_bl": offset} if lean is None else {"bar_offset_bl": offset, "lean_deg": lean}
    )
    return BY_ID["bar_close"].judge(ctx_for(make_signals(**over)), LIMITS)


def test_a_bar_ahead_only_while_standing_is_not_a_drift() -> None:
    """Standing, the hands hang at the thighs wherever the arms put them; only hinged counts."""
    offset = np.where(_lean() < HINGED_LEAN_DEG, 0.3, 0.03)
    verdict = _judge(offset)
    assert isinstance(verdict, Verdict) and not verdict.fault
    assert verdict.value == np.float64(0.03)


def test_a_drift_while_hinged_is_a_fault_and_names_the_wander() -> None:
    offset = np.where(_lean() >= 50, 0.18, 0.02)
    verdict = _judge(offset)
    assert isinstance(verdict, Verdict) and verdict.fault
    assert abs(verdict.value - 0.18) < 1e-9
    assert "wanders 0.16 bl" in verdict.detail
    assert _lean()[verdict.frame] >= 50


def test_a_rep_that_never_hinges_cannot_be_judged() -> None:
    verdict = _judge(np.full(N, 0.3), lean=np.full(N, HINGED_LEAN_DEG - 5))
    assert isinstance(verdict, CannotJudge) and "hinged" in verdict.reason


def test_hands_or_feet_unseen_while_hinged_cannot_be_judged() -> None:
    offset = np.where(_lean() >= HINGED_LEAN_DEG, np.nan, 0.02)
    verdict = _judge(offset)
    assert isinstance(verdict, CannotJudge) and "not seen" in verdict.reason
