"""Read and write PoseTracks as files, so the analysis runs without a pose model.

Three formats, told apart by their content (not their file name):

* **hingecoach JSON** (``"format": "hingecoach.posetrack"``): the full PoseTrack — image size,
  33 BlazePose landmarks per frame, optional world landmarks, back contour and ``provided`` mask.
  NaN is written as ``null``. The synthetic generator writes it, with extra top-level keys such
  as ``ground_truth`` that readers ignore.
* **long CSV** (``frame,t_s,landmark,x,y,z,visibility``): one row per frame and landmark, for
  other tools and spreadsheets. It has no image size (the caller gives it) and no world
  landmarks or back contour.
* **COCO-17 wide CSV** (``frame_id,nose_x,nose_y,...``): see ``hingecoach.pose.coco17``.
* **TRC** (Sports2D, Pose2Sim, OpenSim, our ``--trc``): see ``hingecoach.pose.trc_file``.
* **OpenPose JSON folder** (``*_keypoints.json``, BODY_25 or COCO-18): a directory, see
  ``hingecoach.pose.openpose_json``.

Every malformed file raises one ``InputError`` line naming the file, the line (CSV, header = 1)
or JSON element, and the problem. A well-formed file whose content is physically absurd is
refused too (:func:`check_plausible`): a clock that stands still or jumps, coordinates far
outside any frame. Scoring such a file would be confidence about nothing.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from hingecoach.errors import InputError
from hingecoach.landmarks import INDEX, N_LANDMARKS, NAMES
from hingecoach.models import PoseTrack
from hingecoach.pose._json_track import JSON_FORMAT, JSON_VERSION, track_from_json
from hingecoach.pose._textio import csv_rows, header_index, parse_number, read_text, show
from hingecoach.pose.coco17 import looks_like_coco17, parse_coco17_csv, read_coco17_csv
from hingecoach.pose.openpose_json import read_openpose_folder
from hingecoach.pose.trc_file import looks_like_trc, parse_trc

__all__ = [
    "read_coco17_csv",
    "read_json",
    "read_long_csv",
    "read_track",
    "write_json",
    "write_long_csv",
]

#: Largest gap between two frames, seconds: a set is filmed in one go (longest rest-pause ~ s).
MAX_GAP_S = 10.0
#: Farthest a landmark may lie from the image, in frame sizes: |x| within this many widths,
#: |y| heights, |z| widths (MediaPipe guesses off-frame points a little outside the image).
MAX_FRAMES_OUT = 10.0
#: Largest |world coordinate|, metres (hip-centred; a body spans about 2 m).
MAX_WORLD_M = 10.0

LONG_CSV_COLUMNS = ("frame", "t_s", "landmark", "x", "y", "z", "visibility")
_LONG_EXPECTED = ",".join(LONG_CSV_COLUMNS)
ACCEPTED_FORMATS = (
    'hingecoach JSON ({"format": "hingecoach.posetrack", ...}), '
    f"long CSV (header {_LONG_EXPECTED}), "
    "COCO-17 wide CSV (header frame_id,nose_x,nose_y,...,right_ankle_y), "
    "TRC (Sports2D, OpenSim), a folder of OpenPose *_keypoints.json"
)


def read_track(
    path: Path, *, width: int | None = None, height: int | None = None, fps: float | None = None
) -> PoseTrack:
    """Read any supported keypoint file, recognised by its content.

    Args:
        path: the file.
        width: frame width in pixels; required for long CSV, optional for COCO-17 (see
            ``read_coco17_csv``), and for JSON it must match the file if given.
        height: frame height in pixels, as ``width``.
        fps: frame rate of files without times (COCO-17, OpenPose folders); 30 when None.

    Raises:
        InputError: unreadable, malformed or implausible file (:func:`check_plausible`), or
            not one of the accepted formats.
    """
    return check_plausible(_read_any(path, width, height, 30.0 if fps is None else fps), str(path))


def _read_any(path: Path, width: int | None, height: int | None, fps: float) -> PoseTrack:
    label = str(path)
    if Path(path).is_dir():
        return read_openpose_folder(Path(path), fps=fps, width=width, height=height)
    text = read_text(path)
    kind = _sniff(text, label)
    if kind == "trc":
        return parse_trc(text, label, width=width, height=height)
    if kind == "json":
        track = track_from_json(text, label)
        given = (width, height)
        if given != (None, None) and given != track.image_size:
            w, h = track.image_size
            raise InputError(
                f"{label}: the file says the frames are {w}x{h}, "
                f"but width/height {width}x{height} were given (leave them out for JSON)"
            )
        return track
    if kind == "long_csv":
        if width is None or height is None:
            raise InputError(
                f"{label}: a long CSV does not record the frame size; "
                "pass --width and --height (in pixels)"
            )
        return _parse_long_csv(text, label, width, height)
    return parse_coco17_csv(text, label, width=width, height=height, fps=fps)


def _sniff(text: str, label: str) -> str:
    """``"json"``, ``"trc"``, ``"long_csv"`` or ``"coco17"`` from the file's first characters."""
    stripped = text.lstrip()
    if not stripped:
        raise InputError(f"{label}: empty file")
    if stripped[0] == "{":  # the format is an object; "[" also starts TOML and INI files
        if '"people"' in stripped[:200] and JSON_FORMAT not in stripped[:2000]:
            raise InputError(
                f"{label}: one OpenPose frame file; pass the folder that holds all the "
                "*_keypoints.json files"
            )
        return "json"
    if looks_like_trc(stripped):
        return "trc"
    first = next(csv_rows(stripped.splitlines()[0], label), None)
    header = [] if first is None else [h.lower() for h in first[1]]
    if looks_like_coco17(header):
        return "coco17"
    if {"frame", "t_s", "landmark"} & set(header):
        return "long_csv"
    raise InputError(f"{label}: not a keypoint file this tool reads; accepted: {ACCEPTED_FORMATS}")


