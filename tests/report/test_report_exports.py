"""Per-frame signals CSV, the OpenSim TRC and .mot exports, all read back and compared."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from hingecoach.landmarks import NAMES, idx
from hingecoach.models import PoseTrack, SetResult
from hingecoach.pose.keypoint_files import read_track
from hingecoach.pose.marker_names import MARKER_NAMES
from hingecoach.pose.trc_file import PX_PER_M
from hingecoach.report.mot import write_mot
from hingecoach.report.signals_csv import FRAME_COLUMNS, write_signals_csv
from hingecoach.report.trc import ASSUMED_BODY_LENGTH_M, body_length_px, write_trc
from tests.conftest import shared_data
from tests.report.conftest import Analysed

# --- signals CSV ---------------------------------------------------------------------------


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_signals_csv_round_trip(faulty_set: Analysed, tmp_path: Path) -> None:
    r = faulty_set.result
    header, body = _read_csv(write_signals_csv(r, tmp_path / "signals.csv"))
    assert header[:4] == list(FRAME_COLUMNS) == ["frame", "t_s", "rep", "phase"]
    assert set(header[1:]) - {"rep", "phase"} == set(r.series)
    assert len(body) == len(r.series["t_s"])
    assert [int(row[0]) for row in body] == list(range(len(body)))
    for col, name in enumerate(header):
        if name in r.series:
            back = [None if row[col] == "" else float(row[col]) for row in body]
            assert back == r.series[name], name


def test_signals_csv_rep_and_phase_columns(faulty_set: Analysed, tmp_path: Path) -> None:
    r = faulty_set.result
    _, body = _read_csv(write_signals_csv(r, tmp_path / "signals.csv"))
    reps = [int(row[2]) if row[2] else None for row in body]
    phases = [row[3] for row in body]
    order = {"lowering": 0, "bottom": 1, "rising": 2}
    for rep in r.reps:
        frames = range(rep.start_frame, rep.end_frame + 1)
        assert all(reps[i] == rep.index for i in frames)
        seq = [order[phases[i]] for i in frames]
        assert seq == sorted(seq), f"rep {rep.index}: phases out of order"
        assert phases[rep.start_frame] == "lowering" and phases[rep.end_frame] == "rising"
        assert phases[rep.bottom_frame] == "bottom"
        n_lower = sum(1 for i in frames if phases[i] == "lowering")
        assert rep.lower_s is not None
        assert n_lower == pytest.approx(rep.lower_s * 30.0, abs=1.5)  # 30 fps synthetic set
    outside = [i for i, rep in enumerate(reps) if rep is None]
    assert all(phases[i] == "" for i in outside)


def test_side_view_csv_has_no_knee_valgus(faulty_set: Analysed, tmp_path: Path) -> None:
    r = faulty_set.result
    assert r.view == "side"
    header, body = _read_csv(write_signals_csv(r, tmp_path / "signals.csv"))
    col = header.index("knee_valgus_deg")
    assert {row[col] for row in body} == {""}, "a side view cannot measure valgus: NaN"
    knee = header.index("knee_flexion_deg")
    assert sum(1 for row in body if row[knee]) > 0.9 * len(body)


def test_front_view_measures_knee_valgus(tmp_path: Path) -> None:
    from hingecoach.engine import analyze_track
    from hingecoach.synth import CameraSpec, SynthSpec, generate_set

    spec = SynthSpec(exercise="rdl", reps=2, seed=3, camera=CameraSpec(view="front"))
    r = analyze_track(generate_set(spec).track, exercise="rdl")
    assert r.view == "front"
    valgus = [v for v in r.series["knee_valgus_deg"] if v is not None]
    assert len(valgus) > 0.9 * len(r.series["t_s"])
    assert all(abs(v) < 30 for v in valgus), "a straight-kneed front view: small angles"
    # ...and leaves out what it cannot see: the sagittal angles, seen end-on from the front.
    for name in ("knee_flexion_deg", "hip_flexion_deg", "torso_angle_deg", "bar_offset_bl"):
        assert set(r.series[name]) == {None}, name
    assert any(v is not None for v in r.series["lean_deg"]), "the lean is read from the front"


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
    assert text.splitlines() == [
        "frame,t_s,rep,phase,knee_flexion_deg",
        "0,0.0,,,10.0",
        "1,0.1,,,",
        "2,0.2,,,12.5",
    ]


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
    assert meta["NumMarkers"] == "35" and meta["Units"] == "m"
    assert float(meta["DataRate"]) == pytest.approx(30.0, abs=0.01)
    assert names == [MARKER_NAMES[n] for n in NAMES] + ["Hip", "Neck"]
    assert {"RHip", "LKnee", "RAnkle", "RBigToe", "LHeel", "Nose", "REar"} <= set(names)
    np.testing.assert_allclose(t, track.t_s, atol=1e-4)
    want = track.world * np.array([1.0, -1.0, -1.0])  # Y up, turned (not mirrored)
    np.testing.assert_allclose(xyz[:, :33], want, atol=6e-5)
    hips = (want[:, idx("left_hip")] + want[:, idx("right_hip")]) / 2
    np.testing.assert_allclose(xyz[:, names.index("Hip")], hips, atol=6e-5)
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
    np.testing.assert_allclose(xyz[:, :33, 0], track.xy[..., 0] * k, atol=6e-5)
    np.testing.assert_allclose(xyz[:, :33, 1], (h - track.xy[..., 1]) * k, atol=6e-5)
    assert np.isnan(xyz[5, idx("left_knee")]).all()
    assert np.isfinite(xyz[4, idx("left_knee")]).all()


def test_trc_pixels_raw(faulty_set: Analysed, tmp_path: Path) -> None:
    track = _pixel_track(faulty_set.track)
    meta, _, _, xyz = read_trc(write_trc(track, tmp_path / "px.trc", units="px"))
    assert meta["Units"] == "px"
    np.testing.assert_allclose(xyz[:, :33, 0], track.xy[..., 0], atol=6e-3)
    np.testing.assert_allclose(xyz[:, :33, 1], track.image_size[1] - track.xy[..., 1], atol=6e-3)


def test_trc_coco17_only_provided_markers(tmp_path: Path) -> None:
    track = read_track(shared_data() / "keypoints_coco17" / "dl_good001_yolo_coco17.csv")
    meta, names, _, xyz = read_trc(write_trc(track, tmp_path / "coco.trc"))
    assert meta["NumMarkers"] == "19" and len(names) == 19  # 17 and the Hip, Neck midpoints
    assert "LHeel" not in names and "LHip" in names
    assert np.isnan(xyz[..., 2]).all()  # no depth in COCO-17: empty, not zero
    assert np.isfinite(xyz[..., :2]).mean() > 0.5


def test_trc_rejects_unknown_units(faulty_set: Analysed, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="units"):
        write_trc(faulty_set.track, tmp_path / "x.trc", units="cm")  # type: ignore[arg-type]


# --- our TRC read back by the TRC reader (the one Sports2D files go through) -----------------


def test_trc_world_reads_back_as_the_same_body(faulty_set: Analysed, tmp_path: Path) -> None:
    track = faulty_set.track
    assert track.world is not None
    back = read_track(write_trc(track, tmp_path / "set.trc"))
    np.testing.assert_array_equal(back.provided, track.provided)
    np.testing.assert_allclose(back.t_s, track.t_s, atol=1e-4)
    # Metres drawn at PX_PER_M, y down again: the world body up to a shift.
    got = back.xy - back.xy[:, :1]
    want = (track.world[..., :2] - track.world[:, :1, :2]) * PX_PER_M
    np.testing.assert_allclose(got, want, atol=0.06)
    w, h = back.image_size
    assert np.nanmin(back.xy) >= 0 and np.nanmax(back.xy[..., 0]) <= w
    assert np.nanmax(back.xy[..., 1]) <= h


def test_trc_pixels_read_back_exactly(faulty_set: Analysed, tmp_path: Path) -> None:
    track = _pixel_track(faulty_set.track)
    w, h = track.image_size
    back = read_track(write_trc(track, tmp_path / "px.trc", units="px"), width=w, height=h)
    assert back.image_size == (w, h)
    np.testing.assert_allclose(back.xy, track.xy, atol=6e-3)  # NaN where missing, both
    assert back.visibility[5, idx("left_knee")] == 0.0


# --- .mot -------------------------------------------------------------------------------------


def _read_mot(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    lines = path.read_text(encoding="utf-8").splitlines()
    end = lines.index("endheader")
    cols = lines[end + 1].split("\t")
    data = np.array([[float(c) for c in ln.split("\t")] for ln in lines[end + 2 :]])
    return lines[:end], cols, data


def test_mot_header_and_angles(faulty_set: Analysed, tmp_path: Path) -> None:
    r = faulty_set.result
    header, cols, data = _read_mot(write_mot(r, tmp_path / "set.mot"))
    fields = dict(h.split("=", 1) for h in header[1:])
    assert header[0] and fields["version"] == "1" and fields["inDegrees"] == "yes"
    assert int(fields["nRows"]) == len(data) == len(r.series["t_s"])
    assert int(fields["nColumns"]) == len(cols) == data.shape[1]
    assert cols[0] == "time" and all(c.endswith("_deg") for c in cols[1:])
    assert {"hip_flexion_deg", "knee_flexion_deg", "knee_valgus_deg"} <= set(cols)
    np.testing.assert_allclose(data[:, 0], np.array(r.series["t_s"], dtype=float), atol=1e-4)
    for k, name in enumerate(cols[1:], start=1):
        want = np.array([np.nan if v is None else v for v in r.series[name]])
        np.testing.assert_allclose(data[:, k], want, atol=1e-4, equal_nan=True)
    assert np.isnan(data[:, cols.index("knee_valgus_deg")]).all(), "side view: not measured"
