"""The runner of the real-clip evaluation, without video: a fake track cache feeds the engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hingecoach import synth as sy
from hingecoach.evaluation import real
from hingecoach.video import track_cache
from hingecoach.video.decode import VideoInfo
from hingecoach.video.track import VideoTrackResult


def _synthetic(path: Path, **_: object) -> tuple[VideoTrackResult, str]:
    sset = sy.generate_set(sy.SynthSpec(exercise="rdl", reps=3, seed=4))
    info = VideoInfo(1280, 720, 30.0, sset.track.n_frames, 0.0, "h264", 0)
    return VideoTrackResult(sset.track, info, ["a filming warning"]), "hit"


def test_a_clip_runs_through_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(track_cache, "cached_track_video", _synthetic)
    out = real.run_clip(Path("x.mp4"), "x.mp4")
    assert out.error is None and out.result is not None
    assert out.result.rep_count == 3 and out.track == "hit"
    assert "a filming warning" in out.result.warnings


def test_an_exception_becomes_its_one_line_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(path: Path, **_: object) -> None:
        raise ValueError("bad\n   frame")

    monkeypatch.setattr(track_cache, "cached_track_video", boom)
    out = real.run_clip(Path("x.mp4"), "x.mp4")
    assert out.result is None and out.error == "ValueError: bad frame"


def test_missing_videos_and_unknown_clips(tmp_path: Path) -> None:
    labels = {"gone.mp4": {"exercise": "rdl", "reps": 1, "checks": {"bar_close": "ok"}}}
    (tmp_path / "labels.json").write_text(json.dumps(labels))
    report = real.evaluate_real(tmp_path, workers=1)
    (row,) = report.rows
    assert row.error is not None and row.error.startswith("video file missing")
    assert report.reps.right == 0 and report.checks["bar_close"].not_judged == 1
    with pytest.raises(ValueError, match="not in"):
        real.evaluate_real(tmp_path, clips=["other.mp4"])


def test_workers_default_to_the_available_cores() -> None:
    assert real.available_cores() >= 1
