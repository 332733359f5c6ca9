"""``selftest dowel|wall``: the article's self-tests, guided — set-up first, then the verdict.

Thin: print the set-up, read the input through the engine's pose path
(:mod:`hingecoach.selftest.run`), run the test, render with Rich or write JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console

from hingecoach.cli._common import Opt, console, err, fail, require_finite, usage
from hingecoach.errors import InputError
from hingecoach.selftest.request import HEIGHT_RANGE_M, REPS_RANGE, WALL_RANGE_CM

if TYPE_CHECKING:
    from hingecoach.selftest.models import DowelResult, PracticeResult, WallResult
    from hingecoach.selftest.run import Prepared

#: A self-test's result type.
R = TypeVar("R", "DowelResult", "WallResult", "PracticeResult")

app = typer.Typer(
    no_args_is_help=True,
    help="Guided self-tests from the article: the dowel test, the wall test, unweighted practice.",
)

InputArg = Annotated[
    Path | None,
    typer.Argument(help="a side-on video of the test (or a keypoint file); or use --camera"),
]
CameraOpt = Annotated[
    int | None, Opt(help="film the test live from this camera (0 is the default camera)")
]
WindowOpt = Annotated[bool, Opt(help="with --camera: show the live window")]
HeightOpt = Annotated[
    float,
    Opt("--height", min=HEIGHT_RANGE_M[0], max=HEIGHT_RANGE_M[1], help="your height in metres"),
]
JsonOpt = Annotated[
    Path | None,
    Opt("--json", help="write the result JSON here; '-' writes it to stdout (the rest to stderr)"),
]
ReportOpt = Annotated[
    Path | None,
    Opt("--report", help="write a self-contained HTML page of the result (and the set-up) here"),
]


def register(root: typer.Typer) -> None:
    """Add the ``selftest`` group to ``root``."""
    root.add_typer(app, name="selftest")


def _prepare(path: Path | None, camera: int | None, window: bool, out: Console) -> Prepared:
    """The input's track (pose with a progress line), the engine's reps and the signals.

    Raises:
        InputError: what reading the input raises.
    """
    from hingecoach.cli._run import run_pose
    from hingecoach.selftest.run import prepare, read_camera, read_input

    if camera is not None:
        track = read_camera(camera, window=window, on_message=lambda m: out.print(m))
        return prepare(track)
    assert path is not None
    track, warnings = run_pose(lambda progress: read_input(path, progress=progress), 0)
    video = path if path.suffix.lower() in _video_suffixes() else None
    return prepare(track, warnings=warnings, video=video)


def _video_suffixes() -> frozenset[str]:
    from hingecoach.selftest.run import VIDEO_SUFFIXES

    return VIDEO_SUFFIXES


def _one_input(path: Path | None, camera: int | None) -> None:
    """Refuse neither or both of INPUT and --camera (bad usage, exit 2)."""
    if (path is None) == (camera is None):
        raise usage("give either a video INPUT or --camera INDEX")


def _finish(
    source: tuple[Path | None, int | None, bool],
    run: Callable[[Prepared], R],
    show: Callable[[Console, R], None],
    out: Console,
    report: Path | None,
    json_out: Path | None,
) -> None:
    """Read the input, run the test, show its result, then write the page and JSON asked for."""
    try:
        result = run(_prepare(*source, out))
        show(out, result)
        _write_report(result, report)
        _write_json(result.model_dump_json(indent=2), json_out)
    except InputError as e:
        raise fail(str(e)) from None


def _write_report(result: DowelResult | WallResult | PracticeResult, report: Path | None) -> None:
    """Write the self-test's HTML page when ``--report`` was given (InputError if it cannot)."""
    if report is not None:
        from hingecoach.selftest.report import write_report

        write_report(result, report)


def _write_json(text: str, json_out: Path | None) -> None:
    if json_out is None:
        return
    if str(json_out) == "-":
        console.file.write(text + "\n")
        return
    try:
        json_out.write_text(text + "\n", encoding="utf-8")
    except OSError as e:
        raise InputError(f"{json_out}: cannot write the result JSON: {e.strerror or e}") from None


