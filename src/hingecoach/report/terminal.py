"""The per-rep table a lifter reads in the terminal, with cues and the one thing to fix first."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from hingecoach.models import Finding, RepResult, SetResult


def _num(x: float | None, fmt: str = "{:.0f}") -> str:
    return "–" if x is None else fmt.format(x)


def _verdict(r: RepResult) -> str:
    if not r.measurable:
        return "[yellow]not measurable[/]"
    if not r.counted:
        return "[dim]partial: not judged[/]"
    watch = f" [yellow](watch: {', '.join(f.check for f in r.watches)})[/]" if r.watches else ""
    if r.faults:
        return "[red]" + ", ".join(f.check for f in r.faults) + "[/]" + watch
    return "[green]clean[/]" + watch


def _rep_row(r: RepResult) -> list[str]:
    return [
        str(r.index) if r.counted else f"({r.index})",
        f"{r.start_s:.1f}–{r.end_s:.1f}",
        f"{r.lower_s:.1f}/{r.bottom_hold_s:.1f}/{r.rise_s:.1f}",
        _num(r.torso_angle_min_deg),
        _num(r.hip_flexion_max_deg),
        _num(r.knee_flexion_max_deg),
        _num(r.shin_angle_max_deg),
        "–" if r.pause_s is None else f"{r.pause_s:.1f}s",
        _verdict(r),
    ]


def _finding_line(r: RepResult, f: Finding) -> str:
    value = "" if f.value is None else f"{f.value:.3g}{UNITS.get(f.unit, f.unit)}"
    limit = "" if f.limit is None else f" (limit {f.limit:g}{UNITS.get(f.unit, f.unit)})"
    if f.severity == "watch":
        return (
            f"  rep {r.index}: [yellow]watch {f.check}[/] {value}{limit} — {f.detail}; within "
            "what the video can measure, so not counted as a fault"
        )
    return f"  rep {r.index}: [red]{f.check}[/] {value}{limit} — {f.detail}"


UNITS = {"deg": "°", "s": " s", "bl": " bl", "shin": " of the shin"}


def render(result: SetResult, console: Console | None = None) -> None:
    """Print the set summary, the per-rep table, each fault with its number, advice, warnings."""
    con = console or Console()
    how = "recognised" if result.exercise_detected else "as given"
    con.print(
        f"[bold]{result.exercise}[/] ({how}) · view: {result.view}"
        + (f", facing {result.facing}" if result.facing else "")
        + f" · reps: {result.rep_count} · score: {_num(result.score)}"
        + (f" · form broke at rep {result.broke_at_rep}" if result.broke_at_rep else "")
    )
    table = Table(show_lines=False, pad_edge=False)
    for col in (
        "rep",
        "time s",
        "tempo s",
        "torso°",
        "hip°",
        "knee°",
        "shin°",
        "pause",
        "verdict",
    ):
        table.add_column(col, overflow="fold", no_wrap=col != "verdict", min_width=len(col))
    for r in result.reps:
        table.add_row(*_rep_row(r))
    con.print(table)
    con.print(
        "[dim]tempo = down/hold/up; torso° = lowest angle to the floor; hip°, knee°, shin° = "
        "largest in the rep; (n) = partial rep, not counted[/]"
    )
    for r in result.reps:
        for f in r.faults + r.watches:
            con.print(_finding_line(r, f), highlight=False)
    if result.fix_first:
        con.print(f"[bold]Fix first:[/] {result.fix_first}")
    for line in result.drifted:
        con.print(f"[bold]Drift:[/] {line}")
    for tip in result.advice:
        con.print(f"[cyan]→[/] {tip}")
    for cid, why in result.not_judged.items():
        con.print(f"[dim]not judged: {cid} — {why}[/]")
    for w in result.warnings:
        con.print(f"[yellow]warning:[/] {w}")
