"""The self-tests' edges: read the input through the engine's pose path, run the analysis.

Input → :class:`~hingecoach.models.PoseTrack` (a video through the pose-track cache, or a
keypoint file) → the engine (:func:`hingecoach.pipeline.analyze` on the ``hinge_drill``
profile: reps, warnings) → the signals → the self-test. The dowel test also decodes the video's
frames once more to look for the stick itself (:mod:`.dowel_line`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from hingecoach.errors import InputError
from hingecoach.kinematics.signals import Signals, compute_signals
from hingecoach.models import PoseTrack, RepResult
from hingecoach.selftest.dowel_line import DowelLine, find_dowel
from hingecoach.selftest.dowel_test import dowel_result
from hingecoach.selftest.models import DowelResult, PracticeResult, WallResult
from hingecoach.selftest.practice import practice_result
from hingecoach.selftest.request import PROFILE
from hingecoach.selftest.wall import wall_result
from hingecoach.video.dowel import back_points

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".avi", ".mkv"})
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Prepared:
    """A set ready for a self-test: its track, signals, the engine's reps and caveats."""

    track: PoseTrack
    sig: Signals
    reps: list[RepResult]
    warnings: list[str]
    video: Path | None


def read_input(path: Path, *, progress: Progress | None = None) -> tuple[PoseTrack, list[str]]:
    """The track of a video (pose through the track cache) or of a keypoint file.

    Raises:
        InputError: a missing, unreadable or undecodable file.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.suffix.lower() in VIDEO_SUFFIXES:
        from hingecoach.video.track_cache import cached_track_video

        tracked, _ = cached_track_video(path, progress=progress)
        return tracked.track, list(tracked.warnings)
    from hingecoach.pose.keypoint_files import read_track

    return read_track(path), []


def read_camera(
    camera: int, *, window: bool = True, on_message: Callable[[str], None] | None = None
) -> PoseTrack:
    """Film the test live through the engine's live loop and return its track.

    The loop (:func:`hingecoach.live.loop.run_live`) runs its capture check, coaches the reps
    on the drill profile and ends when the camera stops or the window is closed; its track keeps
    every frame's landmarks and back outline, but not the frames, so a dowel test from a camera
    is measured against the virtual dowel.

    Raises:
        InputError: the camera cannot be opened, or the set never started.
    """
    from hingecoach.live.loop import LiveOptions, run_live
    from hingecoach.live.source import open_source

    display = None
    if window:
        from hingecoach.live.window import WindowDisplay

        display = WindowDisplay()
    try:
        outcome = run_live(
            open_source(camera=camera),
            options=LiveOptions(exercise=PROFILE),
            display=display,
            on_message=on_message,
        )
    finally:
        if display is not None:
            display.close()
    if outcome.track is None:
        raise InputError(f"the test never started ({outcome.end_reason or 'no frames'})")
    return outcome.track


def prepare(
    track: PoseTrack, *, warnings: list[str] | None = None, video: Path | None = None
) -> Prepared:
    """Run the engine on ``track`` for its reps, and compute its signals.

    Raises:
        InputError: what the engine raises for a track it cannot measure.
    """
    from hingecoach.pipeline import analyze

    result = analyze(track, exercise=PROFILE, warnings=warnings)
    return Prepared(track, compute_signals(track), list(result.reps), list(result.warnings), video)


def limits() -> tuple[float, float]:
    """The wall test's limits from the shipped drill profile: knee travel (bl), rounding (deg).

    ``hips_back_first.max_knee_travel_bl`` (the engine's wall-test check) and
    ``torso_neutral.max_flexion_deg`` (the engine's dowel-test check): one place for each limit.
    """
    from hingecoach.checks.hips_back_first import HipsBackFirstLimits
    from hingecoach.checks.profiles import load_profile
    from hingecoach.checks.torso_neutral import TorsoNeutralLimits

    lim = load_profile(PROFILE).limits
    knees, back = lim["hips_back_first"], lim["torso_neutral"]
    assert isinstance(knees, HipsBackFirstLimits) and isinstance(back, TorsoNeutralLimits)
    return float(knees.max_knee_travel_bl), float(back.max_flexion_deg)


def search_dowel(video: Path, track: PoseTrack, sig: Signals) -> list[DowelLine | None]:
    """The stick found in each frame of ``video`` that has a back outline (None elsewhere).

    Frames are matched to the track's by timestamp (the track was made from the same decode).

    Raises:
        InputError: the video cannot be decoded.
    """
    from hingecoach.video.decode import open_video

    n = track.n_frames
    found: list[DowelLine | None] = [None] * n
    contours = track.back_contour or tuple(None for _ in range(n))
    wanted = {i for i in range(n) if contours[i] is not None and sig.valid[i]}
    if not wanted:
        return found
    tol_s = 0.5 * float(np.median(np.diff(track.t_s))) if n > 1 else 0.02
    for frame in open_video(video).frames():
        i = int(np.clip(np.searchsorted(track.t_s, frame.t_s), 0, n - 1))
        j = min((k for k in (i - 1, i) if 0 <= k < n), key=lambda k: abs(track.t_s[k] - frame.t_s))
        if j not in wanted or abs(track.t_s[j] - frame.t_s) > tol_s:
            continue
        back = back_points(track.landmarks[j], contours[j])
        contour = contours[j]
        if back is None or contour is None:
            continue
        outline = np.asarray(contour, dtype=float)
        torso_px = float(np.hypot(*(outline[-1] - outline[0])))
        gray = cv2.cvtColor(frame.rgb, cv2.COLOR_RGB2GRAY)
        found[j] = find_dowel(gray, outline, back[1], torso_px)
    return found


def run_dowel(prepared: Prepared, *, height_m: float, search: bool = True) -> DowelResult:
    """The dowel test on a prepared set (the frames searched for the stick when a video)."""
    found = None
    if search and prepared.video is not None:
        found = search_dowel(prepared.video, prepared.track, prepared.sig)
    return dowel_result(
        prepared.track,
        prepared.sig,
        prepared.reps,
        height_m=height_m,
        found=found,
        warnings=prepared.warnings,
    )


def run_wall(prepared: Prepared, *, height_m: float, wall_cm: float) -> WallResult:
    """The wall test on a prepared set."""
    knee_bl, spine_deg = limits()
    return wall_result(
        prepared.sig,
        prepared.reps,
        height_m=height_m,
        wall_cm=wall_cm,
        knee_limit_bl=knee_bl,
        spine_limit_deg=spine_deg,
        source=prepared.track.source,
        warnings=prepared.warnings,
    )


def run_practice(prepared: Prepared, *, height_m: float, reps_asked: int | None) -> PracticeResult:
    """The practice session on a prepared set."""
    return practice_result(
        prepared.sig,
        prepared.reps,
        height_m=height_m,
        reps_asked=reps_asked,
        source=prepared.track.source,
        warnings=prepared.warnings,
    )
