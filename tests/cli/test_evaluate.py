"""``eval --real``: a folder without labels is a one-line error; a labelled folder is graded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hingecoach.cli import app
from tests.conftest import shared_data

runner = CliRunner()


def test_a_folder_without_labels_is_one_line_exit_3(tmp_path: Path) -> None:
    res = runner.invoke(app, ["eval", "--real", str(tmp_path)])
    assert res.exit_code == 3
    assert res.output.strip().splitlines() == [
        f"error: {tmp_path}: no labels.json (see ../shared/data/real_dev/README.md)"
    ]


def test_malformed_labels_are_one_line_exit_3(tmp_path: Path) -> None:
    (tmp_path / "labels.json").write_text('["not", "an", "object"]')
    res = runner.invoke(app, ["eval", "--real", str(tmp_path)])
    assert res.exit_code == 3
    assert len(res.output.strip().splitlines()) == 1
    assert "expected an object keyed by clip path" in res.output


@pytest.mark.e2e
def test_the_shared_clips_are_graded(tmp_path: Path) -> None:
    out = tmp_path / "rows.json"
    folder = shared_data() / "clips"
    res = runner.invoke(
        app, ["eval", "--real", str(folder), "--json", str(out)], env={"COLUMNS": "200"}
    )
    assert res.exit_code == 0, res.output
    assert "reps exact" in res.output and "impossible values" in res.output
    rows = json.loads(out.read_text())[str(folder)]
    assert len(rows) == len(json.loads((folder / "labels.json").read_text()))
