"""The real-clip evaluation end to end on ../shared/data/clips: pose (cached), engine, table.

The accuracy targets are pinned in :mod:`tests.evaluation.test_real_targets`; here the measured
numbers are printed (``pytest -s``) and recorded as test properties.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rich.console import Console

from hingecoach.evaluation.real import evaluate_real, render
from tests.conftest import shared_data

pytestmark = pytest.mark.e2e


def test_the_clips_folder_is_evaluated_into_one_table_without_tracebacks(
    record_property: Callable[[str, object], None],
) -> None:
    folder = shared_data() / "clips"
    report = evaluate_real(folder)
    console = Console(record=True, width=160)
    render(report, console)
    text = console.export_text()
    print(text)
    assert f"hingecoach eval --real {folder}" in text
    for measure in ("reps exact", "exercise right", "view right", "impossible values"):
        assert measure in text
    assert "Traceback" not in text
    assert len(report.rows) == 11
    for row in report.rows:
        assert (row.error is None) or ("Traceback" not in row.error and "\n" not in row.error)
    assert not report.errors, [f"{r.clip}: {r.error}" for r in report.errors]
    for name, tally in (
        ("reps", report.reps),
        ("exercise", report.exercise),
        ("view", report.view),
    ):
        record_property(f"{name}_right", f"{tally.right}/{tally.graded}")
    record_property("impossible_clips", len(report.impossible))
    record_property("exceptions", len(report.errors))
