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

(d) the same full path with ``jobs=2`` (``analyze --jobs 2``): the video in two time chunks, the
    second in a spawned worker process (:mod:`hingecoach.video.parallel`). Its speed-up is
    (b)'s wall time over (d)'s, on the clip and on the 1080p clip (where (b) runs too).

MediaPipe is warmed up once before any timing (import, graph build, one inference), since model
loading is a one-off and not per-frame cost; (b) and (c) each still build one fresh graph inside
their timed region, so they stay comparable. Targets: (c)/(b) wall time ≤ 1.15; the full path at
≥ 1.5× real time on a 30 fps 1080p clip (made here by upscaling the clip, padded, ~10 s); the
full path's peak RSS (VmHWM of a fresh subprocess, not ru_maxrss: see ``child``) differing by
< 20 % between the clip and the clip looped four times: memory must not grow with video length;
(d)/(b) ≥ 1.8 on both clips with 2 jobs, and each (d) worker's peak RSS (its VmHWM, polled
from the parent) within 20 % between the clip and the clip looped four times. Always exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import resource
import subprocess
import sys
import tempfile
import threading
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
SPEEDUP_TARGET = 1.8
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


def jobs_path(clip: Path, jobs: int = 2) -> int:
    """(d): ``analyze_video`` with the pose in ``jobs`` processes; returns the frames."""
    return int(analyze_video(clip, console=Console(quiet=True), jobs=jobs).track.n_frames)


def _vm_hwm_kib(pid: int | str) -> int | None:
    """Peak resident memory (VmHWM, KiB) of a live process, or None when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), None)


class ChildPeaks:
    """Polls the VmHWM of this process's child processes (the pose workers) until stopped."""

    def __init__(self, every_s: float = 0.05) -> None:
        """Start polling in a daemon thread."""
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._every_s = every_s
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _children(self) -> set[int]:
        pids: set[int] = set()
        for task in Path("/proc/self/task").iterdir():
            with contextlib.suppress(OSError):
                pids.update(int(p) for p in (task / "children").read_text().split())
        return pids

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self._children():
                cmd = Path(f"/proc/{pid}/cmdline")
                with contextlib.suppress(OSError):
                    if b"spawn_main" not in cmd.read_bytes():
                        continue  # the resource tracker, not a worker
                    kib = _vm_hwm_kib(pid)
                    if kib is not None:
                        self.peaks[pid] = max(self.peaks.get(pid, 0), kib)
            self._stop.wait(self._every_s)

    def stop(self) -> dict[int, int]:
        """Stop polling; each worker's peak (KiB) by pid."""
        self._stop.set()
        self._thread.join()
        return self.peaks


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


