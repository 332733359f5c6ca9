"""Helpers for the video tests: where the real clips live, and tiny synthetic videos."""

from __future__ import annotations

import os
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CLIPS = SHARED / "data" / "clips"


def clip(name: str) -> Path:
    """Path of a real clip; skip (locally) or fail (under CI) when the data folder is absent."""
    path = CLIPS / name
    if not CLIPS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"real clips folder {CLIPS} is missing under CI")
        pytest.skip(f"real clips folder {CLIPS} is absent (set up ../shared/data to run this)")
    assert path.exists(), f"{path} missing from the shared clips"
    return path


def write_mp4(
    path: Path,
    frames: Sequence[np.ndarray],
    *,
    times_s: Sequence[float] | None = None,
    rotation_ccw_deg: float | None = None,
) -> Path:
    """Encode RGB frames to H.264 mp4, optionally with explicit (VFR) times and a display matrix."""
    h, w = frames[0].shape[:2]
    tb = Fraction(1, 90000)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.time_base = tb
        stream.codec_context.time_base = tb
        if rotation_ccw_deg is not None:
            stream.set_display_rotation(rotation_ccw_deg)
        for i, img in enumerate(frames):
            vf = av.VideoFrame.from_ndarray(np.ascontiguousarray(img), format="rgb24")
            t = times_s[i] if times_s is not None else i / 30.0
            vf.pts, vf.time_base = round(t / tb), tb
            for p in stream.encode(vf):
                out.mux(p)
        for p in stream.encode():
            out.mux(p)
    return path


def gradient_frames(n: int, h: int = 64, w: int = 96) -> list[np.ndarray]:
    """Frames with a bright top-left quadrant (to check orientation) and a moving bar."""
    out = []
    for i in range(n):
        img = np.zeros((h, w, 3), np.uint8)
        img[: h // 2, : w // 2] = 250
        img[:, (i * 3) % w, 1] = 200
        out.append(img)
    return out
