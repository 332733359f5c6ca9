"""CLI glue for the store: ``history``, ``reanalyse`` and saving from ``analyze --athlete``.

Kept out of ``cli.py`` so the CLI module never imports SQLAlchemy: the store modules are
imported inside the functions, and only when history is actually used, so ``hingecoach
analyze`` without ``--athlete`` starts as fast as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from hingecoach.errors import InputError

if TYPE_CHECKING:
    from hingecoach.models import PoseTrack, SetResult
    from hingecoach.store.records import History

DB_HELP = (
    "database URL: postgresql://user:pass@host/db or sqlite:///file "
    "(default: $HINGECOACH_DB, else a file in your data directory)"
)


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

    ``track`` (the landmarks ``result`` came from) is stored with the set so that
    ``hingecoach reanalyse`` can judge it again later; without it only the verdict is kept.

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


def render_history(history: History, console: Console) -> None:
    """Rich tables: sessions, sets, recurring faults, then the form-limited load."""
    console.print(_sessions_table(history))
    console.print(_sets_table(history))
    if any(not s.has_track for s in history.sets):
        console.print(
            "[dim]* saved without landmarks: cannot be re-analysed, re-analyse from the video[/]"
        )
    if history.faults:
        console.print(_faults_table(history))
    else:
        console.print("no faults in counted reps")
    _print_limits(history, console)


def _table(
    title: str, columns: tuple[str, ...], right: tuple[str, ...], *, compact: bool = False
) -> Table:
    # compact: no vertical rules and one space between columns, for a table of many columns
    # that must still fit an 80-column terminal
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
        show_edge=not compact,
        collapse_padding=compact,
        pad_edge=not compact,
    )
    for col in columns:
        # dates and numbers never wrap; faults and notes take what width is left
        table.add_column(
            col,
            justify="right" if col in right else "left",
            overflow="fold",
            no_wrap=col in ("id", "date", "set", "reps", "score", "broke", "last seen", "analyses"),
        )
    return table


def _sessions_table(history: History) -> Table:
    from hingecoach.store.loads import format_kg

    table = _table(
        f"{history.athlete}: sessions",
        ("date", "sets", "exercises", "heaviest", "best score"),
        ("sets", "best score"),
    )
    for sess in history.sessions:
        loads = [s.load_kg for s in sess.sets if s.load_kg is not None]
        scores = [s.score for s in sess.sets if s.score is not None]
        table.add_row(
            str(sess.date),
            str(len(sess.sets)),
            ", ".join(sorted({s.exercise for s in sess.sets})),
            format_kg(max(loads)) if loads else "—",
            str(max(scores)) if scores else "—",
        )
    return table


def _sets_table(history: History) -> Table:
    from hingecoach.store.loads import format_kg

    table = _table(
        "sets (id: for hingecoach reanalyse ID)",
        (
            "id",
            "date",
            "set",
            "exercise",
            "load",
            "reps",
            "score",
            "broke",
            "faults",
            "analyses",
            "note",
        ),
        ("id", "set", "reps", "score", "broke", "analyses"),
        compact=True,
    )
    for s in history.sets:
        style = "green" if s.clean else ("red" if s.score is not None else "dim")
        score = "—" if s.score is None else f"[{style}]{s.score}[/]"
        table.add_row(
            str(s.set_id),
            str(s.session_date),
            str(s.set_number),
            s.exercise,
            format_kg(s.load_kg, s.load_text),
            str(s.rep_count),
            score,
            str(s.broke_at_rep or "—"),
            ", ".join(s.faults) or "—",
            str(s.analyses) + ("" if s.has_track else "*"),
            s.note or "",
        )
    return table


def _fault_summary(result: SetResult) -> str:
    """``knee_bend ×4, head_neutral ×1``: faults in counted reps, most frequent first."""
    from collections import Counter

    counts = Counter(
        f.check for rep in result.reps if rep.counted for f in rep.findings if f.severity == "fault"
    )
    return ", ".join(f"{check} ×{n}" for check, n in counts.most_common()) or "none"


def render_reanalysis(set_id: int, old: SetResult, new: SetResult, console: Console) -> None:
    """Old vs new verdict on one set: exercise, score, rep count and faults."""
    table = Table(title=f"set {set_id} re-analysed", title_justify="left")
    table.add_column("")
    table.add_column("before", overflow="fold")
    table.add_column("after", overflow="fold")

    def score(r: SetResult) -> str:
        return "—" if r.score is None else str(r.score)

    table.add_row("exercise", old.exercise, new.exercise)
    table.add_row("score", score(old), score(new))
    table.add_row("reps", str(old.rep_count), str(new.rep_count))
    table.add_row("faults", _fault_summary(old), _fault_summary(new))
    console.print(table)


def _faults_table(history: History) -> Table:
    table = _table(
        "recurring faults (counted reps)", ("fault", "sets", "reps", "last seen"), ("sets", "reps")
    )
    for f in history.faults:
        name = f"[bold]{f.check}[/]" if f.recurring else f.check
        table.add_row(name, str(f.sets), str(f.reps), str(f.last_seen))
    return table


def _print_limits(history: History, console: Console) -> None:
    from hingecoach.store.history import CLEAN_SCORE
    from hingecoach.store.loads import format_kg

    console.print(f"[bold]form-limited load[/] (clean = score ≥ {CLEAN_SCORE}, form never broke)")
    if not history.form_limits:
        console.print("  no sets with a load yet: save with --load 100kg")
    for lim in history.form_limits:
        clean = (
            "no clean loaded set"
            if lim.clean_max_kg is None
            else (f"clean up to [green]{format_kg(lim.clean_max_kg)}[/]")
        )
        broke = (
            "form has not broken"
            if lim.breaks_from_kg is None
            else (f"breaks from [red]{format_kg(lim.breaks_from_kg)}[/]")
        )
        console.print(f"  {lim.exercise}: {clean}; {broke}")


def register(app: typer.Typer) -> None:
    """Add ``history NAME [--db URL] [--html FILE]`` and ``reanalyse SET_ID ...`` to the app."""

    @app.command()
    def reanalyse(
        set_id: Annotated[
            int, typer.Argument(metavar="SET_ID", help="the set's id, as `history NAME` lists it")
        ],
        exercise: Annotated[
            str | None,
            typer.Option(help="exercise profile (default: the one the set was saved as)"),
        ] = None,
        profile: Annotated[
            Path | None, typer.Option(help="TOML overriding the profile's limits")
        ] = None,
        db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    ) -> None:
        """Judge a saved set again from its stored landmarks; the old verdict is kept."""
        from hingecoach.store.db import open_store
        from hingecoach.store.repo import load_result, reanalyse_set, set_analyses

        try:
            with open_store(db) as store:
                ref = reanalyse_set(
                    store, set_id=set_id, exercise=exercise, profile_override=profile
                )
                refs = set_analyses(store, set_id=set_id)
                # Ids grow in the order analyses became current (the set row is locked while
                # one is added), so the one before ours is the one it replaced.
                before = [r for r in refs if r.analysis_id < ref.analysis_id][-1]
                old = load_result(store, set_id=set_id, analysis_id=before.analysis_id)
                new = load_result(store, set_id=set_id, analysis_id=ref.analysis_id)
        except InputError as e:
            Console(stderr=True).print(f"[red]error:[/] {e}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        console = Console()
        render_reanalysis(set_id, old, new, console)
        console.print(
            f"analysis #{ref.analysis_id} is now current; #{before.analysis_id} and every "
            f"earlier one kept ({len(refs)} analyses of set {set_id})",
            highlight=False,
            soft_wrap=True,
        )

    @app.command()
    def history(
        name: Annotated[str, typer.Argument(help="the athlete, as saved with --athlete")],
        db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
        html: Annotated[
            Path | None, typer.Option(help="also write a self-contained progress page here")
        ] = None,
    ) -> None:
        """Show an athlete's saved sets, recurring faults and form-limited load."""
        from hingecoach.store.db import open_store
        from hingecoach.store.history import athlete_history
        from hingecoach.store.progress_html import render_progress_html

        console = Console()
        try:
            with open_store(db) as store:
                hist = athlete_history(store, athlete=name)
        except InputError as e:
            Console(stderr=True).print(f"[red]error:[/] {e}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        render_history(hist, console)
        if html is not None:
            html.write_text(render_progress_html(hist), encoding="utf-8")
            console.print(f"[dim]progress page → {html}[/]")
