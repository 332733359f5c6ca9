"""``history`` and ``reanalyse``, and the save hook behind ``analyze/live --athlete``.

The CLI never imports SQLAlchemy at start-up: the store is imported inside the functions, only
when history is actually used, so ``hingecoach analyze`` without ``--athlete`` starts fast.
Re-analysis runs the engine through :func:`hingecoach.pipeline.reanalyse_set`; the store only
loads the landmarks and saves the new verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from hingecoach.cli._common import DB_HELP, Opt, fail, usage
from hingecoach.errors import InputError

if TYPE_CHECKING:
    from hingecoach.feedback.plan import Plan
    from hingecoach.models import PoseTrack, SetResult


def register(app: typer.Typer) -> None:
    """Add ``reanalyze SET_ID ...`` and ``history NAME [--db URL] [--html FILE]`` to ``app``.

    ``reanalyse`` is a hidden alias of ``reanalyze`` (one spelling shown, both accepted).
    """
    app.command("reanalyze")(reanalyse)
    app.command("reanalyse", hidden=True)(reanalyse)
    app.command()(history)


@dataclass(frozen=True)
class SaveTo:
    """Where ``analyze`` and ``live`` save a set, from their shared history options.

    ``--athlete``, ``--load``, ``--set``, ``--note`` and ``--db``: without an athlete nothing is
    saved, and the other four options are refused.
    """

    athlete: str | None
    load: str | None
    set_number: int | None
    note: str | None
    db: str | None

    def check(self) -> None:
        """Refuse bad save options before the analysis runs, not after a long set.

        Raises:
            typer.Exit: (bad usage, exit 2) history options given without ``--athlete``.
            InputError: the load cannot be read (e.g. ``heavy``, or ``100`` without a unit), or
                the database cannot be opened (damaged, unreachable, newer schema).
        """
        if self.athlete is None:
            if (self.load, self.set_number, self.note, self.db) != (None, None, None, None):
                raise usage("--load, --set, --note and --db save to a history: add --athlete NAME")
            return
        from hingecoach.store.db import open_store
        from hingecoach.store.loads import parse_load

        parse_load(self.load)
        open_store(self.db).close()  # a broken or unreachable database: say so before the work

    def save(self, result: SetResult, track: PoseTrack | None, console: Console) -> None:
        """Save the set with its landmarks when an athlete was named and print the confirmation.

        Raises:
            InputError: the database refused the write (locked past the wait, or broken); the
                analysed set is first written to a file the message names, so it is not lost.
        """
        from hingecoach.store.db import StoreUnavailable

        if self.athlete is None:
            return
        try:
            line = save_from_cli(
                result,
                athlete=self.athlete,
                load=self.load,
                set_number=self.set_number,
                note=self.note,
                db=self.db,
                track=track,
            )
        except StoreUnavailable as e:
            kept = keep_unsaved(result, track, athlete=self.athlete)
            raise InputError(f"{e}: not saved; the analysed set is kept in {kept}") from None
        console.print(line, soft_wrap=True, highlight=False)


def unsaved_dir() -> Path:
    """Where sets that could not be saved are kept: ``<user data dir>/hingecoach/unsaved``."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("hingecoach", appauthor=False)) / "unsaved"


def keep_unsaved(result: SetResult, track: PoseTrack | None, *, athlete: str) -> Path:
    """Write a set the history refused to a new file; returns its path.

    The file is hingecoach JSON of the landmarks (``analyze --keypoints`` reads it back) with
    the verdict under ``"result"``; without landmarks it is the result JSON alone.

    Raises:
        InputError: the file cannot be written either.
    """
    import datetime as dt
    import json
    import re

    from hingecoach.pose.keypoint_files import write_json

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", athlete)[:40] or "set"
    path = unsaved_dir() / f"{slug}-{stamp}.json"
    verdict = json.loads(result.model_dump_json())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if track is not None:
            write_json(track, path, extra={"athlete": athlete, "result": verdict})
        else:
            path.write_text(json.dumps(verdict), encoding="utf-8")
    except OSError as e:
        raise InputError(f"could not save the set, nor keep it in {path}: {e.strerror}") from None
    return path