def read_json(path: Path) -> PoseTrack:
    """Read a hingecoach JSON pose track (format in the module docstring).

    Unknown top-level keys (e.g. ``ground_truth``) are ignored; ``null`` reads as NaN.

    Raises:
        InputError: naming the file, the JSON element and the problem.
    """
    return check_plausible(track_from_json(read_text(path), str(path)), str(path))


def check_plausible(track: PoseTrack, label: str) -> PoseTrack:
    """Refuse a track whose timing or coordinates cannot be real; returns it unchanged.

    Timing: more than one frame needs time that moves (all-equal or all-zero ``t_s`` is no
    clock at all), no two frames at the same instant, and no gap over :data:`MAX_GAP_S`.
    Coordinates: pixels within ±:data:`MAX_FRAMES_OUT` frame widths (x, z) or heights (y), and
    world values within ±:data:`MAX_WORLD_M` metres (NaN, a missing point, is fine).

    Raises:
        InputError: one line naming the file, the frame and what is wrong.
    """
    t = track.t_s
    if t.size > 1:
        steps = np.diff(t)
        if t[-1] == t[0]:
            raise InputError(
                f"{label}: every frame has t_s {t[0]:g}: the file has no timing "
                "(give each frame its time in seconds)"
            )
        if (steps == 0).any():
            i = int(np.argmax(steps == 0)) + 1
            raise InputError(
                f"{label}: frames {i - 1} and {i} have the same t_s ({t[i]:g}); "
                "each frame needs its own time"
            )
        if (steps > MAX_GAP_S).any():
            i = int(np.argmax(steps > MAX_GAP_S)) + 1
            raise InputError(
                f"{label}: a gap of {steps[i - 1]:g} s between frames {i - 1} and {i} "
                f"(at most {MAX_GAP_S:g} s): not one continuous set"
            )
    w, h = track.image_size
    limits_px = np.array([w, h, w], dtype=float) * MAX_FRAMES_OUT
    _check_range(track.landmarks[..., :3], limits_px, "pixels", label)
    if track.world is not None:
        _check_range(track.world, np.full(3, MAX_WORLD_M), "metres", label)
    return track


def _check_range(values: np.ndarray, limits: np.ndarray, unit: str, label: str) -> None:
    """Refuse any |value| over its axis's limit in ``(N, 33, 3)`` coordinates (NaN passes)."""
    with np.errstate(invalid="ignore"):
        bad = np.abs(values) > limits
    if bad.any():
        frame, point, axis = (int(v) for v in np.argwhere(bad)[0])
        value = values[frame, point, axis]
        raise InputError(
            f"{label}: frame {frame} {NAMES[point]} {'xyz'[axis]} is {value:g} {unit}, "
            f"beyond ±{limits[axis]:g}: not a real position"
        )


