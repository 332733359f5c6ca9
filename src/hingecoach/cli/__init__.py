"""Command line: thin commands that parse, call the pipeline and render with Rich.

One module per command group, each adding its commands to the app with ``register(app)``:
``analyze`` (``analyze``, ``report``), ``synth``, ``evaluate`` (``eval``), ``history``
(``reanalyse``, ``history``), ``live`` and ``serve``. Heavy imports (the engine, the store,
FastAPI) happen inside the commands, so ``hingecoach --help`` starts fast.

Exit codes: 0 analysed, 2 bad input (one line saying what is wrong and what to do); ``eval``
exits 1 when the suite misses a target.
"""

from __future__ import annotations

import typer

# The package's own submodules: the relative form is what mypy reads as importing submodules
# (the absolute form made it look for attributes `evaluate` and `synth` on the package).
from . import analyze, batch, evaluate, history, live, serve, synth

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Watches a person hip-hinge and coaches the movement rep by rep.",
)
for _group in (analyze, synth, evaluate, history, live, serve, batch):
    _group.register(app)


def main() -> None:
    """Run the CLI (the ``hingecoach`` console script calls ``app`` directly)."""
    app()


__all__ = ["app", "main"]
