"""The edges around the engine: read a file, run the engine, write what was asked for.

This is the one place that wires decode → pose → engine → outputs, so the CLI, the web app's
workers and batch jobs call one function per input kind. Every engine call goes through
:func:`analyze`; re-analysing a saved set is load (store) → :func:`analyze` → save (store).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from hingecoach.errors import InputError
from hingecoach.models import PoseTrack, SetResult, Side

if TYPE_CHECKING:
    from hingecoach.feedback.plan import Plan
    from hingecoach.report.view import SetInfo
    from hingecoach.store import AnalysisRef, History, Store


def analyze(
    track: PoseTrack,
    *,
    exercise: str | None = None,
    profile_override: Path | None = None,
    side: Side | None = None,
    warnings: list[str] | None = None,
) -> SetResult:
    """Run the engine on one set's track: the one place any edge calls the analysis core.

    Args:
        track: the lifter's landmarks over time.
        exercise: profile to judge against; recognised from the motion when None.
        profile_override: a user TOML merged over the shipped profile (``--profile``).
        side: the lifter's side nearer the camera, overriding the guess from the landmarks.
        warnings: caveats from earlier stages (decoding, pose) to carry into the result.

    Returns:
        The set's verdict, with its per-frame ``series``.

    Raises:
        InputError: a bad exercise or profile override, or a track that cannot be measured.
    """
    from hingecoach.checks.profiles import load_profiles
    from hingecoach.engine import analyze_track

    profiles = load_profiles(profile_override)  # the edge reads the file; the engine takes data
    return analyze_track(
        track, profiles=profiles, exercise=exercise, warnings=warnings or (), side=side
    )


def trim(track: PoseTrack, start_s: float | None, end_s: float | None) -> PoseTrack:
    """Frames between ``start_s`` and ``end_s`` (seconds on the track's clock).

    Raises:
        InputError: ``end_s`` not after ``start_s``, or fewer than 3 frames between them.
    """
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
    mot: Path | None = None
    #: Whose set, which, at what load: the report's header (None: no header).
    report_info: SetInfo | None = None


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
    fps: float | None = None,
) -> Analysed:
    """Analyse a keypoint file (hingecoach JSON, long CSV, COCO-17 CSV, TRC, OpenPose folder).

    Args:
        path: the keypoint file.
        exercise: profile to judge against; recognised from the motion when None.
        profile: a TOML overriding the profile's limits.
        width: frame width in pixels, for long-CSV files that do not say.
        height: frame height in pixels, for long-CSV files that do not say.
        start_s: analyse from this time, seconds.
        end_s: analyse up to this time, seconds.
        side: the lifter's side nearer the camera; None guesses it.
        fps: frame rate of files without timestamps (COCO-17 CSV, OpenPose JSON); 30 if None.

    Raises:
        InputError: an unreadable file, a bad time window, or what :func:`analyze` raises.
    """
    from hingecoach.pose.keypoint_files import read_track

    track = trim(read_track(path, width=width, height=height, fps=fps), start_s, end_s)
    result = analyze(track, exercise=exercise, profile_override=profile, side=side)
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
    jobs: int = 1,
) -> Analysed:
    """Decode a video, estimate the pose and analyse the set.

    Progress goes to ``progress(frames_done, frames_expected)`` when given (a web worker), else
    to a Rich progress bar on ``console``. With ``jobs`` above 1 the pose runs in that many
    processes over time chunks of the video (:mod:`hingecoach.video.parallel`).

    Args:
        path: the video.
        exercise: profile to judge against; recognised from the motion when None.
        profile: a TOML overriding the profile's limits.
        start_s: analyse from this time, seconds.
        end_s: analyse up to this time, seconds.
        console: where the progress bar goes when ``progress`` is None.
        side: the lifter's side nearer the camera; None guesses it.
        progress: called with (frames done, frames expected) as the pose runs.
        jobs: processes for the pose (``--jobs``); 1 tracks in this process only.

    Raises:
        InputError: a file that is not a decodable video, ``jobs`` below 1, or what
            :func:`analyze` raises.
    """
    from hingecoach.video.parallel import track_video_jobs

    if progress is not None:
        tracked = track_video_jobs(path, jobs=jobs, start_s=start_s, end_s=end_s, progress=progress)
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

            tracked = track_video_jobs(path, jobs=jobs, start_s=start_s, end_s=end_s, progress=show)
    result = analyze(
        tracked.track,
        exercise=exercise,
        profile_override=profile,
        warnings=tracked.warnings,
        side=side,
    )
    return Analysed(result, tracked.track, path)


def reanalyse_set(
    store: Store,
    *,
    set_id: int,
    exercise: str | None = None,
    profile_override: Path | None = None,
) -> AnalysisRef:
    """Judge a saved set again from its stored landmarks, e.g. with stricter limits.

    Loads the stored track (``store.load_stored_track``), runs :func:`analyze` on it and saves
    the verdict as the set's new current analysis (``store.reanalyse``): every earlier analysis
    is kept unchanged, and the set's score, rep count and breakdown rep follow the new one.

    The engine runs between reading the track and the write transaction, not inside it: holding
    SQLite's write lock through an analysis would stall every other writer. That is safe because
    a stored track never changes, and the write re-checks the set under its row lock, so retiring
    the old analysis and adding the new one still happen together or not at all.

    Args:
        store: an open store.
        set_id: the set (``hingecoach history NAME`` lists the ids).
        exercise: the profile to judge against; None keeps the set's saved exercise (a
            threshold change should change the verdict, not what lift it was), or recognises it
            from the motion when the saved one is not a hinge profile (e.g. "squat").
        profile_override: a TOML merged over the shipped profile, as ``analyze --profile``.

    Returns:
        The new, current analysis.

    Raises:
        InputError: no set with that id, a set saved without landmarks, a bad exercise or
            profile override, or a track the engine cannot measure (nothing is written).
    """
    from hingecoach.checks.profiles import EXERCISES
    from hingecoach.store import load_stored_track, reanalyse

    stored = load_stored_track(store, set_id=set_id)
    if stored.track is None:
        raise InputError(
            f"set {set_id} was saved without its landmarks, so it cannot be re-analysed; "
            "re-analyse from the video (hingecoach analyze VIDEO --profile ...)"
        )
    if exercise is None and stored.exercise in EXERCISES:
        exercise = stored.exercise
    result = analyze(stored.track, exercise=exercise, profile_override=profile_override)
    return reanalyse(store, set_id=set_id, result=result)


def write_outputs(
    done: Analysed, out: Outputs, *, stage: Callable[[str], None] | None = None
) -> list[str]:
    """Write every requested output.

    Args:
        done: the analysed set.
        out: where to write what.
        stage: told ``"writing the <output>"`` before each one is written (a progress line).

    Returns:
        One line per file written, e.g. ``result JSON → r.json``.

    Raises:
        InputError: an output cannot be written, or an annotated video was asked of a set with
            no source video.
    """
    from hingecoach.report.html import write_report
    from hingecoach.report.mot import write_mot
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
        (out.mot, lambda p: write_mot(done.result, p), "joint angles .mot"),
        (  # before the report, which embeds it
            out.annotated_video,
            lambda p: write_annotated(done.video, done.track, done.result, p),
            "annotated video",
        ),
        (
            out.report,
            lambda p: write_report(
                done.result,
                p,
                video=done.video,
                track=done.track,
                annotated=out.annotated_video,
                info=out.report_info,
            ),
            "HTML report",
        ),
    ]
    for path, write, what in steps:
        if path is None:
            continue
        if stage is not None:
            stage(f"writing the {what}")
        try:
            write(path)
        except OSError as e:
            raise InputError(f"{path}: cannot write the {what}: {e.strerror or e}") from None
        written.append(f"{what} → {path}")
    return written


def write_annotated(src: Path | None, track: PoseTrack, result: SetResult, out: Path) -> Path:
    """Annotated copy of the video: skeleton, dowel line, angles, rep counter, flashed faults.

    Everything written on the frames comes from ``result`` (its per-frame ``series``, view, reps
    and findings), so the video shows what the analysis measured, on the side it measured
    (``--side`` included); only the skeleton and back outline are drawn from ``track``.

    Args:
        src: the video ``track`` was made from.
        track: its pose track.
        result: the verdict on ``track``.
        out: the .mp4 to write.

    Returns:
        ``out``.

    Raises:
        InputError: no source video, or the video cannot be decoded or written.
    """
    if src is None:
        raise InputError("--video needs a source video; a keypoint file has no pixels to draw on")
    from hingecoach.video.overlay import result_annotations
    from hingecoach.video.writer import write_annotated_video

    annotations = result_annotations(result, track.t_s, landmarks=track.landmarks)
    return write_annotated_video(src, track, out, per_frame_annotations=annotations)


def stored_plan(store: Store, history: History) -> Plan:
    """The athlete's progression plan, with bar heights read from the few stored results it uses.

    One place for the CLI's ``history`` and the web app's athlete page.
    """
    from hingecoach.feedback.plan import heights_wanted, measured_height, plan_next
    from hingecoach.store.repo import load_result

    ids = heights_wanted(history.sets)
    return plan_next(
        history.sets, heights={i: measured_height(load_result(store, set_id=i)) for i in ids}
    )
