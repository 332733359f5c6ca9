"""Fixtures for batch: the shared clips, their ``analyze`` results, a local Ray cluster."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import shared_data

#: Two short side-view clips (62 and 64 frames): enough to see work split, cheap on 2 cores.
CLIPS = ("dl_side_good", "dl_side_heel_lift")
#: Ray binds its services to loopback only (its own switch for single-machine clusters) and
#: sends no usage statistics anywhere.
LOOPBACK_ENV = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_USAGE_STATS_ENABLED": "0"}
# Read once when Ray is imported: set before any test here imports it. It only concerns Ray.
os.environ.update(LOOPBACK_ENV)


def clip(name: str) -> Path:
    return shared_data() / "clips" / f"{name}.mp4"


@pytest.fixture(scope="session")
def reference() -> dict[str, dict[str, object]]:
    """``analyze``'s result JSON for each clip, computed in this process."""
    from hingecoach.pipeline import analyze_video

    return {
        name: json.loads(
            analyze_video(clip(name), progress=lambda d, t: None).result.model_dump_json()
        )
        for name in CLIPS
    }


@pytest.fixture(scope="session")
def ray_address() -> Iterator[str]:
    """A 2-CPU Ray cluster on 127.0.0.1 owned by this test process; always shut down after."""
    import ray

    ctx = ray.init(
        num_cpus=2,
        include_dashboard=False,
        logging_level=logging.ERROR,
        log_to_driver=False,
        object_store_memory=200 * 1024 * 1024,
    )
    try:
        address = ctx.address_info["gcs_address"]
        assert address.startswith("127.0.0.1:"), address
        yield address
    finally:
        ray.shutdown()


def hingecoach(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a new process (its own Ray driver), bounded in time."""
    return subprocess.run(
        [sys.executable, "-m", "hingecoach.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **LOOPBACK_ENV, "COLUMNS": "200", **(env or {})},
    )


def summary(out: Path) -> dict[str, dict[str, object]]:
    """The last run's rows by video file name."""
    rows = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))
    return {Path(r["path"]).name: r for r in rows}


def result_of(row: dict[str, object]) -> dict[str, object]:
    """The result JSON a done row's folder holds."""
    folder = Path(str(row["out_dir"]))
    return json.loads((folder / "result.json").read_text(encoding="utf-8"))


def batch_sets(db: str, athlete: str) -> list[str]:
    """The notes of an athlete's saved sets."""
    from hingecoach.store import athlete_history, open_store

    with open_store(db) as store:
        return [s.note or "" for s in athlete_history(store, athlete=athlete).sets]
