"""``hingecoach history`` and ``reanalyse``, and the save hook ``analyze --athlete`` calls."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from hingecoach.cli.history import register, save_from_cli
from hingecoach.errors import InputError
from hingecoach.models import PoseTrack, SetResult
from tests.store._results import make_result


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app with only the store's commands."""

    register(app)
    return app


def test_save_then_history(db_url: str, app: typer.Typer, tmp_path: Path) -> None:
    line = save_from_cli(
        make_result(), athlete="Sam", load="100kg", set_number=2, note="belt", db=db_url
    )
    assert line.startswith("saved Sam's set 2 on ") and "100 kg" in line and "score 100" in line
    assert "\n" not in line
    save_from_cli(
        make_result(faults={r: ["knee_bend"] for r in (1, 2, 3)}, broke_at_rep=1),
        athlete="Sam",
        load="120kg",
        set_number=None,
        note=None,
        db=db_url,
    )
    html = tmp_path / "progress.html"
    out = CliRunner().invoke(
        app, ["history", "Sam", "--db", db_url, "--html", str(html)], terminal_width=200
    )
    assert out.exit_code == 0, out.output
    assert "sessions" in out.output and "recurring faults" in out.output
    assert "Knee bend" in out.output and "belt" in out.output and "knee_bend" not in out.output
    assert "Romanian deadlift: clean up to 100 kg; breaks from 120 kg" in out.output
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_history_of_unknown_athlete_exits_3(db_url: str, app: typer.Typer) -> None:
    out = CliRunner().invoke(app, ["history", "Nobody", "--db", db_url])
    assert out.exit_code == 3
    assert "no history for 'Nobody'" in out.output


def test_history_reads_the_env_var(
    db_url: str, app: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_from_cli(make_result(), athlete="Sam", load=None, set_number=None, note=None, db=db_url)
    monkeypatch.setenv("HINGECOACH_DB", db_url)
    assert CliRunner().invoke(app, ["history", "Sam"]).exit_code == 0


@pytest.mark.parametrize(
    ("db", "load", "message"),
    [
        (None, "100", "no unit"),
        ("mysql://x/y", "100kg", "unsupported database"),
        ("postgresql://u:p@127.0.0.1:1/x", "100kg", "cannot open the database"),
    ],
)
def test_save_errors_are_input_errors(
    db: str | None, load: str, message: str, tmp_path: Path
) -> None:
    url = db or f"sqlite:///{tmp_path / 'h.db'}"
    with pytest.raises(InputError, match=message):
        save_from_cli(make_result(), athlete="Sam", load=load, set_number=None, note=None, db=url)


WIDE = {"COLUMNS": "200"}  # Rich's width when not on a terminal: no cell wraps


def _set_row(output: str, set_id: int) -> list[str]:
    """The cells of set ``set_id``'s row in the history sets table (the id is the first)."""
    [row] = [ln.split() for ln in output.splitlines() if ln.split()[:1] == [str(set_id)]]
    return row


def test_reanalyse_command(
    db_url: str,
    app: typer.Typer,
    synthetic_rdl: tuple[PoseTrack, SetResult],
    strict_knee: Path,
) -> None:
    track, result = synthetic_rdl
    line = save_from_cli(
        result, athlete="Sam", load="60kg", set_number=None, note=None, db=db_url, track=track
    )
    assert "as set #1 " in line
    save_from_cli(make_result(), athlete="Sam", load="70kg", set_number=None, note=None, db=db_url)
    runner = CliRunner()
    history = runner.invoke(app, ["history", "Sam", "--db", db_url], env=WIDE)
    assert history.exit_code == 0, history.output
    assert "id: for hingecoach reanalyze" in history.output and "analyses" in history.output
    assert _set_row(history.output, 1)[-1] == "1"  # analysed once, landmarks stored
    assert _set_row(history.output, 2)[-1] == "1*"  # saved without landmarks
    assert "* saved without landmarks" in history.output

    out = runner.invoke(
        app, ["reanalyse", "1", "--profile", str(strict_knee), "--db", db_url], env=WIDE
    )
    assert out.exit_code == 0, out.output
    assert "set 1 re-analysed" in out.output and "before" in out.output and "after" in out.output
    assert "│ faults   │ none " in out.output and "Knee bend ×4" in out.output
    assert f"│ {result.score} " in out.output and "│ reps     │ 4 " in out.output
    assert "analysis #3 is now current; #1 and every earlier one kept (2 analyses" in out.output

    history = runner.invoke(app, ["history", "Sam", "--db", db_url], env=WIDE)
    row = _set_row(history.output, 1)
    assert " ".join(row[-3:]) == "Knee bend 2"  # the fault in words; analysed twice


def test_reanalyse_command_errors(db_url: str, app: typer.Typer) -> None:
    save_from_cli(make_result(), athlete="Sam", load=None, set_number=None, note=None, db=db_url)
    runner = CliRunner()
    out = runner.invoke(app, ["reanalyse", "1", "--db", db_url], env=WIDE)
    assert out.exit_code == 3
    assert "error: set 1 was saved without its landmarks" in out.output
    assert "re-analyse from the video" in out.output
    out = runner.invoke(app, ["reanalyse", "42", "--db", db_url], env=WIDE)
    assert out.exit_code == 3 and "no saved set with id 42" in out.output


def test_history_at_80_columns_splits_no_word(db_url: str, app: typer.Typer) -> None:
    faults = {r: ["hips_back_first", "knee_bend"] for r in (1, 2)}
    result = make_result(exercise="conventional_deadlift", faults=faults)
    save_from_cli(result, athlete="Sam", load="100kg", set_number=1, note="belt", db=db_url)
    out = CliRunner().invoke(app, ["history", "Sam", "--db", db_url], terminal_width=80)
    assert out.exit_code == 0, out.output
    assert max(len(line) for line in out.output.splitlines()) <= 80
    assert "conventional deadlift" in out.output  # never "conventional_deadlift" in four
    assert "set 1: Hips back first, Knee bend — belt" in out.output  # stacked under the table
    assert "…" not in out.output and "_" not in out.output


def test_history_prints_the_next_session_at_80_columns(db_url: str, app: typer.Typer) -> None:
    """A deadlift that broke at rep 3 → pause deadlifts, lighter, pausing where it broke."""
    import math

    from hingecoach.feedback.plan import LOAD_ROUND_KG, PAUSE_START_FRACTION

    broke = make_result(
        exercise="conventional_deadlift",
        faults={r: ["torso_neutral"] for r in (3, 4, 5)},
        broke_at_rep=3,
    )
    reps = [
        r.model_copy(update={"pause_height": "mid_shin"}) if r.index == 3 else r for r in broke.reps
    ]
    save_from_cli(
        broke.model_copy(update={"reps": reps}),
        athlete="Kim",
        load="140kg",
        set_number=None,
        note=None,
        db=db_url,
    )
    out = CliRunner().invoke(app, ["history", "Kim", "--db", db_url], terminal_width=80)
    assert out.exit_code == 0, out.output
    plan = out.output[out.output.index("next session") :]
    assert "pause deadlift: 3 sets × 2 reps" in plan  # stops before the rep that broke
    lighter_kg = math.floor(PAUSE_START_FRACTION * 140 / LOAD_ROUND_KG) * LOAD_ROUND_KG
    assert lighter_kg < 140 and f"load {lighter_kg:g} kg" in plan and "at mid-shin" in plan
    assert "to move on:" in plan
    assert max(len(line) for line in out.output.splitlines()) <= 80
