"""Per-frame signals CSV and the OpenSim TRC export, both read back and compared."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from hingecoach.landmarks import NAMES, idx
from hingecoach.models import PoseTrack, SetResult
from hingecoach.pose.keypoint_files import read_track
from hingecoach.report.signals_csv import write_signals_csv
from hingecoach.report.trc import ASSUMED_BODY_LENGTH_M, body_length_px, write_trc
from tests.conftest import shared_data
from tests.report.conftest import Analysed

# --- signals CSV ---------------------------------------------------------------------------


def test_signals_csv_round_trip(faulty_set: Analysed, tmp_path: Path) -> None:
    r = faulty_set.result
    out = write_signals_csv(r, tmp_path / "signals.csv")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert header[0] == "t_s" and set(header) == set(r.series)
    assert len(body) == len(r.series["t_s"])
    for col, name in enumerate(header):
        back = [None if row[col] == "" else float(row[col]) for row in body]
        assert back == r.series[name], name


def test_signals_csv_null_is_empty(tmp_path: Path) -> None:
    r = SetResult(
        exercise="rdl",
        exercise_detected=False,
        view="side",
        rep_count=0,
        reps=[],
        score=None,
        broke_at_rep=None,
        series={"t_s": [0.0, 0.1, 0.2], "knee_flexion_deg": [10.0, None, 12.5]},
    )
    text = write_signals_csv(r, tmp_path / "s.csv").read_text(encoding="utf-8")
    assert text.splitlines() == ["t_s,knee_flexion_deg", "0.0,10.0", "0.1,", "0.2,12.5"]


def test_signals_csv_rejects_ragged_series(tmp_path: Path) -> None:
    r = SetResult(
        exercise="rdl",
        exercise_detected=False,
        view="side",
        rep_count=0,
        reps=[],
        score=None,
        broke_at_rep=None,
        series={"t_s": [0.0, 0.1], "knee": [1.0]},
    )
    with pytest.raises(ValueError, match="lengths differ"):
        write_signals_csv(r, tmp_path / "s.csv")


# --- TRC -----------------------------------------------------------------------------------


def read_trc(path: Path) -> tuple[dict[str, str], list[str], np.ndarray, np.ndarray]:
    """Parse a TRC file: header fields, marker names, times ``(N,)``, markers ``(N, M, 3)``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0].split("\t")[:3] == ["PathFileType", "4", "(X/Y/Z)"]
    meta = dict(zip(lines[1].split("\t"), lines[2].split("\t"), strict=True))
    names_row = lines[3].split("\t")
    assert names_row[:2] == ["Frame#", "Time"]
    names = [n for n in names_row[2:] if n]
    assert names_row[2::3][: len(names)] == names  # each name spans X, Y and Z
    subs = lines[4].split("\t")[2:]
    assert subs == [f"{a}{k}" for k in range(1, len(names) + 1) for a in "XYZ"]
    rows = [ln.split("\t") for ln in lines[5:] if ln.strip()]
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
    t = np.array([float(r[1]) for r in rows])
    xyz = np.array([[float(c) if c else np.nan for c in r[2:]] for r in rows])
    return meta, names, t, xyz.reshape(len(rows), len(names), 3)


def test_trc_world_round_trip(faulty_set: Analysed, tmp_path: Path) -> None:
    track = faulty_set.track
    assert track.world is not None
    meta, names, t, xyz = read_trc(write_trc(track, tmp_path / "set.trc"))
    n = track.n_frames
    assert meta["NumFrames"] == str(n) and meta["OrigNumFrames"] == str(n)
    assert meta["NumMarkers"] == "33" and meta["Units"] == "m"
    assert float(meta["DataRate"]) == pytest.approx(30.0, abs=0.01)
    assert names == list(NAMES)
    np.testing.assert_allclose(t, track.t_s, atol=1e-4)
    want = track.world * np.array([1.0, -1.0, -1.0])  # Y up, turned (not mirrored)
    np.testing.assert_allclose(xyz, want, atol=6e-5)
    head, ankle = xyz[:, idx("nose"), 1], xyz[:, idx("left_ankle"), 1]
    assert np.nanmedian(head - ankle) > 1.0  # the head is above the feet in Y-up


def _pixel_track(track: PoseTrack) -> PoseTrack:
    lm = track.landmarks.copy()
    lm[5, idx("left_knee"), :3] = np.nan  # a missing marker must come back empty
    return replace(track, world=None, landmarks=lm)


def test_trc_pixels_scaled_to_metres(faulty_set: Analysed, tmp_path: Path) -> None:
    track = _pixel_track(faulty_set.track)
    _, _, _, xyz = read_trc(write_trc(track, tmp_path / "px_m.trc"))
    k = ASSUMED_BODY_LENGTH_M / body_length_px(track)
    h = track.image_size[1]
    np.testing.assert_allclose(xyz[..., 0], track.xy[..., 0] * k, atol=6e-5)
    np.testing.assert_allclose(xyz[..., 1], (h - track.xy[..., 1]) * k, atol=6e-5)
    assert np.isnan(xyz[5, idx("left_knee")]).all()
    assert np.isfinite(xyz[4, idx("left_knee")]).all()


def test_trc_pixels_raw(faulty_set: Analysed, tmp_path: Path) -> None:
    track = _pixel_track(faulty_set.track)
    meta, _, _, xyz = read_trc(write_trc(track, tmp_path / "px.trc", units="px"))
    assert meta["Units"] == "px"
    np.testing.assert_allclose(xyz[..., 0], track.xy[..., 0], atol=6e-3)
    np.testing.assert_allclose(xyz[..., 1], track.image_size[1] - track.xy[..., 1], atol=6e-3)


def test_trc_coco17_only_provided_markers(tmp_path: Path) -> None:
    track = read_track(shared_data() / "keypoints_coco17" / "dl_good001_yolo_coco17.csv")
    meta, names, _, xyz = read_trc(write_trc(track, tmp_path / "coco.trc"))
    assert meta["NumMarkers"] == "17" and len(names) == 17
    assert "left_heel" not in names and "left_hip" in names
    assert np.isnan(xyz[..., 2]).all()  # no depth in COCO-17: empty, not zero
    assert np.isfinite(xyz[..., :2]).mean() > 0.5


def test_trc_rejects_unknown_units(faulty_set: Analysed, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="units"):
        write_trc(faulty_set.track, tmp_path / "x.trc", units="cm")  # type: ignore[arg-type]
