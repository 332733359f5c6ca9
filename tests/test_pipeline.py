"""The edges around the engine: re-analysing a saved set, and the annotated video's overlay.

Re-analysis runs on SQLite and PostgreSQL (the store tests' fixtures). The set is a clean
synthetic RDL (knees bent about 10–15°, inside the RDL profile's 20°); the override allows only
5°, so every counted rep gains a knee_bend fault.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hingecoach import pipeline
from hingecoach.errors import InputError
from hingecoach.models import PoseTrack, SetResult
from hingecoach.pipeline import reanalyse_set
from hingecoach.store import (
    Store,
    athlete_history,
    load_result,
    save_result,
    set_analyses,
)
from hingecoach.video.overlay import FrameAnnotation
from tests.store import conftest as store_fixtures
from tests.store._results import make_result

# The store's fixtures (conftest fixtures are only seen in and below their own folder).
pg_url = store_fixtures.pg_url
db_url = store_fixtures.db_url
store = store_fixtures.store
synthetic_rdl = store_fixtures.synthetic_rdl
strict_knee = store_fixtures.strict_knee


def knee_faults(result: SetResult) -> int:
    """Counted reps with a knee_bend fault."""
    return sum(
        any(f.check == "knee_bend" and f.severity == "fault" for f in rep.findings)
        for rep in result.reps
        if rep.counted
    )


def _save(store: Store, result: SetResult, track: PoseTrack | None) -> tuple[int, int]:
    saved = save_result(
        store, athlete="Sam", result=result, load="60kg", set_number=None, note=None, track=track
    )
    return saved.set_id, saved.analysis_id


def test_stricter_profile_adds_faults_and_keeps_the_original(
    store: Store, synthetic_rdl: tuple[PoseTrack, SetResult], strict_knee: Path
) -> None:
    track, original = synthetic_rdl
    assert (original.exercise, original.rep_count, knee_faults(original)) == ("rdl", 4, 0)
    set_id, first_id = _save(store, original, track)

    ref = reanalyse_set(store, set_id=set_id, profile_override=strict_knee)

    new = load_result(store, set_id=set_id, analysis_id=ref.analysis_id)
    assert knee_faults(new) == 4 > knee_faults(original)
    assert new.limits["knee_bend"]["max_deg"] == 5.0 and ref.limits == new.limits
    assert (new.exercise, new.rep_count, new.source) == ("rdl", 4, original.source)
    assert ref.is_current and ref.score == new.score and new.score < original.score  # type: ignore[operator]
    # the original verdict is still there, unchanged, and no longer current
    assert load_result(store, set_id=set_id, analysis_id=first_id) == original
    assert [(r.analysis_id, r.is_current) for r in set_analyses(store, set_id=set_id)] == [
        (first_id, False),
        (ref.analysis_id, True),
    ]
    # history judges the set by the new verdict
    s = athlete_history(store, athlete="Sam").sets[0]
    assert (s.set_id, s.score, s.analyses, s.has_track) == (set_id, new.score, 2, True)
    assert s.faults == ["knee_bend"]
    assert [f.check for f in athlete_history(store, athlete="Sam").faults] == ["knee_bend"]


def test_reanalysing_again_moves_current_each_time(
    store: Store, synthetic_rdl: tuple[PoseTrack, SetResult], strict_knee: Path
) -> None:
    track, original = synthetic_rdl
    set_id, first_id = _save(store, original, track)
    strict = reanalyse_set(store, set_id=set_id, profile_override=strict_knee)
    relaxed = reanalyse_set(store, set_id=set_id)  # back to the shipped limits
    refs = set_analyses(store, set_id=set_id)
    assert [r.analysis_id for r in refs] == [first_id, strict.analysis_id, relaxed.analysis_id]
    assert [r.is_current for r in refs] == [False, False, True]
    assert load_result(store, set_id=set_id).score == original.score
    assert athlete_history(store, athlete="Sam").sets[0].faults == []


def test_exercise_defaults_to_the_saved_one_and_can_be_changed(
    store: Store, synthetic_rdl: tuple[PoseTrack, SetResult]
) -> None:
    track, original = synthetic_rdl
    set_id, _ = _save(store, original, track)
    kept = load_result(
        store, set_id=set_id, analysis_id=reanalyse_set(store, set_id=set_id).analysis_id
    )
    assert kept.exercise == "rdl" and not kept.exercise_detected
    reanalyse_set(store, set_id=set_id, exercise="good_morning")
    assert athlete_history(store, athlete="Sam").sets[0].exercise == "good_morning"
    with pytest.raises(InputError, match="unknown exercise 'curl'"):
        reanalyse_set(store, set_id=set_id, exercise="curl")
    assert len(set_analyses(store, set_id=set_id)) == 3  # the failed one wrote nothing


def test_set_saved_without_track_cannot_be_reanalysed(store: Store, strict_knee: Path) -> None:
    set_id, _ = _save(store, make_result(), None)
    with pytest.raises(
        InputError,
        match=rf"set {set_id} was saved without its landmarks.*re-analyse from the video",
    ) as err:
        reanalyse_set(store, set_id=set_id, profile_override=strict_knee)
    assert "\n" not in str(err.value)
    assert len(set_analyses(store, set_id=set_id)) == 1


def test_unknown_set_id(store: Store) -> None:
    with pytest.raises(InputError, match=r"^no saved set with id 999 \(`hingecoach history"):
        reanalyse_set(store, set_id=999)


def test_bad_profile_override_writes_nothing(
    store: Store, synthetic_rdl: tuple[PoseTrack, SetResult], tmp_path: Path
) -> None:
    track, original = synthetic_rdl
    set_id, _ = _save(store, original, track)
    bad = tmp_path / "bad.toml"
    bad.write_text("[checks.knee_bend]\nmax_degrees = 5.0\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"checks\.knee_bend"):
        reanalyse_set(store, set_id=set_id, profile_override=bad)
    with pytest.raises(InputError, match="cannot read profile override"):
        reanalyse_set(store, set_id=set_id, profile_override=tmp_path / "missing.toml")
    assert len(set_analyses(store, set_id=set_id)) == 1


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
