"""The corpus of bad inputs: every one ends in one line, exit code 3, and nothing saved.

Each case makes its file from a good synthetic set and breaks one thing, the way a hostile or
clumsy user would (issue 13): broken timing, absurd coordinates, unbounded reads, a database
that is broken or busy. The set is analysed with ``--athlete``, so a case that got as far as
saving would leave a set in the store; none may.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from hingecoach.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def good_set(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("synth") / "set.json"
    res = runner.invoke(app, ["synth", "--exercise", "rdl", "--reps", "3", "-o", str(out)])
    assert res.exit_code == 0, res.output
    return json.loads(out.read_text())  # type: ignore[no-any-return]


def _times(doc: dict[str, Any], times: Callable[[int, float], float]) -> None:
    for i, frame in enumerate(doc["frames"]):
        frame["t_s"] = times(i, frame["t_s"])


def _all_zero(doc: dict[str, Any]) -> None:
    _times(doc, lambda i, t: 0.0)


def _all_equal(doc: dict[str, Any]) -> None:
    _times(doc, lambda i, t: 5.0)


def _one_repeated(doc: dict[str, Any]) -> None:
    doc["frames"][11]["t_s"] = doc["frames"][10]["t_s"]


def _huge_gap(doc: dict[str, Any]) -> None:
    _times(doc, lambda i, t: t + (1e6 if i >= 40 else 0.0))


def _huge_coordinate(doc: dict[str, Any]) -> None:
    doc["frames"][7]["landmarks"][23][0] = 1e308


def _huge_world(doc: dict[str, Any]) -> None:
    world = doc["frames"][3].get("world")
    assert world is not None, "the synthetic set carries world landmarks"
    world[0][1] = -1e30


BROKEN_FILES = {
    "all-zero timestamps": (_all_zero, "every frame has t_s 0: the file has no timing"),
    "all-equal timestamps": (_all_equal, "every frame has t_s 5: the file has no timing"),
    "a repeated timestamp": (_one_repeated, "frames 10 and 11 have the same t_s"),
    "a 10^6 s gap": (_huge_gap, "a gap of 1e+06 s between frames 39 and 40"),
    "a 1e308 coordinate": (_huge_coordinate, "frame 7 left_hip x is 1e+308 pixels"),
    "a 1e30 m world coordinate": (_huge_world, "frame 3 nose y is -1e+30 metres"),
}


def _set_count(db: Path) -> int:
    if not db.exists():
        return 0
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
            if "set" not in tables:
                return 0
            return int(conn.execute(sa.text('SELECT count(*) FROM "set"')).scalar_one())
    finally:
        engine.dispose()


def assert_refused(args: list[str], message: str, db: Path, code: int = 3) -> None:
    """One line naming the problem, exit 3 (bad input; 2 bad usage), no traceback, none saved."""
    res = runner.invoke(app, args)
    assert res.exit_code == code, res.output
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1, res.output
    assert message in lines[0], res.output
    assert "Traceback" not in res.output
    assert _set_count(db) == 0


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_broken_timing_or_coordinates_are_refused(
    case: str, good_set: dict[str, Any], tmp_path: Path
) -> None:
    breaks, message = BROKEN_FILES[case]
    doc = json.loads(json.dumps(good_set))
    breaks(doc)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc))
    db = tmp_path / "h.sqlite3"
    args = ["analyze", "--keypoints", str(path), "--athlete", "Sam", "--db", str(db)]
    assert_refused(args, message, db)


def test_the_good_set_itself_is_analysed_and_saved(
    good_set: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "good.json"
    path.write_text(json.dumps(good_set))
    db = tmp_path / "h.sqlite3"
    res = runner.invoke(
        app, ["analyze", "--keypoints", str(path), "--athlete", "Sam", "--db", str(db)]
    )
    assert res.exit_code == 0, res.output
    assert _set_count(db) == 1


def _fifo(tmp_path: Path) -> str:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)  # nobody writes to it: opening it for reading must not wait
    return str(path)


def _big(tmp_path: Path) -> str:
    path = tmp_path / "big.json"
    path.write_text(" " * 2_000 + "{}")
    return str(path)


UNREADABLE = {
    "/dev/zero": (lambda tmp: "/dev/zero", "/dev/zero: is a device, expected a keypoint file"),
    "a FIFO": (_fifo, "pipe.json: is a pipe (FIFO), expected a keypoint file"),
    "a directory": (lambda tmp: str(tmp), "is a directory, expected a keypoint file"),
    "over the size limit": (_big, "big.json: larger than the 0.001 MB limit for a keypoint file"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_devices_pipes_and_huge_files_are_refused_unread(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HINGECOACH_MAX_KEYPOINT_MB", "0.001")
    make, message = UNREADABLE[case]
    db = tmp_path / "h.sqlite3"
    args = ["analyze", "--keypoints", make(tmp_path), "--athlete", "Sam", "--db", str(db)]
    assert_refused(args, message, db)


def test_a_bad_size_limit_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HINGECOACH_MAX_KEYPOINT_MB", "lots")
    db = tmp_path / "h.sqlite3"
    args = ["analyze", "--keypoints", _big(tmp_path), "--athlete", "Sam", "--db", str(db)]
    assert_refused(args, "HINGECOACH_MAX_KEYPOINT_MB is 'lots', expected a size", db)


def _good_file(good_set: dict[str, Any], tmp_path: Path) -> Path:
    path = tmp_path / "good.json"
    path.write_text(json.dumps(good_set))
    return path


def test_a_damaged_database_is_named_before_any_analysis(
    good_set: dict[str, Any], tmp_path: Path
) -> None:
    db = tmp_path / "h.sqlite3"
    db.write_bytes(b"this is not SQLite " * 300)
    args = ["analyze", "--keypoints", str(_good_file(good_set, tmp_path)), "--athlete", "Sam"]
    res = runner.invoke(app, [*args, "--db", str(db)])
    assert res.exit_code == 3, res.output
    (line,) = [x for x in res.output.splitlines() if x.strip()]  # no table: nothing analysed
    assert "cannot open the database" in line and "file is not a database" in line
    assert db.read_bytes() == b"this is not SQLite " * 300  # left as it was


def test_a_locked_database_keeps_the_analysed_set_in_a_file(
    good_set: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program holds the write lock past the wait: the set is kept, and said where."""
    import sqlite3

    from hingecoach.store import db as store_db
    from hingecoach.store import open_store

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.2)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    db = tmp_path / "h.sqlite3"
    open_store(str(db)).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held for the whole command
    try:
        good = _good_file(good_set, tmp_path)
        res = runner.invoke(
            app, ["analyze", "--keypoints", str(good), "--athlete", "Sam", "--db", str(db)]
        )
    finally:
        holder.rollback()
        holder.close()
    assert res.exit_code == 3, res.output
    errors = [x for x in res.output.splitlines() if x.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in res.output
    assert "is locked by another program" in errors[0]
    (kept,) = (tmp_path / "data" / "hingecoach" / "unsaved").iterdir()
    assert f"kept in {kept}" in res.output.replace("\n", "")
    assert _set_count(db) == 0
    doc = json.loads(kept.read_text())
    assert doc["athlete"] == "Sam" and doc["result"]["rep_count"] == 3
    again = runner.invoke(
        app, ["analyze", "--keypoints", str(kept), "--athlete", "Sam", "--db", str(db)]
    )
    assert again.exit_code == 0, again.output  # saved later from the kept file
    assert _set_count(db) == 1


NON_FINITE = {
    "--start nan": (["--start", "nan"], "--start must be a finite number, not nan"),
    "--end inf": (["--end", "inf"], "--end must be a finite number, not inf"),
    "--start -inf": (["--start", "-inf"], "--start must be a finite number, not -inf"),
}


@pytest.mark.parametrize("case", sorted(NON_FINITE))
def test_non_finite_numbers_in_options_are_refused(
    case: str, good_set: dict[str, Any], tmp_path: Path
) -> None:
    extra, message = NON_FINITE[case]
    db = tmp_path / "h.sqlite3"
    good = _good_file(good_set, tmp_path)
    args = ["analyze", "--keypoints", str(good), *extra, "--athlete", "Sam", "--db", str(db)]
    assert_refused(args, message, db, code=2)  # a number no option takes: bad usage


def test_a_non_finite_synthetic_height_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    args = ["synth", "--height-m", "nan", "-o", str(out)]
    h = tmp_path / "h.sqlite3"
    assert_refused(args, "--height-m must be a finite number, not nan", h, code=2)
    assert not out.exists()


def _video_with_zero_timescale(tmp_path: Path, n_frames: int = 62) -> Path:
    """A real 62-frame MP4 whose video track's ``mdhd`` timescale is then set to 0."""
    from fractions import Fraction

    import av
    import numpy as np

    path = tmp_path / "zero_timescale.mp4"
    with av.open(str(path), "w") as out:
        stream: Any = out.add_stream("mpeg4", rate=Fraction(30))
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(n_frames):
            rgb = np.full((64, 64, 3), 4 * i % 255, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    data = bytearray(path.read_bytes())
    at = data.find(b"mdhd")
    timescale_at = at + 4 + 4 + (16 if data[at + 4] == 1 else 8)
    data[timescale_at : timescale_at + 4] = bytes(4)
    path.write_bytes(data)
    return path


def test_a_zero_mdhd_timescale_is_named_as_broken_timing(tmp_path: Path) -> None:
    """Not "only one frame" (the file has 62): the container's clock is what is broken."""
    video = _video_with_zero_timescale(tmp_path)
    db = tmp_path / "h.sqlite3"
    args = ["analyze", str(video), "--athlete", "Sam", "--db", str(db)]
    assert_refused(args, "the container's timing is broken", db)
    res = runner.invoke(app, args)
    assert "its 62 frames have no times" in res.output.replace("\n", "")
    assert "only one frame" not in res.output


def test_a_zero_mdhd_timescale_is_named_by_live_too(tmp_path: Path) -> None:
    video = _video_with_zero_timescale(tmp_path)
    db = tmp_path / "h.sqlite3"
    args = ["live", "--source", str(video), "--no-window", "--athlete", "Sam", "--db", str(db)]
    assert_refused(args, "the container's timing is broken", db)
