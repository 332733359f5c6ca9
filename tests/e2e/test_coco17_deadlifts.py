"""End to end on real COCO-17 keypoint tracks of barbell deadlifts (another tool's output).

Each file holds one pull from the floor. COCO-17 has no heels, toes or back outline, so the
engine must say that it cannot judge the feet or the spine rather than guess.
"""

from __future__ import annotations

import pytest

from hingecoach.engine import analyze_track
from hingecoach.pose.keypoint_files import read_track
from tests.conftest import shared_data

FILES = ["dl_bad005", "dl_bad007", "dl_bad009", "dl_good001", "dl_good002", "dl_good004"]

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("name", FILES)
def test_one_pull_recognised_as_a_deadlift(name: str) -> None:
    track = read_track(shared_data() / "keypoints_coco17" / f"{name}_yolo_coco17.csv")
    result = analyze_track(track)
    assert result.exercise == "conventional_deadlift"
    assert result.rep_count == 1
    assert result.view in ("side", "oblique")
    assert "landmarks alone" in result.not_judged["torso_neutral"]
    counted = next(r for r in result.reps if r.counted)
    assert counted.start_s == 0.0  # the clip opens at the floor: the pull is the rep
    assert all(f.check != "torso_neutral" for r in result.reps for f in r.findings)


@pytest.mark.parametrize("name", ["dl_bad007", "dl_bad009", "dl_good001", "dl_good002"])
def test_bars_kept_over_midfoot_are_not_called_drifts(name: str) -> None:
    # Measured against mid-foot (ankle plus a quarter foot: COCO-17 has no heels or toes), these
    # pulls hold the bar 0.06-0.08 bl ahead of it, under the 0.10 bl limit. The source tagged
    # bad007 "bar drifting away from the body", but a coach reading its pixels saw the bar at
    # the shins (0.9 s) and labelled bar_close unclear, as for the other three (real_dev labels).
    track = read_track(shared_data() / "keypoints_coco17" / f"{name}_yolo_coco17.csv")
    result = analyze_track(track)
    counted = next(r for r in result.reps if r.counted)
    assert "bar_close" not in {f.check for f in counted.faults}
