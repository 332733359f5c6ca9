"""Benchmark: what hingecoach's full video path costs on top of the pose model itself.

Run as ``.venv/bin/python benchmarks/pipeline.py [CLIP]`` (default: the Russian kettlebell swing
from ``../shared/data/clips``). Everything is measured in one run with ``time.perf_counter`` and
printed as ratios, because absolute speeds depend on the machine and on what else runs on it:

(a) decode only: ``open_video(path).frames()`` (PyAV → upright RGB), nothing else;
(b) decode + a bare MediaPipe loop, single-threaded: raw ``mp.solutions.pose.Pose`` with our
    backend's settings (video mode, model_complexity=1, segmentation on). Raw rather than
    ``MediaPipePose.process`` because the target is "our code adds at most 15 % to the pose
    model's own cost", and the wrapper's work (resizing, landmark and mask conversion) is our code.
    ``(b')`` runs the same loop through ``MediaPipePose.process`` to split the overhead;
(c) the full ``hingecoach.pipeline.analyze_video``: decode thread, pose, back-contour tracing,
    second-person search, filming checks and the analysis engine (progress bar given a quiet
    console, so terminal drawing is left out but its per-frame callback is not).

MediaPipe is warmed up once before any timing (import, graph build, one inference), since model
loading is a one-off and not per-frame cost; (b) and (c) each still build one fresh graph inside
their timed region, so they stay comparable. Targets: (c)/(b) wall time ≤ 1.15; the full path at
≥ 1.5× real time on a 30 fps 1080p clip (made here by upscaling the clip, padded, ~10 s); the
full path's peak RSS (VmHWM of a fresh subprocess, not ru_maxrss: see ``child``) differing by
< 20 % between the clip and the clip looped four times: memory must not grow with video length.
Always exits 0.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")

import av
import cv2
import mediapipe as mp
import numpy as np
import numpy.typing as npt
from rich.console import Console
from rich.table import Table

from hingecoach.pipeline import analyze_video
from hingecoach.pose.mediapipe import MediaPipePose
from hingecoach.video.decode import open_video, probe

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = REPO.parent / "shared" / "data" / "clips" / "kb_swing_russian.mp4"
RATIO_TARGET = 1.15
REALTIME_TARGET = 1.5
MEMORY_TARGET = 0.20
console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
Frame = npt.NDArray[np.uint8]


def timed(fn: Callable[[], int]) -> tuple[int, float, float]:
    """(frames processed, wall seconds, CPU seconds of this process's threads) of one call."""
    t0, c0 = time.perf_counter(), time.process_time()
    n = fn()
    return n, time.perf_counter() - t0, time.process_time() - c0


def decode_only(clip: Path) -> int:
    """(a): decode every frame of ``clip`` and drop it; returns the frame count."""
    return sum(1 for _ in open_video(clip).frames())


def raw_mediapipe_loop(clip: Path) -> int:
    """Decode + the legacy graph exactly as MediaPipePose configures it, nothing of ours."""
    settings = dict(static_image_mode=False, model_complexity=1, smooth_landmarks=True)
    with mp.solutions.pose.Pose(
        **settings, enable_segmentation=True, smooth_segmentation=True
    ) as p:
        return sum(1 for f in open_video(clip).frames() if p.process(f.rgb) is not None)


def backend_loop(clip: Path) -> int:
    """(b'): decode + ``MediaPipePose.process`` per frame; returns the frame count."""
    with MediaPipePose() as pose:
        return sum(1 for f in open_video(clip).frames() if pose.process(f.rgb, f.t_s) is not None)


def full_path(clip: Path) -> int:
    """(c): the whole ``analyze_video`` path; returns the frames in the track."""
    return int(analyze_video(clip, console=Console(quiet=True)).track.n_frames)


def warm_up(clip: Path) -> float:
    """Build a graph and run one frame (model load, XNNPACK init); returns the seconds taken."""
    t0 = time.perf_counter()
    frames = open_video(clip).frames()
    first = next(frames)
    frames.close()
    with MediaPipePose() as pose:
        pose.process(first.rgb, first.t_s)
    return time.perf_counter() - t0


def looped(clip: Path, loops: int | None) -> Iterator[Frame]:
    """Frames of ``clip`` played ``loops`` times over (forever when None)."""
    k = 0
    while loops is None or k < loops:
        yield from (f.rgb for f in open_video(clip).frames())
        k += 1


def letterbox(rgb: Frame, width: int, height: int) -> Frame:
    """Scale ``rgb`` to fit ``width``×``height`` keeping its aspect; pad the rest with black."""
    h, w = rgb.shape[:2]
    s = min(width / w, height / h)
    nw, nh = min(width, round(w * s)), min(height, round(h * s))
    out = np.zeros((height, width, 3), np.uint8)
    x0, y0 = (width - nw) // 2, (height - nh) // 2
    out[y0 : y0 + nh, x0 : x0 + nw] = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_CUBIC)
    return out


