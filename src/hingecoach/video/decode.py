"""Decode video files into upright RGB frames with their real timestamps.

Everything that can go wrong with a user's file is turned into an :class:`InputError` with one
line that says what is wrong and what to do, because the CLI and the web app show that line and
nothing else. Problems that still leave something to analyse (a truncated file, frames with
broken timestamps) become warnings on the :class:`VideoReader` instead, so the caller can show
them next to the result.

Timestamps come from each frame's ``pts × time_base`` (relative to the stream start), never from
``index / fps``: phone footage is often variable frame rate, and tempo and pause checks need the
real clock. Rotation metadata (the display matrix that phones write for portrait video, or the
legacy ``rotate`` tag) is applied so that people are upright.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

import av
import av.error
import numpy as np

from hingecoach.errors import InputError

#: Magic bytes of still-image formats FFmpeg would happily open as a one-frame "video".
_IMAGE_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"BM",  # BMP
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
)
#: Container formats FFmpeg uses for single images.
_IMAGE_FORMATS = (
    "image2",
    "png_pipe",
    "jpeg_pipe",
    "webp_pipe",
    "bmp_pipe",
    "tiff_pipe",
    "gif",
    "jpegls_pipe",
    "heif",
)
_STILL_IMAGE_MSG = "this is a still image; hingecoach needs a video of the set"
#: A clip counts as truncated when decoding stops this long before its declared duration.
_TRUNCATION_SLACK_S = 0.25


class DecodedFrame(NamedTuple):
    """One decoded frame: index among the yielded frames, time in seconds, upright RGB."""

    frame_index: int
    t_s: float
    rgb: np.ndarray


@dataclass(frozen=True)
class VideoInfo:
    """What :func:`probe` learns about a video without decoding all of it.

    Attributes:
        width: frame width in pixels after rotation (what the person sees).
        height: frame height in pixels after rotation.
        fps: average frame rate (frames per second); timestamps are still per frame.
        n_frames_estimate: frame count from the container, or duration × fps when it has none.
        duration_s: declared duration in seconds (0.0 when the container does not say).
        codec: decoder name, e.g. ``h264`` or ``vp9``.
        rotation_deg: clockwise rotation (0, 90, 180 or 270) applied to stored frames to make
            them upright.
    """

    width: int
    height: int
    fps: float
    n_frames_estimate: int
    duration_s: float
    codec: str
    rotation_deg: int


def rotation_from_display(ccw_deg: float) -> int:
    """Clockwise display rotation from FFmpeg's display-matrix angle.

    ``av_display_rotation_get`` (PyAV's ``VideoFrame.rotation``) gives the angle by which the
    matrix rotates the frame counter-clockwise; an iPhone portrait clip reports -90, which must be
    shown rotated 90° clockwise. Angles are snapped to the nearest quarter turn.
    """
    return round(-ccw_deg / 90.0) % 4 * 90


def rotation_from_metadata(metadata: dict[str, str]) -> int | None:
    """Clockwise rotation from the legacy ``rotate`` stream tag (older FFmpeg / muxers)."""
    raw = metadata.get("rotate")
    if raw is None:
        return None
    try:
        return round(float(raw) / 90.0) % 4 * 90
    except ValueError:
        return None


def rotate_upright(rgb: np.ndarray, rotation_deg: int) -> np.ndarray:
    """Rotate an ``(H, W, 3)`` frame clockwise by ``rotation_deg`` (a multiple of 90)."""
    k = (rotation_deg // 90) % 4
    if k == 0:
        return rgb
    return np.ascontiguousarray(np.rot90(rgb, k=-k))


def _check_file(path: Path) -> None:
    """Reject files that are certainly not videos before FFmpeg sees them."""
    if not path.exists():
        raise InputError(f"{path}: file not found; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a video file; give the path of the video")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty (0 bytes); copy or export the video again")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        raise InputError(f"{path}: {_STILL_IMAGE_MSG}")
    if head.startswith(b"%PDF"):
        raise InputError(f"{path}: this is a PDF document, not a video; give a video of the set")


def _open(path: Path) -> Any:
    """Open the container, converting FFmpeg's errors into one-line InputErrors."""
    _check_file(path)
    try:
        container = av.open(str(path), mode="r")
    except av.error.InvalidDataError:
        if _looks_like_mp4(path):
            raise InputError(
                f"{path}: the file is truncated or damaged (its index is missing) and nothing "
                "could be read; copy or export the video again"
            ) from None
        raise InputError(
            f"{path}: not a video file (unrecognised format); give an mp4/mov/m4v/webm/avi video"
        ) from None
    except (av.error.FFmpegError, OSError) as exc:
        raise InputError(f"{path}: cannot open the video ({exc}); try exporting it again") from None
    fmt = container.format.name or ""
    if any(name in fmt.split(",") for name in _IMAGE_FORMATS) or fmt.endswith("_pipe"):
        container.close()
        raise InputError(f"{path}: {_STILL_IMAGE_MSG}")
    if not container.streams.video:
        has_audio = bool(container.streams.audio)
        container.close()
        if has_audio:
            raise InputError(
                f"{path}: the file has sound but no picture (audio only); give a video of the set"
            )
        raise InputError(f"{path}: the file contains no video stream; give a video of the set")
    return container


def _looks_like_mp4(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(12)
    return head[4:8] in (b"ftyp", b"mdat", b"moov", b"wide", b"free")


def _stream_rotation(stream: Any) -> int:
    """Rotation known before decoding (legacy tag); the display matrix is read per frame."""
    return rotation_from_metadata(dict(stream.metadata)) or 0


def _frame_rotation(frame: Any, fallback: int) -> int:
    ccw = getattr(frame, "rotation", 0) or 0
    return rotation_from_display(ccw) if ccw else fallback


def _declared_duration_s(container: Any, stream: Any) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / av.time_base
    return 0.0


def probe(path: str | Path) -> VideoInfo:
    """Describe a video: size after rotation, frame rate, length and codec.

    Decodes only the first frame (to read the display matrix, which FFmpeg attaches to frames).

    Raises:
        InputError: the file is missing, empty, not a video, a still image, audio only, or no
            frame can be decoded.
    """
    path = Path(path)
    container = _open(path)
    try:
        stream = container.streams.video[0]
        rotation = _stream_rotation(stream)
        first = _first_frame(container, stream, path)
        rotation = _frame_rotation(first, rotation)
        w, h = first.width, first.height
        if rotation in (90, 270):
            w, h = h, w
        rate = stream.average_rate or stream.guessed_rate or Fraction(0)
        fps = float(rate)
        duration = _declared_duration_s(container, stream)
        n_est = int(stream.frames) if stream.frames else round(duration * fps)
        return VideoInfo(
            width=int(w),
            height=int(h),
            fps=fps,
            n_frames_estimate=n_est,
            duration_s=duration,
            codec=str(stream.codec_context.name),
            rotation_deg=rotation,
        )
    finally:
        container.close()


def _first_frame(container: Any, stream: Any, path: Path) -> Any:
    try:
        for frame in container.decode(stream):
            return frame
    except av.error.FFmpegError:
        pass
    raise InputError(
        f"{path}: no frame could be decoded (the file is truncated or damaged); "
        "copy or export the video again"
    )


@dataclass
class VideoReader:
    """Streams upright frames from one video; collects warnings as it goes.

    Use :func:`open_video`. Iterating :meth:`frames` yields :class:`DecodedFrame` one at a time
    (nothing is kept), so memory does not grow with video length. After iteration,
    ``warnings`` holds caveats for the user and ``truncated_at_s`` is set when the file ended
    before its declared duration.
    """

    path: Path
    info: VideoInfo
    warnings: list[str] = field(default_factory=list)
    truncated_at_s: float | None = None
    n_decoded: int = 0

    def frames(
        self, *, start_s: float | None = None, end_s: float | None = None, threads: bool = True
    ) -> Generator[DecodedFrame, None, None]:
        """Yield frames with ``start_s <= t_s <= end_s`` (seconds from the start of the video).

        Raises:
            InputError: nothing in the range could be decoded, or the video has one frame only.
        """
        if start_s is not None and end_s is not None and end_s <= start_s:
            raise InputError(f"{self.path}: end time {end_s} s is not after start {start_s} s")
        container = _open(self.path)
        try:
            yield from self._decode(container, start_s, end_s, threads)
        finally:
            container.close()

    def _decode(
        self, container: Any, start_s: float | None, end_s: float | None, threads: bool
    ) -> Iterator[DecodedFrame]:
        stream = container.streams.video[0]
        if threads:
            stream.thread_type = "AUTO"
        tb = stream.time_base or Fraction(1, 90000)
        t0 = stream.start_time or 0
        fallback_rot = _stream_rotation(stream)
        dt = 1.0 / self.info.fps if self.info.fps > 0 else 1.0 / 30.0
        if start_s is not None and start_s > 1.0:
            container.seek(int((start_s - 1.0) / tb) + t0, stream=stream, backward=True)
        index, last_t, error = 0, -np.inf, False
        frames_iter = container.decode(stream)
        while True:
            try:
                frame = next(frames_iter)
            except StopIteration:
                break
            except av.error.FFmpegError:
                error = True
                break
            t = (
                float((frame.pts - t0) * tb)
                if frame.pts is not None
                else (last_t + dt if np.isfinite(last_t) else 0.0)
            )
            if start_s is not None and t < start_s - 1e-6:
                continue
            if end_s is not None and t > end_s + 1e-6:
                break
            if t < last_t:
                continue  # out-of-order or duplicated pts: keep time non-decreasing
            last_t = t
            rot = _frame_rotation(frame, fallback_rot)
            rgb = rotate_upright(frame.to_ndarray(format="rgb24"), rot)
            yield DecodedFrame(index, t, rgb)
            index += 1
        self.n_decoded = index
        self._finish(index, last_t, error, start_s, end_s, dt)

    def _finish(
        self,
        n: int,
        last_t: float,
        error: bool,
        start_s: float | None,
        end_s: float | None,
        dt: float,
    ) -> None:
        """Turn how decoding ended into an error (nothing read) or a truncation warning."""
        if n == 0:
            if start_s is not None and not error and start_s >= self.info.duration_s > 0:
                raise InputError(
                    f"{self.path}: start time {start_s} s is past the end of the video "
                    f"({self.info.duration_s:.1f} s)"
                )
            raise InputError(
                f"{self.path}: no frame could be decoded (the file is truncated or damaged); "
                "copy or export the video again"
            )
        if n == 1 and start_s is None and end_s is None:
            raise InputError(f"{self.path}: only one frame: record the whole set")
        wanted_end = self.info.duration_s if end_s is None else min(end_s, self.info.duration_s)
        if error or (wanted_end > 0 and last_t + dt + _TRUNCATION_SLACK_S < wanted_end):
            self.truncated_at_s = float(last_t)
            self.warnings.append(
                f"the file is truncated after {last_t:.1f} s (of {self.info.duration_s:.1f} s); "
                "analysed what was readable"
            )


def open_video(path: str | Path) -> VideoReader:
    """Validate and probe ``path``; return a reader whose :meth:`VideoReader.frames` decodes it.

    Raises:
        InputError: see :func:`probe`.
    """
    path = Path(path)
    return VideoReader(path=path, info=probe(path))
