"""What every command shares: the Rich consoles, the exit-2 error and the option shorthand."""

from __future__ import annotations

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
