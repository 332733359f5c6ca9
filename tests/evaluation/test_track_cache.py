"""The pose-track cache: a hit gives back exactly what was stored; a corrupt entry is recomputed.

A fake ``compute`` stands in for MediaPipe, and the settings are passed in, so nothing here runs
a pose model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.landmarks import N_LANDMARKS
from hingecoach.models import PoseTrack
from hingecoach.video import track as track_module
from hingecoach.video import track_cache as tc
from hingecoach.video.decode import VideoInfo
from hingecoach.video.track import VideoTrackResult

SETTINGS = {"model_complexity": 1, "max_side_px": 960, "backend": "fake"}


def _tracked(n: int = 12, *, world: bool = True, contour: bool = True) -> VideoTrackResult:
    rng = np.random.default_rng(0)
    lm = rng.uniform(0, 500, (n, N_LANDMARKS, 4))
    lm[3, :, :3] = np.nan  # a frame without a person
    lm[3, :, 3] = 0.0
    contours = tuple(None if i % 4 == 3 else rng.uniform(0, 500, (5 + i, 2)) for i in range(n))
    track = PoseTrack(
        t_s=np.arange(n) / 29.97,
        landmarks=lm,
        image_size=(720, 1280),
        world=rng.normal(size=(n, N_LANDMARKS, 3)) if world else None,
        back_contour=contours if contour else None,
        source="x",
    )
    info = VideoInfo(720, 1280, 29.97, n, n / 29.97, "h264", 90)
    return VideoTrackResult(track, info, ["feet out of frame: tilt the camera", "ünïcode"])


class _Compute:
    def __init__(self, tracked: VideoTrackResult | Exception) -> None:
        self.tracked = tracked
        self.calls = 0

    def __call__(self, path: Path, settings: object, progress: object) -> VideoTrackResult:
        self.calls += 1
        if isinstance(self.tracked, Exception):
            raise self.tracked
        return self.tracked


@pytest.fixture
def video(tmp_path: Path) -> Path:
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"not really a video, but bytes to hash" * 100)
    return path


def _same(a: VideoTrackResult, b: VideoTrackResult) -> None:
    np.testing.assert_array_equal(a.track.t_s, b.track.t_s)
    np.testing.assert_array_equal(a.track.landmarks, b.track.landmarks)
    np.testing.assert_array_equal(a.track.provided, b.track.provided)
    assert a.track.image_size == b.track.image_size
    if a.track.world is None:
        assert b.track.world is None
    else:
        np.testing.assert_array_equal(a.track.world, b.track.world)
    if a.track.back_contour is None:
        assert b.track.back_contour is None
    else:
        assert b.track.back_contour is not None
        for ca, cb in zip(a.track.back_contour, b.track.back_contour, strict=True):
            assert (ca is None) == (cb is None)
            if ca is not None:
                np.testing.assert_array_equal(ca, cb)
    assert a.info == b.info
    assert a.warnings == b.warnings


@pytest.mark.parametrize(("world", "contour"), [(True, True), (False, False)])
def test_a_hit_returns_exactly_what_was_stored(
    tmp_path: Path, video: Path, world: bool, contour: bool
) -> None:
    original = _tracked(world=world, contour=contour)
    compute = _Compute(original)
    first, s1 = tc.cached_track_video(
        video, cache_dir=tmp_path / "c", settings=SETTINGS, compute=compute
    )
    second, s2 = tc.cached_track_video(
        video, cache_dir=tmp_path / "c", settings=SETTINGS, compute=compute
    )
    assert (s1, s2, compute.calls) == ("miss", "hit", 1)
    assert first is original
    _same(original, second)
    assert second.track.source == str(video)
    assert len(list((tmp_path / "c").glob("*.npz"))) == 1


def test_the_key_follows_the_bytes_and_the_settings(tmp_path: Path, video: Path) -> None:
    key = tc.cache_key(video, SETTINGS)
    assert tc.cache_key(video, dict(SETTINGS)) == key
    assert tc.cache_key(video, {**SETTINGS, "max_side_px": 640}) != key
    copy = tmp_path / "renamed.mp4"
    copy.write_bytes(video.read_bytes())
    assert tc.cache_key(copy, SETTINGS) == key  # content, not name
    copy.write_bytes(video.read_bytes() + b"!")
    assert tc.cache_key(copy, SETTINGS) != key


@pytest.mark.parametrize("garbage", [b"", b"PK\x03\x04 truncated zip", b"\x00" * 100])
def test_a_corrupt_entry_is_recomputed_with_a_warning(
    tmp_path: Path, video: Path, garbage: bytes
) -> None:
    compute = _Compute(_tracked())
    entry = tmp_path / f"{tc.cache_key(video, SETTINGS)}.npz"
    entry.write_bytes(garbage)
    with pytest.warns(RuntimeWarning, match="unreadable"):
        got, status = tc.cached_track_video(
            video, cache_dir=tmp_path, settings=SETTINGS, compute=compute
        )
    assert status == "recomputed" and compute.calls == 1
    again, status = tc.cached_track_video(
        video, cache_dir=tmp_path, settings=SETTINGS, compute=compute
    )
    assert status == "hit" and compute.calls == 1
    _same(got, again)


def test_an_entry_of_another_format_is_recomputed(tmp_path: Path, video: Path) -> None:
    entry = tmp_path / f"{tc.cache_key(video, SETTINGS)}.npz"
    np.savez_compressed(entry, meta=np.array('{"format": -1}'))
    with pytest.warns(RuntimeWarning):
        _, status = tc.cached_track_video(
            video, cache_dir=tmp_path, settings=SETTINGS, compute=_Compute(_tracked())
        )
    assert status == "recomputed"


def test_unusable_footage_is_not_cached(tmp_path: Path, video: Path) -> None:
    compute = _Compute(InputError("no person found"))
    for _ in range(2):
        with pytest.raises(InputError):
            tc.cached_track_video(video, cache_dir=tmp_path, settings=SETTINGS, compute=compute)
    assert compute.calls == 2
    assert not list(tmp_path.glob("*.npz"))


def test_the_folder_comes_from_the_argument_then_the_environment(
    tmp_path: Path, video: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(tc.ENV_VAR, str(tmp_path / "env"))
    assert tc.default_cache_dir() == tmp_path / "env"
    tc.cached_track_video(video, settings=SETTINGS, compute=_Compute(_tracked()))
    assert len(list((tmp_path / "env").glob("*.npz"))) == 1
    monkeypatch.delenv(tc.ENV_VAR)
    assert tc.default_cache_dir().parts[-2:] == ("hingecoach", "tracks")


def test_pose_settings_are_the_backends_defaults_and_its_version() -> None:
    s = tc.pose_settings()
    assert s["model_complexity"] == 1 and s["enable_segmentation"] is True
    assert s["max_side_px"] == 960 and "mediapipe_version" in s
    assert tc.pose_settings(max_side_px=640)["max_side_px"] == 640
    with pytest.raises(ValueError, match="unknown"):
        tc.pose_settings(colour="blue")


def test_the_filming_judgement_is_made_again_on_load(
    tmp_path: Path, video: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Judging the filming is analysis (pure over the track): a cached track is judged by the
    # current code, while decode warnings and the frame-based second-person search are stored.
    monkeypatch.setattr(track_module, "judge_filming", lambda track: ["feet out of frame"])
    base = _tracked()
    warnings = ["decode: truncated", "feet out of frame", "two people in view"]
    tracked = VideoTrackResult(base.track, base.info, warnings)
    compute = _Compute(tracked)
    tc.cached_track_video(video, cache_dir=tmp_path, settings=SETTINGS, compute=compute)
    hit, status = tc.cached_track_video(video, cache_dir=tmp_path, settings=SETTINGS)
    assert status == "hit" and hit.warnings == warnings
    monkeypatch.setattr(track_module, "judge_filming", lambda track: ["judged anew", "and more"])
    hit, _ = tc.cached_track_video(video, cache_dir=tmp_path, settings=SETTINGS)
    assert hit.warnings == ["decode: truncated", "judged anew", "and more", "two people in view"]
    monkeypatch.setattr(track_module, "judge_filming", lambda track: [])
    hit, _ = tc.cached_track_video(video, cache_dir=tmp_path, settings=SETTINGS)
    assert hit.warnings == ["decode: truncated", "two people in view"]
