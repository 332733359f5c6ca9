"""Read a TRC marker file (Sports2D, Pose2Sim, OpenSim, our own export) as a PoseTrack.

TRC layout: ``PathFileType`` line, a line of metadata keys and one of values (``DataRate``,
``Units``...), ``Frame#  Time  <marker>  <marker>...`` (each name over its X, Y, Z columns), the
``X1 Y1 Z1 ...`` line, then one row per frame (after an optional blank line). Marker names are
mapped to BlazePose landmarks by :mod:`hingecoach.pose.marker_names` (``RHip``, ``LBigToe``...);
other markers (``Neck``, ``RSmallToe``...) are ignored.

Coordinates come in three flavours, told apart by their content rather than the ``Units`` field
(Sports2D writes ``m`` in the header of its pixel files):

* **pixels, y down** — Sports2D's ``*_px.trc``: used as they are.
* **pixels, y up** — our ``--trc`` of a pixel track: turned back to y down.
* **metres** (a body 1-2 units tall), y up — Sports2D's ``*_m.trc``, OpenSim, our world TRC:
  drawn at :data:`PX_PER_M` pixels a metre on a frame that holds the whole set.

Which way is up is read from the body: the head is above the ankles. A marker at exactly 0, 0, 0
or with empty cells is "not seen" (Sports2D fills long gaps with zeros); depth that is all zero
is no depth. Every problem is one ``InputError`` line naming the file and the line.
"""

from __future__ import annotations

import math

import numpy as np

from hingecoach.errors import InputError
from hingecoach.landmarks import INDEX, N_LANDMARKS, idx
from hingecoach.models import PoseTrack
from hingecoach.pose._textio import show
from hingecoach.pose.marker_names import landmark_for

#: Scale of a metric TRC drawn as pixels: a 1.75 m lifter is ~875 px tall, as in a 1080p frame.
PX_PER_M = 500.0
#: Border around a metric body on its frame, pixels.
MARGIN_PX = 50.0
#: A body whose head stands less than this many units above its ankles is in metres.
MAX_METRIC_HEIGHT = 5.0
_HEAD = ("nose", "left_ear", "right_ear", "left_shoulder", "right_shoulder")
_FEET = ("left_ankle", "right_ankle")


def looks_like_trc(text: str) -> bool:
    """Whether ``text`` starts like a TRC file."""
    return text.lstrip().startswith("PathFileType")


def _cell(text: str, where: str, column: str) -> float:
    """A coordinate or time cell: a finite number, or NaN for an empty or ``NaN`` cell."""
    text = text.strip()
    if text == "" or text.lower() == "nan":
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{where}: {column} is {show(text)}, expected a number") from None
    if not math.isfinite(value):
        raise InputError(f"{where}: {column} is {show(text)}, expected a finite number")
    return value


def _header(lines: list[str], label: str) -> tuple[dict[str, str], list[str]]:
    """Metadata (key → value) and marker names, checking the header's shape."""
    if len(lines) < 5:
        raise InputError(f"{label}: a TRC file needs 5 header lines, found {len(lines)}")
    keys, values = lines[1].split("\t"), lines[2].split("\t")
    meta = {k.strip(): v.strip() for k, v in zip(keys, values, strict=False)}
    cells = lines[3].rstrip("\n").split("\t")
    if [c.strip() for c in cells[:2]] != ["Frame#", "Time"]:
        raise InputError(f"{label} line 4: expected 'Frame#' and 'Time' before the marker names")
    names = [c.strip() for c in cells[2:]]
    markers = names[::3]
    stray = [n for k, n in enumerate(names) if n and k % 3]
    if stray or not any(markers):
        raise InputError(
            f"{label} line 4: marker names must each head three columns (X, Y, Z); "
            f"found {show(names)}"
        )
    while markers and not markers[-1]:
        markers.pop()
    if "" in markers:
        raise InputError(f"{label} line 4: marker {markers.index('') + 1} has no name")
    return meta, markers


