"""Real clips for the live tests: each clip's pose track is computed once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from hingecoach.models import PoseTrack
from tests.conftest import shared_data


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


def feed(session, track: PoseTrack) -> list:  # type: ignore[no-untyped-def]
    """Push every frame of ``track`` into ``session``; returns the events, in order."""
    events = []
    contours = track.back_contour or (None,) * track.n_frames
    for i in range(track.n_frames):
        _, ev = session.push(float(track.t_s[i]), track.landmarks[i], contours[i])
        events += ev
    return events


def luma_ok() -> float:
    """A well-lit frame's mean luma."""
    return float(np.float32(120.0))
