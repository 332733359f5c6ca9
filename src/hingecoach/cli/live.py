"""``live``: coach a set from a camera, a stream or a video file, rep by rep.

Thin like every command: parse, run :func:`hingecoach.live.loop.run_live`, print each rep as it
is judged and the set's result with the same renderer as ``analyze``, save to the history when
asked. Exit 0 when a set was analysed, 2 for bad input or when the set never started.
``live/`` holds the camera source, capture check, window, voice and loop; this module only wires
them to the options.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from hingecoach.cli._common import EXERCISE_HELP, ExerciseName, Opt, fail, require_finite
from hingecoach.cli.history import SaveTo
from hingecoach.errors import InputError

if TYPE_CHECKING:
    from hingecoach.live.loop import LiveOutcome


def register(app: typer.Typer) -> None:
    """Add ``live`` to ``app``."""
    app.command("live")(live)


def live(
    camera: Annotated[int | None, Opt(help="camera index (0 is the default camera)")] = None,
    source: Annotated[
        str | None, Opt(help="a video file, or a stream URL (rtsp://, http://)")
    ] = None,
    realtime: Annotated[
        bool, Opt(help="play a --source file at its real pace, dropping frames like a camera")
    ] = False,
    exercise: Annotated[
        ExerciseName | None,
        Opt(
            metavar="EXERCISE",
            help=f"exercise to coach, {EXERCISE_HELP}; without it the first reps tell which",
        ),
    ] = None,
    profile: Annotated[Path | None, Opt(help="TOML overriding the profile's limits")] = None,
    window: Annotated[bool, Opt(help="show the coaching window (--no-window: headless)")] = True,
    voice: Annotated[bool, Opt(help="speak the cues (offline, espeak-ng)")] = False,
    replay_delay: Annotated[
        float, Opt(min=0, help="replay each rep slowed this many seconds later (0: off)")
    ] = 0.0,
    cooldown: Annotated[
        float, Opt(min=0, help="seconds before the same fault cue is said again")
    ] = 8.0,
    skip_capture_check: Annotated[
        bool, Opt(help="start the set on the first frame, without the capture check")
    ] = False,
    json_out: Annotated[Path | None, Opt("--json", help="write the SetResult JSON here")] = None,
    athlete: Annotated[str | None, Opt(help="save the set to this athlete's history")] = None,
    load: Annotated[str | None, Opt(help="the set's load: 100kg, 225lb or bodyweight")] = None,
    set_number: Annotated[
        int | None, Opt("--set", min=1, help="set number within the day (default: next)")
    ] = None,
    note: Annotated[str | None, Opt(help="a note saved with the set")] = None,
    db: Annotated[str | None, Opt(help="history database URL (default: $HINGECOACH_DB)")] = None,
) -> None:
    """Coach a set live from a camera, a stream or a video file, rep by rep."""
    require_finite(replay_delay=replay_delay, cooldown=cooldown)
    console = Console()  # made per run, so it takes the terminal width of this run
    save_to = SaveTo(athlete, load, set_number, note, db)
    try:
        save_to.check()
        outcome = _run(
            camera, source, realtime, exercise, profile, window, voice, replay_delay, cooldown,
            not skip_capture_check, console,
        )  # fmt: skip
        if outcome.result is None:
            raise InputError(f"no set: {outcome.end_reason}")
        from hingecoach.report.terminal import render

        console.print(f"[dim]set over: {outcome.end_reason}[/]", highlight=False)
        render(outcome.result, console)
        if json_out is not None:
            from hingecoach.report.tables import write_json

            write_json(outcome.result, json_out)
            console.print(f"[dim]result JSON → {json_out}[/]", highlight=False)
        save_to.save(outcome.result, outcome.track, console)
    except InputError as e:
        raise fail(str(e)) from None


def _run(
    camera: int | None,
    source: str | None,
    realtime: bool,
    exercise: str | None,
    profile: Path | None,
    window: bool,
    voice: bool,
    replay_delay: float,
    cooldown: float,
    check_capture: bool,
    console: Console,
) -> LiveOutcome:
    from hingecoach.checks.profiles import load_profiles
    from hingecoach.live.events import CoachedRep
    from hingecoach.live.loop import LiveOptions, run_live
    from hingecoach.live.source import open_source

    profiles = load_profiles(profile)  # read once, here at the edge
    if exercise is not None:
        profiles.get(exercise)  # a bad exercise fails before the camera opens
    if source is not None and "://" not in source and Path(source).is_file():
        from hingecoach.video.container_timing import check_container_timing

        check_container_timing(source)  # before the decoder calls it "only one frame"
    src = open_source(camera=camera, source=source, realtime=realtime)
    display = None
    if window:
        from hingecoach.live.window import WindowDisplay

        display = WindowDisplay(replay_delay_s=replay_delay or None)
    speaker = None
    if voice:
        from hingecoach.live.voice import Voice

        speaker = Voice()

    from hingecoach.feedback.words import fault_name

    def on_event(ev: CoachedRep) -> None:
        r = ev.rep
        verdict = "counted" if r.counted else "not counted"
        judged = r.counted and r.measurable
        faults = "; ".join(fault_name(f) for f in r.faults) or ("clean" if judged else "not judged")
        cue = f" — cue: {ev.cue}" if ev.cue else ""
        console.print(
            f"rep {r.index} ({verdict}, {r.end_s:.1f} s): {faults}{cue}",
            highlight=False,
            soft_wrap=True,
        )

    def on_message(text: str) -> None:
        console.print(f"[yellow]{text}[/]", highlight=False, soft_wrap=True)

    from hingecoach.cli._progress import quiet_native_logs

    try:
        with quiet_native_logs():  # MediaPipe's C++ log lines would cut into the rep lines
            return run_live(
                src,
                options=LiveOptions(exercise, profiles, cooldown, check_capture),
                display=display,
                voice=speaker,
                on_event=on_event,
                on_message=on_message,
            )
    finally:
        if display is not None:
            display.close()
        if speaker is not None:
            speaker.close()