def _rows(lines: list[str], n_markers: int, label: str) -> tuple[np.ndarray, np.ndarray]:
    """Times ``(N,)`` and coordinates ``(N, M, 3)`` of the data rows (line 6 on)."""
    width = 2 + 3 * n_markers
    times, data = [], []
    for k, line in enumerate(lines[5:], start=6):
        if not line.strip():
            continue
        cells = line.rstrip("\r\n").split("\t")
        where = f"{label} line {k}"
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            raise InputError(f"{where}: {len(cells)} cells, expected {width} (Frame#, Time, XYZ)")
        cells = (cells + [""] * width)[:width]
        t = _cell(cells[1], where, "Time")
        if math.isnan(t):
            raise InputError(f"{where}: Time is empty, expected seconds")
        times.append(t)
        data.append([_cell(c, where, f"column {j + 3}") for j, c in enumerate(cells[2:])])
    if not times:
        raise InputError(f"{label}: no frames (only the header)")
    t_s = np.asarray(times)
    if (np.diff(t_s) < 0).any():
        i = int(np.argmax(np.diff(t_s) < 0)) + 1
        raise InputError(f"{label}: time goes backwards at frame {i + 1} ({t_s[i]:g} s)")
    return t_s, np.asarray(data).reshape(len(times), n_markers, 3)


def parse_trc(
    text: str, label: str, *, width: int | None = None, height: int | None = None
) -> PoseTrack:
    """PoseTrack from a TRC file's text (see the module docstring for the conversions).

    Args:
        text: the file's contents.
        label: the file's name, for messages.
        width: frame width in pixels, for a pixel file (else taken from the markers' extent).
        height: frame height in pixels, as ``width``.

    Raises:
        InputError: a malformed file, or one with no marker this tool knows.
    """
    lines = text.splitlines()
    meta, markers = _header(lines, label)
    t_s, xyz = _rows(lines, len(markers), label)
    unit = meta.get("Units", "").lower()
    if unit == "mm":
        xyz = xyz / 1000.0
    lm = np.full((len(t_s), N_LANDMARKS, 4), np.nan)
    provided = np.zeros(N_LANDMARKS, dtype=bool)
    for j, marker in enumerate(markers):
        name = landmark_for(marker)
        if name is None or provided[INDEX[name]]:
            continue
        provided[INDEX[name]] = True
        lm[:, INDEX[name], :3] = xyz[:, j]
    if not provided.any():
        raise InputError(
            f"{label}: none of its markers is a body point this tool knows "
            f"(expected names like RHip, LKnee, RAnkle; found {show(markers[:6])})"
        )
    zero = (lm[..., :3] == 0).all(axis=2)
    lm[zero, :3] = np.nan
    if not np.nan_to_num(lm[..., 2]).any():
        lm[..., 2] = np.nan  # Sports2D writes z = 0: no depth
    seen = np.isfinite(lm[..., :2]).all(axis=2)
    lm[~seen, :3] = np.nan
    lm[..., 3] = seen.astype(float)
    size = _to_image(lm, label, width, height)
    return PoseTrack(t_s=t_s, landmarks=lm, image_size=size, provided=provided, source=label)


def _to_image(lm: np.ndarray, label: str, width: int | None, height: int | None) -> tuple[int, int]:
    """Turn the markers into image pixels (y down) in place; returns ``(width, height)``."""
    head = np.nanmean(lm[:, [idx(n) for n in _HEAD], 1], axis=1)
    feet = np.nanmean(lm[:, [idx(n) for n in _FEET], 1], axis=1)
    rise = head - feet
    rise = rise[np.isfinite(rise)]
    if not len(rise):
        raise InputError(f"{label}: the head and the ankles are never both seen; cannot tell up")
    y_up = float(np.median(rise)) > 0
    metric = float(np.median(np.abs(rise))) < MAX_METRIC_HEIGHT
    if metric:
        lm[..., :3] *= PX_PER_M
    if y_up:
        lm[..., 1] *= -1.0
        lm[..., 2] *= -1.0  # a half turn about x, not a mirror
    if metric or (y_up and height is None):
        lm[..., 0] += MARGIN_PX - np.nanmin(lm[..., 0])
        lm[..., 1] += MARGIN_PX - np.nanmin(lm[..., 1])
    elif y_up:
        assert height is not None
        lm[..., 1] += height  # our pixel TRC: y measured up from the image's bottom edge
    if width is not None and height is not None and not metric:
        return int(width), int(height)
    w = math.ceil(float(np.nanmax(lm[..., 0])) + (MARGIN_PX if metric else 1.0))
    h = math.ceil(float(np.nanmax(lm[..., 1])) + (MARGIN_PX if metric else 1.0))
    return max(w, 1), max(h, 1)
