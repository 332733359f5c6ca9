"""Command line: thin commands that parse, call the pipeline and render with Rich.

Exit codes: 0 analysed, 2 bad input (one line saying what is wrong and what to do).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from hingecoach.errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Watches a person hip-hinge and coaches the movement rep by rep.")
console = Console()
err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


@app.command()
def analyze(
    video: Annotated[Path | None, typer.Argument(help="video of the set (mp4, mov, m4v, webm, avi)")] = None,
    keypoints: Annotated[Path | None, typer.Option(help="keypoint file instead of a video (JSON, long CSV, COCO-17 CSV)")] = None,
    exercise: Annotated[str | None, typer.Option(help="exercise profile; recognised from the motion when omitted")] = None,
    profile: Annotated[Path | None, typer.Option(help="TOML overriding the profile's limits")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="write the SetResult JSON here")] = None,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="write per-rep metrics CSV here")] = None,
    video_out: Annotated[Path | None, typer.Option("--video", help="write an annotated video here")] = None,
    start: Annotated[float | None, typer.Option(help="analyse from this time, seconds")] = None,
    end: Annotated[float | None, typer.Option(help="analyse up to this time, seconds")] = None,
    side: Annotated[str | None, typer.Option(help="the lifter's side facing the camera: left/right (auto by default)")] = None,
    width: Annotated[int | None, typer.Option(help="frame width for long-CSV keypoints")] = None,
    height: Annotated[int | None, typer.Option(help="frame height for long-CSV keypoints")] = None,
) -> None:
    """Analyse a set from a video or a keypoint file and print the coached reps."""
    from hingecoach import pipeline
    from hingecoach.report.tables import write_json, write_reps_csv
    from hingecoach.report.terminal import render

    if (video is None) == (keypoints is None):
        raise _fail("give either a VIDEO or --keypoints FILE")
    if side is not None and side not in ("left", "right"):
        raise _fail("--side must be left or right")
    try:
        if keypoints is not None:
            if video_out is not None:
                raise InputError("--video needs a source video; a keypoint file has no pixels to draw on")
            result = pipeline.analyze_keypoints(keypoints, exercise=exercise, profile=profile,
                                                width=width, height=height, start_s=start, end_s=end)
        else:
            assert video is not None
            result = pipeline.analyze_video(video, exercise=exercise, profile=profile, start_s=start,
                                            end_s=end, annotated=video_out, console=err)
    except InputError as e:
        raise _fail(str(e)) from None
    render(result, console)
    if json_out:
        write_json(result, json_out)
        console.print(f"[dim]JSON → {json_out}[/]")
    if csv_out:
        write_reps_csv(result, csv_out)
        console.print(f"[dim]CSV → {csv_out}[/]")


@app.command()
def synth(
    output: Annotated[Path, typer.Option("-o", "--output", help="where to write the keypoint JSON")],
    exercise: Annotated[str, typer.Option(help="hinge_drill, rdl, conventional_deadlift, pause_deadlift, good_morning, kb_swing")] = "rdl",
    reps: Annotated[int, typer.Option(min=1, max=50)] = 5,
    view: Annotated[str, typer.Option(help="side, side_left, side_right, front, oblique30, oblique45")] = "side",
    fault: Annotated[list[str] | None, typer.Option(help="e.g. knees_forward:from=5 or lumbar_flexion:from=3,grow (repeatable)")] = None,
    seed: Annotated[int, typer.Option()] = 0,
    height_m: Annotated[float, typer.Option(help="lifter's height, metres")] = 1.75,
    noise_px: Annotated[float, typer.Option(help="landmark noise, pixels")] = 2.0,
) -> None:
    """Generate a synthetic set with known ground truth (faults, reps, angles)."""
    from hingecoach import synth as sy

    try:
        faults = tuple(sy.parse_fault_spec(f) for f in (fault or []))
        spec = sy.SynthSpec(exercise=exercise, reps=reps, height_m=height_m, faults=faults,
                            camera=sy.CameraSpec(view=view),
                            noise=sy.NoiseSpec(sigma_px=noise_px), seed=seed)
        sset = sy.generate_set(spec)
    except ValueError as e:
        raise _fail(str(e)) from None
    sy.write_synth_json(sset, output)
    truth = sset.truth
    console.print(f"{exercise}: {len(truth.reps)} reps, view {truth.view}, "
                  f"{sset.track.n_frames} frames → {output}")
    for name, reps_with in truth.faults.items():
        console.print(f"  fault {name}: reps {reps_with}")


@app.command("eval")
def evaluate(
    sets: Annotated[int, typer.Option(help="sets per (exercise, view) cell")] = 4,
    seed: Annotated[int, typer.Option()] = 0,
    json_out: Annotated[Path | None, typer.Option("--json", help="write the metrics JSON here")] = None,
) -> None:
    """Run the engine on a seeded synthetic suite and print accuracy against ground truth."""
    from hingecoach.evaluation import render_report, run_suite, suite

    cases = suite(sets_per_cell=sets, seed=seed)
    report = run_suite(cases, progress_console=err)
    render_report(report, console)
    if json_out:
        json_out.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    if not report.targets_met:
        raise typer.Exit(1)


def main() -> None:
    """Entry point."""
    app()


if __name__ == "__main__":
    main()
