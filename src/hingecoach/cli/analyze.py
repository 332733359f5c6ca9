"""``analyze`` and ``report``: a set in, coached reps and the asked-for outputs out.

``analyze`` takes a video or a keypoint file, ``report`` a result JSON saved by ``analyze
--json``; both parse the options, call :mod:`hingecoach.pipeline` and render with Rich.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hingecoach.cli._common import Opt, console, err, fail, require_finite
from hingecoach.cli.history import SaveTo
from hingecoach.errors import InputError
from hingecoach.models import Side


def register(app: typer.Typer) -> None:
    """Add ``analyze`` and ``report`` to ``app``."""
    app.command()(analyze)
    app.command("report")(report_cmd)


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
    from hingecoach.report.view import SetInfo

    if (video is None) == (keypoints is None):
        raise fail("give either a VIDEO or --keypoints FILE")
    require_finite(start=start, end=end)
    facing = _facing(side)
    save_to = SaveTo(athlete, load, set_number, note, db)
    outputs = pipeline.Outputs(
        json=json_out,
        csv=csv_out,
        report=report,
        signals_csv=signals_csv,
        trc=trc,
        annotated_video=video_out,
        report_info=SetInfo(athlete=athlete, load=load, set_number=set_number, note=note),
    )
    try:
        save_to.check()
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
            from hingecoach.video.container_timing import check_container_timing

            check_container_timing(video)  # before the decoder calls it "only one frame"
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
        save_to.save(done.result, done.track, console)
    except InputError as e:
        raise fail(str(e)) from None


def _facing(side: str | None) -> Side | None:
    """``--side`` as the engine's side (None: guess from the landmarks); exit 2 on a typo."""
    if side == "left":
        return "left"
    if side == "right":
        return "right"
    if side is None:
        return None
    raise fail(f"--side must be left or right, not {side!r}")


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
        raise fail(f"{result_json}: cannot read: {e}") from None
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise fail(f"{result_json}: not a hingecoach result ({where}: {first['msg']})") from None
    write_html(result, output)
    console.print(f"HTML report → {output}", highlight=False)