def encode(
    clip: Path, out: Path, *, size: tuple[int, int], loops: int = 1, seconds: float | None = None
) -> Path:
    """Re-encode ``clip`` at 30 fps with libx264: ``loops`` times over, or ``seconds`` long."""
    width, height = size
    frames = (
        looped(clip, loops)
        if seconds is None
        else itertools.islice(looped(clip, None), round(seconds * 30))
    )
    with av.open(str(out), mode="w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "23"}
        for rgb in frames:
            if rgb.shape[:2] != (height, width):
                rgb = letterbox(rgb, width, height)
            container.mux(stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        container.mux(stream.encode(None))
    return out


def child_peak_rss_mb(clip: Path) -> tuple[float, float, float]:
    """Full path on ``clip`` in a fresh interpreter: (VmHWM MiB, ru_maxrss MiB, wall s)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(clip)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    maxrss_kb, hwm_kb, wall = proc.stdout.strip().splitlines()[-1].split()
    return int(hwm_kb) / 1024.0, int(maxrss_kb) / 1024.0, float(wall)


def child(clip: Path) -> None:
    """``--child`` mode: analyse ``clip`` once, print ``<ru_maxrss KiB> <VmHWM KiB> <wall s>``.

    On Linux ``ru_maxrss`` survives fork+exec, so a child started by this (big) process starts
    at the parent's peak; ``VmHWM`` belongs to the new address space and is the honest peak.
    """
    _, wall, _ = timed(lambda: full_path(clip))
    status = Path("/proc/self/status").read_text().splitlines()
    hwm = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), -1)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, hwm, f"{wall:.3f}")


def main() -> None:
    """Time (a), (b), (b'), (c) on the clip and a 1080p version, then peak memory; print ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clip", nargs="?", type=Path, default=DEFAULT_CLIP)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    clip: Path = args.clip.resolve()
    if args.child:
        return child(clip)
    info = probe(clip)
    console.print(
        f"clip {clip.name}: {info.width}x{info.height} {info.fps:.0f} fps {info.duration_s:.1f} s;"
        f" {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start (other work on"
        " the machine skews times; MediaPipe's C++ warnings on stderr are harmless)"
    )
    console.print(f"warm-up before timing (MediaPipe graph build + 1 frame): {warm_up(clip):.2f} s")
    runs: dict[str, tuple[Callable[[Path], int], Path]] = {
        "(a) decode only": (decode_only, clip),
        "(b) decode + raw mp.solutions.pose": (raw_mediapipe_loop, clip),
        "(b') decode + MediaPipePose.process": (backend_loop, clip),
        "(c) full analyze_video": (full_path, clip),
    }
    table = Table(title="wall time per path (time.perf_counter, one run each)")
    for col in (
        "path",
        "video",
        "frames",
        "wall s",
        "CPU s",
        "fps",
        "× real time",
        "peak RSS MiB (VmHWM)",
    ):
        table.add_column(col, justify="left" if col in ("path", "video") else "right")
    times: dict[str, float] = {}
    cpus: dict[str, float] = {}
    hd_duration = 0.0
    with tempfile.TemporaryDirectory(prefix="hingecoach-bench-") as tmp:
        console.print("encoding 1920x1080 30 fps ~10 s, 1x and 4x loops with libx264 ...")
        hd = encode(clip, Path(tmp) / "hd1080.mp4", seconds=10.0, size=(1920, 1080))
        once = encode(clip, Path(tmp) / "loop1.mp4", size=(info.width, info.height))
        four = encode(clip, Path(tmp) / "loop4.mp4", loops=4, size=(info.width, info.height))
        runs["(c) full analyze_video, 1080p"] = (full_path, hd)
        for name, (fn, video) in runs.items():
            console.print(f"timing {name} ...")
            n, times[name], cpu = timed(partial(fn, video))
            cpus[name] = cpu
            vi = probe(video)
            hd_duration = vi.duration_s  # the 1080p run is last
            table.add_row(
                name,
                f"{vi.width}x{vi.height} {vi.duration_s:.1f} s",
                str(n),
                f"{times[name]:.2f}",
                f"{cpu:.2f}",
                f"{n / times[name]:.1f}",
                f"{vi.duration_s / times[name]:.2f}",
            )
        console.print("peak RSS of the full path on the clip re-encoded 1x and 4x, fresh processes")
        mem = [(probe(v).duration_s, *child_peak_rss_mb(v)) for v in (once, four)]
    for loops, (dur, rss, maxrss, wall) in zip(("1x", "4x"), mem, strict=True):
        console.print(f"clip {loops}: VmHWM {rss:.1f} MiB; ru_maxrss {maxrss:.1f} MiB (inherited)")
        row = (f"{dur:.1f} s", "", f"{wall:.2f}", "", "", f"{dur / wall:.2f}", f"{rss:.1f}")
        table.add_row(f"(c) fresh subprocess, clip {loops}", *row)
    console.print(table)
    t_b, t_b2, t_c, t_hd = (times[k] for k in list(runs)[1:])
    ratio, realtime, rss_ratio = t_c / t_b, hd_duration / t_hd, mem[1][1] / mem[0][1]
    c_b, c_b2, c_c = (cpus[k] for k in list(runs)[1:4])
    console.print(
        f"wall: (c)/(b) = {ratio:.3f}  (c)/(b') = {t_c / t_b2:.3f}  (b')/(b) = {t_b2 / t_b:.3f};"
        f" CPU: (c)/(b) = {c_c / c_b:.3f}  (c)/(b') = {c_c / c_b2:.3f}  (b')/(b) = {c_b2 / c_b:.3f}"
        " (CPU ratios are steadier when other work shares the cores)"
    )
    for ok, what in (
        (ratio <= RATIO_TARGET, f"(c)/(b) time = {ratio:.3f} (≤ {RATIO_TARGET})"),
        (realtime >= REALTIME_TARGET, f"1080p30 full path = {realtime:.2f}× real time (≥ 1.5)"),
        (abs(rss_ratio - 1.0) < MEMORY_TARGET, f"peak RSS 4x/1x = {rss_ratio:.3f} (within 20%)"),
    ):
        console.print(f"[bold green]PASS[/] {what}" if ok else f"[bold red]MISS[/] {what}")


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a benchmark reports; it never fails the build
        console.print(f"[bold red]benchmark error:[/] {exc!r}")
    sys.exit(0)
