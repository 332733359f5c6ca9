"""Bottom-position stills: one JPEG per rep, cropped to the lifter, overlay drawn, sized."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from hingecoach.landmarks import N_LANDMARKS
from hingecoach.report.stills import (
    MIN_CROP_PX,
    NEAR_BOTTOM_S,
    bottom_stills,
    crop_box,
    still_frame,
)
from hingecoach.video.overlay import DOWEL_RGB
from tests.report.conftest import Video, write_plain_mp4


def _decode(jpeg: bytes) -> np.ndarray:
    bgr = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert bgr is not None, "not a JPEG"
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def test_one_still_per_rep(small_video: Video) -> None:
    stills = bottom_stills(small_video.path, small_video.track, small_video.result, max_width=300)
    assert sorted(stills) == [r.index for r in small_video.result.reps]
    for jpeg in stills.values():
        rgb = _decode(jpeg)
        assert rgb.shape[1] == 300 and rgb.shape[0] > 100
        # plain grey frames: any strongly coloured pixel is the overlay (skeleton, dowel)
        spread = rgb.max(axis=2).astype(int) - rgb.min(axis=2)
        assert (spread > 80).mean() > 0.002
        green = (np.abs(rgb.astype(int) - DOWEL_RGB).sum(axis=2) < 90).sum()
        assert green > 50, "no dowel line drawn"


def test_missing_frame_is_left_out(small_video: Video, tmp_path: Path) -> None:
    track, result = small_video.track, small_video.result
    last_bottom = result.reps[-1].bottom_frame
    cut = track.t_s[: last_bottom - 10]  # the video ends before the last rep's bottom
    short = write_plain_mp4(tmp_path / "short.mp4", cut, track.image_size)
    stills = bottom_stills(short, track, result)
    assert result.reps[-1].index not in stills and result.reps[0].index in stills


def test_crop_box_around_body() -> None:
    lm = np.full((N_LANDMARKS, 4), np.nan)
    lm[:, 3] = 0.0
    lm[:4] = [[500, 300, 0, 1], [700, 300, 0, 1], [500, 900, 0, 1], [700, 900, 0, 1]]
    assert crop_box(lm, None, (1920, 1080), pad=0.2) == (460, 180, 740, 1020)  # 20 % margins
    lm[:4, 1] = [100, 100, 1000, 1000]
    assert crop_box(lm, None, (1920, 1080), pad=0.2)[1::2] == (0, 1080)  # clipped to the frame
    assert crop_box(np.full((N_LANDMARKS, 4), np.nan), None, (640, 480)) == (0, 0, 640, 480)
    lm[:4, :2] = [[100, 100], [101, 100], [100, 101], [101, 101]]
    x0, y0, x1, y1 = crop_box(lm, None, (1920, 1080))
    assert x1 - x0 >= MIN_CROP_PX and y1 - y0 >= MIN_CROP_PX


def test_still_frame_prefers_a_clearly_seen_neighbour(small_video: Video) -> None:
    track = small_video.track
    bottom = small_video.result.reps[0].bottom_frame
    assert still_frame(track, bottom) == bottom  # clean track: the bottom itself
    lm = track.landmarks.copy()
    lm[bottom, :, 3] = 0.3  # the bottom frame seen poorly, its neighbours well
    blurred = replace(track, landmarks=lm)
    chosen = still_frame(blurred, bottom)
    assert chosen in (bottom - 1, bottom + 1)
    assert abs(track.t_s[chosen] - track.t_s[bottom]) <= NEAR_BOTTOM_S
