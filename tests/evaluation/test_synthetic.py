"""The accuracy targets of the engine, pinned on a small seeded synthetic suite.

`hingecoach eval` runs the full suite (20 sets per exercise and view); this runs 6 per cell on a
different seed, so a change that breaks counting, angles or any fault check shows up here.
"""

from __future__ import annotations

import pytest

from hingecoach.evaluation import (
    ANGLES,
    TARGET_MAE_DEG,
    TARGET_PR,
    TARGET_REP_EXACT,
    EvalReport,
    run_suite,
    suite,
)


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return run_suite(suite(sets_per_cell=6, seed=11))


def test_rep_count_is_exact(report: EvalReport) -> None:
    for view, vr in report.views.items():
        assert vr.rep_exact / vr.sets >= TARGET_REP_EXACT, view


def test_side_view_angles_within_three_degrees(report: EvalReport) -> None:
    side = report.views["side"]
    for name in ANGLES:
        assert side.mae(name) <= TARGET_MAE_DEG, name


def test_every_visible_fault_is_found_and_nothing_else(report: EvalReport) -> None:
    for view, vr in report.views.items():
        for check, s in vr.faults.items():
            assert s.precision >= TARGET_PR and s.recall >= TARGET_PR, (view, check, vr.misses)
    assert report.targets_met, report.failures


def test_the_suite_covers_every_view_and_the_front_only_checks(report: EvalReport) -> None:
    assert set(report.views) == {"side", "oblique", "front"}
    assert {"knee_valgus", "feet_turnout"} <= set(report.views["front"].faults)
    assert {"torso_neutral", "hips_back_first", "knee_bend"} <= set(report.views["side"].faults)