@app.command()
def dowel(
    input_path: InputArg = None,
    camera: CameraOpt = None,
    window: WindowOpt = True,
    height: HeightOpt = 1.75,
    json_out: JsonOpt = None,
    report: ReportOpt = None,
    search: Annotated[
        bool, Opt(help="look for the dowel in the frames (--no-search: the virtual dowel only)")
    ] = True,
) -> None:
    """Dowel test: the stick stays on the head, upper back and sacrum through the hinge."""
    from hingecoach.selftest.instructions import DOWEL_SETUP
    from hingecoach.selftest.render import print_dowel, print_setup
    from hingecoach.selftest.run import run_dowel

    require_finite(height=height)
    _one_input(input_path, camera)
    out: Console = err if json_out is not None and str(json_out) == "-" else console
    print_setup(out, "Dowel test", DOWEL_SETUP)
    _finish(
        (input_path, camera, window),
        lambda prepared: run_dowel(prepared, height_m=height, search=search),
        print_dowel,
        out,
        report,
        json_out,
    )


@app.command()
def wall(
    input_path: InputArg = None,
    camera: CameraOpt = None,
    window: WindowOpt = True,
    height: HeightOpt = 1.75,
    wall_cm: Annotated[
        float,
        Opt(
            "--wall-cm",
            min=WALL_RANGE_CM[0],
            max=WALL_RANGE_CM[1],
            help="the wall's distance behind your glutes, cm",
        ),
    ] = 10.0,
    json_out: JsonOpt = None,
    report: ReportOpt = None,
) -> None:
    """Wall test: the hips reach a wall behind them before the knees drift or the back rounds."""
    from hingecoach.selftest.instructions import wall_setup
    from hingecoach.selftest.render import print_setup, print_wall
    from hingecoach.selftest.run import run_wall

    require_finite(height=height, wall_cm=wall_cm)
    _one_input(input_path, camera)
    out: Console = err if json_out is not None and str(json_out) == "-" else console
    print_setup(out, "Wall test", wall_setup(wall_cm))
    _finish(
        (input_path, camera, window),
        lambda prepared: run_wall(prepared, height_m=height, wall_cm=wall_cm),
        print_wall,
        out,
        report,
        json_out,
    )


@app.command()
def practice(
    input_path: InputArg = None,
    camera: CameraOpt = None,
    window: WindowOpt = True,
    height: HeightOpt = 1.75,
    reps: Annotated[
        int, Opt(min=REPS_RANGE[0], max=REPS_RANGE[1], help="practice hinges to do")
    ] = 8,
    json_out: JsonOpt = None,
    report: ReportOpt = None,
) -> None:
    """Unweighted practice: the cue sequence first, one cue after each rep, then consistency."""
    from hingecoach.selftest.instructions import practice_setup
    from hingecoach.selftest.practice import CUE_SEQUENCE
    from hingecoach.selftest.render import print_practice, print_setup
    from hingecoach.selftest.run import run_practice

    require_finite(height=height)
    _one_input(input_path, camera)
    out: Console = err if json_out is not None and str(json_out) == "-" else console
    print_setup(out, "Practice", practice_setup(reps))
    print_setup(out, "Practice", CUE_SEQUENCE, what="the cues, before the first rep")
    if camera is not None:
        _say(CUE_SEQUENCE)  # the live loop then says one cue after each rep
    _finish(
        (input_path, camera, window),
        lambda prepared: run_practice(prepared, height_m=height, reps_asked=reps),
        print_practice,
        out,
        report,
        json_out,
    )


def _say(lines: tuple[str, ...]) -> None:
    """Speak ``lines`` one after the other (shown only, when no speech command is installed)."""
    import warnings

    from hingecoach.live.voice import Voice

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # no espeak-ng: the lines are printed
        voice = Voice()
    for line in lines:
        voice.say(line)
        voice.wait(10.0)


__all__ = ["app", "register"]
