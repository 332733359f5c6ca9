"""CLI glue for the store: the ``history`` command and saving from ``analyze --athlete``.

Kept out of ``cli.py`` so the CLI module never imports SQLAlchemy: the store modules are
imported inside the functions, and only when history is actually used, so ``hingecoach
analyze`` without ``--athlete`` starts as fast as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from hingecoach.errors import InputError

if TYPE_CHECKING:
    from hingecoach.models import SetResult
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
) -> str:
    """Save an analysed set and return the one-line confirmation the CLI prints.

    Raises:
        InputError: bad database URL, unreachable server, bad load or set number.
    """
    from hingecoach.store.db import open_store
    from hingecoach.store.loads import format_kg
    from hingecoach.store.repo import save_result

    with open_store(db) as store:
        saved = save_result(
            store, athlete=athlete, result=result, load=load, set_number=set_number, note=note
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
    if history.faults:
        console.print(_faults_table(history))
    else:
        console.print("no faults in counted reps")
    _print_limits(history, console)


def _table(title: str, columns: tuple[str, ...], right: tuple[str, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    for col in columns:
        # dates and numbers never wrap; faults and notes take what width is left
        table.add_column(
            col,
            justify="right" if col in right else "left",
            overflow="fold",
            no_wrap=col in ("date", "set", "reps", "score", "broke", "last seen"),
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
        "sets",
        ("date", "set", "exercise", "load", "reps", "score", "broke", "faults", "note"),
        ("set", "reps", "score", "broke"),
    )
    for s in history.sets:
        style = "green" if s.clean else ("red" if s.score is not None else "dim")
        score = "—" if s.score is None else f"[{style}]{s.score}[/]"
        table.add_row(
            str(s.session_date),
            str(s.set_number),
            s.exercise,
            format_kg(s.load_kg, s.load_text),
            str(s.rep_count),
            score,
            str(s.broke_at_rep or "—"),
            ", ".join(s.faults) or "—",
            s.note or "",
        )
    return table


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
    """Add ``hingecoach history NAME [--db URL] [--html FILE]`` to the CLI app."""

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
