"""Rich tables for ``history`` and ``reanalyze``.

``history``: sessions, sets, recurring faults and the form-limited load; ``reanalyze``: the
verdict before and after. Exercises and faults are said in words (never their ids), and the
sets table follows the terminal's width: below :data:`WIDE_COLUMNS` its faults and notes stack
under it, set by set, so no cell splits a word.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table

from hingecoach.feedback.words import check_title, exercise_name

#: Console width from which the sets table carries its faults and notes as columns.
WIDE_COLUMNS = 100

if TYPE_CHECKING:
    from hingecoach.models import SetResult
    from hingecoach.store.records import History


def render_history(history: History, console: Console) -> None:
    """Print an athlete's sessions, sets, recurring faults, then the form-limited load.

    Args:
        history: what ``store.athlete_history`` returned.
        console: where to print.
    """
    wide = console.width >= WIDE_COLUMNS
    console.print(_sessions_table(history))
    console.print(_sets_table(history, wide))
    if not wide:
        for s in history.sets:
            faults = ", ".join(_fault_words(s.faults)) or "no faults"
            note = f" — {s.note}" if s.note else ""
            console.print(f"  set {s.set_id}: {faults}{note}", highlight=False)
    if any(not s.has_track for s in history.sets):
        console.print(
            "[dim]* saved without landmarks: cannot be re-analyzed; re-analyze from the video[/]"
        )
    if history.faults:
        console.print(_faults_table(history))
    else:
        console.print("no faults in counted reps")
    _print_limits(history, console)


def render_reanalysis(set_id: int, old: SetResult, new: SetResult, console: Console) -> None:
    """Print the old and the new verdict on one set: exercise, score, rep count and faults.

    Args:
        set_id: the set re-analysed.
        old: the verdict the new one replaced.
        new: the new current verdict.
        console: where to print.
    """
    table = Table(title=f"set {set_id} re-analysed", title_justify="left")
    table.add_column("")
    table.add_column("before", overflow="fold")
    table.add_column("after", overflow="fold")

    def score(r: SetResult) -> str:
        return "—" if r.score is None else str(r.score)

    table.add_row("exercise", exercise_name(old.exercise), exercise_name(new.exercise))
    table.add_row("score", score(old), score(new))
    table.add_row("reps", str(old.rep_count), str(new.rep_count))
    table.add_row("faults", _fault_summary(old), _fault_summary(new))
    console.print(table)


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
        # dates and numbers never wrap; words wrap at spaces; faults and notes take what
        # width is left
        table.add_column(
            col,
            justify="right" if col in right else "left",
            overflow="fold" if col == "note" else "ellipsis",
            no_wrap=col in ("id", "date", "set", "reps", "score", "broke", "last seen", "analyses"),
        )
    return table


def _fault_words(checks: list[str]) -> list[str]:
    """Check ids as what they look at (``Knee bend``); an id no check has, as it is."""
    from hingecoach.checks.registry import BY_ID

    return [check_title(c) if c in BY_ID else c for c in checks]


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
            ", ".join(sorted({exercise_name(s.exercise) for s in sess.sets})),
            format_kg(max(loads)) if loads else "—",
            str(max(scores)) if scores else "—",
        )
    return table


def _sets_table(history: History, wide: bool) -> Table:
    from hingecoach.store.loads import format_kg

    columns = ("id", "date", "set", "exercise", "load", "reps", "score", "broke")
    table = _table(
        "sets (id: for hingecoach reanalyze ID)",
        (*columns, "faults", "analyses", "note") if wide else (*columns, "analyses"),
        ("id", "set", "reps", "score", "broke", "analyses"),
        compact=True,
    )
    for s in history.sets:
        style = "green" if s.clean else ("red" if s.score is not None else "dim")
        score = "—" if s.score is None else f"[{style}]{s.score}[/]"
        row = [
            str(s.set_id),
            str(s.session_date),
            str(s.set_number),
            exercise_name(s.exercise),
            format_kg(s.load_kg, s.load_text),
            str(s.rep_count),
            score,
            str(s.broke_at_rep or "—"),
        ]
        analyses = str(s.analyses) + ("" if s.has_track else "*")
        if wide:
            row += [", ".join(_fault_words(s.faults)) or "—", analyses, s.note or ""]
        else:
            row.append(analyses)
        table.add_row(*row)
    return table


def _fault_summary(result: SetResult) -> str:
    """``Knee bend ×4, Neutral neck ×1``: faults in counted reps, most frequent first."""
    counts = Counter(
        f.check for rep in result.reps if rep.counted for f in rep.findings if f.severity == "fault"
    )
    return (
        ", ".join(f"{_fault_words([check])[0]} ×{n}" for check, n in counts.most_common()) or "none"
    )


def _faults_table(history: History) -> Table:
    table = _table(
        "recurring faults (counted reps)", ("fault", "sets", "reps", "last seen"), ("sets", "reps")
    )
    for f in history.faults:
        (title,) = _fault_words([f.check])
        name = f"[bold]{title}[/]" if f.recurring else title
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
        console.print(f"  {exercise_name(lim.exercise)}: {clean}; {broke}", highlight=False)
