"""Every check states its measurement error, in its unit, with where the number comes from."""

from __future__ import annotations

import dataclasses

import pytest

from hingecoach.checks.registry import CHECKS


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_every_check_states_a_positive_error(check) -> None:  # type: ignore[no-untyped-def]
    assert check.error > 0


def test_a_check_without_a_positive_error_is_refused() -> None:
    knee = next(c for c in CHECKS if c.id == "knee_bend")
    with pytest.raises(ValueError, match="measurement error must be > 0"):
        dataclasses.replace(knee, error=0.0)
