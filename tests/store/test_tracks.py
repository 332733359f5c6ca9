"""A saved set keeps its landmarks, so it can be judged again; a new verdict keeps the old one.

Every test runs on SQLite and PostgreSQL. The store only stores: judging the stored track again
is ``pipeline.reanalyse_set`` (``tests/test_pipeline.py``); here the new verdict is computed by
the test and handed to ``reanalyse``.
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
from hingecoach.pipeline import analyze
from hingecoach.store import (
    Store,
    athlete_history,
    load_result,
    load_stored_track,
    load_track,
    reanalyse,
    save_result,
    set_analyses,
)
from tests.store._results import make_result


def _save(store: Store, result: SetResult, track: PoseTrack | None) -> tuple[int, int]:
    saved = save_result(
        store, athlete="Sam", result=result, load="60kg", set_number=None, note=None, track=track
    )
    return saved.set_id, saved.analysis_id


def test_new_verdict_becomes_current_and_keeps_the_original(
    store: Store, synthetic_rdl: tuple[PoseTrack, SetResult], strict_knee: Path
) -> None:
    track, original = synthetic_rdl
    set_id, first_id = _save(store, original, track)
    stored = load_stored_track(store, set_id=set_id)
    assert stored.exercise == "rdl" and stored.track is not None
    strict = analyze(stored.track, exercise=stored.exercise, profile_override=strict_knee)

    ref = reanalyse(store, set_id=set_id, result=strict)

    assert load_result(store, set_id=set_id) == strict
    assert ref.is_current and ref.score == strict.score and ref.limits == strict.limits
    # the original verdict is still there, unchanged, and no longer current
    assert load_result(store, set_id=set_id, analysis_id=first_id) == original
    assert [(r.analysis_id, r.is_current) for r in set_analyses(store, set_id=set_id)] == [
        (first_id, False),
        (ref.analysis_id, True),
    ]
    # the set's row and history follow the new verdict
    s = athlete_history(store, athlete="Sam").sets[0]
    assert (s.set_id, s.score, s.analyses, s.has_track) == (set_id, strict.score, 2, True)
    assert s.faults == ["knee_bend"]


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


def test_set_saved_without_track_says_so(store: Store) -> None:
    set_id, _ = _save(store, make_result(exercise="good_morning"), None)  # no track argument
    assert load_track(store, set_id=set_id) is None
    stored = load_stored_track(store, set_id=set_id)
    assert (stored.set_id, stored.exercise, stored.track) == (set_id, "good_morning", None)
    assert athlete_history(store, athlete="Sam").sets[0].has_track is False


def test_unknown_set_id(store: Store) -> None:
    with pytest.raises(InputError, match=r"^no saved set with id 999 \(`hingecoach history"):
        load_stored_track(store, set_id=999)
    with pytest.raises(InputError, match="no saved set with id 999"):
        load_track(store, set_id=999)
    with pytest.raises(InputError, match="no saved set with id 999"):
        reanalyse(store, set_id=999, result=make_result())


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
        load_stored_track(store, set_id=set_id)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE track SET data = :d"), {"d": b"not gzip"})
    with pytest.raises(InputError, match="damaged"):
        load_stored_track(store, set_id=set_id)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE track SET encoding = 'posetrack+zstd'"))
    with pytest.raises(InputError, match=r"'posetrack\+zstd'.*upgrade hingecoach"):
        load_track(store, set_id=set_id)


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