def write_json(track: PoseTrack, path: Path, *, extra: dict[str, Any] | None = None) -> None:
    """Write ``track`` as hingecoach JSON; ``read_json`` gives back an equal track.

    Args:
        track: the track.
        path: where to write (overwritten).
        extra: JSON-serialisable keys merged at the top level, e.g. ``ground_truth``; they may
            not reuse a key of the format.

    Raises:
        ValueError: ``extra`` reuses a format key, or the track holds an infinite value.
    """
    w, h = track.image_size
    doc: dict[str, Any] = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "source": track.source,
        "image_width": int(w),
        "image_height": int(h),
        "landmark_names": list(NAMES),
        "provided": [bool(p) for p in track.provided],
    }
    if extra:
        clash = sorted((set(extra) & set(doc)) | ({"frames"} & set(extra)))
        if clash:
            raise ValueError(f"extra keys clash with the format's own keys: {', '.join(clash)}")
        doc.update(extra)
    doc["frames"] = [_json_frame(track, i) for i in range(track.n_frames)]
    Path(path).write_text(json.dumps(doc, allow_nan=False), encoding="utf-8")


def _json_frame(track: PoseTrack, i: int) -> dict[str, Any]:
    """Frame ``i`` as a JSON object (NaN → null)."""
    frame: dict[str, Any] = {
        "t_s": _json_values(track.t_s[i]),
        "landmarks": _json_values(track.landmarks[i]),
    }
    if track.world is not None:
        frame["world"] = _json_values(track.world[i])
    if track.back_contour is not None:
        contour = track.back_contour[i]
        frame["back_contour"] = None if contour is None else _json_values(np.asarray(contour))
    return frame


def _json_values(arr: np.ndarray) -> Any:
    """Nested lists of floats with NaN as None; infinity is refused (JSON has no such value)."""
    arr = np.asarray(arr, dtype=float)
    if np.isinf(arr).any():
        raise ValueError("cannot write an infinite value to JSON")
    out = arr.astype(object)
    out[np.isnan(arr)] = None
    return out.tolist()


def read_long_csv(path: Path, *, width: int, height: int) -> PoseTrack:
    """Read a long CSV: one row per (frame, landmark), ``frame,t_s,landmark,x,y,z,visibility``.

    ``landmark`` is a BlazePose name; x and y are pixels; z may be empty (NaN); an empty
    visibility means 1 when x and y are given, else 0. Rows of one frame are consecutive and
    frames increase (gaps allowed). A landmark missing from a frame is NaN with visibility 0; one
    that no frame lists is marked not ``provided``. Extra columns are ignored.

    Args:
        path: the file.
        width: frame width in pixels (the file does not record it).
        height: frame height in pixels.

    Raises:
        InputError: naming the file, the line and the problem, or an implausible track.
    """
    return check_plausible(_parse_long_csv(read_text(path), str(path), width, height), str(path))


