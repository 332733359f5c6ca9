"""The whole chain against ground truth: rendered synthetic sets through MediaPipe and the engine.

The synthetic suite (:mod:`.synthetic`) starts after pose estimation, with noise made up to look
like a pose model's. Here each set is drawn as a video (:mod:`hingecoach.synth.render`), decoded,
run through MediaPipe and analysed exactly as a user's video is, and scored against the synth's
truth: frames with a person found, angle error per angle and view, rep count, and fault
precision and recall. Nothing here is a target: the numbers are what the chain measures on a
rendered figure (what that does and does not say about real people is in the README).
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import numpy as np
from pydantic import BaseModel
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from hingecoach import synth as sy
from hingecoach.engine import analyze_track
from hingecoach.errors import InputError
from hingecoach.evaluation.synthetic import (
    ViewReport,
    _score_faults,
    _sees,
    fault_table,
    faults_for,
)
from hingecoach.kinematics.signals import compute_signals
from hingecoach.models import PoseTrack

#: Cells of the default suite: exercises with each implement, filmed from the side, at 45° and
#: from the front.
EXERCISES = ("rdl", "conventional_deadlift", "good_morning", "kb_swing", "hinge_drill")
VIEWS = ("side", "oblique45", "front")
#: Sagittal angles scored (not in front view, where they are not measured).
ANGLES = ("hip_flexion_deg", "knee_flexion_deg", "torso_angle_deg", "shin_angle_deg")
#: Rendered video width (pixels): what a phone clip is downscaled to before the model anyway.
RENDER_WIDTH_PX = 640
REPS = 3


class RenderedReport(BaseModel):
    """Per-view metrics (as in the synthetic suite) plus how often a person was found."""

    views: dict[str, ViewReport]
    frames: dict[str, tuple[int, int]]
    errors: list[str] = []


def rendered_suite(*, sets_per_cell: int = 1, seed: int = 0) -> list[sy.SynthSpec]:
    """Seeded specs over ``EXERCISES`` x ``VIEWS``: random body and camera, faults cycled.

    Every set carries one fault the view can judge, from rep 2 on, so each has a clean rep and
    faulty ones: precision and recall are both measured. The fault is the cell's least used so
    far across the suite (ties drawn at random), so a small suite still covers many faults.
    """
    rng = random.Random(seed)
    used: dict[str, int] = {}
    specs = []
    for exercise in EXERCISES:
        for view in VIEWS:
            faults = [f for f in faults_for(exercise) if _sees(f, view)]
            for _ in range(sets_per_cell):
                fault: tuple[sy.FaultSpec, ...] = ()
                if faults:
                    least = min(used.get(f, 0) for f in faults)
                    name = rng.choice([f for f in faults if used.get(f, 0) == least])
                    used[name] = used.get(name, 0) + 1
                    fault = (sy.FaultSpec(name, from_rep=2),)
                specs.append(
                    sy.SynthSpec(
                        exercise=exercise,
                        reps=REPS,
                        height_m=rng.uniform(1.55, 1.95),
                        sex=rng.choice(("male", "female")),
                        faults=fault,
                        camera=sy.CameraSpec(
                            view=view,
                            height_m=rng.uniform(0.7, 1.2),
                            distance_m=rng.uniform(3.5, 5.0),
                        ),
                        noise=sy.NoiseSpec.none(),
                        seed=rng.randint(0, 10**6),
                    )
                )
    return specs


def _angle_errors(track: PoseTrack, truth: sy.GroundTruth, fps: float) -> dict[str, np.ndarray]:
    """Absolute error per scored angle over the frames inside reps, matched by timestamp."""
    sig = compute_signals(track)
    n = len(truth.angles[ANGLES[0]])
    frame = np.clip(np.rint(track.t_s * fps).astype(int), 0, n - 1)
    in_rep = np.zeros(n, dtype=bool)
    for r in truth.reps:
        in_rep[r["start_frame"] : r["end_frame"] + 1] = True
    out = {}
    for name in ANGLES:
        err = np.abs(getattr(sig, name) - truth.angles[name][frame])[in_rep[frame]]
        out[name] = err[np.isfinite(err)]
    return out


def evaluate_rendered_one(
    spec: sy.SynthSpec, report: RenderedReport, workdir: Path, *, width_px: int
) -> None:
    """Render one set, run the video through pose and engine, add its scores to ``report``."""
    from hingecoach.synth.render import write_render
    from hingecoach.video.track import track_video

    sset = sy.generate_set(spec)
    truth = sset.truth
    video, _ = write_render(sset, workdir / "set.mp4", width_px=width_px)
    vr = report.views.setdefault(truth.view, ViewReport())
    vr.sets += 1
    n_frames = sset.track.n_frames
    label = f"{spec.exercise}, faults {[f.name for f in spec.faults]}, seed {spec.seed}"
    try:
        track = track_video(video).track
    except InputError as e:
        found, total = report.frames.get(truth.view, (0, 0))
        report.frames[truth.view] = (found, total + n_frames)
        report.errors.append(f"{label}: {e}")
        return
    detected = int(np.sum(np.isfinite(track.landmarks[:, 23, 0])))
    found, total = report.frames.get(truth.view, (0, 0))
    report.frames[truth.view] = (found + detected, total + n_frames)
    result = analyze_track(track, exercise=spec.exercise)
    vr.rep_exact += int(result.rep_count == len(truth.reps))
    if truth.view != "front":
        for name, err in _angle_errors(track, truth, spec.fps).items():
            vr.angle_abs_err.setdefault(name, []).extend(err.tolist())
    _score_faults(vr, result, truth, spec, label)


def run_rendered(
    specs: list[sy.SynthSpec],
    *,
    width_px: int = RENDER_WIDTH_PX,
    progress_console: Console | None = None,
) -> RenderedReport:
    """Evaluate every spec (rendered in a temporary folder, deleted afterwards)."""
    report = RenderedReport(views={}, frames={})
    with tempfile.TemporaryDirectory(prefix="hingecoach-render-") as tmp:
        with Progress(console=progress_console, transient=True) as bar:
            task = bar.add_task("rendered sets", total=len(specs))
            for spec in specs:
                evaluate_rendered_one(spec, report, Path(tmp), width_px=width_px)
                bar.advance(task)
    return report


def render_rendered_report(report: RenderedReport, console: Console) -> None:
    """A table per view (frames found, reps exact, angle MAE/P90) and one of fault P/R."""
    t = Table(title="hingecoach eval --rendered: rendered sets through MediaPipe and the engine")
    cols = ["view", "sets", "frames found", "reps exact"]
    cols += [f"{n.split('_')[0]} MAE/P90°" for n in ANGLES]
    for col in cols:
        t.add_column(col)
    for view, vr in sorted(report.views.items()):
        found, total = report.frames.get(view, (0, 0))
        cells = []
        for n in ANGLES:
            v = vr.angle_abs_err.get(n, [])
            cells.append(f"{np.mean(v):.1f} / {np.percentile(v, 90):.1f}" if v else "–")
        t.add_row(
            view,
            str(vr.sets),
            f"{found / total:.1%}" if total else "–",
            f"{vr.rep_exact}/{vr.sets}",
            *cells,
        )
    console.print(t)
    console.print(fault_table(report.views))
    for line in report.errors:
        console.print(f"[red]no track:[/] {line}")
