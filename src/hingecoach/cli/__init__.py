"""Command line: thin commands that parse, call the pipeline and render with Rich.

One module per command group, each adding its commands to the app with ``register(app)``:
``analyze`` (``analyze``, ``report``), ``synth``, ``evaluate`` (``eval``), ``history``
(``reanalyse``, ``history``), ``live`` and ``serve``. Heavy imports (the engine, the store,
FastAPI) happen inside the commands, so ``hingecoach --help`` starts fast.

Spelling: the commands are spelled ``analyze`` and ``reanalyze`` (as the README does);
``analyse`` and ``reanalyse`` are hidden aliases, so either spelling works.

Exit codes:

- 0: done (the set was analysed, the file written).
- 1: ``eval`` ran but the suite missed a target.
- 2: bad usage — an unknown command or option, a value not among an option's choices
  (``--exercise``, ``--side``: checked before any slow work), a missing argument, or options that
  do not go together. Click's own code for usage errors.
- 3: bad input — a file that cannot be read, decoded or analysed, a bad profile or database, an
  output that cannot be written. One line says what is wrong and what to do.
"""

from __future__ import annotations

from typing import Annotated

import typer

# The package's own submodules: the relative form is what mypy reads as importing submodules
# (the absolute form made it look for attributes `evaluate` and `synth` on the package).
from . import analyze, batch, evaluate, history, live, serve, synth
from ._progress import quiet_env

quiet_env()  # before anything imports MediaPipe: its C++ logs would tear the progress bar

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    help="Watches a person hip-hinge and coaches the movement rep by rep.",
)
for _group in (analyze, synth, evaluate, history, live, serve, batch):
    _group.register(app)
from . import selftest  # noqa: E402  (guided self-tests: selftest dowel|wall)

selftest.register(app)


def _version(show: bool) -> None:
    if show:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"hingecoach {version('hingecoach')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            from hingecoach import __version__

            typer.echo(f"hingecoach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    _show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="print the version and exit"
        ),
    ] = False,
) -> None:
    """Watches a person hip-hinge and coaches the movement rep by rep."""


def main() -> None:
    """Run the CLI (the ``hingecoach`` console script calls ``app`` directly)."""
    app()


__all__ = ["app", "main"]
