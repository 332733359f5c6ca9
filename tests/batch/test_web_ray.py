"""The web workers' Ray path: an upload tracked on the cluster gives analyze's result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hingecoach.web.jobs.analysis import analyze_upload
from hingecoach.web.jobs.ray_analysis import RayAnalyzer, with_ray
from hingecoach.web.settings import load_settings
from tests.batch.conftest import clip

pytestmark = pytest.mark.e2e


class Stop(Exception):
    pass


def test_ray_analyzer_gives_analyze_result_and_reports_progress(
    ray_address: str, reference: dict[str, dict[str, object]]
) -> None:
    seen: list[tuple[float, str]] = []

    def progress(fraction: float, stage: str, frames: tuple[int, int] | None = None) -> None:
        seen.append((fraction, stage))

    done = RayAnalyzer(ray_address)(clip("dl_side_good"), None, progress)
    assert json.loads(done.result.model_dump_json()) == {
        **reference["dl_side_good"],
        "source": str(clip("dl_side_good")),
    }
    assert done.video == clip("dl_side_good")
    assert seen[-1] == (1.0, "analysing")
    assert any(stage.startswith("finding the pose on the Ray cluster") for _, stage in seen)
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)


def test_ray_analyzer_gives_up_when_the_worker_says_so(ray_address: str, tmp_path: Path) -> None:
    def progress(fraction: float, stage: str, frames: tuple[int, int] | None = None) -> None:
        raise Stop  # a lost claim or the time limit

    with pytest.raises(Stop):
        RayAnalyzer(ray_address)(clip("dl_side_full_rep"), None, progress)


def test_ray_address_setting_picks_the_ray_analyzer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HINGECOACH_RAY_ADDRESS", "127.0.0.1:6379")
    settings = load_settings(data_dir=tmp_path, secret="s")
    assert settings.ray_address == "127.0.0.1:6379"
    assert with_ray(analyze_upload, settings.ray_address) == RayAnalyzer("127.0.0.1:6379")

    def fake(path: Path, exercise: str | None, progress: object) -> object:
        raise AssertionError

    assert with_ray(fake, settings.ray_address) is fake  # type: ignore[arg-type]
    monkeypatch.delenv("HINGECOACH_RAY_ADDRESS")
    assert load_settings(data_dir=tmp_path, secret="s").ray_address is None
    assert with_ray(analyze_upload, None) is analyze_upload
