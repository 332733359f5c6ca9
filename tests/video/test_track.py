"""track_video end to end (real clips, MediaPipe, fakes)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import numpy as np
import pytest
from _clips import clip, write_mp4

from hingecoach.errors import InputError
from hingecoach.kinematics.filming import TWO_PEOPLE_MSG
from hingecoach.pose.base import FramePose
from hingecoach.video.track import track_video
from tests.bodies import standing as _standing


class _BrightnessBackend:
    """Fake backend: a 'person' whenever the frame is bright; records what it was given."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.closed = False

    def process(self, rgb: np.ndarray, t_s: float) -> FramePose:
        self.times.append(t_s)
        if rgb.mean() < 60:
            return FramePose.missing()
        h = rgb.shape[0]
        return FramePose(landmarks=_standing(0.8 * h, x=rgb.shape[1] / 2, top=0.05 * h))

    def close(self) -> None:
        self.closed = True

    def __enter__(self) -> _BrightnessBackend:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def test_track_video_with_fake_backend_streams_and_warns(tmp_path: Path) -> None:
    frames = [np.full((120, 160, 3), 0 if i < 45 else 200, np.uint8) for i in range(90)]
    p = write_mp4(tmp_path / "enter_late.mp4", frames)
    backend = _BrightnessBackend()
    seen: list[tuple[int, int]] = []
    result = track_video(p, backend=backend, progress=lambda d, n: seen.append((d, n)))
    assert result.track.n_frames == 90 and result.track.image_size == (160, 120)
    assert seen[-1] == (90, 90)
    assert not backend.closed, "a backend passed in belongs to the caller"
    assert any(w.startswith("no person in the first 1.5 s") for w in result.warnings)
    trimmed = track_video(p, backend=_BrightnessBackend(), start_s=2.0, end_s=2.5)
    assert trimmed.track.t_s[0] == pytest.approx(2.0, abs=0.02)
    assert trimmed.track.n_frames == 16


def test_decode_errors_surface_from_the_thread(tmp_path: Path) -> None:
    p = tmp_path / "x.mp4"
    p.write_text("not a video")
    with pytest.raises(InputError, match="not a video file"):
        track_video(p, backend=_BrightnessBackend())


def test_backend_error_stops_the_decode_thread(tmp_path: Path) -> None:
    import threading

    class Boom(_BrightnessBackend):
        def process(self, rgb: np.ndarray, t_s: float) -> FramePose:
            if t_s > 0.1:
                raise RuntimeError("model crashed")
            return super().process(rgb, t_s)

    p = write_mp4(tmp_path / "long.mp4", [np.full((64, 96, 3), 200, np.uint8)] * 120)
    with pytest.raises(RuntimeError, match="model crashed"):
        track_video(p, backend=Boom())
    assert not any(t.name == "hingecoach-decode" for t in threading.enumerate())


# --- real clips through MediaPipe -------------------------------------------------------------


def test_black_video_is_no_person_found(tmp_path: Path) -> None:
    p = write_mp4(tmp_path / "black.mp4", [np.zeros((240, 320, 3), np.uint8)] * 20)
    with pytest.raises(InputError, match="no person found: film the whole body, side-on"):
        track_video(p)


def test_dl_side_good_track() -> None:
    result = track_video(clip("dl_side_good.mp4"))
    tr = result.track
    assert tr.n_frames == 62 and tr.image_size == (600, 600)
    assert result.warnings == []
    detected = np.isfinite(tr.xy).all(axis=2).all(axis=1)
    assert detected.mean() > 0.95
    xy = tr.xy[detected]
    assert (xy[..., 0] > -5).all() and (xy[..., 0] < 605).all()
    assert (xy[..., 1] > -5).all() and (xy[..., 1] < 605).all()
    assert tr.world is not None and np.isfinite(tr.world[detected]).all()
    assert tr.back_contour is not None
    contours = [c for c in tr.back_contour if c is not None]
    assert len(contours) > 0.8 * tr.n_frames
    assert all(c.shape == (16, 2) for c in contours)
    assert np.all(np.diff(tr.t_s) > 0)


def test_two_people_clip_warns() -> None:
    # The second walker is in view from ~1.5 s; 4 s keeps the test quick.
    result = track_video(clip("two_people_walking_sports2d.mp4"), end_s=4.0)
    assert TWO_PEOPLE_MSG in result.warnings
