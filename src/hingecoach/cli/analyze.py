"""``analyze`` and ``report``: a set in, coached reps and the asked-for outputs out.

``analyze`` takes a video or a keypoint file, ``report`` a result JSON saved by ``analyze
--json``; both parse the options, call :mod:`hingecoach.pipeline` and render with Rich.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hingecoach.cli._common import (
    EXERCISE_HELP,
    ExerciseName,
    Opt,
    console,
    err,
    fail,
    require_finite,
    usage,
)
from hingecoach.cli._run import (
    Verbosity,
    render_and_write,
    result_track,
    run_pose,
    source_video,
    verbosity,
)
from hingecoach.cli.history import SaveTo
from hingecoach.errors import InputError
from hingecoach.models import Side


def register(app: typer.Typer) -> None:
    """Add ``analyze`` (``analyse``, hidden, is the same command) and ``report`` to ``app``."""
    app.command()(analyze)
    app.command("analyse", hidden=True)(analyze)
    app.command("report")(report_cmd)


def analyze(
    video: Annotated[
        Path | None, typer.Argument(help="video of the set (mp4, mov, m4v, webm, avi)")
    ] = None,
    keypoints: Annotated[
        Path | None,
        Opt(
            help="keypoint file instead of a video (JSON, long CSV, COCO-17 CSV, TRC, "
            "or an OpenPose *_keypoints.json folder)"
        ),
    ] = None,
    exercise: Annotated[
        ExerciseName | None,
        Opt(
            metavar="EXERCISE",
            help=f"exercise profile, {EXERCISE_HELP}; recognised from the motion when omitted",
        ),
    ] = None,
    profile: Annotated[Path | None, Opt(help="TOML overriding the profile's limits")] = None,
    json_out: Annotated[
        Path | None,
        Opt(
            "--json",
            help="write the SetResult JSON here; '-' writes it to stdout (and the table to stderr)",
        ),
    ] = None,
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
    mot: Annotated[
        Path | None, Opt("--mot", help="write the joint angles as an OpenSim .mot here")
    ] = None,
    video_out: Annotated[Path | None, Opt("--video", help="write an annotated video here")] = None,
    side: Annotated[
        Side | None, Opt(help="the lifter's side nearer the camera (default: auto)")
    ] = None,
    start: Annotated[float | None, Opt(help="analyze from this time, seconds")] = None,
    end: Annotated[float | None, Opt(help="analyze up to this time, seconds")] = None,
    jobs: Annotated[
        int | None, Opt(min=1, help="pose processes, one per core (default: the cores available)")
    ] = None,
    width: Annotated[int | None, Opt(help="frame width for long-CSV keypoints")] = None,
    height: Annotated[int | None, Opt(help="frame height for long-CSV keypoints")] = None,
    fps: Annotated[
        float | None,
        Opt(help="frame rate of keypoints without times (COCO-17, OpenPose; default 30)"),
    ] = None,
    athlete: Annotated[str | None, Opt(help="save the set to this athlete's history")] = None,
    load: Annotated[str | None, Opt(help="the set's load: 100kg, 225lb or bodyweight")] = None,
    set_number: Annotated[
        int | None, Opt("--set", min=1, help="set number within the day (default: next)")
    ] = None,
    note: Annotated[str | None, Opt(help="a note saved with the set")] = None,
    db: Annotated[
        str | None, Opt(help="history database URL (default: $HINGECOACH_DB, else a local file)")
    ] = None,
    lifter_height: Annotated[
        float | None,
        Opt(min=100, max=230, help="the lifter's height, cm: distances said in exact cm"),
    ] = None,
    quiet: Annotated[
        bool, Opt("-q", "--quiet", help="verdict, fix-first and warnings only; no progress")
    ] = False,
    verbose: Annotated[
        bool, Opt("-v", "--verbose", help="also what could not be judged; the libraries' logs")
    ] = False,
) -> None:
    """Analyze a set from a video or a keypoint file and print the coached reps."""
    from hingecoach import pipeline
    from hingecoach.report.view import SetInfo

    if (video is None) == (keypoints is None):
        raise usage("give either a VIDEO or --keypoints FILE")
    require_finite(start=start, end=end)
    how: Verbosity = verbosity(quiet, verbose)
    to_stdout = json_out is not None and str(json_out) == "-"
    save_to = SaveTo(athlete, load, set_number, note, db)
    outputs = pipeline.Outputs(
        json=None if to_stdout else json_out,
        csv=csv_out,
        report=report,
        signals_csv=signals_csv,
        trc=trc,
        annotated_video=video_out,
        mot=mot,
        report_info=SetInfo(athlete=athlete, load=load, set_number=set_number, note=note),
    )
    try:
        save_to.check()
        if keypoints is not None:
            if video_out is not None:
                raise usage("--video needs a source video; a keypoint file has no pixels")
            done = pipeline.analyze_keypoints(
                keypoints,
                exercise=exercise,
                profile=profile,
                width=width,
                height=height,
                fps=fps,
                start_s=start,
                end_s=end,
                side=side,
            )
        else:
            assert video is not None
            from hingecoach.video.container_timing import check_container_timing
            from hingecoach.video.parallel import default_jobs

            check_container_timing(video)  # before the decoder calls it "only one frame"
            done = run_pose(
                lambda progress: pipeline.analyze_video(
                    video,
                    exercise=exercise,
                    profile=profile,
                    start_s=start,
                    end_s=end,
                    side=side,
                    progress=progress,
                    jobs=default_jobs() if jobs is None else jobs,
                ),
                how,
            )
        render_and_write(
            done,
            outputs,
            how,
            out=err if to_stdout else console,
            height_cm=lifter_height,
        )
        if to_stdout:
            console.file.write(done.result.model_dump_json(indent=2) + "\n")
        save_to.save(done.result, done.track, err if to_stdout else console)
    except InputError as e:
        raise fail(str(e)) from None


def report_cmd(
    result_json: Annotated[Path, typer.Argument(help="a result JSON written by analyze --json")],
    output: Annotated[Path, Opt("-o", "--output", help="where to write the HTML report")],
    stills: Annotated[
        bool,
        Opt(
            help="when the source video is still there, show it and a still of every rep "
            "(its pose is read from the track cache, or run again once)"
        ),
    ] = True,
    quiet: Annotated[bool, Opt("-q", "--quiet", help="no progress line")] = False,
    verbose: Annotated[
        bool, Opt("-v", "--verbose", help="let the libraries' logs through")
    ] = False,
) -> None:
    """Render a saved result as a self-contained HTML report, with stills when the video exists."""
    from pydantic import ValidationError

    from hingecoach.models import SetResult
    from hingecoach.report.html import write_report

    try:
        text = result_json.read_text(encoding="utf-8")
        result = SetResult.model_validate_json(text)
    except (OSError, UnicodeDecodeError) as e:
        raise fail(f"{result_json}: cannot read: {e}") from None
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise fail(f"{result_json}: not a hingecoach result ({where}: {first['msg']})") from None
    how = verbosity(quiet, verbose)
    video = source_video(result.source, result_json.parent) if stills else None
    track = None
    try:
        if video is not None:
            track = run_pose(lambda progress: result_track(video, result, progress), how)
            if track is None:
                err.print(
                    f"[yellow]note:[/] {video} no longer matches the result's frames: "
                    "the report has no stills",
                    highlight=False,
                    soft_wrap=True,
                )
        write_report(result, output, video=video if track is not None else None, track=track)
    except InputError as e:
        raise fail(str(e)) from None
    except OSError as e:
        raise fail(f"{output}: cannot write the HTML report: {e.strerror or e}") from None
    console.print(f"HTML report → {output}", highlight=False)
