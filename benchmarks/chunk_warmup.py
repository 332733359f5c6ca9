"""Measure how long MediaPipe's tracker takes to settle after a cold start mid-video.

Run as ``.venv/bin/python benchmarks/chunk_warmup.py [CLIP ...]`` (default: every clip in
``../shared/data/clips``). It sets :data:`hingecoach.video.chunks.WARMUP_FRAMES`, the overlap a
chunk worker (``analyze --jobs N``) tracks before its own frames and then throws away.

For every clip the backend runs once from the first frame (the continuous run, what one process
does) and, at a few start frames inside the clip, a fresh backend runs from that frame on for
``--window`` frames (what a chunk worker does). Frame ``k`` after a cold start is compared with
the same frame of the continuous run on two things the analysis reads:

- position: the median x/y distance over the joints the checks measure (shoulders, hips, knees,
  ankles) that the continuous run sees (visibility ≥ 0.5), as a share of the person's height
  (the span of the seen landmarks' y);
- visibility: the largest difference over all 33 landmarks (the gates compare it with 0.5).

The cold tracker never becomes bit-equal (its region of interest follows its own landmarks), but
it settles to a floor of ~0.05 % of body height within a second. A start has settled at the
first ``k`` from which every later frame in the window is within both tolerances; the script
prints each start and the worst. A start where the continuous run sees nobody is left out.
Always exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")

import numpy as np

from hingecoach.pose.mediapipe import MediaPipePose
from hingecoach.video.decode import open_video

REPO = Path(__file__).resolve().parents[1]
CLIPS = REPO.parent / "shared" / "data" / "clips"
#: Tolerances: median joint distance as a share of body height, and visibility difference.
TOLERANCE_SHARE = 0.002
TOLERANCE_VISIBILITY = 0.05
#: Joints the checks measure: shoulders, hips, knees, ankles (BlazePose indices).
KEY_JOINTS = [11, 12, 23, 24, 25, 26, 27, 28]
STARTS = (0.2, 0.45, 0.7)


def run(clip: Path, start: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Landmarks ``(count, 33, 4)`` and times of frames from ``start`` on, from a cold backend."""
    frames = open_video(clip).frames()
    out, times = [], []
    with MediaPipePose() as pose:
        for f in frames:
            if f.frame_index < start:
                continue
            if f.frame_index >= start + count:
                break
            out.append(pose.process(f.rgb, f.t_s).landmarks)
            times.append(f.t_s)
    frames.close()
    return np.asarray(out), np.asarray(times)


def differences(cont: np.ndarray, cold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per frame: median key-joint distance / body height, and max visibility difference."""
    seen = cont[:, :, 3] >= 0.5
    d = np.linalg.norm(cont[:, KEY_JOINTS, :2] - cold[:, KEY_JOINTS, :2], axis=2)
    d = np.where(seen[:, KEY_JOINTS], d, np.nan)
    y = np.where(seen, cont[:, :, 1], np.nan)
    with np.errstate(invalid="ignore"), warnings_off():
        height = np.nanmax(y, axis=1) - np.nanmin(y, axis=1)
        share = np.nanmedian(d, axis=1) / height
    vis = np.nanmax(np.abs(np.nan_to_num(cont[:, :, 3]) - np.nan_to_num(cold[:, :, 3])), axis=1)
    return share, vis


class warnings_off:
    """Silence NumPy's all-NaN slice warnings (frames without a person)."""

    def __enter__(self) -> None:
        """Start ignoring RuntimeWarning."""
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc: object) -> None:
        """Restore the warning filters."""
        self._ctx.__exit__(None, None, None)


def settle(share: np.ndarray, vis: np.ndarray, tol: float, tol_vis: float) -> int | None:
    """First index from which every frame is within both tolerances; None if never.

    A frame without a seen key joint (NaN share) counts as within, on its visibility alone.
    """
    ok = ((share <= tol) | ~np.isfinite(share)) & (vis <= tol_vis)
    bad = np.flatnonzero(~ok)
    k = 0 if len(bad) == 0 else int(bad[-1]) + 1
    return k if k < len(share) else None


def main() -> None:
    """Measure the warm-up on each clip and print the per-start and worst figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clips", nargs="*", type=Path)
    parser.add_argument("--window", type=int, default=75, help="frames tracked after a start")
    parser.add_argument("--tol", type=float, default=TOLERANCE_SHARE)
    parser.add_argument("--at", type=int, default=30, help="also report the worst from here on")
    args = parser.parse_args()
    clips = args.clips or sorted(CLIPS.glob("*.mp4"))
    worst: list[int] = []
    for clip in clips:
        n = open_video(clip).info.n_frames_estimate
        starts = sorted({int(f * n) for f in STARTS if int(f * n) + args.window <= n})
        if not starts:
            print(f"{clip.name}: {n} frames, too short for a {args.window}-frame window")
            continue
        cont, _ = run(clip, 0, starts[-1] + args.window)
        for s in starts:
            cold, _ = run(clip, s, args.window)
            m = min(len(cold), len(cont) - s)
            share, vis = differences(cont[s : s + m], cold[:m])
            if not np.isfinite(share).any():
                print(f"{clip.name} start {s}: nobody seen, left out")
                continue
            k = settle(share, vis, args.tol, TOLERANCE_VISIBILITY)
            curve = " ".join(
                f"{v:.4f}/{w:.3f}" for v, w in zip(share[:30:3], vis[:30:3], strict=True)
            )
            at = args.at
            print(
                f"{clip.name} start {s}: settled after {k} frames; share/visibility every 3rd"
                f" frame: {curve}; worst from frame {at} on: {np.nanmax(share[at:]):.4f}/"
                f"{np.nanmax(vis[at:]):.3f}; window end {share[-1]:.4f}/{vis[-1]:.3f}"
            )
            worst.append(args.window if k is None else k)
        sys.stdout.flush()
    if worst:
        print(
            f"worst warm-up over {len(worst)} starts: {max(worst)} frames (tolerances"
            f" {args.tol} of body height, {TOLERANCE_VISIBILITY} visibility); all: {worst}"
        )


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a benchmark reports; it never fails the build
        print(f"benchmark error: {exc!r}")
    sys.exit(0)