def _parse_long_csv(text: str, label: str, width: int, height: int) -> PoseTrack:
    if width <= 0 or height <= 0:
        raise InputError(f"{label}: width and height must be positive, got {width}x{height}")
    rows = csv_rows(text, label)
    first = next(rows, None)
    if first is None:
        raise InputError(f"{label}: empty file")
    header = first[1]
    col = header_index(header, LONG_CSV_COLUMNS, label=label, expected=_LONG_EXPECTED)
    frames: list[int] = []
    times: list[float] = []
    arrays: list[np.ndarray] = []
    seen: dict[str, int] = {}  # landmark → line, in the current frame
    for line, cells in rows:
        where = f"{label} line {line}"
        if len(cells) != len(header):
            raise InputError(f"{where}: expected {len(header)} cells, got {len(cells)}")
        frame, t_s, name, values = _parse_long_row(cells, col, where)
        if not frames or frame != frames[-1]:
            if frames and frame < frames[-1]:
                raise InputError(
                    f"{where}: frame goes backwards ({frame} after {frames[-1]}; "
                    "rows of a frame must be together, frames in order)"
                )
            if times and t_s < times[-1]:
                raise InputError(f"{where}: time goes backwards (t_s {t_s:g} after {times[-1]:g})")
            frames.append(frame)
            times.append(t_s)
            arrays.append(_empty_frame())
            seen = {}
        elif t_s != times[-1]:
            raise InputError(
                f"{where}: t_s {t_s:g} differs from {times[-1]:g} given earlier for frame {frame}"
            )
        if name in seen:
            raise InputError(
                f"{where}: landmark {name!r} listed twice in frame {frame} "
                f"(first on line {seen[name]})"
            )
        seen[name] = line
        arrays[-1][INDEX[name]] = values
    if not frames:
        raise InputError(f"{label}: no frames (only a header)")
    landmarks = np.stack(arrays)
    listed = ~np.isnan(landmarks[:, :, 3]).all(axis=0)  # in at least one frame
    landmarks[:, :, 3] = np.nan_to_num(landmarks[:, :, 3], nan=0.0)
    return PoseTrack(
        t_s=np.array(times),
        landmarks=landmarks,
        image_size=(int(width), int(height)),
        provided=listed,
        source=label,
    )


def _empty_frame() -> np.ndarray:
    """``(33, 4)`` all NaN; visibility NaN marks "not listed" until the frame is complete."""
    return np.full((N_LANDMARKS, 4), np.nan)


def _parse_long_row(
    cells: list[str], col: dict[str, int], where: str
) -> tuple[int, float, str, list[float]]:
    """``(frame, t_s, landmark name, [x, y, z, visibility])`` of one long-CSV row."""
    frame_cell = cells[col["frame"]]
    frame = parse_number(frame_cell, column="frame", where=where)
    if frame is None or not frame.is_integer() or frame < 0:
        raise InputError(f"{where}: 'frame' is {show(frame_cell)}, expected a whole number >= 0")
    t_s = parse_number(cells[col["t_s"]], column="t_s", where=where)
    if t_s is None:
        raise InputError(f"{where}: 't_s' is empty, expected a time in seconds")
    name = cells[col["landmark"]]
    if name not in INDEX:
        raise InputError(f"{where}: unknown landmark name {show(name)} (expected a BlazePose name)")
    x, y, z, vis = (
        parse_number(cells[col[c]], column=c, where=where) for c in ("x", "y", "z", "visibility")
    )
    if (x is None) != (y is None):
        empty, given = ("x", "y") if x is None else ("y", "x")
        raise InputError(
            f"{where}: {empty!r} is empty but {given!r} is given (give both or neither)"
        )
    if vis is None:
        vis = 0.0 if x is None else 1.0
    elif not 0.0 <= vis <= 1.0:
        raise InputError(f"{where}: 'visibility' is {vis:g}, expected a value in [0, 1]")
    elif x is None and vis > 0:
        raise InputError(f"{where}: x and y are empty but 'visibility' is {vis:g} (expected 0)")
    nan = math.nan
    return int(frame), t_s, name, [nan if v is None else v for v in (x, y, z)] + [vis]


def write_long_csv(track: PoseTrack, path: Path) -> None:
    """Write ``track`` as a long CSV (see ``read_long_csv``).

    Only provided landmarks get rows, one per frame each, so ``provided`` survives the round
    trip; NaN becomes an empty cell. The image size, world landmarks and back contour are not
    part of the format and are not written; a NaN visibility reads back as 0 or 1.

    Raises:
        ValueError: the track holds an infinite value or provides no landmark.
    """
    slots = np.flatnonzero(track.provided)
    if slots.size == 0:
        raise ValueError("the track provides no landmark, nothing to write")
    with Path(path).open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(LONG_CSV_COLUMNS)
        for i in range(track.n_frames):
            t_cell = _csv_value(track.t_s[i])
            for j in slots:
                x, y, z, vis = (_csv_value(v) for v in track.landmarks[i, j])
                writer.writerow([i, t_cell, NAMES[j], x, y, z, vis])


def _csv_value(value: float) -> str:
    """Shortest text that reads back as the same float; NaN → empty cell."""
    value = float(value)
    if math.isnan(value):
        return ""
    if math.isinf(value):
        raise ValueError("cannot write an infinite value to CSV")
    return repr(value)
