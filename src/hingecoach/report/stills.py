"""A still of each rep's bottom position, with the skeleton and dowel line drawn, for the report.

The bottom is where most faults show (knee bend, shin angle, a rounded back, a cranked neck), so
one picture per rep lets a lifter see what the numbers say. Frames are decoded around each
bottom only (the decoder seeks), so a long video costs a few short decodes, not a full pass.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from hingecoach.errors import InputError
from hingecoach.landmarks import idx
from hingecoach.models import PoseTrack, SetResult
from hingecoach.video.decode import VideoReader, open_video
from hingecoach.video.overlay import default_dowel_line, draw_overlay

#: JPEG quality of the stills: small enough to inline a dozen in one HTML file.
JPEG_QUALITY = 82
#: Margin around the body in a still, as a fraction of the body's extent on each side.
CROP_PAD = 0.2
#: Smallest still crop side, pixels of the source frame.
MIN_CROP_PX = 160
#: Largest enlargement of a small crop (beyond this the picture is only blur).
MAX_UPSCALE = 3.0
#: A still may come from this close to the bottom frame, seconds: the position is the same,
#: and a neighbouring frame where the joints were seen clearly draws a whole skeleton (the
#: overlay hides joints seen with visibility under 0.5).
NEAR_BOTTOM_S = 0.1
#: Joints whose visibility picks the clearest frame near the bottom.
CORE_JOINTS = [
    idx(f"{side}_{j}") for side in ("left", "right") for j in ("shoulder", "hip", "knee", "ankle")
]


def still_frame(track: PoseTrack, bottom: int, *, near_s: float = NEAR_BOTTOM_S) -> int:
    """The frame within ``near_s`` of ``bottom`` where the core joints were seen best.

    Ties go to the frame closest to the bottom, so a clean track always gives ``bottom`` itself.
    """
    t = track.t_s
    near = np.flatnonzero(np.abs(t - t[bottom]) <= near_s + 1e-9)
    vis = np.nan_to_num(track.visibility[near][:, CORE_JOINTS], nan=0.0).mean(axis=1)
    order = np.lexsort((np.abs(near - bottom), -np.round(vis, 2)))
    return int(near[order[0]])


def crop_box(
    lm: np.ndarray, contour: np.ndarray | None, size: tuple[int, int], *, pad: float = CROP_PAD
) -> tuple[int, int, int, int]:
    """``(x0, y0, x1, y1)`` around the seen landmarks and back outline, padded, inside the frame.

    The whole frame when nothing was seen. The box is at least :data:`MIN_CROP_PX` on each side
    so a tiny or half-seen body does not turn into a blurry enlargement.
    """
    w, h = size
    pts = lm[:, :2][np.isfinite(lm[:, :2]).all(axis=1) & (lm[:, 3] > 0)]
    if contour is not None and len(contour):
        pts = np.vstack([pts, np.asarray(contour, dtype=float).reshape(-1, 2)])
    pts = pts[np.isfinite(pts).all(axis=1)]
    if not len(pts):
        return 0, 0, w, h
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    centre = (lo + hi) / 2
    half = np.maximum((hi - lo) * (0.5 + pad), MIN_CROP_PX / 2)
    x0, y0 = np.floor(np.maximum(centre - half, 0)).astype(int)
    x1, y1 = np.ceil(np.minimum(centre + half, [w, h])).astype(int)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return 0, 0, w, h
    return int(x0), int(y0), int(x1), int(y1)


def _annotate(rgb: np.ndarray, track: PoseTrack, frame: int, max_width: int) -> np.ndarray:
    """Crop the lifter from the frame, size it to ``max_width`` px and draw the pose on it.

    Skeleton, back outline and dowel line are drawn; the angles go in the report's caption,
    where they stay legible at phone size. ``rgb`` is one ``(H, W, 3)`` uint8 frame.

    Cropping keeps the body large in a phone-sized still even when the lifter fills a small part
    of a landscape frame; resizing *before* drawing keeps lines and text crisp and the same size
    in every still.
    """
    lm = track.landmarks[frame].copy()
    contour = None if track.back_contour is None else track.back_contour[frame]
    x0, y0, x1, y1 = crop_box(lm, contour, (rgb.shape[1], rgb.shape[0]))
    k = min(max_width / (x1 - x0), MAX_UPSCALE)
    size = (max(1, round((x1 - x0) * k)), max(1, round((y1 - y0) * k)))
    interp = cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR
    img = cv2.resize(rgb[y0:y1, x0:x1], size, interpolation=interp)
    lm[:, :2] = (lm[:, :2] - np.array([x0, y0])) * k
    if contour is not None:
        contour = (np.asarray(contour, dtype=float) - np.array([x0, y0])) * k
    try:
        dowel = default_dowel_line(lm, contour)
    except ValueError:  # no head or hip seen: draw the rest without a dowel
        dowel = None
    return draw_overlay(img, lm, contour=contour, dowel_line=dowel)


def encode_jpeg(rgb: np.ndarray, *, quality: int = JPEG_QUALITY) -> bytes:
    """JPEG bytes of an ``(H, W, 3)`` uint8 RGB image (OpenCV wants BGR)."""
    ok, buf = cv2.imencode(
        ".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality]
    )
    if not ok:
        raise ValueError(f"JPEG encoding failed for an image of shape {rgb.shape}")
    return bytes(buf.tobytes())


def _frame_period_s(track: PoseTrack, fps: float) -> float:
    if fps > 0:
        return 1.0 / fps
    dt = np.diff(track.t_s)
    return float(np.median(dt)) if len(dt) else 1.0 / 30.0


def bottom_stills(
    video_path: str | Path,
    track: PoseTrack,
    result: SetResult,
    *,
    max_width: int = 480,
) -> dict[int, bytes]:
    """JPEG of each rep's bottom position with the coaching overlay, keyed by rep index.

    The frame is the rep's bottom frame, or the clearest-seen one within
    :data:`NEAR_BOTTOM_S` of it (see :func:`still_frame`).

    Args:
        video_path: the video the track was made from (same clock: the track's ``t_s`` are the
            video's frame times, as :func:`hingecoach.video.track.track_video` records them).
        track: its pose track; ``result``'s frame indices point into it.
        result: the analysed set.
        max_width: width of each still in pixels (aspect kept; a small crop is enlarged at
            most :data:`MAX_UPSCALE` times, so it may come out narrower).

    Returns:
        rep index → JPEG bytes. A rep whose bottom frame cannot be found in the video within
        half a frame period (a trimmed or damaged file) is left out rather than shown wrong.

    Raises:
        InputError: the video cannot be opened (see :mod:`hingecoach.video.decode`).
    """
    reader = open_video(video_path)
    half = _frame_period_s(track, reader.info.fps) / 2
    stills: dict[int, bytes] = {}
    for rep in result.reps:
        if not 0 <= rep.bottom_frame < track.n_frames:
            continue
        frame = still_frame(track, rep.bottom_frame)
        rgb = _frame_near(reader, float(track.t_s[frame]), half)
        if rgb is not None:
            stills[rep.index] = encode_jpeg(_annotate(rgb, track, frame, max_width))
    return stills


def _frame_near(reader: VideoReader, target_s: float, half_s: float) -> np.ndarray | None:
    """The decoded frame closest to ``target_s`` within ``half_s``, or None."""
    best: tuple[float, np.ndarray] | None = None
    try:
        for f in reader.frames(
            start_s=max(0.0, target_s - half_s), end_s=target_s + half_s, threads=False
        ):
            gap = abs(f.t_s - target_s)
            if gap <= half_s + 1e-6 and (best is None or gap < best[0]):
                best = (gap, f.rgb)
    except InputError:  # nothing decodable in that window (truncated file): no still
        return None
    return None if best is None else best[1]
