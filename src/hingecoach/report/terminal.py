"""The per-rep table a lifter reads in the terminal, with cues and the one thing to fix first."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from hingecoach.models import RepResult, SetResult


def _num(x: float | None, fmt: str = "{:.0f}") -> str:
    return "–" if x is None else fmt.format(x)


def _rep_row(r: RepResult) -> list[str]:
    faults = r.faults
    if not r.measurable:
        verdict = "[yellow]not measurable[/]"
    elif faults:
        verdict = "[red]" + "; ".join(f"{f.check} {f.value:g}{f.unit} (limit {f.limit:g})" for f in faults) + "[/]"
    else:
        verdict = "[green]clean[/]"
    idx = str(r.index) if r.counted else f"({r.index})"
    return [
        idx,
        f"{r.start_s:.1f}–{r.end_s:.1f}",
        f"{r.lower_s:.1f}/{r.bottom_hold_s:.1f}/{r.rise_s:.1f}",
        _num(r.torso_angle_min_deg),
        _num(r.hip_flexion_max_deg),
        _num(r.knee_flexion_max_deg),
        _num(r.shin_angle_max_deg),
        "–" if r.pause_s is None else f"{r.pause_s:.1f} s {r.pause_height or ''}",
        verdict,
    ]


def render(result: SetResult, console: Console | None = None) -> None:
    """Print the set summary, the per-rep table, cues, advice and warnings."""
    con = console or Console()
    how = "recognised" if result.exercise_detected else "as given"
    con.print(
        f"[bold]{result.exercise}[/] ({how}) · view: {result.view}"
        + (f", facing {result.facing}" if result.facing else "")
        + f" · reps: {result.rep_count} · score: {_num(result.score)}"
        + (f" · form broke at rep {result.broke_at_rep}" if result.broke_at_rep else "")
    )
    table = Table(show_lines=False)
    for col in ("rep", "time s", "down/hold/up s", "torso° min", "hip° max", "knee° max",
                "shin° max", "pause", "findings"):
        table.add_column(col, overflow="fold")
    for r in result.reps:
        table.add_row(*_rep_row(r))
    con.print(table)
    if any(not r.counted for r in result.reps):
        con.print("[dim](n) = partial rep, not counted[/]")
    if result.fix_first:
        con.print(f"[bold]Fix first:[/] {result.fix_first}")
    cues = {f.check: f.cue for r in result.reps if r.counted for f in r.faults}
    for check, cue in cues.items():
        con.print(f"  • {check}: {cue}")
    for line in result.drifted:
        con.print(f"[bold]Drift:[/] {line}")
    for tip in result.advice:
        con.print(f"[cyan]→[/] {tip}")
    for cid, why in result.not_judged.items():
        con.print(f"[dim]not judged: {cid} — {why}[/]")
    for w in result.warnings:
        con.print(f"[yellow]warning:[/] {w}")
