"""The tolerance band: a value past its limit by no more than the check's error is "watch"."""

from __future__ import annotations

import pytest

from hingecoach.checks.base import Verdict
from hingecoach.checks.registry import BY_ID
from hingecoach.engine.judge import severity
from hingecoach.feedback.score import rep_score
from hingecoach.models import Finding, RepResult
from tests.live.test_cues import rep


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        (60.1, 60.0, "watch"),  # the 60.1 against 60
        (62.0, 60.0, "watch"),  # exactly the error past: may still be within in fact
        (62.01, 60.0, "fault"),
        (-12.5, -10.0, "fault"),  # below a lower limit by more than the error
        (-11.0, -10.0, "watch"),
    ],
)
def test_severity_band(value: float, limit: float, expected: str) -> None:
    verdict = Verdict(value, limit, True, 0, "")
    assert severity(verdict, 2.0) == expected


def _rep(findings: list[Finding]) -> RepResult:
    return rep(1).model_copy(update={"findings": findings})


def test_watch_is_shown_not_scored() -> None:
    head = BY_ID["head_neutral"]
    watch = Finding(check=head.id, rep=1, severity="watch", value=23.0, limit=22.0, cue=head.cue)
    fault = watch.model_copy(update={"severity": "fault", "value": 40.0})
    assert _rep([watch]).faults == [] and _rep([watch]).watches == [watch]
    assert rep_score(_rep([watch])) == 100
    assert rep_score(_rep([fault])) == 100 - head.weight
