"""The edges around the engine: the annotated video's overlay."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hingecoach import pipeline
from hingecoach.models import PoseTrack, SetResult
from hingecoach.video.overlay import FrameAnnotation
from tests.store import conftest as store_fixtures

# The store's fixtures (conftest fixtures are only seen in and below their own folder).
synthetic_rdl = store_fixtures.synthetic_rdl


@pytest.mark.parametrize("side", ["left", "right"])
def test_annotated_video_shows_the_results_angles_on_the_chosen_side(
    side: str, synthetic_rdl: tuple[PoseTrack, SetResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    track, _ = synthetic_rdl
    result = pipeline.analyze(track, exercise="rdl", side="left" if side == "left" else "right")
    assert result.facing == side
    drawn: list[FrameAnnotation] = []

    def fake_writer(src: Path, tr: PoseTrack, out: Path, *, per_frame_annotations: list) -> Path:
        assert tr is track
        drawn.extend(per_frame_annotations)
        return out

    monkeypatch.setattr("hingecoach.video.writer.write_annotated_video", fake_writer)
    pipeline.write_annotated(Path("set.mp4"), track, result, Path("out.mp4"))

    assert len(drawn) == track.n_frames
    # The lifter faces right: on the wrong side the knee angles come out negative, and the
    # video must show exactly what the result measured, not signals recomputed on a guessed side.
    for name, label in (("knee_flexion_deg", "knee"), ("hip_flexion_deg", "hip")):
        expected = np.array([np.nan if v is None else v for v in result.series[name]])
        shown = np.array([a.angles.get(label, np.nan) for a in drawn])
        np.testing.assert_array_equal(shown, expected)
    lean = np.array([np.nan if v is None else v for v in result.series["lean_deg"]])
    np.testing.assert_allclose([a.angles.get("torso", np.nan) for a in drawn], 90.0 - lean)
    ends = [r.end_frame for r in result.reps if r.counted]
    assert [a.rep_count for a in drawn] == [sum(e <= i for e in ends) for i in range(len(drawn))]
