"""Running a set's slow stages for ``analyze`` and ``report``: pose, outputs, the verdict.

The pose pass and the outputs run under :func:`~hingecoach.cli._progress.quiet_native_logs`
with a :class:`~hingecoach.cli._progress.Stages` line on stderr; the verdict is printed between
them, when no progress line is live.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from rich.console import Console

from hingecoach.cli._progress import Stages, quiet_native_logs

if TYPE_CHECKING:
    from hingecoach.pipeline import Analysed, Outputs

#: How much is said: -1 ``-q``, 0 normal, 1 ``-v``.
Verbosity = Literal[-1, 0, 1]


def verbosity(quiet: bool, verbose: bool) -> Verbosity:
    """``-q``/``-v`` as a level; both given is bad usage.

    Raises:
        typer.Exit: exit 2 when both are given.
    """
    from hingecoach.cli._common import usage

    if quiet and verbose:
        raise usage("give -q or -v, not both")
    return -1 if quiet else (1 if verbose else 0)


def run_pose(analyse: Callable[[Callable[[int, int], None]], Analysed], how: Verbosity) -> Analysed:
    """Run ``analyse(progress)`` (a pose pass) with its progress line and the logs kept out.

    Args:
        analyse: runs the pose and the engine, reporting ``progress(done, expected)``.
        how: the verbosity; ``-q`` shows no progress, ``-v`` lets the libraries' logs through.
    """
    with quiet_native_logs(enabled=how < 1) as stderr:
        bar = Console(file=stderr)
        with Stages(bar, enabled=how >= 0) as stages:
            return analyse(stages.frames)


def render_and_write(
    done: Analysed,
    outputs: Outputs,
    how: Verbosity,
    *,
    out: Console,
    height_cm: float | None = None,
) -> None:
    """Print the verdict on ``out``, then write the outputs, each a stage of the progress line.

    Raises:
        InputError: an output cannot be written.
    """
    from hingecoach.pipeline import write_outputs
    from hingecoach.report.terminal import render

    render(done.result, out, height_cm=height_cm, verbosity=how)
    with quiet_native_logs(enabled=how < 1) as stderr:
        bar = Console(file=stderr)
        with Stages(bar, enabled=how >= 0, first="writing the outputs") as stages:
            written = write_outputs(done, outputs, stage=stages.stage)
    for line in written:
        out.print(f"[dim]{line}[/]", highlight=False, soft_wrap=True)
