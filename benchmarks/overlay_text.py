"""Benchmark: what the annotated video's text costs per frame.

Run as ``.venv/bin/python benchmarks/overlay_text.py [CLIP] [--size WxH]`` (default: the Russian
kettlebell swing from ``../shared/data/clips``, 404x720; ``--size`` resizes the frames, e.g.
1080x1920 for a phone's portrait clip). The first 120 frames are decoded once, then
:func:`hingecoach.video.overlay.draw_overlay` is timed with the angles (a new value every ten
frames), the rep counter and a cue banner flashing on and off every 15 frames, against the same
frames drawn with no text. Best of five passes, milliseconds per frame.

To compare with another commit, run this file with ``PYTHONPATH`` pointing at that commit's
``src`` (``git archive COMMIT src | tar -x -C /tmp/old``). Absolute numbers depend on what else
runs on the machine: the load average is printed with them. Always exits 0.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import cv2
import numpy as np

from hingecoach.video.decode import open_video
from hingecoach.video.overlay import draw_overlay

CLIP = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "clips" / "gm_kettlebell_oblique.mp4"
)
CUE = "Rep 3 — your knees slid forward before your hips moved back: push the hips back first"
N_FRAMES = 120


def _pass(frames: list[np.ndarray], text: bool) -> float:
    """Milliseconds per frame for one pass over ``frames``."""
    t0 = time.perf_counter()
    for k, rgb in enumerate(frames):
        if text:
            angles = {"torso": 40.0 + k // 10, "hip": 80.0 + k // 10, "knee": 20.0, "shin": 5.0}
            cue = CUE if (k // 15) % 2 else None
            draw_overlay(rgb, None, angles=angles, rep_count=k // 40, fault_text=cue)
        else:
            draw_overlay(rgb, None)
    return (time.perf_counter() - t0) / len(frames) * 1e3


def main() -> None:
    """Time the overlay with and without its text and print the difference."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("clip", nargs="?", type=Path, default=CLIP)
    ap.add_argument("--size", help="resize frames to WxH first, e.g. 1080x1920")
    args = ap.parse_args()
    frames = [f.rgb for _, f in zip(range(N_FRAMES), open_video(args.clip).frames(), strict=False)]
    if args.size:
        w, h = (int(v) for v in args.size.lower().split("x"))
        frames = [cv2.resize(f, (w, h)) for f in frames]
    h, w = frames[0].shape[:2]
    _pass(frames, True)  # warm the caches as a video's first frames do
    with_text = min(_pass(frames, True) for _ in range(5))
    plain = min(_pass(frames, False) for _ in range(5))
    print(
        f"{args.clip.name} {w}x{h}, {len(frames)} frames: overlay {with_text:.2f} ms/frame with "
        f"text, {plain:.2f} without; text {with_text - plain:.2f} ms/frame "
        f"(load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
