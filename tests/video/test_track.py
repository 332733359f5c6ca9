"""track_video end to end (real clips, MediaPipe) and the filming judgements (synthetic tracks)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import numpy as np
import pytest
from _clips import clip, write_mp4

from hingecoach.errors import InputError
from hingecoach.landmarks import N_LANDMARKS, idx
from hingecoach.models import PoseTrack
from hingecoach.pose.base import FramePose
from hingecoach.video import track as track_mod
from hingecoach.video.track import judge_filming, track_video


def _standing(height_px: float, *, x: float = 300.0, top: float = 50.0) -> np.ndarray:
    """A crude upright person: landmarks spread from head (top) to feet (top + height)."""
    lm = np.zeros((N_LANDMARKS, 4))
    lm[:, 0] = x
    lm[:, 1] = top + np.linspace(0.0, height_px * 0.8, N_LANDMARKS)
    for name in ("left_ankle", "right_ankle", "left_heel", "right_heel"):
        lm[idx(name), 1] = top + height_px
    lm[:, 3] = 0.9
    return lm


def _track(frames: list[np.ndarray | None], size: tuple[int, int] = (600, 600)) -> PoseTrack:
    lm = np.full((len(frames), N_LANDMARKS, 4), np.nan)
    lm[..., 3] = 0.0
    for i, f in enumerate(frames):
        if f is not None:
            lm[i] = f
    return PoseTrack(t_s=np.arange(len(frames)) / 30.0, landmarks=lm, image_size=size)


def test_good_filming_has_no_warnings() -> None:
    assert judge_filming(_track([_standing(450)] * 60)) == []


def test_nobody_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no person found: film the whole body"):
        judge_filming(_track([None] * 30))


def test_person_in_few_frames_warns() -> None:
    warnings = judge_filming(_track([_standing(450)] * 10 + [None] * 50))
    assert any("person found in only 17% of frames" in w for w in warnings)


def test_tiny_person_warns() -> None:
    warnings = judge_filming(_track([_standing(60)] * 30))
    assert track_mod.TOO_SMALL_MSG in warnings


def test_feet_out_of_frame_warns() -> None:
    lm = _standing(700)  # feet at y = 750 in a 600 px tall frame
    warnings = judge_filming(_track([lm] * 30))
    assert track_mod.FEET_MSG in warnings
    hidden = _standing(450)
    hidden[[idx("left_ankle"), idx("right_ankle"), idx("left_heel"), idx("right_heel")], 3] = 0.1
    assert track_mod.FEET_MSG in judge_filming(_track([hidden] * 30))


def test_late_entry_and_early_exit_warn_with_times() -> None:
    frames: list[np.ndarray | None] = [None] * 45 + [_standing(450)] * 60 + [None] * 60
    warnings = judge_filming(_track(frames))
    assert any(w.startswith("no person in the first 1.5 s") for w in warnings)
    assert any(w.startswith("no person after 3.5 s (the last 2.0 s)") for w in warnings)


def test_two_people_warning_from_sampled_score() -> None:
    t = _track([_standing(450)] * 30)
    assert track_mod.TWO_PEOPLE_MSG in judge_filming(t, other_person_fraction=0.5)
    assert judge_filming(t, other_person_fraction=0.0) == []


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
    assert track_mod.TWO_PEOPLE_MSG in result.warnings
