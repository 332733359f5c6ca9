"""MediaPipe backend: pixel landmarks at full resolution, NaN when nobody, no downloads."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from hingecoach.landmarks import idx
from hingecoach.pose.base import FramePose, PoseBackend, SupportsOtherPerson
from hingecoach.pose.mediapipe import MediaPipePose
from hingecoach.video.decode import open_video

CLIPS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "clips"


def _frames(name: str, n: int) -> list[np.ndarray]:
    if not CLIPS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"real clips folder {CLIPS} is missing under CI")
        pytest.skip(f"real clips folder {CLIPS} is absent (set up ../shared/data to run this)")
    out = []
    for f in open_video(CLIPS / name).frames():
        out.append(f.rgb)
        if len(out) == n:
            break
    return out


def test_implements_protocols() -> None:
    with MediaPipePose() as be:
        assert isinstance(be, PoseBackend) and isinstance(be, SupportsOtherPerson)


def test_no_person_is_nan_with_zero_visibility() -> None:
    with MediaPipePose() as be:
        pose = be.process(np.zeros((240, 320, 3), np.uint8), 0.0)
    assert not pose.detected
    assert np.isnan(pose.landmarks[:, :2]).all() and (pose.landmarks[:, 3] == 0).all()


def test_unbundled_model_is_refused_not_downloaded() -> None:
    with pytest.raises(ValueError, match="not bundled"):
        MediaPipePose(model_complexity=2)


def test_landmarks_in_full_resolution_pixels_after_downscale() -> None:
    frames = _frames("dl_side_good.mp4", 12)
    big = [cv2.resize(f, None, fx=2.5, fy=2.5, interpolation=cv2.INTER_LINEAR) for f in frames]
    with MediaPipePose() as small_be, MediaPipePose(max_side_px=1280) as big_be:
        for i, (f, b) in enumerate(zip(frames, big, strict=True)):
            p_small: FramePose = small_be.process(f, i / 30)
            p_big: FramePose = big_be.process(b, i / 30)
    assert b.shape[:2] == (1500, 1500)
    assert p_big.mask is not None and p_big.mask.shape == (1500, 1500)
    assert p_big.world is not None and p_big.world.shape == (33, 3)
    core = [idx(n) for n in ("left_hip", "right_hip", "left_shoulder", "right_shoulder", "nose")]
    np.testing.assert_allclose(
        p_big.landmarks[core, :2] / 2.5, p_small.landmarks[core, :2], atol=8.0
    )


def test_other_person_score_is_low_for_a_single_lifter() -> None:
    frames = _frames("dl_side_good.mp4", 1)
    with MediaPipePose() as be:
        pose = be.process(frames[0], 0.0)
        assert pose.detected
        assert be.other_person_score(frames[0], pose) < 0.5
