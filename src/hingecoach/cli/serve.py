"""``serve``: the web app (:mod:`hingecoach.web`) on Uvicorn.

FastAPI and Uvicorn are imported inside the command, so other commands never load them.
Start-up order keeps a failed start harmless: the data folder is locked (a second server on it
is refused), then the port is bound, and only then does the app's lifespan touch any job.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Annotated

import typer

from hingecoach.cli._common import EXIT_INPUT


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command()(serve)


def serve(
    host: Annotated[str, typer.Option(help="address to listen on (loopback by default)")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    db: Annotated[
        str | None,
        typer.Option(help="database URL (default: $HINGECOACH_DB, else the local SQLite file)"),
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option(help="uploads, results and the secret key (default: per user)")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="analysis worker processes (default 1)")
    ] = None,
    max_upload_mb: Annotated[
        float | None, typer.Option(help="largest accepted video, MB (default 500)")
    ] = None,
) -> None:
    """Serve the web app: sign up, upload sets, watch them analysed, read the reports."""
    import uvicorn

    from hingecoach.cli._common import require_finite
    from hingecoach.errors import InputError
    from hingecoach.store import open_store
    from hingecoach.web.app import create_app
    from hingecoach.web.folder_lock import lock_data_folder
    from hingecoach.web.settings import load_settings

    require_finite(max_upload_mb=max_upload_mb)
    os.environ.setdefault("GLOG_minloglevel", "2")  # MediaPipe's start-up chatter
    try:
        settings = load_settings(
            db_url=db, data_dir=data_dir, max_upload_mb=max_upload_mb, workers=workers
        )
        open_store(settings.db_url).close()  # fail here, with one line, on a bad database
        lock = lock_data_folder(settings.data_dir)
    except InputError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    try:
        sock = _bind(host, port)
    except OSError as e:
        lock.release()
        typer.echo(f"error: cannot listen on {host}:{port}: {e.strerror or e}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    typer.echo(f"hingecoach on http://{host}:{port}  (data: {settings.data_dir})")
    if host not in ("127.0.0.1", "localhost", "::1") and settings.secure_cookies:
        typer.echo(
            "note: log-in cookies are Secure; over plain HTTP browsers keep them only for "
            "localhost, so serve other addresses behind HTTPS (or set "
            "HINGECOACH_INSECURE_COOKIES=1 on a trusted network)",
            err=True,
        )
    # Browsers keep video streams open; do not let them hold up a Ctrl-C for long.
    app = create_app(settings, folder_lock=lock)
    config = uvicorn.Config(app, log_level="info", timeout_graceful_shutdown=5)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        lock.release()


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (IPv6 when the host is one), bound before any start-up.

    Raises:
        OSError: the address is taken or cannot be used.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock
