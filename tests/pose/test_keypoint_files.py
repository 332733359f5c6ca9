"""Keypoint files: round trips, every malformed-input message, and the real COCO-17 exports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.landmarks import COCO17_NAMES, INDEX, N_LANDMARKS, NAMES, idx
from hingecoach.models import PoseTrack
from hingecoach.pose.keypoint_files import (
    read_coco17_csv,
    read_json,
    read_long_csv,
    read_track,
    write_json,
    write_long_csv,
)

# Real files live outside the repo (their licence forbids committing them): /work/shared next to
# /work/main. Read them in place, never copy them.
COCO_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "keypoints_coco17"
COCO_FRAMES = {
    "dl_bad005_yolo_coco17.csv": 104,
    "dl_bad007_yolo_coco17.csv": 113,
    "dl_bad009_yolo_coco17.csv": 108,
    "dl_good001_yolo_coco17.csv": 117,
    "dl_good002_yolo_coco17.csv": 77,
    "dl_good004_yolo_coco17.csv": 104,
}
LONG_HEADER = "frame,t_s,landmark,x,y,z,visibility"
COCO_HEADER = "frame_id," + ",".join(f"{n}_{a}" for n in COCO17_NAMES for a in "xy")


def _coco_dir() -> Path:
    """The shared COCO-17 folder; skipped when absent locally, a failure under CI."""
    if not COCO_DIR.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the shared COCO-17 files are missing at {COCO_DIR}")
        pytest.skip(f"shared test data not found at {COCO_DIR} (set CI=1 to make this fail)")
    return COCO_DIR


def _track(n: int = 4, *, world: bool = True, contour: bool = True) -> PoseTrack:
    """Small hand-made track with NaNs, an unprovided landmark and odd float values."""
    rng = np.random.default_rng(7)
    lm = np.empty((n, N_LANDMARKS, 4))
    lm[..., 0] = rng.uniform(0, 640, (n, N_LANDMARKS))
    lm[..., 1] = rng.uniform(0, 480, (n, N_LANDMARKS))
    lm[..., 2] = rng.normal(0, 50, (n, N_LANDMARKS))
    lm[..., 3] = rng.uniform(0, 1, (n, N_LANDMARKS))
    lm[1, idx("left_knee"), :3] = np.nan  # not detected in frame 1
    lm[1, idx("left_knee"), 3] = 0.0
    lm[-1, idx("nose"), 2] = np.nan  # no depth
    provided = np.ones(N_LANDMARKS, dtype=bool)
    provided[[idx("left_heel"), idx("right_heel")]] = False
    lm[:, ~provided, :3] = np.nan
    lm[:, ~provided, 3] = 0.0
    contours: tuple[np.ndarray | None, ...] | None = None
    if contour:
        contours = tuple(
            None if i == 1 else np.array([[10.0 + i, 20.0], [11.5, np.nan], [12.25, 30.0]])
            for i in range(n)
        )
    wld = rng.normal(0, 0.5, (n, N_LANDMARKS, 3)) if world else None
    if wld is not None:
        wld[0, 0] = np.nan
    return PoseTrack(
        t_s=np.arange(n) / 29.97 + 0.1,
        landmarks=lm,
        image_size=(640, 480),
        world=wld,
        back_contour=contours,
        provided=provided,
        source="hand-made",
    )


def _assert_same(a: PoseTrack, b: PoseTrack) -> None:
    np.testing.assert_array_equal(a.t_s, b.t_s)
    np.testing.assert_array_equal(a.landmarks, b.landmarks)  # NaN == NaN here
    np.testing.assert_array_equal(a.provided, b.provided)
    assert a.image_size == b.image_size


def _error(path: Path, text: str | bytes, **kwargs: int) -> str:
    """Write ``text`` to ``path``, read it with read_track, return the one-line error."""
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_track(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    return message


def _long_csv(*rows: str) -> str:
    return "\n".join([LONG_HEADER, *rows]) + "\n"


def _json_doc(n: int = 2) -> dict:
    return {
        "format": "hingecoach.posetrack",
        "version": 1,
        "source": "synth",
        "image_width": 640,
        "image_height": 480,
        "landmark_names": list(NAMES),
        "frames": [
            {"t_s": i / 30, "landmarks": [[100.0, 200.0, None, 0.9]] * N_LANDMARKS}
            for i in range(n)
        ],
    }


# --- round trips ---------------------------------------------------------------------------


def test_json_round_trip_keeps_nan_world_contour_provided(tmp_path: Path) -> None:
    track = _track()
    path = tmp_path / "set.json"
    write_json(track, path, extra={"ground_truth": {"reps": 3}})
    back = read_json(path)
    _assert_same(track, back)
    assert back.source == "hand-made"
    assert track.world is not None and back.world is not None
    np.testing.assert_array_equal(track.world, back.world)
    assert track.back_contour is not None and back.back_contour is not None
    assert back.back_contour[1] is None
    for want, got in zip(track.back_contour, back.back_contour, strict=True):
        if want is not None:
            np.testing.assert_array_equal(want, got)
    doc = json.loads(path.read_text())
    assert doc["ground_truth"] == {"reps": 3}
    assert doc["frames"][1]["landmarks"][idx("left_knee")][:3] == [None, None, None]


def test_json_without_optional_parts_reads_none_and_all_provided(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(_json_doc()))
    track = read_track(path)
    assert track.world is None and track.back_contour is None
    assert track.provided.all()
    assert np.isnan(track.landmarks[:, :, 2]).all()
    assert track.image_size == (640, 480)


def test_json_empty_contour_and_no_world_round_trip(tmp_path: Path) -> None:
    track = _track(world=False, contour=False)
    track = PoseTrack(
        t_s=track.t_s,
        landmarks=track.landmarks,
        image_size=track.image_size,
        back_contour=(np.zeros((0, 2)), None, None, None),
    )
    write_json(track, tmp_path / "t.json")
    back = read_json(tmp_path / "t.json")
    assert back.world is None
    assert back.back_contour is not None and back.back_contour[0] is not None
    assert back.back_contour[0].shape == (0, 2)


def test_write_json_refuses_clashing_extra_keys(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="frames"):
        write_json(_track(), tmp_path / "x.json", extra={"frames": []})


def test_long_csv_round_trip_keeps_nan_and_provided(tmp_path: Path) -> None:
    track = _track(world=False, contour=False)
    path = tmp_path / "set.csv"
    write_long_csv(track, path)
    back = read_long_csv(path, width=640, height=480)
    _assert_same(track, back)
    assert not back.provided[idx("left_heel")]
    assert read_track(path, width=640, height=480).n_frames == track.n_frames


def test_long_csv_fills_defaults_and_unlisted_landmarks(tmp_path: Path) -> None:
    path = tmp_path / "few.csv"
    path.write_text(
        _long_csv(
            "0,0.0,left_hip,10,20,,",
            "0,0.0,left_knee,,,,",
            "5,0.2,left_hip,11,21,3.5,0.5",
        )
    )
    track = read_track(path, width=100, height=100)
    assert track.n_frames == 2  # frame numbers may skip
    np.testing.assert_array_equal(track.t_s, [0.0, 0.2])
    hip, knee = idx("left_hip"), idx("left_knee")
    np.testing.assert_array_equal(track.landmarks[0, hip], [10, 20, np.nan, 1.0])
    np.testing.assert_array_equal(track.landmarks[1, hip], [11, 21, 3.5, 0.5])
    np.testing.assert_array_equal(track.landmarks[0, knee], [np.nan, np.nan, np.nan, 0.0])
    np.testing.assert_array_equal(track.landmarks[1, knee], [np.nan, np.nan, np.nan, 0.0])
    assert track.provided[[hip, knee]].all()
    assert track.provided.sum() == 2
    assert np.isnan(track.landmarks[:, idx("nose"), :2]).all()
    assert (track.visibility[:, idx("nose")] == 0).all()


# --- COCO-17 -------------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.parametrize("name", sorted(COCO_FRAMES))
def test_real_coco17_files_load(name: str) -> None:
    track = read_track(_coco_dir() / name)
    assert track.n_frames == COCO_FRAMES[name]
    assert track.image_size == (1280, 720)
    coco = np.zeros(N_LANDMARKS, dtype=bool)
    coco[[INDEX[n] for n in COCO17_NAMES]] = True
    np.testing.assert_array_equal(track.provided, coco)
    for lacking in ("left_heel", "right_heel", "left_foot_index", "right_foot_index"):
        assert np.isnan(track.landmarks[:, idx(lacking), :2]).all()
    assert np.all(np.diff(track.t_s) > 0)
    assert track.t_s[0] == 0.0
    x, y = track.xy[..., 0], track.xy[..., 1]
    assert np.nanmin(x) >= 0 and np.nanmax(x) <= 1280
    assert np.nanmin(y) >= 0 and np.nanmax(y) <= 720
    detected = np.isfinite(x)
    np.testing.assert_array_equal(track.visibility, detected.astype(float))
    assert detected[:, [idx("left_hip"), idx("right_hip")]].any(axis=1).all()
    shoulder_y = np.nanmean(y[:, [idx("left_shoulder"), idx("right_shoulder")]])
    hip_y = np.nanmean(y[:, [idx("left_hip"), idx("right_hip")]])
    ankle_y = np.nanmean(y[:, [idx("left_ankle"), idx("right_ankle")]])
    assert shoulder_y < hip_y < ankle_y  # upright body in image coordinates (y down)


def _coco_row(frame_id: int | str, value: str = "10", *, first: str | None = None) -> str:
    cells = [value] * (2 * len(COCO17_NAMES))
    if first is not None:
        cells[0] = first
    return f"{frame_id}," + ",".join(cells)


def test_coco17_gaps_times_and_missing_points(tmp_path: Path) -> None:
    path = tmp_path / "yolo.csv"
    empty_nose = _coco_row(4).replace("4,10,10,", "4,,,", 1)
    path.write_text("\n".join([COCO_HEADER, _coco_row(0), empty_nose, ""]))
    track = read_coco17_csv(path, fps=25.0)
    np.testing.assert_allclose(track.t_s, [0.0, 4 / 25])
    nose = idx("nose")
    assert track.visibility[0, nose] == 1.0
    assert track.visibility[1, nose] == 0.0 and np.isnan(track.xy[1, nose]).all()
    assert np.isnan(track.landmarks[..., 2]).all()
    assert track.image_size == (1280, 720)


def test_coco17_size_given_or_inferred(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("\n".join([COCO_HEADER, _coco_row(0, first="1500.5"), _coco_row(1, "700.2")]))
    assert read_track(path).image_size == (1501, 701)
    assert read_track(path, width=1920, height=1080).image_size == (1920, 1080)
    message = _error(tmp_path / "big.csv", path.read_text(), width=1920)
    assert "give both width and height" in message


# --- malformed input: one line naming file, line and problem --------------------------------

LONG_CASES = [
    ("bad_number", _long_csv("0,0,nose,1,2,,1", "0,0,left_hip,abc,2,,1"), "line 3: 'x' is 'abc'"),
    (
        "missing_col",
        "frame,t_s,landmark,x,y,z\n0,0,nose,1,2,3\n",
        f"missing columns: visibility (expected {LONG_HEADER})",
    ),
    (
        "unknown_name",
        _long_csv("0,0,nose,1,2,,1", "0,0,left_hipp,1,2,,1"),
        "line 3: unknown landmark name 'left_hipp'",
    ),
    (
        "time_back",
        _long_csv("0,1.3,nose,1,2,,1", "1,1.2,nose,1,2,,1"),
        "line 3: time goes backwards (t_s 1.2 after 1.3)",
    ),
    ("nan_text", _long_csv("0,0,nose,nan,2,,1"), "line 2: 'x' is 'nan', expected a finite number"),
    (
        "inf_text",
        _long_csv("0,0,nose,1,-inf,,1"),
        "line 2: 'y' is '-inf', expected a finite number",
    ),
    ("huge", _long_csv("0,0,nose,1e999,1,,1"), "line 2: 'x' is '1e999', expected a finite"),
    (
        "vis_range",
        _long_csv("0,0,nose,1,2,,1.5"),
        "line 2: 'visibility' is 1.5, expected a value in [0, 1]",
    ),
    ("vis_neg", _long_csv("0,0,nose,1,2,,-0.1"), "'visibility' is -0.1"),
    (
        "twice",
        _long_csv("0,0,nose,1,2,,1", "0,0,left_hip,1,2,,1", "0,0,nose,1,2,,1"),
        "line 4: landmark 'nose' listed twice in frame 0 (first on line 2)",
    ),
    ("cells", _long_csv("0,0,nose,1,2,1"), "line 2: expected 7 cells, got 6"),
    (
        "frame_back",
        _long_csv("3,0,nose,1,2,,1", "2,0.1,nose,1,2,,1"),
        "line 3: frame goes backwards (2 after 3",
    ),
    (
        "frame_frac",
        _long_csv("1.5,0,nose,1,2,,1"),
        "line 2: 'frame' is '1.5', expected a whole number",
    ),
    ("half_point", _long_csv("0,0,nose,1,,,1"), "line 2: 'y' is empty but 'x' is given"),
    (
        "vis_no_point",
        _long_csv("0,0,nose,,,,0.8"),
        "line 2: x and y are empty but 'visibility' is 0.8",
    ),
    ("no_t", _long_csv("0,,nose,1,2,,1"), "line 2: 't_s' is empty"),
    (
        "t_mismatch",
        _long_csv("0,0.5,nose,1,2,,1", "0,0.6,left_hip,1,2,,1"),
        "line 3: t_s 0.6 differs from 0.5 given earlier for frame 0",
    ),
    ("header_only", LONG_HEADER + "\n", "no frames"),
    ("dup_col", LONG_HEADER + ",x\n0,0,nose,1,2,,1,3\n", "line 1: column listed twice: x"),
    ("quote", LONG_HEADER + '\n0,0,"nose,1,2,,1\n', "line 2: expected 7 cells, got 3"),
]


@pytest.mark.parametrize(("name", "text", "expected"), LONG_CASES, ids=[c[0] for c in LONG_CASES])
def test_long_csv_errors(tmp_path: Path, name: str, text: str, expected: str) -> None:
    message = _error(tmp_path / f"{name}.csv", text, width=640, height=480)
    assert expected in message


def test_long_csv_blank_lines_keep_line_numbers(tmp_path: Path) -> None:
    text = LONG_HEADER + "\n\n0,0,nose,1,2,,1\n\n0,0,nose,x,2,,1\n"
    assert "line 5: 'x' is 'x'" in _error(tmp_path / "gaps.csv", text, width=9, height=9)


def test_long_csv_needs_image_size(tmp_path: Path) -> None:
    message = _error(tmp_path / "set.csv", _long_csv("0,0,nose,1,2,,1"))
    assert "pass --width and --height" in message


def _json_text(**changes: object) -> str:
    doc = _json_doc()
    doc.update(changes)
    return json.dumps(doc)


def _frames(*frames: dict) -> list[dict]:
    return list(frames)


_LM = [[1.0, 2.0, None, 1.0]] * N_LANDMARKS
JSON_CASES = [
    (
        "invalid",
        '{"format": "hingecoach.posetrack",\n  "version": 1 "x"}',
        "not valid JSON: Expecting ',' delimiter at line 2 column",
    ),
    ("array", "[1, 2]", "not a keypoint file this tool reads; accepted: hingecoach JSON"),
    (
        "format",
        _json_text(format="openpose"),
        "'format' is 'openpose', expected 'hingecoach.posetrack'",
    ),
    ("no_format", json.dumps({"frames": []}), "no 'format' key"),
    ("version", _json_text(version=2), "format version 2 is newer"),
    (
        "names",
        _json_text(landmark_names=list(reversed(NAMES))),
        "landmark_names[0] is 'right_foot_index', expected 'nose'",
    ),
    ("size", _json_text(image_width=0), "'image_width' is 0, expected a positive whole number"),
    ("no_frames", _json_text(frames=[]), "set.json: no frames"),
    (
        "short_frame",
        _json_text(frames=_frames({"t_s": 0, "landmarks": _LM}, {"t_s": 1, "landmarks": _LM[:32]})),
        "frames[1].landmarks has 32 entries, expected 33",
    ),
    (
        "string",
        _json_text(frames=[{"t_s": 0, "landmarks": [[1, "abc", 0, 1], *_LM[1:]]}]),
        "frames[0].landmarks[0][1] is 'abc', expected a number",
    ),
    (
        "bool",
        _json_text(frames=[{"t_s": 0, "landmarks": [[True, 1, 0, 1], *_LM[1:]]}]),
        "frames[0].landmarks[0][0] is True",
    ),
    (
        "short_point",
        _json_text(frames=[{"t_s": 0, "landmarks": [[1, 2, 3], *_LM[1:]]}]),
        "frames[0].landmarks[0] is a list of 3, expected 4 numbers",
    ),
    (
        "vis",
        _json_text(frames=[{"t_s": 0, "landmarks": [*_LM[:5], [1, 2, 0, 1.5], *_LM[6:]]}]),
        "landmarks[5][3] (visibility of right_eye) is 1.5, expected a value in [0, 1]",
    ),
    ("nan_literal", _json_text().replace("null", "NaN", 1), "NaN is not valid JSON (write null"),
    (
        "inf_number",
        _json_text().replace("null", "1e999", 1),
        "frames[0].landmarks[0][2] is inf, expected a finite",
    ),
    (
        "time_back",
        _json_text(frames=_frames({"t_s": 1.3, "landmarks": _LM}, {"t_s": 1.2, "landmarks": _LM})),
        "frames[1]: time goes backwards (t_s 1.2 after 1.3)",
    ),
    ("no_t", _json_text(frames=[{"landmarks": _LM}]), "frames[0]: 't_s' is missing"),
    (
        "world_some",
        _json_text(
            frames=_frames(
                {"t_s": 0, "landmarks": _LM, "world": [[0, 0, 0]] * 33},
                {"t_s": 1, "landmarks": _LM},
            )
        ),
        "frames[1] has no 'world' but frames[0] has",
    ),
    (
        "world_shape",
        _json_text(frames=[{"t_s": 0, "landmarks": _LM, "world": [[0, 0]] * 33}]),
        "frames[0].world[0] is a list of 2, expected 3",
    ),
    (
        "contour",
        _json_text(frames=[{"t_s": 0, "landmarks": _LM, "back_contour": [[1, 2, 3]]}]),
        "frames[0].back_contour[0] is a list of 3, expected 2",
    ),
    (
        "provided",
        _json_text(provided=[True] * 17),
        "'provided' is a list of 17, expected 33 booleans",
    ),
    ("frame_type", _json_text(frames=[3]), "frames[0] is 3, expected an object"),
]


@pytest.mark.parametrize(("name", "text", "expected"), JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_json_errors(tmp_path: Path, name: str, text: str, expected: str) -> None:
    assert expected in _error(tmp_path / "set.json", text)


def test_read_json_wants_an_object(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    with pytest.raises(InputError, match="expected a JSON object at the top level, got a list"):
        read_json(path)


def test_json_size_must_match_given_size(tmp_path: Path) -> None:
    message = _error(tmp_path / "set.json", _json_text(), width=1280, height=720)
    assert "file says the frames are 640x480" in message


COCO_CASES = [
    ("missing", "frame_id,nose_x\n0,1\n", "missing columns: nose_y, left_eye_x"),
    (
        "unknown",
        COCO_HEADER + ",nose_score\n" + _coco_row(0) + ",1\n",
        "unknown columns: nose_score",
    ),
    (
        "order",
        "\n".join([COCO_HEADER, _coco_row(5), _coco_row(5)]),
        "line 3: frame_id does not increase (5 after 5)",
    ),
    (
        "text",
        "\n".join([COCO_HEADER, _coco_row(0, first="abc")]),
        "line 2: 'nose_x' is 'abc', expected a number",
    ),
    (
        "nan",
        "\n".join([COCO_HEADER, _coco_row(0, first="NaN")]),
        "line 2: 'nose_x' is 'NaN', expected a finite number",
    ),
    (
        "half",
        "\n".join([COCO_HEADER, _coco_row(0, first="")]),
        "line 2: 'nose_x' is empty but 'nose_y' is given",
    ),
    (
        "id",
        "\n".join([COCO_HEADER, _coco_row("-1")]),
        "line 2: 'frame_id' is '-1', expected a whole number",
    ),
    ("cells", "\n".join([COCO_HEADER, "0,1,2"]), "line 2: expected 35 cells, got 3"),
    ("header_only", COCO_HEADER + "\n", "no frames"),
]


@pytest.mark.parametrize(("name", "text", "expected"), COCO_CASES, ids=[c[0] for c in COCO_CASES])
def test_coco17_errors(tmp_path: Path, name: str, text: str, expected: str) -> None:
    assert expected in _error(tmp_path / "yolo.csv", text)


def test_coco17_rejects_bad_fps(tmp_path: Path) -> None:
    path = tmp_path / "yolo.csv"
    path.write_text("\n".join([COCO_HEADER, _coco_row(0)]))
    with pytest.raises(InputError, match="fps must be a positive number"):
        read_coco17_csv(path, fps=0)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "set.csv: empty file"),
        (b"  \n\n", "set.csv: empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("frame,t_s,landmark\n0,0,n\u00e9\n".encode("latin-1"), "not UTF-8 text (byte 0xe9"),
        (b"name,age\nbob,3\n", "accepted: hingecoach JSON"),
    ],
)
def test_unreadable_or_unknown_files(tmp_path: Path, content: bytes, expected: str) -> None:
    assert expected in _error(tmp_path / "set.csv", content, width=10, height=10)


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.json: no such file"):
        read_track(tmp_path / "nope.json")
    with pytest.raises(InputError, match="is a directory"):
        read_json(tmp_path)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _long_csv("0,0,nose,1,2,,1").encode())
    assert read_track(path, width=10, height=10).n_frames == 1


def test_truncated_files_never_raise_anything_but_input_error(tmp_path: Path) -> None:
    """Cut a valid file anywhere: it reads or says why, never a traceback."""
    write_json(_track(n=2), tmp_path / "full.json")
    write_long_csv(_track(n=2, world=False, contour=False), tmp_path / "full.csv")
    for full in (tmp_path / "full.json", tmp_path / "full.csv"):
        data = full.read_bytes()
        cut = tmp_path / f"cut{full.suffix}"
        for end in range(0, len(data), max(1, len(data) // 150)):
            cut.write_bytes(data[:end])
            try:
                read_track(cut, width=640, height=480)
            except InputError as e:
                assert "\n" not in str(e)
