"""The ``hingecoach`` app as installed: every command group wired in, in the usual order."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from hingecoach.cli import app

COMMANDS = ["analyze", "report", "synth", "eval", "reanalyze", "history", "live", "serve"]
#: The other spelling of a command: accepted, not listed.
HIDDEN = {"analyse", "reanalyse"}


def test_every_command_is_registered_in_order() -> None:
    listed = [c for c in app.registered_commands if not c.hidden]
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in listed]
    assert names[: len(COMMANDS)] == COMMANDS  # groups registered later come after
    assert {c.name for c in app.registered_commands if c.hidden} == HIDDEN
    out = CliRunner().invoke(app, ["--help"], terminal_width=120)
    assert out.exit_code == 0
    for name in COMMANDS:
        assert name in out.output


def test_console_script_points_at_the_app() -> None:
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    scripts = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["hingecoach"] == "hingecoach.cli:app"


def test_python_dash_m_runs_the_same_app() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "hingecoach.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "reanalyze" in out.stdout and "serve" in out.stdout


def test_starting_the_cli_does_not_load_the_store_or_the_web_app() -> None:
    heavy = ("sqlalchemy", "fastapi", "hingecoach.engine")
    code = f"import sys, hingecoach.cli; print(sorted(set({heavy!r}) & set(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"
