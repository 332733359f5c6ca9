"""A fast stand-in for the video analysis: a seeded synthetic RDL set, 3 reps, form breaks at 3."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from hingecoach.models import PoseTrack
from hingecoach.pipeline import Analysed
from hingecoach.web.jobs.analysis import ProgressFn

FAKE_REPS = 3


@lru_cache(maxsize=1)
def _track() -> PoseTrack:
    from hingecoach import synth as sy

    spec = sy.SynthSpec(
        exercise="rdl",
        reps=FAKE_REPS,
        seed=1,
        faults=(sy.parse_fault_spec("knees_forward:from=3"),),
    )
    return sy.generate_set(spec).track


def fake_analyze(path: Path, exercise: str | None, progress: ProgressFn) -> Analysed:
    """Ignores the video's pixels (it was sniffed already) and analyses the synthetic track."""
    from hingecoach.engine import analyze_track

    for i in range(1, 5):
        progress(i / 4, f"finding the pose: frame {i} of 4", frames=(i, 4))
    track = _track()
    progress(1.0, "analysing", frames=(track.n_frames, track.n_frames))
    return Analysed(analyze_track(track, exercise=exercise or "rdl"), track, None)


def failing_analyze(path: Path, exercise: str | None, progress: ProgressFn) -> Analysed:
    """Fails like a clip with nobody in it."""
    from hingecoach.errors import InputError

    raise InputError(f"{path}: no person found in any frame; film the whole body")


def slow_analyze(path: Path, exercise: str | None, progress: ProgressFn) -> Analysed:
    """Reports a little progress, then takes far longer than any test waits."""
    import time

    progress(0.1, "finding the pose: frame 1 of 10")
    time.sleep(120)
    raise AssertionError("the server should have stopped this worker")


def gated_analyze(path: Path, exercise: str | None, progress: ProgressFn) -> Analysed:
    """Writes ``<data dir>/started-<pid>``, then waits for ``<data dir>/go`` before analysing.

    Lets a test kill the server while a worker is surely mid-job, with no sleep to tune.
    """
    import os
    import time

    data_dir = path.parent.parent
    (data_dir / f"started-{os.getpid()}").touch()
    while not (data_dir / "go").exists():
        progress(0.1, "finding the pose: frame 1 of 10")
        time.sleep(0.02)
    return fake_analyze(path, exercise, progress)
