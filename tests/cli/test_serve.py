"""``hingecoach serve``: its options, and one line with exit 3 for a bad database."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from hingecoach.cli.serve import register


def test_serve_command_is_registered() -> None:
    app = typer.Typer()
    register(app)

    @app.command()
    def other() -> None:  # a second command keeps typer from collapsing to one
        """Nothing."""

    out = CliRunner().invoke(app, ["serve", "--help"])
    assert out.exit_code == 0
    for option in ("--host", "--port", "--db", "--data-dir", "--workers", "--max-upload-mb"):
        assert option in out.output
    bad = CliRunner().invoke(app, ["serve", "--db", "mysql://x/y", "--data-dir", "/tmp/hc-x"])
    assert bad.exit_code == 3 and "unsupported database" in bad.output
