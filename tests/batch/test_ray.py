"""``batch --ray`` on a 2-CPU Ray cluster on loopback: analyze's results, resumable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch.conftest import (
    CLIPS,
    LOOPBACK_ENV,
    batch_sets,
    clip,
    hingecoach,
    result_of,
    summary,
)

pytestmark = pytest.mark.e2e


def test_ray_batch_equals_analyze_and_names_bad_inputs(
    tmp_path: Path, ray_address: str, reference: dict[str, dict[str, object]]
) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00" * 2048)
    out, db = tmp_path / "out", f"sqlite:///{tmp_path / 'h.db'}"
    videos = [str(clip(name)) for name in CLIPS]
    run = hingecoach(
        "batch", *videos, str(junk), str(tmp_path / "gone.mp4"), "--out", str(out),
        "--athlete", "Sam", "--db", db,
        env={"HINGECOACH_RAY_ADDRESS": ray_address},  # the address from the environment
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert f"on Ray at {ray_address}" in run.stderr
    rows = summary(out)
    for name in CLIPS:
        row = rows[f"{name}.mp4"]
        assert row["status"] == "done"
        assert result_of(row) == {**reference[name], "source": str(clip(name))}
    assert rows["junk.mp4"]["status"] == "failed"
    assert "not a video file" in str(rows["junk.mp4"]["reason"])
    assert rows["gone.mp4"]["reason"] == "no such file or folder"
    assert "Traceback" not in run.stderr
    notes = batch_sets(db, "Sam")
    assert len(notes) == 2 and len(set(notes)) == 2


def test_ray_batch_killed_then_rerun_does_only_the_rest(tmp_path: Path, ray_address: str) -> None:
    names = [*CLIPS, "dl_side_full_rep"]  # the longest last: still running when killed
    out, db = tmp_path / "out", f"sqlite:///{tmp_path / 'h.db'}"
    args = [
        "batch", *(str(clip(n)) for n in names), "--out", str(out),
        "--athlete", "Ann", "--db", db, "--ray", ray_address, "--jobs", "1",
    ]  # fmt: skip
    first = subprocess.Popen(
        [sys.executable, "-m", "hingecoach.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **LOOPBACK_ENV},
    )
    try:
        deadline = time.monotonic() + 1800  # a hang guard, not a speed limit
        while not any(out.glob("*/done.json")) and first.poll() is None:
            assert time.monotonic() < deadline, "no video finished within 30 min"
            time.sleep(0.05)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finished = {p.parent.name.rsplit("-", 1)[0] for p in out.glob("*/done.json")}
    assert finished and finished != set(names)  # killed part-way

    second = hingecoach(*args)
    assert second.returncode == 0, second.stderr
    rows = summary(out)
    for name in names:
        expected = "skipped" if name in finished else "done"
        assert rows[f"{name}.mp4"]["status"] == expected, (name, rows)
    notes = batch_sets(db, "Ann")
    assert len(notes) == len(names) and len(set(notes)) == len(names)  # none saved twice
