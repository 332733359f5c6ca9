"""``synth``: write a synthetic set with known ground truth (faults, reps, angles)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hingecoach.cli._common import Opt, console, fail, require_finite


def register(app: typer.Typer) -> None:
    """Add ``synth`` to ``app``."""
    app.command()(synth)


def synth(
    output: Annotated[Path, Opt("-o", "--output", help="where to write the keypoint JSON")],
    exercise: Annotated[
        str,
        Opt(help="hinge_drill, rdl, conventional_deadlift, pause_deadlift, good_morning, kb_swing"),
    ] = "rdl",
    reps: Annotated[int, Opt(min=1, max=50)] = 5,
    view: Annotated[
        str, Opt(help="side, side_left, side_right, front, oblique30, oblique45")
    ] = "side",
    fault: Annotated[
        list[str] | None,
        Opt(help="e.g. knees_forward:from=5 or lumbar_flexion:from=3,grow (repeatable)"),
    ] = None,
    seed: Annotated[int, Opt()] = 0,
    height_m: Annotated[float, Opt(help="lifter's height, metres")] = 1.75,
    noise_px: Annotated[float, Opt(help="landmark noise, pixels")] = 2.0,
) -> None:
    """Generate a synthetic set with known ground truth (faults, reps, angles)."""
    from hingecoach import synth as sy

    require_finite(height_m=height_m, noise_px=noise_px)
    try:
        faults = tuple(sy.parse_fault_spec(f) for f in (fault or []))
        spec = sy.SynthSpec(
            exercise=exercise,
            reps=reps,
            height_m=height_m,
            faults=faults,
            camera=sy.CameraSpec(view=view),
            noise=sy.NoiseSpec(sigma_px=noise_px),
            seed=seed,
        )
        sset = sy.generate_set(spec)
    except ValueError as e:
        raise fail(str(e)) from None
    sy.write_synth_json(sset, output)
    truth = sset.truth
    console.print(
        f"{exercise}: {len(truth.reps)} reps, view {truth.view}, "
        f"{sset.track.n_frames} frames → {output}"
    )
    for name, reps_with in truth.faults.items():
        console.print(f"  fault {name}: reps {reps_with}")
