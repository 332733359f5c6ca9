"""What a video will cost, read from its container before any frame is decoded, and the limits.

A server must not let one short upload hold a worker for minutes or gigabytes: a 334 kB 8K clip
costs 1.8 GiB once decoded, a 485 kB clip of a still scene can declare an hour. The pose pass
costs per frame and per pixel, so :func:`check_video_limits` refuses a clip whose declared
duration, frame count or frame size is over the limits, with a message that says which and by
how much, before the pose model is even loaded. Declared values can lie; the web worker also
stops a job whose decoded frames pass the frame limit, and any job that passes its time limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av

from hingecoach.errors import InputError


@dataclass(frozen=True)
class VideoLimits:
    """Largest video accepted for analysis.

    Attributes:
        max_duration_s: longest declared duration, seconds.
        max_frames: most frames (declared, or duration × frame rate when the count is missing).
        max_pixels: most pixels per frame (width × height).
    """

    max_duration_s: float = 600.0
    max_frames: int = 36_000
    max_pixels: int = 3840 * 2160


@dataclass(frozen=True)
class VideoCost:
    """A video's size as its container declares it (nothing decoded).

    Attributes:
        duration_s: declared duration, seconds (0.0 when the container does not say).
        frames: declared frame count, or duration × average frame rate.
        width_px: coded frame width, pixels.
        height_px: coded frame height, pixels.
    """

    duration_s: float
    frames: int
    width_px: int
    height_px: int


def probe_cost(path: Path) -> VideoCost:
    """Read duration, frame count and frame size from the container's headers.

    Raises:
        InputError: not a file PyAV can open, or no video stream in it.
    """
    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not a video file this server can read ({e})") from None
    try:
        if not container.streams.video:
            raise InputError(f"{path}: no video stream in the file")
        stream = container.streams.video[0]
        duration_s = 0.0
        if stream.duration is not None and stream.time_base is not None:
            duration_s = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration_s = float(container.duration) / av.time_base
        rate = float(stream.average_rate or stream.guessed_rate or 0)
        frames = int(stream.frames) if stream.frames else round(max(duration_s, 0.0) * rate)
        ctx = stream.codec_context
        return VideoCost(max(duration_s, 0.0), frames, int(ctx.width or 0), int(ctx.height or 0))
    finally:
        container.close()


def check_video_limits(path: Path, limits: VideoLimits, *, name: str | None = None) -> VideoCost:
    """Refuse a video over any limit, naming the limit; returns its cost when it fits.

    Args:
        path: the video.
        limits: the limits to hold it to.
        name: how to call the file in messages (default: its path).

    Raises:
        InputError: over a limit, or not a readable video.
    """
    cost = probe_cost(path)
    shown = name or str(path)
    pixels = cost.width_px * cost.height_px
    if cost.duration_s > limits.max_duration_s:
        over = f"{cost.duration_s:.1f} s long; the limit is {limits.max_duration_s:g} s"
    elif cost.frames > limits.max_frames:
        over = f"{cost.frames} frames; the limit is {limits.max_frames}"
    elif pixels > limits.max_pixels:
        over = (
            f"{cost.width_px}×{cost.height_px} pixels per frame; "
            f"the limit is {limits.max_pixels:,} pixels"
        )
    else:
        return cost
    raise InputError(f"{shown}: the video is {over}: trim it or film at a lower resolution")
