"""Issue 5: a saved set keeps its landmarks and can be re-judged with new limits.

Every test runs on SQLite and PostgreSQL. The set is a clean synthetic RDL (knees bent about
10–15°, inside the RDL profile's 20°); the override allows only 5°, so every counted rep gains a
knee_bend fault.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from hingecoach.errors import InputError
from hingecoach.models import PoseTrack, SetResult
from hingecoach.store import (
    Store,
    athlete_history,
    load_result,
    load_track,
    reanalyse_set,
    save_result,
    set_analyses,
)
from tests.store._results import make_result


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


def test_stored_track_round_trips_as_gzipped_hingecoach_json(
    store: Store, synthetic_rdl: tuple[PoseTrack, SetResult]
) -> None:
    track, original = synthetic_rdl
    set_id, _ = _save(store, original, track)
    back = load_track(store, set_id=set_id)
    assert back is not None
    np.testing.assert_array_equal(back.t_s, track.t_s)
    np.testing.assert_array_equal(back.landmarks, track.landmarks)  # NaN == NaN here
    np.testing.assert_array_equal(back.provided, track.provided)
    assert back.world is not None and track.world is not None
    np.testing.assert_array_equal(back.world, track.world)
    assert (back.image_size, back.source) == (track.image_size, track.source)
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT encoding, n_frames, data FROM track WHERE set_id = :s"), {"s": set_id}
        ).one()
    doc = json.loads(gzip.decompress(row.data))
    assert (row.encoding, row.n_frames) == ("hingecoach.posetrack+gzip", track.n_frames)
    assert doc["format"] == "hingecoach.posetrack" and len(doc["frames"]) == track.n_frames


def test_set_saved_without_track_says_so(store: Store, strict_knee: Path) -> None:
    set_id, _ = _save(store, make_result(), None)  # old callers: no track argument at all
    assert load_track(store, set_id=set_id) is None
    assert athlete_history(store, athlete="Sam").sets[0].has_track is False
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
    with pytest.raises(InputError, match="no saved set with id 999"):
        load_track(store, set_id=999)


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


def test_damaged_track_is_an_input_error(
    store: Store, synthetic_rdl: tuple[PoseTrack, SetResult]
) -> None:
    track, original = synthetic_rdl
    set_id, _ = _save(store, original, track)
    with store.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE track SET data = :d WHERE set_id = :s"),
            {"d": gzip.compress(b'{"format": "hingecoach.posetrack"'), "s": set_id},
        )
    with pytest.raises(InputError, match=f"set {set_id}: the stored landmarks are damaged"):
        reanalyse_set(store, set_id=set_id)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE track SET data = :d"), {"d": b"not gzip"})
    with pytest.raises(InputError, match="damaged"):
        reanalyse_set(store, set_id=set_id)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE track SET encoding = 'posetrack+zstd'"))
    with pytest.raises(InputError, match=r"'posetrack\+zstd'.*upgrade hingecoach"):
        reanalyse_set(store, set_id=set_id)


def test_unwritable_track_saves_nothing(
    store: Store, synthetic_rdl: tuple[PoseTrack, SetResult]
) -> None:
    track, original = synthetic_rdl
    landmarks = track.landmarks.copy()
    landmarks[0, 0, 0] = np.inf
    bad = PoseTrack(t_s=track.t_s, landmarks=landmarks, image_size=track.image_size)
    with pytest.raises(InputError, match="cannot store the set's landmarks"):
        _save(store, original, bad)
    with store.engine.connect() as conn:
        assert conn.execute(sa.text('SELECT count(*) FROM "set"')).scalar_one() == 0


def test_deleting_a_set_deletes_its_track(
    store: Store, synthetic_rdl: tuple[PoseTrack, SetResult]
) -> None:
    track, original = synthetic_rdl
    set_id, _ = _save(store, original, track)
    with store.engine.begin() as conn:
        conn.execute(sa.text('DELETE FROM "set" WHERE id = :s'), {"s": set_id})
        assert conn.execute(sa.text("SELECT count(*) FROM track")).scalar_one() == 0
