"""A real server in its own process, for tests that ``kill -9`` it: ``python -m`` this module.

Usage: ``python -m tests.web.server_process DB_URL DATA_DIR PORT`` — the app with
:func:`tests.web.fakes.gated_analyze` on a spawned pool of one worker and a one-second lease, on
127.0.0.1:PORT, started like ``hingecoach serve`` (folder locked, then the app).
"""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn

from hingecoach.web.app import create_app
from hingecoach.web.folder_lock import lock_data_folder
from hingecoach.web.jobs.runner import process_pool
from hingecoach.web.settings import load_settings
from tests.web.fakes import gated_analyze

#: Lease of the test server's jobs, seconds: short, so a dead worker's job comes back soon.
LEASE_S = 1.0


def main(db_url: str, data_dir: str, port: str) -> None:
    """Serve until killed."""
    settings = load_settings(
        db_url=db_url, data_dir=Path(data_dir), secret="test-secret", job_lease_s=LEASE_S
    )
    lock = lock_data_folder(settings.data_dir)
    app = create_app(
        settings,
        analyzer=gated_analyze,
        make_executor=process_pool(1, warm=False),
        folder_lock=lock,
    )
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning")


if __name__ == "__main__":
    main(*sys.argv[1:4])
