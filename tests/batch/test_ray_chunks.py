"""A video cut into chunks on two Ray actors gives analyze's reps and verdicts."""

from __future__ import annotations

import pytest

from hingecoach.batch.inputs import file_sha256
from hingecoach.batch.ray_pool import run_ray
from hingecoach.batch.work import VideoJob
from hingecoach.models import SetResult
from hingecoach.pipeline import analyze_video
from hingecoach.video.chunks import plan_chunks
from tests.batch.conftest import clip

pytestmark = pytest.mark.e2e


def _verdicts(result: SetResult) -> tuple[object, ...]:
    reps = [
        (r.index, r.counted, sorted((f.check, f.severity) for f in r.findings)) for r in result.reps
    ]
    return result.exercise, result.view, result.rep_count, reps


def test_one_video_in_chunks_on_two_actors_matches_analyze(ray_address: str) -> None:
    video = clip("gm_dowel_front_oblique")  # 334 frames, small: two chunks, quick
    assert len(plan_chunks(video, 2)) == 2
    job = VideoJob(0, str(video), file_sha256(video))
    (outcome,) = run_ray([job], workers=2)  # one video, two actors: one chunk each
    assert outcome.error is None and outcome.analysed is not None
    got = outcome.analysed
    want = analyze_video(video, progress=lambda d, t: None)
    assert got.track.n_frames == want.track.n_frames
    assert (got.track.t_s == want.track.t_s).all()
    assert got.result.source == want.result.source == str(video)
    assert _verdicts(got.result) == _verdicts(want.result)
