"""``hingecoach report RESULT.json``: the stills come back while the source video is there."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

from hingecoach.cli import app
from hingecoach.video import track_cache
from tests.report.conftest import Video, small_video

__all__ = ["small_video"]  # the fixture, shared with the report tests

runner = CliRunner()


def saved(video: Video, tmp_path: Path, source: str) -> Path:
    out = tmp_path / "result.json"
    out.write_text(video.result.model_copy(update={"source": source}).model_dump_json())
    return out


@pytest.fixture
def pose_runs(small_video: Video, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The track cache serves the video's track (no MediaPipe in these tests); calls recorded."""
    calls: list[Path] = []

    def cached(video: Path, **_: Any) -> tuple[Any, str]:
        calls.append(Path(video))
        return SimpleNamespace(track=small_video.track, warnings=[]), "hit"

    monkeypatch.setattr(track_cache, "cached_track_video", cached)
    return calls


def stills_in(html: Path) -> int:
    return html.read_text(encoding="utf-8").count('class="still"')


def test_report_keeps_the_stills_while_the_video_exists(
    small_video: Video, pose_runs: list[Path], tmp_path: Path
) -> None:
    result = saved(small_video, tmp_path, str(small_video.path))
    html = tmp_path / "r.html"
    res = runner.invoke(app, ["report", str(result), "-o", str(html)])
    assert res.exit_code == 0, res.output
    assert pose_runs == [small_video.path]
    assert stills_in(html) == len(small_video.result.reps)


def test_no_stills_without_the_video_or_when_asked(
    small_video: Video, pose_runs: list[Path], tmp_path: Path
) -> None:
    gone = saved(small_video, tmp_path, str(tmp_path / "moved.mp4"))
    html = tmp_path / "r.html"
    assert runner.invoke(app, ["report", str(gone), "-o", str(html)]).exit_code == 0
    assert stills_in(html) == 0
    there = saved(small_video, tmp_path, str(small_video.path))
    res = runner.invoke(app, ["report", str(there), "-o", str(html), "--no-stills"])
    assert res.exit_code == 0 and stills_in(html) == 0
    assert pose_runs == []
