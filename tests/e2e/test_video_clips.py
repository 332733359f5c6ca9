"""End to end on the real clips in ../shared/data/clips: what the manifest states, we find.

The pose model runs once per clip (cached for the session); every assertion below is a fact from
../shared/data/README.md: rep counts, view, the exercise, visible faults, and the clips that
must be refused or flagged (a squat, two people walking, a lifter leaving the picture).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from hingecoach.checks.registry import BY_ID
from hingecoach.models import SetResult
from hingecoach.pipeline import analyze_video
from tests.conftest import shared_data

pytestmark = pytest.mark.e2e


@cache
def _analysed(name: str) -> SetResult:
    return analyze_video(Path(shared_data() / "clips" / f"{name}.mp4")).result


def analysed(name: str) -> SetResult:
    """The clip's result, analysed once per session."""
    shared_data()  # skip or fail first, before any caching
    return _analysed(name)


@pytest.mark.parametrize(
    "name",
    [
        "dl_side_good",
        "dl_side_knees_straighten_early",
        "dl_side_heel_lift",
        "dl_side_full_rep",
        "dl_side_full_rep_plate_hides_shins",
    ],
)
def test_side_deadlifts_are_one_pull_seen_from_the_side(name: str) -> None:
    r = analysed(name)
    assert r.exercise == "conventional_deadlift"
    assert r.view == "side"
    assert r.rep_count == 1
    assert r.score is not None


def test_good_morning_with_dowel_counts_four_and_not_the_partial_opening() -> None:
    r = analysed("gm_dowel_front_oblique")
    assert r.exercise == "good_morning"
    assert r.rep_count == 4
    assert not r.reps[0].counted  # the clip opens in the middle of a fifth rep


def test_kettlebell_good_morning_flags_the_marked_knee_bend() -> None:
    r = analysed("gm_kettlebell_oblique")
    assert r.rep_count == 6
    bent = [rep for rep in r.reps if rep.counted and "knee_bend" in {f.check for f in rep.faults}]
    assert len(bent) >= 4
    assert (r.fix_first or "").startswith(BY_ID["knee_bend"].cue)


def test_kettlebell_deadlift_counts_five_and_warns_about_the_black_ending() -> None:
    r = analysed("kb_deadlift_oblique")
    assert r.rep_count == 5
    assert any("no person after" in w for w in r.warnings)


def test_russian_swings_are_counted_without_the_hike_and_the_park() -> None:
    r = analysed("kb_swing_russian")
    assert r.exercise == "kb_swing"
    assert 9 <= r.rep_count <= 10
    assert not r.reps[0].counted and not r.reps[-1].counted


def test_goblet_squat_is_recognised_as_not_a_hinge() -> None:
    r = analysed("squat_goblet_not_a_hinge")
    assert not r.is_hinge
    assert r.rep_count == 5
    assert any("squat" in w for w in r.warnings)
    assert r.score is None


def test_two_people_walking_has_no_reps_and_a_warning() -> None:
    r = analysed("two_people_walking_sports2d")
    assert r.rep_count == 0
    assert any("two people" in w for w in r.warnings)
    assert all(not rep.findings for rep in r.reps)