def child_peak_rss_mb(clip: Path, jobs: int = 1) -> tuple[float, float, float, float]:
    """Full path on ``clip`` in a fresh interpreter with ``jobs`` pose processes.

    Returns:
        (VmHWM MiB, ru_maxrss MiB, wall s, largest worker VmHWM MiB or 0 with one process).
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(clip), "--jobs", str(jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    maxrss_kb, hwm_kb, wall, worker_kb = proc.stdout.strip().splitlines()[-1].split()
    return int(hwm_kb) / 1024.0, int(maxrss_kb) / 1024.0, float(wall), int(worker_kb) / 1024.0


def child(clip: Path, jobs: int) -> None:
    """``--child`` mode: analyse ``clip`` once with ``jobs`` pose processes; print the peaks.

    Prints ``<ru_maxrss KiB> <VmHWM KiB> <wall s> <largest worker VmHWM KiB>``.

    On Linux ``ru_maxrss`` survives fork+exec, so a child started by this (big) process starts
    at the parent's peak; ``VmHWM`` belongs to the new address space and is the honest peak.
    The workers' VmHWM is polled from here while they run (they exit with the pool).
    """
    peaks = ChildPeaks() if jobs > 1 else None
    _, wall, _ = timed(lambda: full_path(clip) if jobs == 1 else jobs_path(clip, jobs))
    worker = max((peaks.stop() if peaks is not None else {}).values(), default=0)
    hwm = _vm_hwm_kib("self") or -1
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, hwm, f"{wall:.3f}", worker)


def main() -> None:
    """Time (a)-(d) on the clip and a 1080p version, then peak memory; print ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clip", nargs="?", type=Path, default=DEFAULT_CLIP)
    parser.add_argument("--jobs", type=int, default=2, help="pose processes for (d)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    clip: Path = args.clip.resolve()
    jobs: int = args.jobs
    if args.child:
        return child(clip, jobs)
    info = probe(clip)
    console.print(
        f"clip {clip.name}: {info.width}x{info.height} {info.fps:.0f} fps {info.duration_s:.1f} s;"
        f" {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start (other work on"
        " the machine skews times; MediaPipe's C++ warnings on stderr are harmless)"
    )
    console.print(f"warm-up before timing (MediaPipe graph build + 1 frame): {warm_up(clip):.2f} s")
    d_name = f"(d) analyze_video jobs={jobs}"
    with tempfile.TemporaryDirectory(prefix="hingecoach-bench-") as tmp:
        console.print("encoding 1920x1080 30 fps ~10 s, 1x and 4x loops with libx264 ...")
        hd = encode(clip, Path(tmp) / "hd1080.mp4", seconds=10.0, size=(1920, 1080))
        once = encode(clip, Path(tmp) / "loop1.mp4", size=(info.width, info.height))
        four = encode(clip, Path(tmp) / "loop4.mp4", loops=4, size=(info.width, info.height))
        runs: dict[str, tuple[Callable[[Path], int], Path]] = {
            "(a) decode only": (decode_only, clip),
            "(b) decode + raw mp.solutions.pose": (raw_mediapipe_loop, clip),
            "(b') decode + MediaPipePose.process": (backend_loop, clip),
            "(c) full analyze_video": (full_path, clip),
            d_name: (partial(jobs_path, jobs=jobs), clip),
            "(b) raw pose loop, 1080p": (raw_mediapipe_loop, hd),
            "(c) full analyze_video, 1080p": (full_path, hd),
            f"{d_name}, 1080p": (partial(jobs_path, jobs=jobs), hd),
        }
        table = _table()
        times, cpus, durations = {}, {}, {}
        for name, (fn, video) in runs.items():
            console.print(f"timing {name} ...")
            n, times[name], cpus[name] = timed(partial(fn, video))
            vi = probe(video)
            durations[name] = vi.duration_s
            table.add_row(
                name,
                f"{vi.width}x{vi.height} {vi.duration_s:.1f} s",
                str(n),
                f"{times[name]:.2f}",
                f"{cpus[name]:.2f}",
                f"{n / times[name]:.1f}",
                f"{vi.duration_s / times[name]:.2f}",
            )
        console.print("peak RSS of the full path on the clip re-encoded 1x and 4x, fresh processes")
        mem = {
            (loops, j): (probe(v).duration_s, *child_peak_rss_mb(v, j))
            for loops, v in (("1x", once), ("4x", four))
            for j in (1, jobs)
        }
    for (loops, j), (dur, rss, maxrss, wall, worker) in mem.items():
        console.print(
            f"clip {loops}, jobs={j}: VmHWM {rss:.1f} MiB; ru_maxrss {maxrss:.1f} MiB (inherited)"
            + (f"; largest worker VmHWM {worker:.1f} MiB" if j > 1 else "")
        )
        row = (f"{dur:.1f} s", "", f"{wall:.2f}", "", "", f"{dur / wall:.2f}", f"{rss:.1f}")
        table.add_row(f"(c/d) fresh subprocess, clip {loops}, jobs={j}", *row)
    console.print(table)
    _verdicts(times, cpus, durations, mem, d_name, jobs)


def _table() -> Table:
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
    return table


def _verdicts(
    times: dict[str, float],
    cpus: dict[str, float],
    durations: dict[str, float],
    mem: dict[tuple[str, int], tuple[float, float, float, float, float]],
    d_name: str,
    jobs: int,
) -> None:
    """Print the ratios and PASS/MISS against the targets in the module docstring."""
    b, b2, c = (
        "(b) decode + raw mp.solutions.pose",
        "(b') decode + MediaPipePose.process",
        "(c) full analyze_video",
    )
    hd_b, hd_c, hd_d = (
        "(b) raw pose loop, 1080p",
        "(c) full analyze_video, 1080p",
        f"{d_name}, 1080p",
    )
    ratio, realtime = times[c] / times[b], durations[hd_c] / times[hd_c]
    speedup, speedup_hd = times[b] / times[d_name], times[hd_b] / times[hd_d]
    rss_ratio = mem[("4x", 1)][1] / mem[("1x", 1)][1]
    worker_ratio = mem[("4x", jobs)][4] / max(mem[("1x", jobs)][4], 1e-9)
    console.print(
        f"wall: (c)/(b) = {ratio:.3f}  (c)/(b') = {times[c] / times[b2]:.3f}  (b')/(b) ="
        f" {times[b2] / times[b]:.3f}; CPU: (c)/(b) = {cpus[c] / cpus[b]:.3f}  (c)/(b') ="
        f" {cpus[c] / cpus[b2]:.3f}  (b')/(b) = {cpus[b2] / cpus[b]:.3f} (CPU ratios are steadier"
        " when other work shares the cores); (d) CPU s count the calling process only"
    )
    console.print(
        f"speed-up of {d_name} over the bare one-process pose loop (b): clip {speedup:.2f}×,"
        f" 1080p {speedup_hd:.2f}× (load average now {os.getloadavg()[0]:.2f})"
    )
    for ok, what in (
        (ratio <= RATIO_TARGET, f"(c)/(b) time = {ratio:.3f} (≤ {RATIO_TARGET})"),
        (realtime >= REALTIME_TARGET, f"1080p30 full path = {realtime:.2f}× real time (≥ 1.5)"),
        (abs(rss_ratio - 1.0) < MEMORY_TARGET, f"peak RSS 4x/1x = {rss_ratio:.3f} (within 20%)"),
        (speedup >= SPEEDUP_TARGET, f"(b)/(d) clip = {speedup:.2f} (≥ {SPEEDUP_TARGET})"),
        (speedup_hd >= SPEEDUP_TARGET, f"(b)/(d) 1080p = {speedup_hd:.2f} (≥ {SPEEDUP_TARGET})"),
        (
            abs(worker_ratio - 1.0) < MEMORY_TARGET,
            f"worker peak RSS 4x/1x = {worker_ratio:.3f} (within 20%)",
        ),
    ):
        console.print(f"[bold green]PASS[/] {what}" if ok else f"[bold red]MISS[/] {what}")


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a benchmark reports; it never fails the build
        console.print(f"[bold red]benchmark error:[/] {exc!r}")
    sys.exit(0)
