"""``synth``: write a synthetic set with known ground truth (faults, reps, angles), or render it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hingecoach.cli._common import Opt, console, fail, require_finite, usage
from hingecoach.errors import InputError


def register(app: typer.Typer) -> None:
    """Add ``synth`` to ``app``."""
    app.command()(synth)


def synth(
    output: Annotated[
        Path | None, Opt("-o", "--output", help="where to write the keypoint JSON")
    ] = None,
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
    sex: Annotated[str, Opt(help="male or female (body proportions)")] = "male",
    noise_px: Annotated[float, Opt(help="landmark noise, pixels")] = 2.0,
    fps: Annotated[float, Opt(help="frames per second")] = 30.0,
    orientation: Annotated[str, Opt(help="landscape or portrait")] = "landscape",
    camera_height_m: Annotated[float, Opt(help="lens height above the floor, metres")] = 0.9,
    camera_distance_m: Annotated[float, Opt(help="lens to the lifter, metres")] = 4.0,
    render: Annotated[
        Path | None,
        Opt(help="also render the set to this video (.mp4) with its truth file beside it"),
    ] = None,
    render_width: Annotated[
        int | None, Opt(min=64, max=3840, help="rendered video width, pixels (default: 960)")
    ] = 960,
    render_plates: Annotated[
        str | None,
        Opt(help="barbell plates: full (45 cm), iron (33 cm) or none (default: by exercise)"),
    ] = None,
) -> None:
    """Generate a synthetic set with known ground truth (faults, reps, angles)."""
    from hingecoach import synth as sy

    require_finite(
        height_m=height_m,
        noise_px=noise_px,
        fps=fps,
        camera_height_m=camera_height_m,
        camera_distance_m=camera_distance_m,
    )
    if output is None and render is None:
        raise usage("nothing to write: give -o FILE.json, --render FILE.mp4 or both")
    try:
        faults = tuple(sy.parse_fault_spec(f) for f in (fault or []))
        spec = sy.SynthSpec(
            exercise=exercise,
            reps=reps,
            height_m=height_m,
            sex=sex,
            fps=fps,
            faults=faults,
            camera=sy.CameraSpec(
                view=view,
                height_m=camera_height_m,
                distance_m=camera_distance_m,
                orientation=orientation,
            ),
            noise=sy.NoiseSpec(sigma_px=noise_px),
            seed=seed,
        )
        sset = sy.generate_set(spec)
    except ValueError as e:
        raise fail(str(e)) from None
    truth = sset.truth
    if output is not None:
        sy.write_synth_json(sset, output)
        console.print(
            f"{exercise}: {len(truth.reps)} reps, view {truth.view}, "
            f"{sset.track.n_frames} frames → {output}"
        )
    if render is not None:
        _render(sset, render, render_width, render_plates)
    for name, reps_with in truth.faults.items():
        console.print(f"  fault {name}: reps {reps_with}")


def _render(sset: object, path: Path, width_px: int | None, plates: str | None) -> None:
    from hingecoach.synth.generate import SyntheticSet
    from hingecoach.synth.render import write_render

    assert isinstance(sset, SyntheticSet)
    if path.suffix.lower() != ".mp4":
        raise usage(f"{path}: the rendered video must be an .mp4")
    try:
        video, truth_file = write_render(sset, path, width_px=width_px, plates=plates)
    except (ValueError, InputError) as e:
        raise fail(str(e)) from None
    console.print(
        f"{sset.spec.exercise}: {len(sset.truth.reps)} reps rendered, "
        f"{sset.track.n_frames} frames → {video} (truth: {truth_file})"
    )
