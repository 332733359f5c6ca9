"""The stick searched for in a video's frames, and on into the dowel test.

A short clip of the drawn figure, with a bar and without, through
:func:`hingecoach.selftest.run.search_dowel`.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from hingecoach.kinematics.signals import compute_signals
from hingecoach.landmarks import N_LANDMARKS, idx
from hingecoach.models import PoseTrack
from hingecoach.selftest.dowel_test import dowel_result
from hingecoach.selftest.run import search_dowel
from tests.selftest.drawn import TORSO_PX, Drawn, draw_figure

FPS = 30.0
N_FRAMES = 8


def _video(fig: Drawn, path: Path) -> Path:
    h, w = fig.gray.shape
    out = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), FPS, (w, h))
    if not out.isOpened():
        pytest.skip("OpenCV cannot write mp4v here")
    for _ in range(N_FRAMES):
        out.write(cv2.cvtColor(fig.gray, cv2.COLOR_GRAY2BGR))
    out.release()
    return path


def _track(fig: Drawn) -> PoseTrack:
    """Landmarks of the drawn figure: hips, shoulders, head (ear, nose), knees and ankles."""
    hip, top = fig.back_px[0] - 45.0 * fig.dorsal, fig.back_px[-1] - 45.0 * fig.dorsal
    along = (top - hip) / TORSO_PX
    lm = np.full((N_LANDMARKS, 4), np.nan)
    lm[:, 3] = 0.0
    at = {
        "hip": hip,
        "shoulder": top,
        # the drawn head's centre (radius 0.2 torso, its back on the back's line)
        "ear": top + 0.45 * TORSO_PX * along + (45.0 - 0.2 * TORSO_PX) * fig.dorsal,
        "knee": hip + np.array([-5.0, 125.0]),
        "ankle": hip + np.array([-10.0, 250.0]),
        "heel": hip + np.array([-25.0, 255.0]),
        "foot_index": hip + np.array([25.0, 255.0]),
    }
    for name, p in at.items():
        for side in ("left", "right"):
            lm[idx(f"{side}_{name}")] = [p[0], p[1], 0.0, 0.95]
    # back of the head = ear + 0.8 (ear - nose): a nose 0.2 torso / 0.8 in front of the centre
    # puts it on the head's back, where the bar touches it
    lm[idx("nose")] = [*(at["ear"] - 0.2 * TORSO_PX / 0.8 * fig.dorsal), 0.0, 0.95]
    return PoseTrack(
        t_s=np.arange(N_FRAMES) / FPS,
        landmarks=np.repeat(lm[None], N_FRAMES, axis=0),
        image_size=(fig.gray.shape[1], fig.gray.shape[0]),
        back_contour=tuple(fig.back_px for _ in range(N_FRAMES)),
    )


def test_stick_found_in_every_frame(tmp_path: Path) -> None:
    fig = draw_figure(dowel=True)
    track = _track(fig)
    found = search_dowel(_video(fig, tmp_path / "dowel.mp4"), track, compute_signals(track))
    assert all(f is not None for f in found)
    a, b = fig.dowel  # type: ignore[misc]
    for line in found:
        assert line is not None
        d = (line.b - line.a) / np.hypot(*(line.b - line.a))
        n = np.array([-d[1], d[0]])
        assert abs((a - line.a) @ n) <= 3.0 and abs((b - line.a) @ n) <= 3.0
    sig = compute_signals(track)
    r = dowel_result(track, sig, [], height_m=1.75, found=found)
    assert r.dowel == "detected" and r.detected_share == 1.0
    assert r.frames_judged == N_FRAMES
    assert r.losses == []  # the bar lies on the head, upper back and sacrum


def test_no_stick_in_the_frames(tmp_path: Path) -> None:
    fig = draw_figure(dowel=False)
    track = _track(fig)
    found = search_dowel(_video(fig, tmp_path / "none.mp4"), track, compute_signals(track))
    assert found == [None] * N_FRAMES
