"""``batch``: many videos (files, folders, globs) analysed on a local process pool or Ray.

Each video is analysed as ``analyze`` would, its outputs written under ``--out`` and its set
saved to the history when an athlete is named; what is done already is skipped, so a run that
crashed is finished by running it again. See :mod:`hingecoach.batch`.

Exit codes: 0 every video analysed (or done before); 1 some videos failed (the summary names
each with its reason; the others are analysed and saved); 2 bad usage (options that do not go
together, an unknown exercise); the CLI's bad-input code (``fail``) before
any work when no video is found, the profile or database is bad, or no Ray cluster answers.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hingecoach.cli._common import DB_HELP, Opt, console, err, fail
from hingecoach.errors import InputError

if TYPE_CHECKING:
    from hingecoach.batch.inputs import Settings
    from hingecoach.batch.run import Row, Runner


def register(app: typer.Typer) -> None:
    """Add ``batch`` to ``app``."""
    app.command()(batch)


def batch(
    inputs: Annotated[
        list[str], typer.Argument(help="videos, folders (searched recursively) and globs")
    ],
    out: Annotated[Path, Opt("--out", help="folder for each video's result, CSV and report")],
    ray: Annotated[
        str | None,
        Opt(
            "--ray",
            envvar="HINGECOACH_RAY_ADDRESS",
            help="run on the Ray cluster at this address (host:port of its head node)",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        Opt("--jobs", min=1, help="videos at once (default: this machine's or the cluster's CPUs)"),
    ] = None,
    exercise: Annotated[
        str | None, Opt(help="exercise profile; recognised from the motion when omitted")
    ] = None,
    profile: Annotated[Path | None, Opt(help="TOML overriding the profile's limits")] = None,
    athlete: Annotated[str | None, Opt(help="save every set to this athlete's history")] = None,
    athlete_from_folder: Annotated[
        bool,
        Opt(
            "--athlete-from-folder", help="save each set to the athlete named by its video's folder"
        ),
    ] = False,
    db: Annotated[str | None, Opt(help=DB_HELP)] = None,
) -> None:
    """Analyse many videos; write each one's outputs, save each set, skip what is done."""
    from hingecoach.batch.inputs import expand_inputs
    from hingecoach.batch.run import StoreSaver, run_batch

    settings = _settings(exercise, profile, athlete, athlete_from_folder, db)
    items = expand_inputs(inputs)
    if not items:
        raise fail("no videos given")
    if all(item.error is not None for item in items):
        raise fail(f"no video found: {items[0].path}: {items[0].error}")
    saver = None
    connected = False
    try:
        if settings.athlete is not None or settings.athlete_from_folder:
            saver = StoreSaver(db)
        runner, connected, where = _runner(ray, jobs)
        err.print(f"[dim]{len(items)} videos on {where}[/]", highlight=False)
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
        ) as bar:
            task = bar.add_task("videos", total=len(items))

            def advance(row: Row) -> None:
                bar.update(task, advance=1, description=Path(row.path).name[:40])

            rows = run_batch(items, settings, out, runner=runner, saver=saver, on_row=advance)
    except InputError as e:
        raise fail(str(e)) from None
    finally:
        if saver is not None:
            saver.close()
        if connected:
            from hingecoach.batch.ray_pool import disconnect

            disconnect()
    console.print(_summary(rows))
    failed = sum(r.status == "failed" for r in rows)
    done = sum(r.status == "done" for r in rows)
    console.print(
        f"{done} analysed, {len(rows) - done - failed} skipped, {failed} failed → {out}",
        highlight=False,
    )
    if failed:
        raise typer.Exit(1)


def _settings(
    exercise: str | None,
    profile: Path | None,
    athlete: str | None,
    athlete_from_folder: bool,
    db: str | None,
) -> Settings:
    """The batch's settings, every option checked before any work.

    Raises:
        typer.Exit: 2 for options that do not go together or an unknown exercise; the
            bad-input code for a profile that cannot be read.
    """
    from hingecoach.batch.inputs import Settings
    from hingecoach.checks.profiles import EXERCISES, load_profiles

    if athlete is not None and athlete_from_folder:
        raise _usage("give --athlete NAME or --athlete-from-folder, not both")
    if db is not None and athlete is None and not athlete_from_folder:
        raise _usage("--db saves to a history: add --athlete NAME or --athlete-from-folder")
    if exercise is not None and exercise not in EXERCISES:
        raise _usage(f"--exercise must be one of {', '.join(EXERCISES)}, not {exercise!r}")
    text = None
    if profile is not None:
        try:
            load_profiles(profile)
            text = profile.read_text(encoding="utf-8")
        except InputError as e:
            raise fail(str(e)) from None
        except (OSError, UnicodeDecodeError) as e:
            raise fail(f"{profile}: cannot read: {e}") from None
    return Settings(exercise, text, athlete, athlete_from_folder)


def _usage(message: str) -> typer.Exit:
    """Bad usage, exit 2: ``fail``'s one line, with the usage code rather than bad input's."""
    fail(message)
    return typer.Exit(2)


def _runner(address: str | None, jobs: int | None) -> tuple[Runner, bool, str]:
    """The pool to run on, whether this call connected to Ray, and where it runs (a phrase).

    Raises:
        InputError: no Ray cluster at ``address``.
    """
    from hingecoach.batch import local_pool, ray_pool

    if address:
        connected = ray_pool.connect(address)
        n = jobs or ray_pool.cluster_cpus()
        return (lambda js: ray_pool.run_ray(js, n)), connected, f"Ray at {address}, {n} workers"
    n = jobs or len(os.sched_getaffinity(0))
    return (lambda js: local_pool.run_local(js, n)), False, f"{n} local processes"


def _summary(rows: list[Row]) -> Table:
    """One line per video: what came of it, the verdict, or why it failed."""
    table = Table(title="batch", title_justify="left")
    for name in ("video", "status", "exercise", "reps", "score", "set", "reason"):
        table.add_column(name, overflow="fold")
    style = {"done": "green", "skipped": "dim", "failed": "red"}
    for r in rows:
        table.add_row(
            Path(r.path).name,
            f"[{style[r.status]}]{r.status}[/]",
            r.exercise or "",
            "" if r.reps is None else str(r.reps),
            "" if r.score is None else str(r.score),
            "" if r.set_id is None else f"#{r.set_id}",
            r.reason,
        )
    return table
