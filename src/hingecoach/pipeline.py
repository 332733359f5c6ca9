"""The edges around the engine: read a file, run the engine, write what was asked for.

This is the one place that wires decode → pose → engine → outputs, so the CLI (and later the web
app and batch jobs) call one function per input kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from hingecoach.engine import analyze_track
from hingecoach.errors import InputError
from hingecoach.kinematics.signals import compute_signals
from hingecoach.models import PoseTrack, SetResult, Side

#: How long a fault's banner stays up around the frame where it was measured, seconds.
FLASH_S = 0.5


def trim(track: PoseTrack, start_s: float | None, end_s: float | None) -> PoseTrack:
    """Frames between ``start_s`` and ``end_s`` (seconds on the track's clock)."""
    if start_s is None and end_s is None:
        return track
    lo = -np.inf if start_s is None else start_s
    hi = np.inf if end_s is None else end_s
    if hi <= lo:
        raise InputError(f"--end ({end_s}) must be after --start ({start_s})")
    keep = np.flatnonzero((track.t_s >= lo) & (track.t_s <= hi))
    if len(keep) < 3:
        raise InputError(f"nothing to analyse between {start_s} s and {end_s} s")
    return track.slice(int(keep[0]), int(keep[-1]) + 1)


@dataclass(frozen=True)
class Analysed:
    """A set's result with the track it came from (and the video, when there was one)."""

    result: SetResult
    track: PoseTrack
    video: Path | None = None


@dataclass(frozen=True)
class Outputs:
    """Where to write what; None skips an output."""

    json: Path | None = None
    csv: Path | None = None
    report: Path | None = None
    signals_csv: Path | None = None
    trc: Path | None = None
    annotated_video: Path | None = None


def analyze_keypoints(
    path: Path,
    *,
    exercise: str | None = None,
    profile: Path | None = None,
    width: int | None = None,
    height: int | None = None,
    start_s: float | None = None,
    end_s: float | None = None,
    side: Side | None = None,
) -> Analysed:
    """Analyse a keypoint file (hingecoach JSON, long CSV or COCO-17 CSV)."""
    from hingecoach.pose.keypoint_files import read_track

    track = trim(read_track(path, width=width, height=height), start_s, end_s)
    result = analyze_track(track, exercise=exercise, profile_override=profile, side=side)
    return Analysed(result, track)


def analyze_video(
    path: Path,
    *,
    exercise: str | None = None,
    profile: Path | None = None,
    start_s: float | None = None,
    end_s: float | None = None,
    console: Console | None = None,
    side: Side | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Analysed:
    """Decode a video, estimate the pose and analyse the set.

    Progress goes to ``progress(frames_done, frames_expected)`` when given (a web worker), else
    to a Rich progress bar on ``console``.
    """
    from hingecoach.video.track import track_video

    if progress is not None:
        tracked = track_video(path, start_s=start_s, end_s=end_s, progress=progress)
    else:
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} frames"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("pose", total=None)

            def show(done: int, total: int) -> None:
                bar.update(task, completed=done, total=max(total, done))

            tracked = track_video(path, start_s=start_s, end_s=end_s, progress=show)
    result = analyze_track(
        tracked.track,
        exercise=exercise,
        profile_override=profile,
        warnings=tracked.warnings,
        side=side,
    )
    return Analysed(result, tracked.track, path)


def write_outputs(done: Analysed, out: Outputs) -> list[str]:
    """Write every requested output; returns one line per file written."""
    from hingecoach.report.html import write_report
    from hingecoach.report.signals_csv import write_signals_csv
    from hingecoach.report.tables import write_json, write_reps_csv
    from hingecoach.report.trc import write_trc

    if out.annotated_video is not None and done.video is None:
        raise InputError("--video needs a source video; a keypoint file has no pixels to draw on")
    written = []
    steps = [
        (out.json, lambda p: write_json(done.result, p), "result JSON"),
        (out.csv, lambda p: write_reps_csv(done.result, p), "per-rep CSV"),
        (out.signals_csv, lambda p: write_signals_csv(done.result, p), "per-frame CSV"),
        (out.trc, lambda p: write_trc(done.track, p), "TRC landmarks"),
        (
            out.report,
            lambda p: write_report(done.result, p, video=done.video, track=done.track),
            "HTML report",
        ),
        (
            out.annotated_video,
            lambda p: write_annotated(done.video, done.track, done.result, p),
            "annotated video",
        ),
    ]
    for path, write, what in steps:
        if path is None:
            continue
        try:
            write(path)
        except OSError as e:
            raise InputError(f"{path}: cannot write the {what}: {e.strerror or e}") from None
        written.append(f"{what} → {path}")
    return written


def write_annotated(src: Path | None, track: PoseTrack, result: SetResult, out: Path) -> Path:
    """Annotated copy of the video: skeleton, dowel line, angles, rep counter, flashed faults."""
    if src is None:
        raise InputError("--video needs a source video; a keypoint file has no pixels to draw on")
    from hingecoach.video.overlay import FrameAnnotation
    from hingecoach.video.writer import write_annotated_video

    sig = compute_signals(track)
    n = track.n_frames
    reps_done = np.zeros(n, dtype=int)
    for r in result.reps:
        if r.counted:
            reps_done[r.end_frame :] += 1
    fault_at: list[str | None] = [None] * n
    for r in result.reps:
        for f in r.faults:
            if f.frame is None:
                continue
            near = np.flatnonzero(np.abs(track.t_s - track.t_s[f.frame]) <= FLASH_S)
            for i in near:
                fault_at[i] = fault_at[i] or f"rep {r.index}: {f.cue}"
    sagittal = sig.view.view in ("side", "oblique")
    annotations = []
    for i in range(n):
        angles = {"torso": float(90.0 - sig.lean_deg[i])}
        if sagittal:
            angles.update(
                hip=float(sig.hip_flexion_deg[i]),
                knee=float(sig.knee_flexion_deg[i]),
                shin=float(sig.shin_angle_deg[i]),
            )
        angles = {k: v for k, v in angles.items() if np.isfinite(v)}
        annotations.append(
            FrameAnnotation(angles=angles, rep_count=int(reps_done[i]), fault_text=fault_at[i])
        )
    return write_annotated_video(src, track, out, per_frame_annotations=annotations)
