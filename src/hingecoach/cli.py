"""Command line: thin commands that parse, call the pipeline and render with Rich.

Exit codes: 0 analysed, 2 bad input (one line saying what is wrong and what to do).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from hingecoach.errors import InputError
from hingecoach.models import Side

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Watches a person hip-hinge and coaches the movement rep by rep.",
)
console = Console()
err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


Opt = typer.Option


@app.command()
def analyze(
    video: Annotated[
        Path | None, typer.Argument(help="video of the set (mp4, mov, m4v, webm, avi)")
    ] = None,
    keypoints: Annotated[
        Path | None, Opt(help="keypoint file instead of a video (JSON, long CSV, COCO-17 CSV)")
    ] = None,
    exercise: Annotated[
        str | None, Opt(help="exercise profile; recognised from the motion when omitted")
    ] = None,
    profile: Annotated[Path | None, Opt(help="TOML overriding the profile's limits")] = None,
    json_out: Annotated[Path | None, Opt("--json", help="write the SetResult JSON here")] = None,
    csv_out: Annotated[Path | None, Opt("--csv", help="write per-rep metrics CSV here")] = None,
    report: Annotated[
        Path | None, Opt("--report", help="write a self-contained HTML report here")
    ] = None,
    signals_csv: Annotated[
        Path | None, Opt("--signals-csv", help="write per-frame angles CSV here")
    ] = None,
    trc: Annotated[
        Path | None, Opt("--trc", help="write the landmarks as an OpenSim .trc here")
    ] = None,
    video_out: Annotated[Path | None, Opt("--video", help="write an annotated video here")] = None,
    side: Annotated[
        str | None, Opt(help="the lifter's side nearer the camera: left or right (default: auto)")
    ] = None,
    start: Annotated[float | None, Opt(help="analyse from this time, seconds")] = None,
    end: Annotated[float | None, Opt(help="analyse up to this time, seconds")] = None,
    width: Annotated[int | None, Opt(help="frame width for long-CSV keypoints")] = None,
    height: Annotated[int | None, Opt(help="frame height for long-CSV keypoints")] = None,
    athlete: Annotated[str | None, Opt(help="save the set to this athlete's history")] = None,
    load: Annotated[str | None, Opt(help="the set's load: 100kg, 225lb or bodyweight")] = None,
    set_number: Annotated[
        int | None, Opt("--set", min=1, help="set number within the day (default: next)")
    ] = None,
    note: Annotated[str | None, Opt(help="a note saved with the set")] = None,
    db: Annotated[
        str | None, Opt(help="history database URL (default: $HINGECOACH_DB, else a local file)")
    ] = None,
) -> None:
    """Analyse a set from a video or a keypoint file and print the coached reps."""
    from hingecoach import pipeline
    from hingecoach.report.terminal import render

    if (video is None) == (keypoints is None):
        raise _fail("give either a VIDEO or --keypoints FILE")
    if side not in (None, "left", "right"):
        raise _fail(f"--side must be left or right, not {side!r}")
    facing: Side | None = "left" if side == "left" else "right" if side == "right" else None
    if athlete is None and (load, set_number, note, db) != (None, None, None, None):
        raise _fail("--load, --set, --note and --db save to a history: add --athlete NAME")
    outputs = pipeline.Outputs(
        json=json_out,
        csv=csv_out,
        report=report,
        signals_csv=signals_csv,
        trc=trc,
        annotated_video=video_out,
    )
    try:
        if athlete is not None:
            from hingecoach.store.loads import parse_load

            parse_load(load)  # a typo in the load fails now, not after a long analysis
        if keypoints is not None:
            if video_out is not None:
                raise InputError("--video needs a source video; a keypoint file has no pixels")
            done = pipeline.analyze_keypoints(
                keypoints,
                exercise=exercise,
                profile=profile,
                width=width,
                height=height,
                start_s=start,
                end_s=end,
                side=facing,
            )
        else:
            assert video is not None
            done = pipeline.analyze_video(
                video,
                exercise=exercise,
                profile=profile,
                start_s=start,
                end_s=end,
                console=err,
                side=facing,
            )
        render(done.result, console)
        for line in pipeline.write_outputs(done, outputs):
            console.print(f"[dim]{line}[/]", highlight=False)
        if athlete is not None:
            from hingecoach.store.commands import save_from_cli

            saved = save_from_cli(
                done.result,
                athlete=athlete,
                load=load,
                set_number=set_number,
                note=note,
                db=db,
                track=done.track,
            )
            console.print(saved, soft_wrap=True, highlight=False)
    except InputError as e:
        raise _fail(str(e)) from None


@app.command("report")
def report_cmd(
    result_json: Annotated[Path, typer.Argument(help="a result JSON written by analyze --json")],
    output: Annotated[Path, Opt("-o", "--output", help="where to write the HTML report")],
) -> None:
    """Render a saved result as a self-contained HTML report (no stills: no video)."""
    from pydantic import ValidationError

    from hingecoach.models import SetResult
    from hingecoach.report.html import write_html

    try:
        text = result_json.read_text(encoding="utf-8")
        result = SetResult.model_validate_json(text)
    except (OSError, UnicodeDecodeError) as e:
        raise _fail(f"{result_json}: cannot read: {e}") from None
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise _fail(f"{result_json}: not a hingecoach result ({where}: {first['msg']})") from None
    write_html(result, output)
    console.print(f"HTML report → {output}", highlight=False)


@app.command()
def synth(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="where to write the keypoint JSON")
    ],
    exercise: Annotated[
        str,
        typer.Option(
            help="hinge_drill, rdl, conventional_deadlift, pause_deadlift, good_morning, kb_swing"
        ),
    ] = "rdl",
    reps: Annotated[int, typer.Option(min=1, max=50)] = 5,
    view: Annotated[
        str, typer.Option(help="side, side_left, side_right, front, oblique30, oblique45")
    ] = "side",
    fault: Annotated[
        list[str] | None,
        typer.Option(help="e.g. knees_forward:from=5 or lumbar_flexion:from=3,grow (repeatable)"),
    ] = None,
    seed: Annotated[int, typer.Option()] = 0,
    height_m: Annotated[float, typer.Option(help="lifter's height, metres")] = 1.75,
    noise_px: Annotated[float, typer.Option(help="landmark noise, pixels")] = 2.0,
) -> None:
    """Generate a synthetic set with known ground truth (faults, reps, angles)."""
    from hingecoach import synth as sy

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
        raise _fail(str(e)) from None
    sy.write_synth_json(sset, output)
    truth = sset.truth
    console.print(
        f"{exercise}: {len(truth.reps)} reps, view {truth.view}, "
        f"{sset.track.n_frames} frames → {output}"
    )
    for name, reps_with in truth.faults.items():
        console.print(f"  fault {name}: reps {reps_with}")


@app.command("eval")
def evaluate(
    sets: Annotated[int, typer.Option(help="sets per (exercise, view) cell")] = 20,
    seed: Annotated[int, typer.Option()] = 0,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="write the metrics JSON here")
    ] = None,
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


def _register_history() -> None:
    from hingecoach.store.commands import register

    register(app)


_register_history()


def _register_live() -> None:
    from hingecoach.live.commands import register

    register(app)


_register_live()


def _register_web() -> None:
    from hingecoach.web.commands import register

    register(app)


_register_web()


def main() -> None:
    """Entry point."""
    app()


if __name__ == "__main__":
    main()