def save_from_cli(
    result: SetResult,
    *,
    athlete: str,
    load: str | None,
    set_number: int | None,
    note: str | None,
    db: str | None,
    track: PoseTrack | None = None,
) -> str:
    """Save an analysed set and return the one-line confirmation the CLI prints.

    Args:
        result: the set's verdict.
        athlete: whose history to save it in.
        load: e.g. ``"100kg"``, ``"225lb"``, ``"bodyweight"`` or None.
        set_number: the set's number within the day; None takes the next free one.
        note: free text saved with the set.
        db: database URL; None uses ``$HINGECOACH_DB``, else the per-user SQLite file.
        track: the landmarks ``result`` came from, stored with the set so that
            ``hingecoach reanalyse`` can judge it again later; without it only the verdict is
            kept.

    Returns:
        ``saved Sam's set 2 on 2024-05-01 (rdl, 100 kg, score 88) as set #12 → URL``.

    Raises:
        InputError: bad database URL, unreachable server, bad load or set number.
    """
    from hingecoach.store.db import open_store
    from hingecoach.store.loads import format_kg
    from hingecoach.store.repo import save_result

    with open_store(db) as store:
        saved = save_result(
            store,
            athlete=athlete,
            result=result,
            load=load,
            set_number=set_number,
            note=note,
            track=track,
        )
        where = store.url
    score = "not scored" if saved.score is None else f"score {saved.score}"
    return (
        f"saved {saved.athlete}'s set {saved.set_number} on {saved.session_date} "
        f"({saved.exercise}, {format_kg(saved.load_kg, saved.load_text)}, {score}) "
        f"as set #{saved.set_id} → {where}"
    )


def reanalyse(
    set_id: Annotated[
        int, typer.Argument(metavar="SET_ID", help="the set's id, as `history NAME` lists it")
    ],
    exercise: Annotated[
        str | None, Opt(help="exercise profile (default: the one the set was saved as)")
    ] = None,
    profile: Annotated[Path | None, Opt(help="TOML overriding the profile's limits")] = None,
    db: Annotated[str | None, Opt(help=DB_HELP)] = None,
) -> None:
    """Judge a saved set again from its stored landmarks; the old verdict is kept."""
    from hingecoach.cli.history_tables import render_reanalysis
    from hingecoach.pipeline import reanalyse_set
    from hingecoach.store.db import open_store
    from hingecoach.store.repo import load_result, set_analyses

    try:
        with open_store(db) as store:
            ref = reanalyse_set(store, set_id=set_id, exercise=exercise, profile_override=profile)
            refs = set_analyses(store, set_id=set_id)
            # Ids grow in the order analyses became current (the set row is locked while one
            # is added), so the one before ours is the one it replaced.
            before = [r for r in refs if r.analysis_id < ref.analysis_id][-1]
            old = load_result(store, set_id=set_id, analysis_id=before.analysis_id)
            new = load_result(store, set_id=set_id, analysis_id=ref.analysis_id)
    except InputError as e:
        raise fail(str(e)) from None
    console = Console()
    render_reanalysis(set_id, old, new, console)
    console.print(
        f"analysis #{ref.analysis_id} is now current; #{before.analysis_id} and every "
        f"earlier one kept ({len(refs)} analyses of set {set_id})",
        highlight=False,
        soft_wrap=True,
    )


def history(
    name: Annotated[str, typer.Argument(help="the athlete, as saved with --athlete")],
    db: Annotated[str | None, Opt(help=DB_HELP)] = None,
    html: Annotated[Path | None, Opt(help="also write a self-contained progress page here")] = None,
) -> None:
    """Show an athlete's saved sets, recurring faults, form-limited load and next session."""
    from hingecoach.cli.history_tables import render_history
    from hingecoach.pipeline import stored_plan
    from hingecoach.report.progress import render_progress_html
    from hingecoach.store.db import open_store
    from hingecoach.store.history import athlete_history

    console = Console()  # made per run, so it takes the terminal width of this run
    try:
        with open_store(db) as store:
            hist = athlete_history(store, athlete=name)
            plan = stored_plan(store, hist)
    except InputError as e:
        raise fail(str(e)) from None
    render_history(hist, console)
    print_plan(plan, console)
    if html is not None:
        html.write_text(render_progress_html(hist, plan=plan), encoding="utf-8")
        console.print(f"[dim]progress page → {html}[/]")


def print_plan(plan: Plan, console: Console) -> None:
    """Print the next session: the prescription, why, and what must be true to move on.

    Plain sentences that Rich wraps at word boundaries, so they read at 80 columns.
    """
    from rich.padding import Padding
    from rich.text import Text

    from hingecoach.feedback.plan import prescription_text

    console.print("[bold]next session[/]")
    lines = [prescription_text(plan.prescription), *(f"why: {w}" for w in plan.reasons)]
    for line in [*lines, f"to move on: {plan.move_on}"]:
        console.print(Padding(Text(line), (0, 0, 0, 2), expand=False))
