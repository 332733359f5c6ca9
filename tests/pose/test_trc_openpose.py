"""Sports2D TRC files and OpenPose JSON folders as keypoint inputs, and their bad-file messages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.landmarks import idx
from hingecoach.pose.keypoint_files import read_track
from hingecoach.pose.openpose_json import BODY_25, COCO_18, read_openpose_folder
from hingecoach.pose.trc_file import PX_PER_M

# Sports2D's HALPE_26 markers, in its file order.
HALPE_26 = (
    "Hip", "RHip", "RKnee", "RAnkle", "RBigToe", "RSmallToe", "RHeel", "LHip", "LKnee", "LAnkle",
    "LBigToe", "LSmallToe", "LHeel", "Neck", "Head", "Nose", "RShoulder", "RElbow", "RWrist",
    "LShoulder", "LElbow", "LWrist",
)  # fmt: skip
#: A standing body in image pixels (y down): marker → (x, y).
BODY_PX = {
    "Nose": (520.0, 200.0), "Head": (505.0, 180.0), "Neck": (500.0, 260.0),
    "RShoulder": (500.0, 270.0), "LShoulder": (498.0, 268.0), "RElbow": (510.0, 380.0),
    "LElbow": (508.0, 378.0), "RWrist": (515.0, 480.0), "LWrist": (513.0, 478.0),
    "Hip": (490.0, 520.0), "RHip": (490.0, 520.0), "LHip": (488.0, 518.0),
    "RKnee": (500.0, 700.0), "LKnee": (498.0, 698.0), "RAnkle": (495.0, 880.0),
    "LAnkle": (493.0, 878.0), "RHeel": (480.0, 895.0), "LHeel": (478.0, 893.0),
    "RBigToe": (540.0, 900.0), "LBigToe": (538.0, 898.0), "RSmallToe": (535.0, 900.0),
    "LSmallToe": (533.0, 898.0),
}  # fmt: skip


def _sports2d_trc(rows: list[dict[str, tuple[float, float, float]]], fps: float = 30.0) -> str:
    """A TRC as Sports2D writes it: units 'm' even for pixels, frames from 0, no blank line."""
    n = len(rows)
    lines = [
        "PathFileType\t4\t(X/Y/Z)\tdemo_Sports2D_px_person00.trc",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame"
        "\tOrigNumFrames",
        f"{fps}\t{fps}\t{n}\t{len(HALPE_26)}\tm\t{fps}\t0\t{n}",
        "Frame#\tTime\t" + "\t\t\t".join(HALPE_26) + "\t\t\t",
        "\t\t" + "\t".join(f"X{i + 1}\tY{i + 1}\tZ{i + 1}" for i in range(len(HALPE_26))),
    ]
    for k, row in enumerate(rows):
        cells = [str(k), f"{k / fps:.6f}"]
        for name in HALPE_26:
            cells += [f"{v:.4f}" for v in row[name]]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _frames(n: int = 4) -> list[dict[str, tuple[float, float, float]]]:
    return [{m: (x + 2.0 * k, y, 0.0) for m, (x, y) in BODY_PX.items()} for k in range(n)]


def test_sports2d_pixel_trc(tmp_path: Path) -> None:
    rows = _frames()
    rows[2]["LKnee"] = (0.0, 0.0, 0.0)  # Sports2D fills a long gap with zeros
    path = tmp_path / "demo_Sports2D_px_person00.trc"
    path.write_text(_sports2d_trc(rows))
    track = read_track(path, width=1080, height=1920)
    assert track.n_frames == 4 and track.image_size == (1080, 1920)
    np.testing.assert_allclose(track.t_s, np.arange(4) / 30.0, atol=1e-6)
    assert track.landmarks[1, idx("right_hip"), :2].tolist() == [492.0, 520.0]
    assert track.landmarks[0, idx("left_foot_index"), :2].tolist() == [538.0, 898.0]
    assert track.landmarks[0, idx("nose"), :2].tolist() == [520.0, 200.0]  # y down kept
    assert np.isnan(track.landmarks[2, idx("left_knee"), :2]).all()
    assert track.visibility[2, idx("left_knee")] == 0.0 and track.visibility[1, idx("left_knee")]
    assert np.isnan(track.landmarks[..., 2]).all(), "Sports2D's zero depth is no depth"
    assert track.provided[idx("right_heel")] and not track.provided[idx("left_ear")]


def test_sports2d_metre_trc_is_drawn_upright(tmp_path: Path) -> None:
    # The same body in metres, y up, origin on the floor (Sports2D's *_m.trc).
    rows = [
        {m: (x / 500.0, (900.0 - y) / 500.0, 0.0) for m, (x, y, _) in r.items()} for r in _frames()
    ]
    path = tmp_path / "demo_Sports2D_m_person00.trc"
    path.write_text(_sports2d_trc(rows))
    track = read_track(path)
    nose, ankle = track.landmarks[0, idx("nose"), 1], track.landmarks[0, idx("right_ankle"), 1]
    assert nose < ankle, "head above the feet in image coordinates"
    assert ankle - nose == pytest.approx((880.0 - 200.0) / 500.0 * PX_PER_M, abs=0.01)
    w, h = track.image_size
    assert np.nanmin(track.xy) > 0 and np.nanmax(track.xy[..., 0]) < w
    assert np.nanmax(track.xy[..., 1]) < h


def _head(text: str, n: int) -> str:
    return "\n".join(text.splitlines()[:n])


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.replace("Frame#\tTime", "Frame\tT"), "line 4: expected 'Frame#' and 'Time'"),
        (lambda t: t.replace("493.0000", "abc", 1), r"line 6: column \d+ is 'abc', expected a"),
        (lambda t: t.replace("493.0000", "inf", 1), r"line 6: column \d+ is 'inf', expected a fin"),
        (lambda t: _head(t, 3), "needs 5 header lines, found 3"),
        (lambda t: _head(t, 5), "no frames"),
        (lambda t: t.replace("\t0.033333\t", "\t-1\t"), "time goes backwards"),
        (lambda t: t.replace("\t0.033333\t", "\t\t"), "line 7: Time is empty"),
    ],
)
def test_bad_trc_is_one_line(tmp_path: Path, edit: Callable[[str], str], message: str) -> None:
    path = tmp_path / "bad.trc"
    path.write_text(edit(_sports2d_trc(_frames())))
    with pytest.raises(InputError, match=message) as e:
        read_track(path, width=1080, height=1920)
    assert "\n" not in str(e.value) and str(path) in str(e.value)


def test_trc_without_known_markers(tmp_path: Path) -> None:
    text = _sports2d_trc(_frames())
    for name in HALPE_26:
        text = text.replace(f"\t{name}\t", f"\tM_{name}\t")
    path = tmp_path / "odd.trc"
    path.write_text(text.replace("Time\tHip", "Time\tM_Hip"))
    with pytest.raises(InputError, match="none of its markers"):
        read_track(path)


# --- OpenPose ---------------------------------------------------------------------------------


def _person(names: tuple[str, ...], dx: float = 0.0, conf: float = 0.9) -> list[float]:
    out: list[float] = []
    for name in names:
        x, y = BODY_PX.get(name, (0.0, 0.0))
        c = conf if name in BODY_PX and name not in ("Neck", "Hip") else 0.0
        out += [x + dx, y, c] if c else [0.0, 0.0, 0.0]
    return out


def _openpose_folder(
    folder: Path, names: tuple[str, ...], n: int = 5, *, bystander: bool = True
) -> Path:
    folder.mkdir()
    for k in range(n):
        people = [{"person_id": [-1], "pose_keypoints_2d": _person(names, dx=3.0 * k)}]
        if bystander:  # someone further off, more confident in the later frames
            people.insert(0, {"pose_keypoints_2d": _person(names, dx=900.0, conf=0.5 + 0.1 * k)})
        doc = {"version": 1.3, "people": people}
        (folder / f"clip_{k:012d}_keypoints.json").write_text(json.dumps(doc))
    return folder


def test_openpose_body25_folder(tmp_path: Path) -> None:
    folder = _openpose_folder(tmp_path / "json", BODY_25)
    track = read_track(folder)
    assert track.n_frames == 5
    np.testing.assert_allclose(track.t_s, np.arange(5) / 30.0)
    np.testing.assert_allclose(read_track(folder, fps=50.0).t_s, np.arange(5) / 50.0)
    hip = track.landmarks[:, idx("right_hip")]
    np.testing.assert_allclose(hip[:, 0], 490.0 + 3.0 * np.arange(5)), "the lifter, followed"
    assert track.landmarks[0, idx("left_foot_index"), :2].tolist() == [538.0, 898.0]
    assert track.landmarks[0, idx("right_heel"), 3] == pytest.approx(0.9)
    assert track.provided[idx("left_heel")] and not track.provided[idx("left_thumb")]
    assert not np.isnan(track.landmarks[..., :2][..., track.provided, :]).all()
    assert "BODY_25" in track.source


def test_openpose_coco18_folder_has_no_feet(tmp_path: Path) -> None:
    folder = _openpose_folder(tmp_path / "json", COCO_18, bystander=False)
    track = read_openpose_folder(folder, fps=60.0, width=1080, height=1920)
    np.testing.assert_allclose(track.t_s, np.arange(5) / 60.0)
    assert track.image_size == (1080, 1920)
    assert track.provided[idx("left_ankle")] and not track.provided[idx("left_heel")]
    assert np.isnan(track.landmarks[:, idx("left_heel"), :2]).all()


def _bad(folder: Path, doc: object, name: str = "clip_000000000000_keypoints.json") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return folder


@pytest.mark.parametrize(
    "doc, message",
    [
        ("{not json", "not valid JSON"),
        ({"people": [{"pose_keypoints_2d": [1.0] * 30}]}, "has 30 values, expected 75"),
        ({"people": [{"pose_keypoints_2d": ["a"] * 75}]}, "holds a non-number"),
        ({"people": "nobody"}, "'people' is 'nobody', expected a list"),
        ({"version": 1.3}, "not an OpenPose frame file"),
        ({"people": []}, "nobody was detected in any frame"),
    ],
)
def test_bad_openpose_folder_is_one_line(tmp_path: Path, doc: object, message: str) -> None:
    folder = _bad(tmp_path / "json", doc)
    with pytest.raises(InputError, match=message) as e:
        read_track(folder)
    assert "\n" not in str(e.value)


def test_openpose_folder_problems(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match=r"OpenPose \*_keypoints\.json files; this one has none"):
        read_track(empty)
    mixed = _openpose_folder(tmp_path / "mixed", BODY_25, n=2, bystander=False)
    _bad(
        mixed,
        {"people": [{"pose_keypoints_2d": _person(COCO_18)}]},
        "clip_000000000009_keypoints.json",
    )
    with pytest.raises(InputError, match="COCO-18 keypoints, but earlier frames are BODY_25"):
        read_track(mixed)
    one = mixed / "clip_000000000000_keypoints.json"
    with pytest.raises(InputError, match="pass the folder"):
        read_track(one)


def test_openpose_folder_analyses_like_the_track(tmp_path: Path) -> None:
    """A synthetic set written as OpenPose BODY_25 frames counts the same reps."""
    from hingecoach.engine import analyze_track
    from hingecoach.landmarks import NAMES
    from hingecoach.pipeline import analyze_keypoints
    from hingecoach.pose.marker_names import MARKER_NAMES
    from hingecoach.synth import SynthSpec, generate_set

    track = generate_set(SynthSpec(exercise="rdl", reps=3, seed=5)).track
    by_marker = {MARKER_NAMES[n]: i for i, n in enumerate(NAMES)}
    folder = tmp_path / "json"
    folder.mkdir()
    for k in range(track.n_frames):
        kp: list[float] = []
        for name in BODY_25:
            i = by_marker.get(name)
            x, y, _, vis = track.landmarks[k, i] if i is not None else (0.0, 0.0, 0.0, 0.0)
            kp += (
                [float(x), float(y), float(vis)] if i is not None and np.isfinite(x) else [0.0] * 3
            )
        doc = {"people": [{"pose_keypoints_2d": kp}]}
        (folder / f"set_{k:012d}_keypoints.json").write_text(json.dumps(doc))
    fps = 1.0 / float(np.median(np.diff(track.t_s)))
    w, h = track.image_size
    want = analyze_track(track, exercise="rdl")
    done = analyze_keypoints(folder, exercise="rdl", width=w, height=h, fps=fps)
    np.testing.assert_allclose(done.track.t_s, track.t_s - track.t_s[0], atol=1e-6)
    assert done.result.rep_count == want.rep_count == 3
    assert done.result.view == want.view


def test_marker_names_are_pose2sims() -> None:
    from hingecoach.landmarks import NAMES
    from hingecoach.pose.marker_names import MARKER_NAMES, landmark_for

    assert len(set(MARKER_NAMES.values())) == len(NAMES), "one marker per landmark"
    assert MARKER_NAMES["right_hip"] == "RHip" and MARKER_NAMES["left_foot_index"] == "LBigToe"
    assert MARKER_NAMES["right_heel"] == "RHeel" and MARKER_NAMES["nose"] == "Nose"
    # Pose2Sim's BLAZEPOSE skeleton spells the left knee "Lknee"; our own TRCs used snake_case.
    assert landmark_for("Lknee") == "left_knee" and landmark_for(" RAnkle ") == "right_ankle"
    assert landmark_for("left_heel") == "left_heel"
    assert landmark_for("Neck") is None and landmark_for("RSmallToe") is None
    for marker in BODY_25 + COCO_18:
        name = landmark_for(marker)
        assert name is None or MARKER_NAMES[name] == marker
