"""``batch`` on the local process pool: analyze's results, bad inputs named, no set saved twice."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from hingecoach.cli import _common
from tests.batch.conftest import batch_sets, clip, hingecoach, result_of, summary

pytestmark = pytest.mark.e2e


def test_local_pool_results_bad_inputs_and_no_duplicates(
    tmp_path: Path, reference: dict[str, dict[str, object]]
) -> None:
    sam = tmp_path / "in" / "Sam"
    sam.mkdir(parents=True)
    (sam / "dl_side_good.mp4").symlink_to(clip("dl_side_good"))
    (sam / "broken.mp4").write_text("not a video at all", encoding="utf-8")
    out, db = tmp_path / "out", f"sqlite:///{tmp_path / 'h.db'}"
    args = [
        "batch", str(sam), str(tmp_path / "missing.mp4"), "--out", str(out),
        "--athlete-from-folder", "--db", db, "--jobs", "2",
    ]  # fmt: skip

    first = hingecoach(*args)
    assert first.returncode == 1, first.stderr  # some videos failed
    rows = summary(out)
    assert rows["dl_side_good.mp4"]["status"] == "done"
    assert rows["broken.mp4"]["status"] == "failed"
    assert "not a video file" in str(rows["broken.mp4"]["reason"])
    assert rows["missing.mp4"] == {**rows["missing.mp4"], "status": "failed"}
    assert rows["missing.mp4"]["reason"] == "no such file or folder"
    assert "no such file or folder" in first.stdout and "Traceback" not in first.stderr
    good = rows["dl_side_good.mp4"]
    expected = {**reference["dl_side_good"], "source": str(sam / "dl_side_good.mp4")}
    assert result_of(good) == expected
    assert (Path(str(good["out_dir"])) / "report.html").stat().st_size > 0
    notes = batch_sets(db, "Sam")
    assert len(notes) == 1 and notes[0].startswith("batch ")

    # A crash after the save and before the outputs: the video is analysed again, not saved.
    shutil.rmtree(str(good["out_dir"]))
    second = hingecoach(*args)
    assert second.returncode == 1
    assert summary(out)["dl_side_good.mp4"]["status"] == "done"
    assert summary(out)["dl_side_good.mp4"]["set_id"] == good["set_id"]
    assert batch_sets(db, "Sam") == notes

    # Done: skipped; only the failures are tried again.
    third = hingecoach(*args)
    rows = summary(out)
    assert rows["dl_side_good.mp4"]["status"] == "skipped"
    assert rows["dl_side_good.mp4"]["reason"] == "already done"
    assert rows["broken.mp4"]["status"] == "failed"
    assert third.returncode == 1 and batch_sets(db, "Sam") == notes


def test_bad_options_exit_before_any_work(tmp_path: Path) -> None:
    nothing = hingecoach("batch", str(tmp_path / "none*.mp4"), "--out", str(tmp_path / "o"))
    assert nothing.returncode == getattr(_common, "EXIT_INPUT", 2)  # the CLI's bad-input code
    assert "no video found" in nothing.stderr and "Traceback" not in nothing.stderr
    both = hingecoach(
        "batch", str(clip("dl_side_good")), "--out", str(tmp_path / "o"),
        "--athlete", "Sam", "--athlete-from-folder",
    )  # fmt: skip
    assert both.returncode == 2 and "not both" in both.stderr  # bad usage
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    no_ray = hingecoach(
        "batch", str(clip("dl_side_good")), "--out", str(tmp_path / "o"),
        "--ray", f"127.0.0.1:{port}",
    )  # fmt: skip
    assert no_ray.returncode == getattr(_common, "EXIT_INPUT", 2)
    assert f"cannot reach a Ray cluster at 127.0.0.1:{port}" in no_ray.stderr
    assert not (tmp_path / "o").exists()
