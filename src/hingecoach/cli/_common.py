"""What every command shares: the Rich consoles, the exit-2 error and the option shorthand."""

from __future__ import annotations

import math

import typer
from rich.console import Console

#: Results and tables go to stdout; progress bars and errors to stderr.
console = Console()
err = Console(stderr=True)

Opt = typer.Option

DB_HELP = (
    "database URL: postgresql://user:pass@host/db or sqlite:///file "
    "(default: $HINGECOACH_DB, else a file in your data directory)"
)


def fail(message: str) -> typer.Exit:
    """Print ``error: message`` as one line on stderr and return the exit-2 to raise.

    Args:
        message: what is wrong and what to do, in one line.

    Returns:
        The ``typer.Exit(2)`` for the caller to raise (``raise fail(...) from None``).
    """
    Console(stderr=True).print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


def require_finite(**values: float | None) -> None:
    """Refuse ``nan``, ``inf`` and ``-inf`` in number options (click's ranges let NaN through).

    Args:
        **values: option name (``start`` for ``--start``, underscores for dashes) → its value;
            None (not given) is fine.

    Raises:
        typer.Exit: exit code 2 after a one-line message naming the first bad option.
    """
    for name, value in values.items():
        if value is not None and not math.isfinite(value):
            option = "--" + name.replace("_", "-")
            raise fail(f"{option} must be a finite number, not {value}")
