"""Render a synthetic set to an H.264 video, with its truth file next to it.

The truth file is the synth's keypoint JSON (``synth.io`` format, so ``analyze --keypoints``
reads it) holding the *noise-free* landmarks projected at the video's resolution, and the
synth's ground truth (angles, reps, faults) under ``ground_truth``; a ``render`` block says how
the video was made.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import av.error
import numpy as np

from hingecoach.errors import InputError
from hingecoach.landmarks import N_LANDMARKS
from hingecoach.models import PoseTrack
from hingecoach.synth.body import Body, back_contour_world
from hingecoach.synth.camera import Camera
from hingecoach.synth.generate import SyntheticSet
from hingecoach.synth.io import synth_json_dict
from hingecoach.synth.render.look import Look
from hingecoach.synth.render.raster import background, draw_parts, light_direction
from hingecoach.synth.render.scene import PLATE_R_M, frame_parts
from hingecoach.video.writer import available_encoder

#: Output clock (90 kHz, exact for common frame rates).
_TIME_BASE = Fraction(1, 90000)


def render_size(camera: Camera, width_px: int | None) -> tuple[int, int]:
    """(width, height) of the render: the camera's image scaled to ``width_px``, both even."""
    w, h = camera.image_size
    if width_px is None:
        return w, h
    if width_px < 64:
        raise ValueError(f"render width must be at least 64 px, got {width_px}")
    scale = width_px / w
    return max(2, round(w * scale / 2) * 2), max(2, round(h * scale / 2) * 2)


def _scene(sset: SyntheticSet) -> tuple[Body, Camera, np.ndarray, np.ndarray]:
    if sset.body_landmarks_m is None or sset.spine_m is None:
        raise ValueError("this synthetic set carries no noise-free body to render")
    body = Body.from_height(sset.spec.height_m, sset.spec.sex)
    camera = Camera.from_spec(sset.spec.camera, body)
    return body, camera, sset.body_landmarks_m, sset.spine_m


def project_truth_px(sset: SyntheticSet, size: tuple[int, int]) -> np.ndarray:
    """Noise-free landmarks ``(N, 33, 2)`` in the pixels of a render of ``size`` (W, H)."""
    _, camera, lm, _ = _scene(sset)
    return camera.project(lm) * (size[0] / camera.image_size[0])


def _check_plates(plates: str | None) -> None:
    if plates is not None and plates not in PLATE_R_M:
        raise ValueError(f"plates must be one of {', '.join(PLATE_R_M)}, got {plates!r}")


def render_frames(
    sset: SyntheticSet, *, width_px: int | None = None, plates: str | None = None
) -> Iterator[np.ndarray]:
    """Yield the set's frames, ``(H, W, 3)`` uint8 RGB, one per synth frame.

    ``plates`` is the barbell's load (``full``, ``iron`` or ``none``; None: the exercise's).
    """
    _check_plates(plates)
    body, camera, lm, spine = _scene(sset)
    size = render_size(camera, width_px)
    look = Look.from_seed(sset.spec.seed)
    scale = size[0] / camera.image_size[0]
    light = light_direction(camera)
    bg = background(camera, size, wall_rgb=look.wall, floor_rgb=look.floor)
    for i in range(len(lm)):
        img = bg.copy()
        centre = (lm[i, 23] + lm[i, 24] + lm[i, 27] + lm[i, 28]) / 4
        to_cam = camera.position - centre
        to_cam /= np.linalg.norm(to_cam)
        parts = frame_parts(body, lm[i], spine[i], sset.spec.exercise, look, to_cam, plates=plates)
        draw_parts(img, parts, camera, light, scale)
        yield img


def truth_track(sset: SyntheticSet, size: tuple[int, int]) -> PoseTrack:
    """The noise-free track at the render's resolution (visibility 1, back contour traced)."""
    body, camera, lm, spine = _scene(sset)
    scale = size[0] / camera.image_size[0]
    xy = camera.project(lm) * scale
    lms = np.concatenate([xy, np.full((*xy.shape[:2], 1), np.nan), np.ones((*xy.shape[:2], 1))], -1)
    contour = None
    if camera.view != "front":
        c = camera.project(back_contour_world(body, spine)) * scale
        contour = tuple(c[i] for i in range(len(c)))
    return PoseTrack(
        t_s=np.arange(len(lm)) / sset.spec.fps,
        landmarks=lms,
        image_size=size,
        back_contour=contour,
        provided=np.ones(N_LANDMARKS, dtype=bool),
        source=f"render:{sset.spec.exercise}:seed={sset.spec.seed}",
    )


def truth_path(video: Path) -> Path:
    """Where the truth file of ``video`` goes: ``set.mp4`` → ``set.truth.json``."""
    return video.with_suffix(".truth.json")


def write_render(
    sset: SyntheticSet, out: str | Path, *, width_px: int | None = None, plates: str | None = None
) -> tuple[Path, Path]:
    """Render ``sset`` to ``out`` (.mp4) and write its truth file; returns both paths.

    ``width_px`` scales the camera's image (None: full size); ``plates`` as in
    :func:`render_frames`.

    Raises:
        InputError: the video cannot be written.
    """
    _check_plates(plates)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _, camera, _, _ = _scene(sset)
    size = render_size(camera, width_px)
    fps = sset.spec.fps
    codec = available_encoder()
    try:
        container = av.open(str(out), mode="w")
    except (av.error.FFmpegError, OSError) as exc:
        raise InputError(f"{out}: cannot write the video ({exc})") from None
    try:
        stream: Any = container.add_stream(codec, rate=Fraction(fps).limit_denominator(1001))
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        stream.time_base = _TIME_BASE
        if codec == "libx264":
            stream.options = {"crf": "18", "preset": "veryfast"}
        else:
            stream.bit_rate = 6_000_000
        for i, img in enumerate(render_frames(sset, width_px=width_px, plates=plates)):
            vf = av.VideoFrame.from_ndarray(img, format="rgb24")
            vf.pts, vf.time_base = round(i / fps / _TIME_BASE), _TIME_BASE
            for packet in stream.encode(vf):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    except (av.error.FFmpegError, OSError) as exc:
        raise InputError(f"{out}: cannot write the video ({exc})") from None
    finally:
        container.close()
    doc = synth_json_dict(
        SyntheticSet(track=truth_track(sset, size), truth=sset.truth, spec=sset.spec)
    )
    doc["render"] = {
        "video": out.name,
        "width": size[0],
        "height": size[1],
        "fps": fps,
        "noise_free": True,
        "plates": plates,
    }
    tpath = truth_path(out)
    tpath.write_text(json.dumps(doc, allow_nan=False))
    return out, tpath
