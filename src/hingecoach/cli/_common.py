"""What every command shares: the Rich consoles, the one-line errors and their exit codes."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

import typer
from rich.console import Console

from hingecoach.checks.profiles import EXERCISES

#: Results and tables go to stdout; progress bars and errors to stderr.
console = Console()
err = Console(stderr=True)

Opt = typer.Option

#: Exit code of bad usage: options that do not go together, a value not among the choices
#: (Click's own code for its usage errors).
EXIT_USAGE = 2
#: Exit code of bad input: a file that cannot be read or analysed, an output that cannot be
#: written, a bad profile or database.
EXIT_INPUT = 3

DB_HELP = (
    "database URL: postgresql://user:pass@host/db or sqlite:///file "
    "(default: $HINGECOACH_DB, else a file in your data directory)"
)


def fail(message: str, *, code: int = EXIT_INPUT) -> typer.Exit:
    """Print ``error: message`` as one line on stderr and return the exit to raise.

    Args:
        message: what is wrong and what to do, in one line.
        code: :data:`EXIT_INPUT` (bad input, the default) or :data:`EXIT_USAGE`.

    Returns:
        The ``typer.Exit(code)`` for the caller to raise (``raise fail(...) from None``).
    """
    Console(stderr=True).print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def usage(message: str) -> typer.Exit:
    """:func:`fail` with the bad-usage exit code (options that do not go together)."""
    return fail(message, code=EXIT_USAGE)


def require_finite(**values: float | None) -> None:
    """Refuse ``nan``, ``inf`` and ``-inf`` in number options (click's ranges let NaN through).

    Args:
        **values: option name (``start`` for ``--start``, underscores for dashes) → its value;
            None (not given) is fine.

    Raises:
        typer.Exit: bad usage (exit 2) after a one-line message naming the first bad option.
    """
    for name, value in values.items():
        if value is not None and not math.isfinite(value):
            option = "--" + name.replace("_", "-")
            raise usage(f"{option} must be a finite number, not {value}")


if TYPE_CHECKING:
    ExerciseName = str
else:
    #: ``--exercise``: one of the hinge profiles, checked as the options are parsed (before any
    #: slow pass: a typo must not cost the pose of a whole set) and completed by the shell.
    ExerciseName = Literal[EXERCISES]

#: ``--exercise``'s help: the choices as words that wrap at spaces (the choices as a metavar
#: split "conventional_deadlift" at 80 columns).
EXERCISE_HELP = "one of " + ", ".join(EXERCISES)
