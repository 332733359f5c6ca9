"""An MP4/MOV container's own clock, read from its boxes before any frame is decoded.

A video track's ``mdhd`` box carries its timescale (ticks per second). A timescale of 0 makes
every frame's time undefined: the decoder then sees the frames as all at one time and the set
as "only one frame" even when it holds dozens. This module reads the box tree (headers only,
bounded) and names that problem for what it is. Files that are not ISO base media (WebM, AVI)
pass untouched.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from hingecoach.errors import InputError

#: Boxes whose children are boxes, on the way to ``mdhd``, ``hdlr`` and ``stsz``.
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}
#: Top-level box types that mark an ISO base media file (MP4, MOV, M4V, 3GP).
_ISO_FIRST = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot"}
#: Most boxes read before giving up (a hostile file cannot make the walk unbounded).
_MAX_BOXES = 10_000
#: Largest leaf box read into memory, bytes (``mdhd``, ``hdlr`` and ``stsz``'s head are tiny).
_LEAF_READ_BYTES = 64


@dataclass(frozen=True)
class TrackTiming:
    """One track's clock as the container declares it.

    Attributes:
        handler: the track's kind, e.g. ``"vide"`` or ``"soun"`` (empty when not declared).
        timescale_hz: ticks per second from ``mdhd``.
        n_samples: samples (frames, for video) from ``stsz``; None when not declared.
    """

    handler: str
    timescale_hz: int
    n_samples: int | None


def read_track_timings(path: str | Path) -> list[TrackTiming]:
    """Every track's declared clock; an empty list for a file that is not ISO base media.

    Raises:
        OSError: the file cannot be read.
    """
    with open(path, "rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(0)
        head = fh.read(8)
        if len(head) < 8 or head[4:8] not in _ISO_FIRST:
            return []
        tracks: list[TrackTiming] = []
        _walk(fh, 0, size, tracks, None, [0])
        return tracks


def _walk(
    fh: BinaryIO,
    start: int,
    end: int,
    tracks: list[TrackTiming],
    track: dict[str, object] | None,
    seen: list[int],
) -> None:
    """Read the boxes in ``[start, end)``, descending into containers; collect each ``trak``."""
    pos = start
    while pos + 8 <= end and seen[0] < _MAX_BOXES:
        seen[0] += 1
        fh.seek(pos)
        header = fh.read(8)
        if len(header) < 8:
            return
        box_size, kind = struct.unpack(">I4s", header)
        body = pos + 8
        if box_size == 1:
            large = fh.read(8)
            if len(large) < 8:
                return
            box_size = struct.unpack(">Q", large)[0]
            body = pos + 16
        elif box_size == 0:
            box_size = end - pos
        box_end = pos + box_size
        if box_size < body - pos or box_end > end:
            return  # a damaged tree: keep what was read
        if kind == b"trak":
            found: dict[str, object] = {}
            _walk(fh, body, box_end, tracks, found, seen)
            if "timescale_hz" in found:
                tracks.append(
                    TrackTiming(
                        str(found.get("handler", "")),
                        int(found["timescale_hz"]),  # type: ignore[call-overload]
                        found.get("n_samples"),  # type: ignore[arg-type]
                    )
                )
        elif kind in _CONTAINERS:
            _walk(fh, body, box_end, tracks, track, seen)
        elif track is not None and kind in (b"mdhd", b"hdlr", b"stsz"):
            fh.seek(body)
            _leaf(kind, fh.read(min(_LEAF_READ_BYTES, box_end - body)), track)
        pos = box_end


def _leaf(kind: bytes, data: bytes, track: dict[str, object]) -> None:
    """Read the one number wanted from an ``mdhd``, ``hdlr`` or ``stsz`` box's body."""
    if kind == b"mdhd" and len(data) >= 4:
        offset = 4 + (16 if data[0] == 1 else 8)  # version, flags; creation/modification times
        if len(data) >= offset + 4:
            track["timescale_hz"] = struct.unpack(">I", data[offset : offset + 4])[0]
    elif kind == b"hdlr" and len(data) >= 12:
        track["handler"] = data[8:12].decode("latin-1")
    elif kind == b"stsz" and len(data) >= 12:
        track["n_samples"] = struct.unpack(">I", data[8:12])[0]


def check_container_timing(path: str | Path) -> None:
    """Refuse a video whose video track declares a timescale of 0 (no frame has a time).

    Raises:
        InputError: naming the broken timing and the frames the file does hold.
    """
    try:
        tracks = read_track_timings(path)
    except OSError:
        return  # unreadable files are named by the decoder's own checks
    for t in tracks:
        if t.handler in ("vide", "") and t.timescale_hz == 0:
            frames = f" its {t.n_samples} frames have" if t.n_samples else " its frames have"
            raise InputError(
                f"{path}: the container's timing is broken (the video track's mdhd timescale "
                f"is 0, so{frames} no times); export the video again from the camera or editor"
            )
