"""Import COCO-17 keypoints (YOLO, RTMPose, OpenPose exports) as a PoseTrack.

The wide CSV has one row per frame: ``frame_id,nose_x,nose_y,left_eye_x,...,right_ankle_y`` in
pixels, an empty cell meaning "not detected". COCO-17 has no heels, toes, hands, mouth or inner
and outer eyes, so those BlazePose slots stay NaN and ``provided`` says the source lacks them;
checks that need them report that they cannot judge instead of guessing.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from hingecoach.errors import InputError
from hingecoach.landmarks import COCO17_NAMES, INDEX, N_LANDMARKS
from hingecoach.models import PoseTrack
from hingecoach.pose._textio import csv_rows, header_index, parse_number, parse_whole, read_text

#: Frame size assumed for COCO files without one, when every coordinate fits in it.
DEFAULT_SIZE = (1280, 720)

COORD_COLUMNS: tuple[str, ...] = tuple(f"{n}_{a}" for n in COCO17_NAMES for a in "xy")
COLUMNS: tuple[str, ...] = ("frame_id", *COORD_COLUMNS)
_EXPECTED = "frame_id,nose_x,nose_y,left_eye_x,...,right_ankle_y"
#: BlazePose slot of each COCO keypoint, in COCO order.
_SLOTS = np.array([INDEX[n] for n in COCO17_NAMES])


def looks_like_coco17(header: list[str]) -> bool:
    """True when a CSV header is meant to be the COCO-17 wide format."""
    names = {h.lower() for h in header}
    return "frame_id" in names or bool(names & set(COORD_COLUMNS))


def read_coco17_csv(
    path: Path, *, width: int | None = None, height: int | None = None, fps: float = 30.0
) -> PoseTrack:
    """Read a COCO-17 wide CSV (see the module docstring) into a PoseTrack.

    The file has no timestamps, so ``t_s = frame_id / fps``; ``frame_id`` must increase but may
    skip values (dropped frames keep their true time). Detected keypoints get visibility 1,
    empty cells are NaN with visibility 0, and z is NaN (2-D source).

    The file does not record the frame size either. ``width``/``height`` are used when given
    (both or neither). Otherwise the size is 1280x720 (the usual phone export) if every
    coordinate fits in it, else the smallest size holding every point:
    ``(ceil(max x), ceil(max y))``.

    Raises:
        InputError: naming the file, the line and the problem for any malformed content.
    """
    return parse_coco17_csv(read_text(path), str(path), width=width, height=height, fps=fps)


def parse_coco17_csv(
    text: str, label: str, *, width: int | None, height: int | None, fps: float
) -> PoseTrack:
    """``read_coco17_csv`` on text already read; ``label`` names the file in messages."""
    if not (isinstance(fps, int | float) and math.isfinite(fps) and fps > 0):
        raise InputError(f"{label}: fps must be a positive number, got {fps!r}")
    if (width is None) != (height is None):
        raise InputError(f"{label}: give both width and height, or neither")
    rows = csv_rows(text, label)
    first = next(rows, None)
    if first is None:
        raise InputError(f"{label}: empty file")
    header = first[1]
    col = header_index(header, COLUMNS, label=label, expected=_EXPECTED)
    unknown = [h for h in header if h.lower() not in COLUMNS]
    if unknown:
        raise InputError(f"{label}: unknown columns: {', '.join(unknown)} (expected {_EXPECTED})")
    frame_ids: list[int] = []
    coords: list[list[float]] = []
    for line, cells in rows:
        where = f"{label} line {line}"
        if len(cells) != len(header):
            raise InputError(f"{where}: expected {len(header)} cells, got {len(cells)}")
        frame_id = parse_whole(cells[col["frame_id"]], column="frame_id", where=where)
        if frame_ids and frame_id <= frame_ids[-1]:
            raise InputError(
                f"{where}: frame_id does not increase ({frame_id} after {frame_ids[-1]})"
            )
        frame_ids.append(frame_id)
        coords.append(_parse_points(cells, col, where))
    if not frame_ids:
        raise InputError(f"{label}: no frames (only a header)")
    xy = np.array(coords).reshape(len(frame_ids), len(COCO17_NAMES), 2)
    return _to_track(np.array(frame_ids) / fps, xy, label, width, height)


def _parse_points(cells: list[str], col: dict[str, int], where: str) -> list[float]:
    """The 17 (x, y) pairs of one row, flattened; NaN for a keypoint that was not detected."""
    out: list[float] = []
    for name in COCO17_NAMES:
        x = parse_number(cells[col[f"{name}_x"]], column=f"{name}_x", where=where)
        y = parse_number(cells[col[f"{name}_y"]], column=f"{name}_y", where=where)
        if (x is None) != (y is None):
            given, empty = (f"{name}_x", f"{name}_y") if y is None else (f"{name}_y", f"{name}_x")
            raise InputError(
                f"{where}: {empty!r} is empty but {given!r} is given (give both or neither)"
            )
        out += [math.nan, math.nan] if x is None or y is None else [x, y]
    return out


def _to_track(
    t_s: np.ndarray, xy: np.ndarray, label: str, width: int | None, height: int | None
) -> PoseTrack:
    """PoseTrack from ``(N,)`` times and ``(N, 17, 2)`` COCO pixel coordinates."""
    landmarks = np.full((len(t_s), N_LANDMARKS, 4), np.nan)
    landmarks[:, :, 3] = 0.0
    landmarks[:, _SLOTS, :2] = xy
    landmarks[:, _SLOTS, 3] = np.isfinite(xy[..., 0]).astype(float)
    provided = np.zeros(N_LANDMARKS, dtype=bool)
    provided[_SLOTS] = True
    if width is not None and height is not None:
        if width <= 0 or height <= 0:
            raise InputError(f"{label}: width and height must be positive, got {width}x{height}")
        size = (int(width), int(height))
    else:
        size = infer_size(xy)
    return PoseTrack(t_s=t_s, landmarks=landmarks, image_size=size, provided=provided, source=label)


def infer_size(xy: np.ndarray) -> tuple[int, int]:
    """Frame size for pixel points ``(..., 2)`` when the file does not say.

    1280x720 if every point fits in it (or nothing was detected), else
    ``(ceil(max x), ceil(max y))`` — the smallest frame holding every point.
    """
    if not np.isfinite(xy).any():
        return DEFAULT_SIZE
    max_x = float(np.nanmax(xy[..., 0]))
    max_y = float(np.nanmax(xy[..., 1]))
    if max_x <= DEFAULT_SIZE[0] and max_y <= DEFAULT_SIZE[1]:
        return DEFAULT_SIZE
    return max(1, math.ceil(max_x)), max(1, math.ceil(max_y))
