"""Real clips for the live tests: each clip's pose track is computed once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from hingecoach.models import PoseTrack
from tests.conftest import shared_data

#: Every clip in ``../shared/data/clips`` (its README gives their facts).
CLIPS = (
    "dl_side_full_rep",
    "dl_side_full_rep_plate_hides_shins",
    "dl_side_good",
    "dl_side_heel_lift",
    "dl_side_knees_straighten_early",
    "gm_dowel_front_oblique",
    "gm_kettlebell_oblique",
    "kb_deadlift_oblique",
    "kb_swing_russian",
    "squat_goblet_not_a_hinge",
    "two_people_walking_sports2d",
)


def clip_path(name: str) -> Path:
    """Path of ``../shared/data/clips/<name>.mp4`` (skip locally / fail under CI when absent)."""
    return shared_data() / "clips" / f"{name}.mp4"


@cache
def _track(name: str) -> PoseTrack:
    from hingecoach.video.track import track_video

    return track_video(clip_path(name)).track


def clip_track(name: str) -> PoseTrack:
    """The clip's MediaPipe track with back contours (as ``analyze`` makes it), cached."""
    clip_path(name)  # skip or fail before caching
    return _track(name)


def luma_ok() -> float:
    """A well-lit frame's mean luma."""
    return float(np.float32(120.0))
