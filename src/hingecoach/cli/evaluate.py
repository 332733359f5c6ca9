"""``eval``: run the engine on the seeded synthetic suite and print accuracy against the truth."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hingecoach.cli._common import Opt, console, err


def register(app: typer.Typer) -> None:
    """Add ``eval`` to ``app``."""
    app.command("eval")(evaluate)


def evaluate(
    sets: Annotated[int, Opt(help="sets per (exercise, view) cell")] = 20,
    seed: Annotated[int, Opt()] = 0,
    json_out: Annotated[Path | None, Opt("--json", help="write the metrics JSON here")] = None,
) -> None:
    """Run the engine on a seeded synthetic suite and print accuracy against ground truth."""
    from hingecoach.evaluation import render_report, run_suite, suite

    cases = suite(sets_per_cell=sets, seed=seed)
    report = run_suite(cases, progress_console=err)
    render_report(report, console)
    if json_out:
        json_out.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    if not report.targets_met:
        raise typer.Exit(1)
