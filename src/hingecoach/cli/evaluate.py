"""``eval``: accuracy against the truth — the seeded synthetic suite, or labelled real clips."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from hingecoach.cli._common import Opt, console, err, fail


def register(app: typer.Typer) -> None:
    """Add ``eval`` to ``app``."""
    app.command("eval")(evaluate)


def evaluate(
    sets: Annotated[
        int | None, Opt(min=1, help="sets per (exercise, view) cell (default 20; --rendered: 1)")
    ] = None,
    seed: Annotated[int, Opt()] = 0,
    real: Annotated[
        list[Path] | None,
        Opt(help="grade the labelled real clips of this folder instead (repeatable)"),
    ] = None,
    workers: Annotated[
        int | None, Opt(min=1, help="--real: pose worker processes (default: all cores)")
    ] = None,
    json_out: Annotated[
        Path | None,
        Opt("--json", help="write the metrics here (--real: the per-clip rows, by folder)"),
    ] = None,
    rendered: Annotated[
        bool, Opt(help="render the sets as videos and run them through MediaPipe too")
    ] = False,
) -> None:
    """Run the engine against ground truth and print its accuracy.

    Without ``--real``: a seeded synthetic suite (exit 1 when a target is missed). With
    ``--real DIR``: every clip labelled in ``DIR/labels.json`` (format in
    ``../shared/data/real_dev/README.md``), graded on reps, exercise, view and per check.
    With ``--rendered``: a seeded suite of rendered videos through MediaPipe and the engine
    (reports what it measures; no targets).
    """
    if real:
        _evaluate_real(real, workers, json_out)
        return
    if rendered:
        _evaluate_rendered(sets or 1, seed, json_out)
        return
    from hingecoach.evaluation import render_report, run_suite, suite

    cases = suite(sets_per_cell=sets or 20, seed=seed)
    report = run_suite(cases, progress_console=err)
    render_report(report, console)
    if json_out:
        json_out.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    if not report.targets_met:
        raise typer.Exit(1)


def _evaluate_rendered(sets: int, seed: int, json_out: Path | None) -> None:
    from hingecoach.evaluation.rendered import (
        render_rendered_report,
        rendered_suite,
        run_rendered,
    )

    report = run_rendered(rendered_suite(sets_per_cell=sets, seed=seed), progress_console=err)
    render_rendered_report(report, console)
    if json_out:
        json_out.write_text(report.model_dump_json(indent=2), encoding="utf-8")


def _evaluate_real(folders: list[Path], workers: int | None, json_out: Path | None) -> None:
    from hingecoach.evaluation.real import evaluate_real
    from hingecoach.evaluation.summary import render

    for folder in folders:
        if not (folder / "labels.json").is_file():
            raise fail(f"{folder}: no labels.json (see ../shared/data/real_dev/README.md)")
    rows: dict[str, object] = {}
    for folder in folders:
        try:
            report = evaluate_real(folder, workers=workers, console=err)
        except ValueError as e:  # malformed labels: one line, not a traceback
            raise fail(f"{folder}: {e}") from None
        render(report, console)
        rows[str(folder)] = json.loads(report.rows_json())
    if json_out:
        json_out.write_text(json.dumps(rows, indent=1), encoding="utf-8")
