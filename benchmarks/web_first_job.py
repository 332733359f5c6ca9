"""The first upload on a freshly started server: how long it waits before the pose pass starts.

Run as ``.venv/bin/python benchmarks/web_first_job.py [--clip PATH] [--idle S] [--cold]``.
Starts the web app (a spawned pool of one worker, as ``hingecoach serve``) on a throw-away data
folder and SQLite file, signs up, waits ``--idle`` seconds (a user signing up and choosing a
file), uploads the clip and polls the job: prints the seconds from the upload to the job's first
pose frame (its ``step`` leaving queued and starting) and to done. ``--cold`` starts the worker
without warming it up (the behaviour before issue 14: the process spawned at the first upload
and loaded the analysis then).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = REPO.parent / "shared" / "data" / "clips" / "dl_side_knees_straighten_early.mp4"


def main() -> int:
    """Measure as the module docstring says; 1 when the clip is missing or the job failed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clip", type=Path, default=DEFAULT_CLIP)
    ap.add_argument("--idle", type=float, default=20.0, help="seconds between sign-up and upload")
    ap.add_argument("--cold", action="store_true", help="do not warm the worker up")
    args = ap.parse_args()
    if not args.clip.is_file():
        print(f"clip not found: {args.clip}")
        return 1
    sys.path.insert(0, str(REPO))
    from fastapi.testclient import TestClient

    from hingecoach.web.app import create_app
    from hingecoach.web.jobs.runner import process_pool
    from hingecoach.web.settings import load_settings
    from tests.web.conftest import job_id_of, signup, upload

    with tempfile.TemporaryDirectory(prefix="hc-first-") as tmp:
        root = Path(tmp)
        settings = load_settings(
            db_url=f"sqlite:///{root / 'web.sqlite3'}", data_dir=root / "data", secret="bench"
        )
        app = create_app(settings, make_executor=process_pool(1, warm=not args.cold))
        with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
            signup(c, email="first@example.com")
            time.sleep(args.idle)
            t0 = time.monotonic()
            job_id = job_id_of(upload(c, [(args.clip.name, args.clip.read_bytes())]))
            started = None
            while True:
                job = c.get(f"/api/jobs/{job_id}").json()
                if started is None and job["step"] not in ("queued", "starting"):
                    started = time.monotonic() - t0
                if job["status"] in ("done", "failed"):
                    break
                time.sleep(0.05)
            done = time.monotonic() - t0
    pose = "never" if started is None else f"{started:.1f} s"
    print(
        f"{'cold' if args.cold else 'warm'} worker, {args.idle:g} s idle, {args.clip.name}: "
        f"upload → pose started {pose}, → {job['status']} {done:.1f} s"
    )
    return 0 if job["status"] == "done" else 1


if __name__ == "__main__":
    raise SystemExit(main())
