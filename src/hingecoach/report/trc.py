"""The pose track as an OpenSim ``.trc`` marker file, for inverse kinematics in OpenSim.

TRC is OpenSim's tab-separated marker format: two header lines of metadata, a line of marker
names (each spanning its X, Y and Z columns), a line of ``X1 Y1 Z1 ...`` sub-headers, then one row
per frame ``Frame# Time x y z ...``. A missing marker is an empty cell, which OpenSim reads as
"not seen" — never a zero.

Markers carry the names OpenSim, Pose2Sim and Sports2D users know (``RHip``, ``LKnee``,
``RBigToe``, ``Nose``: :mod:`hingecoach.pose.marker_names`), plus the ``Hip`` and ``Neck``
midpoints their HALPE_26 marker sets use. :func:`hingecoach.pose.trc_file.read_trc_track` reads
the file back (and Sports2D's own TRC files).

Coordinates:
    * With ``track.world`` (MediaPipe's metric landmarks: metres, hip-centred, x right, y down,
      z away from the camera) markers are written in metres in OpenSim's Y-up frame: y → −y and,
      so that the body is not mirrored, z → −z (a 180° turn about X; flipping y alone would turn
      a right-handed frame into a left-handed one and swap the lifter's left and right).
    * Without world landmarks (keypoint files, COCO-17) the pixel landmarks are used: ``units="px"``
      writes pixels with y measured up from the bottom of the image; ``units="m"`` additionally
      scales them by :data:`ASSUMED_BODY_LENGTH_M` over the track's median body length in pixels
      (shank + thigh + torso, ankle → knee → hip → shoulder, as in the checks), so an average
      adult comes out at roughly real size. Pixel z (depth) is only relative, so it is written
      as given when present and left empty otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np

from hingecoach.landmarks import NAMES, idx
from hingecoach.models import PoseTrack
from hingecoach.pose.marker_names import MARKER_NAMES, MIDPOINT_MARKERS

Units = Literal["m", "px"]

#: Body length (ankle → knee → hip → shoulder) assumed when scaling pixels to metres:
#: 0.78 × a 1.75 m standing height (see README, "What is measured").
ASSUMED_BODY_LENGTH_M = 0.78 * 1.75
#: Decimals written per coordinate: 0.1 mm in metres, 0.01 px in pixels.
DECIMALS = {"m": 4, "px": 2}


def _segment_px(xy: np.ndarray, a: str, b: str) -> np.ndarray:
    """``(N,)`` length of segment a→b in pixels, mean of the two sides (NaN-aware)."""
    lengths = [
        np.linalg.norm(xy[:, idx(f"{side}_{a}")] - xy[:, idx(f"{side}_{b}")], axis=1)
        for side in ("left", "right")
    ]
    stacked = np.stack(lengths)
    count = np.isfinite(stacked).sum(axis=0)
    total = np.nansum(stacked, axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def body_length_px(track: PoseTrack) -> float:
    """Median over frames of shank + thigh + torso length in pixels (NaN when never seen)."""
    xy = track.xy
    bl = sum(
        _segment_px(xy, a, b) for a, b in (("ankle", "knee"), ("knee", "hip"), ("hip", "shoulder"))
    )
    bl = np.asarray(bl)
    finite = bl[np.isfinite(bl)]
    return float(np.median(finite)) if len(finite) else float("nan")


def marker_names(track: PoseTrack) -> list[str]:
    """The markers written for ``track``, in order: its provided landmarks, then midpoints."""
    names = [MARKER_NAMES[NAMES[i]] for i in np.flatnonzero(track.provided)]
    return names + [m for m, pair in MIDPOINT_MARKERS.items() if _provides(track, pair)]


def _provides(track: PoseTrack, pair: tuple[str, str]) -> bool:
    return all(bool(track.provided[idx(n)]) for n in pair)


def _with_midpoints(track: PoseTrack, xyz_all: np.ndarray) -> np.ndarray:
    """``(N, M, 3)``: the provided landmarks of ``xyz_all`` (N, 33, 3), then the midpoints."""
    cols = [xyz_all[:, np.flatnonzero(track.provided)]]
    for pair in MIDPOINT_MARKERS.values():
        if _provides(track, pair):
            a, b = (xyz_all[:, idx(n)] for n in pair)
            cols.append(((a + b) / 2)[:, None])
    return np.concatenate(cols, axis=1)


def marker_xyz(track: PoseTrack, units: Units = "m") -> tuple[np.ndarray, str]:
    """``(N, M, 3)`` marker coordinates in OpenSim's Y-up frame and the units written.

    Only landmarks the source provides are markers (COCO-17 has no heels or toes), then the
    midpoints of :data:`MIDPOINT_MARKERS` whose two landmarks are provided (NaN in a frame
    where either is missing); see the module docstring for the conversions.

    Raises:
        ValueError: ``units`` is not m or px, or metres were asked of a pixel track whose body
            was never seen (no scale).
    """
    if units not in ("m", "px"):
        raise ValueError(f"units must be 'm' or 'px', got {units!r}")
    if units == "m" and track.world is not None:
        return _with_midpoints(track, track.world * np.array([1.0, -1.0, -1.0])), "m"
    lm = _with_midpoints(track, track.landmarks[..., :3].copy())
    lm[..., 1] = track.image_size[1] - lm[..., 1]
    if units == "px":
        return lm, "px"
    bl = body_length_px(track)
    if not np.isfinite(bl) or bl <= 0:
        raise ValueError(
            "cannot scale pixels to metres: the legs and torso were never seen; "
            "write units='px' instead"
        )
    return lm * (ASSUMED_BODY_LENGTH_M / bl), "m"


def _rate_hz(t_s: np.ndarray) -> float:
    dt = np.diff(t_s)
    dt = dt[dt > 0]
    return float(1.0 / np.median(dt)) if len(dt) else 30.0


def _cell(v: float, decimals: int) -> str:
    return f"{v:.{decimals}f}" if np.isfinite(v) else ""


def trc_lines(track: PoseTrack, filename: str, *, units: Units = "m") -> list[str]:
    """The TRC file's lines (without newlines)."""
    xyz, unit = marker_xyz(track, units)
    names = marker_names(track)
    n, m = track.n_frames, len(names)
    rate = f"{_rate_hz(track.t_s):.2f}"
    dec = DECIMALS[unit]
    lines = [
        f"PathFileType\t4\t(X/Y/Z)\t{filename}",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame"
        "\tOrigNumFrames",
        f"{rate}\t{rate}\t{n}\t{m}\t{unit}\t{rate}\t1\t{n}",
        "\t".join(["Frame#", "Time", *(f"{name}\t\t" for name in names)]),
        "\t".join(["", "", *(f"{a}{k}" for k in range(1, m + 1) for a in "XYZ")]),
        "",
    ]
    for i in range(n):
        cells = [_cell(v, dec) for v in xyz[i].reshape(-1)]
        lines.append("\t".join([str(i + 1), f"{track.t_s[i]:.4f}", *cells]))
    return lines


def write_trc(track: PoseTrack, path: str | Path, *, units: Units = "m") -> Path:
    """Write the track as an OpenSim ``.trc`` file (see the module docstring for frames/units).

    Times are the track's own (the video's clock, so markers line up with the video and the
    result's rep times); frames are numbered from 1.
    """
    out = Path(path)
    out.write_text("\n".join(trc_lines(track, out.name, units=units)) + "\n", encoding="utf-8")
    return out
