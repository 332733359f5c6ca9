"""Results, tracks and a small video shared by the report tests.

The synthetic set has known faults (knee bend from rep 4, head up from rep 5), so the tests can
say exactly which cells must be red; the video is the same set's track drawn onto plain frames,
small enough to encode in a second or two.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from hingecoach.engine import analyze_track
from hingecoach.models import PoseTrack, SetResult
from hingecoach.synth import CameraSpec, FaultSpec, SynthSpec, generate_set

#: The synthetic video is the synth camera's 1920x1080 scaled by this.
VIDEO_SCALE = 0.25


@dataclass(frozen=True)
class Analysed:
    """A track and its result."""

    track: PoseTrack
    result: SetResult


@dataclass(frozen=True)
class Video(Analysed):
    """A track, its result and an mp4 whose frames carry the track's timestamps."""

    path: Path


@pytest.fixture(scope="session")
def faulty_set() -> Analysed:
    """Six RDL reps: knee bend from rep 4, head up from rep 5."""
    spec = SynthSpec(
        exercise="rdl",
        reps=6,
        seed=7,
        faults=(FaultSpec("knee_bend", from_rep=4), FaultSpec("head_up", from_rep=5)),
    )
    track = generate_set(spec).track
    return Analysed(track, analyze_track(track, exercise="rdl"))


def scaled_track(track: PoseTrack, k: float) -> PoseTrack:
    """The track as seen by a camera with ``k`` × the resolution (pixels scale, world does not)."""
    lm = track.landmarks.copy()
    lm[..., :3] *= k
    contours = (
        None
        if track.back_contour is None
        else tuple(None if c is None else np.asarray(c) * k for c in track.back_contour)
    )
    w, h = track.image_size
    return replace(
        track, landmarks=lm, back_contour=contours, image_size=(round(w * k), round(h * k))
    )


def write_plain_mp4(path: Path, t_s: np.ndarray, size: tuple[int, int]) -> Path:
    """An H.264 mp4 of plain dark frames (a faint ramp) at the given timestamps."""
    w, h = size
    ramp = np.linspace(40, 90, w, dtype=np.float32)[None, :, None]
    frame = np.broadcast_to(ramp, (h, w, 3)).astype(np.uint8)
    tb = Fraction(1, 90000)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.time_base = tb
        stream.codec_context.time_base = tb
        for t in t_s:
            vf = av.VideoFrame.from_ndarray(np.ascontiguousarray(frame), format="rgb24")
            vf.pts, vf.time_base = round(float(t) / tb), tb
            for p in stream.encode(vf):
                out.mux(p)
        for p in stream.encode():
            out.mux(p)
    return path


@pytest.fixture(scope="session")
def small_video(tmp_path_factory: pytest.TempPathFactory) -> Video:
    """Four RDL reps on a 480x270 video whose frames match the track one to one.

    Knee bend from rep 3, head up in rep 4.
    """
    spec = SynthSpec(
        exercise="rdl",
        reps=4,
        seed=3,
        stand_before_s=1.0,
        stand_after_s=1.0,
        faults=(FaultSpec("knee_bend", from_rep=3), FaultSpec("head_up", from_rep=4)),
    )
    track = scaled_track(generate_set(spec).track, VIDEO_SCALE)
    path = write_plain_mp4(
        tmp_path_factory.mktemp("video") / "set.mp4", track.t_s, track.image_size
    )
    return Video(track, analyze_track(track, exercise="rdl"), path)


@pytest.fixture(scope="session")
def front_set() -> Analysed:
    """Five RDL reps filmed from the front, knees caving in from rep 3."""
    spec = SynthSpec(
        exercise="rdl",
        reps=5,
        seed=2,
        camera=CameraSpec(view="front"),
        faults=(FaultSpec("knee_valgus", from_rep=3),),
    )
    track = generate_set(spec).track
    return Analysed(track, analyze_track(track, exercise="rdl"))
