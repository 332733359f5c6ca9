"""The capture check: one fix at a time until the picture can be judged, then "ready"."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach import synth as sy
from hingecoach.checks.profiles import load_profile
from hingecoach.live.capture import (
    FEET_IN,
    MORE_LIGHT,
    READY,
    SIDE_ON,
    STEP_IN,
    CaptureCheck,
    CaptureStatus,
    mean_luma,
)
from hingecoach.models import PoseTrack
from tests.live._clips import clip_path

LIT = 120.0


def synth(view: str) -> PoseTrack:
    spec = sy.SynthSpec(exercise="rdl", reps=1, camera=sy.CameraSpec(view=view), seed=1)
    return sy.generate_set(spec).track


def run(track: PoseTrack, *, luma: float = LIT, seconds: float = 1.2) -> CaptureStatus:
    check = CaptureCheck(load_profile("rdl"), image_size=track.image_size)
    status = CaptureStatus(False, "", ())
    for t, lm in zip(track.t_s, track.landmarks, strict=True):
        if t > track.t_s[0] + seconds:
            break
        status = check.push(float(t), lm, luma)
    return status


def test_side_view_in_good_light_is_ready() -> None:
    assert run(synth("side")) == CaptureStatus(True, READY, ())


def test_front_view_is_told_to_turn_side_on_when_side_checks_are_needed() -> None:
    # No real front-view clip exists in ../shared/data (the "front-oblique" ones estimate as
    # oblique), so the front view comes from the synthetic generator's camera.
    status = run(synth("front"))
    assert not status.ready and status.message == SIDE_ON


def test_dark_picture_asks_for_light() -> None:
    status = run(synth("side"), luma=20.0)
    assert not status.ready and status.message == MORE_LIGHT


def test_nobody_in_view_is_asked_to_step_in() -> None:
    track = synth("side")
    empty = np.full_like(track.landmarks, np.nan)
    empty[..., 3] = 0.0
    status = run(PoseTrack(track.t_s, empty, track.image_size))
    assert status.message == STEP_IN


def test_luma_is_bt601() -> None:
    img = np.zeros((16, 16, 3), np.uint8)
    img[..., 1] = 100
    assert mean_luma(img) == pytest.approx(58.7, abs=0.1)


def _capture_on_clip(name: str, *, keep_rows: float) -> CaptureStatus:
    from hingecoach.pose.mediapipe import MediaPipePose
    from hingecoach.video.decode import open_video

    reader = open_video(clip_path(name))
    check = None
    status = CaptureStatus(False, "", ())
    with MediaPipePose() as pose:
        for f in reader.frames(end_s=1.3):
            rgb = np.ascontiguousarray(f.rgb[: round(keep_rows * f.rgb.shape[0])])
            if check is None:
                check = CaptureCheck(load_profile("rdl"), image_size=(rgb.shape[1], rgb.shape[0]))
            status = check.push(f.t_s, pose.process(rgb, f.t_s).landmarks, mean_luma(rgb))
    return status


@pytest.mark.e2e
def test_real_clip_with_the_feet_cut_off_is_rejected() -> None:
    # dl_side_full_rep with the bottom 30 % of every frame cut off: shins and feet out of frame.
    status = _capture_on_clip("dl_side_full_rep", keep_rows=0.7)
    assert not status.ready
    assert status.message == FEET_IN


@pytest.mark.e2e
def test_the_same_clip_whole_is_ready() -> None:
    assert _capture_on_clip("dl_side_full_rep", keep_rows=1.0).ready
