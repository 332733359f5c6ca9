"""Issue 11's targets on the labelled real clips, pinned: read from ../shared/data at test time.

Both folders run through the whole video pipeline (pose tracks from the cache) and are graded
against their labels. Where the target is met it is pinned; where it is not met yet, the measured
level is pinned as a floor (no regression) and the target itself is a strict xfail, which fails
the day it is met so that it gets pinned instead.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hingecoach.evaluation.real import RealReport, evaluate_real
from tests.conftest import shared_data

pytestmark = pytest.mark.e2e

#: Issue 11: reps exact on at least 95 % of the clips with a rep label...
REPS_TARGET = 0.95
#: ...the exercise right on at least 90 % (every squat, row and lunge not a hinge).
EXERCISE_TARGET = 0.90
#: real_dev's rep count as measured when this was pinned (50 of 54): the four misses are a pose
#: that tracks the plates instead of the lifter (bad006, good009), a lifter too small and blurred
#: to track (bad016), and a label we believe wrong (good007: a pull from the floor is filmed).
REAL_DEV_REPS_FLOOR = 50


@pytest.fixture(scope="module")
def real_dev() -> RealReport:
    return evaluate_real(shared_data() / "real_dev")


@pytest.fixture(scope="module")
def clips() -> RealReport:
    return evaluate_real(shared_data() / "clips")


def _misses(report: RealReport) -> list[str]:
    return [f"{r.clip}: {'; '.join(r.impossible) or r.error}" for r in report.rows if r.impossible]


def _record(report: RealReport, record_property: Callable[[str, object], None]) -> None:
    for name, tally in (("reps", report.reps), ("exercise", report.exercise)):
        record_property(f"{name}_right", f"{tally.right}/{tally.graded}")
    record_property("impossible_clips", len(report.impossible))


@pytest.mark.parametrize("folder", ["real_dev", "clips"])
def test_no_impossible_value_and_no_exception(
    folder: str, request: pytest.FixtureRequest, record_property: Callable[[str, object], None]
) -> None:
    report: RealReport = request.getfixturevalue(folder)
    _record(report, record_property)
    assert not report.impossible, _misses(report)
    assert not report.errors, [f"{r.clip}: {r.error}" for r in report.errors]


@pytest.mark.parametrize("folder", ["real_dev", "clips"])
def test_the_exercise_is_right_on_nine_clips_in_ten(
    folder: str, request: pytest.FixtureRequest
) -> None:
    report: RealReport = request.getfixturevalue(folder)
    assert (report.exercise.fraction or 0.0) >= EXERCISE_TARGET, report.exercise


def test_reps_are_exact_on_the_clips_folder(clips: RealReport) -> None:
    assert (clips.reps.fraction or 0.0) >= REPS_TARGET, clips.reps


def test_reps_on_real_dev_hold_the_measured_floor(real_dev: RealReport) -> None:
    assert real_dev.reps.right >= REAL_DEV_REPS_FLOOR, real_dev.reps


@pytest.mark.xfail(
    strict=True,
    reason="50/54 (93 %): two pulls whose pose tracks the plates, one lifter too blurred to track "
    "and one label we believe wrong (good007)",
)
def test_reps_are_exact_on_real_dev(real_dev: RealReport) -> None:
    assert (real_dev.reps.fraction or 0.0) >= REPS_TARGET, real_dev.reps
