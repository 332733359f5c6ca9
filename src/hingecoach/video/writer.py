"""Write the annotated video: the source re-decoded (same rotation), overlay drawn, H.264 out.

Frames stream through one at a time (decode → draw → encode), so memory does not grow with the
video. Output timestamps are the source's own, so a variable-frame-rate phone clip plays back at
its real speed and the overlay stays in step with the lifter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import av.error
import numpy as np

from hingecoach.errors import InputError
from hingecoach.models import PoseTrack
from hingecoach.video.decode import open_video
from hingecoach.video.overlay import (
    FrameAnnotation,
    default_dowel_line,
    draw_bar_path,
    draw_overlay,
)

#: Preferred encoders, best first; the first one PyAV's FFmpeg has is used.
ENCODERS = ("libx264", "mpeg4")
#: Output clock: the 90 kHz MPEG clock, exact for 24/25/30/60 fps and fine for any VFR clip.
_TIME_BASE = Fraction(1, 90000)
#: The fault banner flashes at this rate (on/off cycles per second).
FLASH_HZ = 2.0

Annotations = Callable[[int], FrameAnnotation | None] | Sequence[FrameAnnotation | None]


def available_encoder() -> str:
    """The first of :data:`ENCODERS` this PyAV build can encode with."""
    for name in ENCODERS:
        try:
            av.codec.Codec(name, "w")
        except (av.error.FFmpegError, ValueError):
            continue
        return name
    raise RuntimeError(f"none of the video encoders {ENCODERS} is available in PyAV's FFmpeg")


def _annotation(source: Annotations, i: int) -> FrameAnnotation | None:
    if callable(source):
        return source(i)
    return source[i] if i < len(source) else None


def _open_output(out_path: Path, width: int, height: int, fps: float) -> tuple[Any, Any]:
    codec = available_encoder()
    try:
        container = av.open(str(out_path), mode="w")
    except (av.error.FFmpegError, OSError) as exc:
        raise InputError(f"{out_path}: cannot write the annotated video ({exc})") from None
    rate = Fraction(fps).limit_denominator(1001) if fps > 0 else Fraction(30)
    stream: Any = container.add_stream(codec, rate=rate)
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    stream.time_base = _TIME_BASE
    stream.codec_context.time_base = _TIME_BASE
    if codec == "libx264":
        stream.options = {"crf": "23", "preset": "veryfast"}
    else:
        stream.bit_rate = 4_000_000
    return container, stream


def write_annotated_video(
    src_path: str | Path,
    track: PoseTrack,
    out_path: str | Path,
    *,
    per_frame_annotations: Annotations | None = None,
) -> Path:
    """Re-decode ``src_path`` over the track's time span and write it with the overlay.

    Args:
        src_path: the video the track was made from.
        track: its pose track; frames are matched to track entries by timestamp.
        out_path: the .mp4 to write (overwritten).
        per_frame_annotations: ``f(track_index) -> FrameAnnotation`` or a list indexed by track
            frame; None draws skeleton, contour and dowel only.

    Returns:
        ``out_path`` as a Path.

    Raises:
        InputError: the source cannot be decoded or the output cannot be written.
    """
    out_path = Path(out_path)
    reader = open_video(src_path)
    if track.n_frames == 0:
        raise InputError(f"{src_path}: the track is empty; nothing to annotate")
    # x264 with 4:2:0 chroma needs even dimensions; drop the odd last row/column.
    w, h = reader.info.width // 2 * 2, reader.info.height // 2 * 2
    dt = 1.0 / reader.info.fps if reader.info.fps > 0 else 1.0 / 30.0
    container, stream = _open_output(out_path, w, h, reader.info.fps)
    last_pts = -1
    try:
        frames = reader.frames(
            start_s=float(track.t_s[0]) - dt / 2, end_s=float(track.t_s[-1]) + dt / 2
        )
        for frame in frames:
            i = int(np.clip(np.searchsorted(track.t_s, frame.t_s), 0, track.n_frames - 1))
            if i > 0 and abs(track.t_s[i - 1] - frame.t_s) < abs(track.t_s[i] - frame.t_s):
                i -= 1
            matched = abs(track.t_s[i] - frame.t_s) <= dt / 2
            img = _draw(frame.rgb, track, i, matched, per_frame_annotations, frame.t_s)
            vf = av.VideoFrame.from_ndarray(np.ascontiguousarray(img[:h, :w]), format="rgb24")
            pts = max(last_pts + 1, round(frame.t_s / _TIME_BASE))
            vf.pts, vf.time_base, last_pts = pts, _TIME_BASE, pts
            for packet in stream.encode(vf):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    except (av.error.FFmpegError, OSError) as exc:
        raise InputError(f"{out_path}: cannot write the annotated video ({exc})") from None
    finally:
        _close_quietly(container)
    return out_path


def _close_quietly(container: Any) -> None:
    """Close the output; an error here only repeats the one already being reported."""
    try:
        container.close()
    except (av.error.FFmpegError, OSError):
        pass


def _draw(
    rgb: np.ndarray,
    track: PoseTrack,
    i: int,
    matched: bool,
    annotations: Annotations | None,
    t_s: float,
) -> np.ndarray:
    """Overlay for track frame ``i`` (only the frame itself when no track entry matches)."""
    if not matched:
        return rgb
    lm = track.landmarks[i]
    contour = None if track.back_contour is None else track.back_contour[i]
    ann = _annotation(annotations, i) if annotations is not None else None
    ann = ann or FrameAnnotation()
    dowel = ann.dowel_line if ann.dowel else None
    if dowel is None and ann.dowel and contour is not None:
        try:
            dowel = default_dowel_line(lm, contour)
        except ValueError:
            dowel = None
    img = draw_overlay(
        rgb,
        lm,
        contour=contour,
        angles=ann.angles,
        rep_count=ann.rep_count,
        fault_text=ann.fault_text,
        dowel_line=dowel,
        banner_on=int(t_s * FLASH_HZ * 2) % 2 == 0,
    )
    return draw_bar_path(img, ann.bar_trail, ann.midfoot_line)
