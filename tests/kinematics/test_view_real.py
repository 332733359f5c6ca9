"""The camera view on the labelled real clips, read from ../shared/data at test time.

Each clip's pose track comes from the track cache (computed on a miss) and its view is estimated
over the whole clip, as a clip of one shot reports it; graded with the evaluation's own view
matching (a ``rear`` label is right when the result is ``front``, ``mixed`` is not graded here).
Issue 11's target is a view right on 90 % of the clips of each folder: met on ``clips`` and
pinned; on ``real_dev`` the measured level is pinned as a floor and the target is a strict xfail,
which fails the day it is met so that it gets pinned instead.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from hingecoach.evaluation.grading import VIEW_MATCHES, load_labels
from hingecoach.kinematics.signals import compute_signals
from hingecoach.video.track_cache import cached_track_video
from tests.conftest import shared_data

pytestmark = pytest.mark.e2e

#: Issue 11: the view right on at least 90 % of the clips with a view label.
VIEW_TARGET = 0.90
#: real_dev's view as measured when this was pinned (36 of 54). Of the 18 misses, eight are the
#: aidl clips labelled oblique whose camera looks along the bar (the near plate a circle, the
#: feet stacked: 4–8° of yaw); four are Goondoc08 clips labelled front in which the lifter is
#: turned 30–45° from the camera by every cue (widths, nose between the ears, toes); and the
#: rest are plates or a bar hiding the torso, a single-leg RDL's open pelvis, a lunge, a rear
#: view and a squat on the side/oblique line (24° against 25°).
REAL_DEV_VIEW_FLOOR = 36


def _views_right(folder: Path) -> tuple[int, int, list[str]]:
    """(right, graded, misses) over the clips of ``folder`` with a gradable view label."""
    right, graded, misses = 0, 0, []
    for clip, label in load_labels(folder).items():
        if label.view not in VIEW_MATCHES:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            tracked, _ = cached_track_video(folder / clip)
        view = compute_signals(tracked.track).view.view
        graded += 1
        if view in VIEW_MATCHES[label.view]:
            right += 1
        else:
            misses.append(f"{clip}: label {label.view}, result {view}")
    return right, graded, misses


@pytest.fixture(scope="module")
def real_dev() -> tuple[int, int, list[str]]:
    return _views_right(shared_data() / "real_dev")


def test_the_view_is_right_on_nine_clips_in_ten_of_the_clips_folder() -> None:
    right, graded, misses = _views_right(shared_data() / "clips")
    assert graded == 11
    assert right / graded >= VIEW_TARGET, misses


def test_the_view_on_real_dev_holds_the_measured_floor(
    real_dev: tuple[int, int, list[str]],
) -> None:
    right, graded, misses = real_dev
    assert graded == 54
    assert right >= REAL_DEV_VIEW_FLOOR, misses


@pytest.mark.xfail(
    strict=True,
    reason="36/54 (67 %): eight aidl clips labelled oblique are seen along the bar (4–8° yaw), "
    "four Goondoc08 clips labelled front sit on the front/oblique line (turned 25–35° by eye)",
)
def test_the_view_is_right_on_nine_clips_in_ten_of_real_dev(
    real_dev: tuple[int, int, list[str]],
) -> None:
    right, graded, misses = real_dev
    assert right / graded >= VIEW_TARGET, misses
