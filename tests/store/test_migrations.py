"""A database made by an older hingecoach is upgraded in place on open, its data intact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from hingecoach.models import PoseTrack, SetResult
from hingecoach.pipeline import analyze
from hingecoach.store import (
    athlete_history,
    load_result,
    load_stored_track,
    load_track,
    open_store,
    reanalyse,
    save_result,
    set_analyses,
)
from hingecoach.store.db import current_revision, head_revision, make_engine, migrate
from hingecoach.store.schema import Analysis, Base
from tests.store._results import make_result

T0 = dt.datetime(2026, 1, 10, 17, 0)


def _fill_at_0001(conn: sa.Connection) -> dict[str, object]:
    """Rows as hingecoach at revision 0001 wrote them (no is_current, no finding table)."""
    old = make_result(faults={2: ["knee_bend"], 3: ["knee_bend"]}, broke_at_rep=2)
    new = make_result(faults={3: ["head_neutral"]})
    meta = sa.MetaData()
    meta.reflect(conn)
    t = meta.tables
    athlete_id = conn.execute(
        t["athlete"].insert().returning(t["athlete"].c.id), {"name": "Sam", "created_at": T0}
    ).scalar_one()
    session_id = conn.execute(
        t["session"].insert().returning(t["session"].c.id),
        {"athlete_id": athlete_id, "date": T0.date()},
    ).scalar_one()
    set_id = conn.execute(
        t["set"].insert().returning(t["set"].c.id),
        {
            "session_id": session_id,
            "set_number": 1,
            "exercise": "rdl",
            "load_kg": 100.0,
            "load_text": "100kg",
            "note": "old data",
            "source": "a.mp4",
            "performed_at": T0,
            "created_at": T0,
            "score": new.score,
            "rep_count": 5,
            "broke_at_rep": None,
        },
    ).scalar_one()
    for res in (old, new):  # re-analysed once: the newer row counted
        conn.execute(
            t["analysis"].insert(),
            {
                "set_id": set_id,
                "created_at": T0,
                "limits": res.limits,
                "result": res.model_dump(mode="json"),
            },
        )
    return {"old": old, "new": new}


def test_upgrade_from_0001_keeps_data(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine, "0001")
    assert current_revision(engine) == "0001"
    with engine.begin() as conn:
        assert "finding" not in sa.inspect(conn).get_table_names()
        made = _fill_at_0001(conn)
    engine.dispose()

    with open_store(db_url) as store:  # upgrades to head
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(Analysis.id, Analysis.is_current, Analysis.result).order_by(Analysis.id)
            ).all()
            findings = conn.execute(
                sa.text(
                    'SELECT analysis_id, rep, counted, "check", severity FROM finding '
                    "WHERE severity = 'fault' ORDER BY analysis_id, rep"
                )
            ).all()
            note = conn.execute(sa.text('SELECT note FROM "set"')).scalar_one()
        assert [(r.id, r.is_current) for r in rows] == [(1, False), (2, True)]
        assert rows[0].result == made["old"].model_dump(mode="json")  # type: ignore[attr-defined]
        assert [(f.analysis_id, f.rep, bool(f.counted), f.check) for f in findings] == [
            (1, 2, True, "knee_bend"),
            (1, 3, True, "knee_bend"),
            (2, 3, True, "head_neutral"),
        ]
        assert note == "old data"
        history = athlete_history(store, athlete="Sam")
        assert [f.check for f in history.faults] == ["head_neutral"]  # current analysis only
        assert history.sets[0].analyses == 2
        # and the upgraded database takes new saves
        save_result(
            store, athlete="Sam", result=make_result(), load="90kg", set_number=None, note=None
        )
        assert len(athlete_history(store, athlete="Sam").sets) == 2


def test_models_match_the_migrations(db_url: str) -> None:
    from hingecoach.store.web.tables import WebBase

    # One migration history serves both the history tables and the web app's tables.
    meta = sa.MetaData()
    for table in (*Base.metadata.tables.values(), *WebBase.metadata.tables.values()):
        table.to_metadata(meta)
    with open_store(db_url) as store, store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), meta)
    assert diff == []


def test_downgrade_then_upgrade_again(db_url: str) -> None:
    from alembic import command

    from hingecoach.store.db import _alembic_config

    with open_store(db_url) as store:
        save_result(
            store,
            athlete="Sam",
            result=make_result(faults={1: ["knee_bend"]}),
            load="80kg",
            set_number=None,
            note=None,
        )
        with store.engine.begin() as conn:
            command.downgrade(_alembic_config(conn), "0001")
    with open_store(db_url) as store:
        assert [f.check for f in athlete_history(store, athlete="Sam").faults] == ["knee_bend"]


def test_upgrade_from_0002_keeps_data_and_marks_sets_without_landmarks(
    db_url: str, synthetic_rdl: tuple[PoseTrack, SetResult], strict_knee: Path
) -> None:
    engine = make_engine(db_url)
    migrate(engine, "0001")
    with engine.begin() as conn:
        made = _fill_at_0001(conn)
    migrate(engine, "0002")  # a real 0002 database, with data: is_current and findings filled
    assert current_revision(engine) == "0002"
    with engine.connect() as conn:
        assert "track" not in sa.inspect(conn).get_table_names()
    engine.dispose()

    with open_store(db_url) as store:  # upgrades 0002 → head
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM track")).scalar_one() == 0
        [old_set] = athlete_history(store, athlete="Sam").sets
        assert (old_set.note, old_set.analyses, old_set.has_track) == ("old data", 2, False)
        assert old_set.faults == ["head_neutral"]
        assert load_result(store, set_id=old_set.set_id) == made["new"]
        assert load_track(store, set_id=old_set.set_id) is None
        assert load_stored_track(store, set_id=old_set.set_id).track is None
        assert len(set_analyses(store, set_id=old_set.set_id)) == 2
        # the upgraded database keeps new sets' landmarks, and they can be re-analysed
        track, result = synthetic_rdl
        saved = save_result(
            store,
            athlete="Sam",
            result=result,
            load="90kg",
            set_number=None,
            note=None,
            track=track,
        )
        stored = load_stored_track(store, set_id=saved.set_id).track
        assert stored is not None
        strict = analyze(stored, exercise="rdl", profile_override=strict_knee)
        ref = reanalyse(store, set_id=saved.set_id, result=strict)
        assert ref.is_current and ref.limits["knee_bend"]["max_deg"] == 5.0
        sets = athlete_history(store, athlete="Sam").sets
        assert [(s.set_id, s.has_track, s.analyses) for s in sets] == [
            (old_set.set_id, False, 2),
            (saved.set_id, True, 2),
        ]


def test_downgrade_to_0002_drops_only_the_landmarks(
    db_url: str, synthetic_rdl: tuple[PoseTrack, SetResult]
) -> None:
    from alembic import command

    from hingecoach.store.db import _alembic_config

    track, result = synthetic_rdl
    with open_store(db_url) as store:
        saved = save_result(
            store,
            athlete="Sam",
            result=result,
            load="80kg",
            set_number=None,
            note=None,
            track=track,
        )
        with store.engine.begin() as conn:
            command.downgrade(_alembic_config(conn), "0002")
        assert current_revision(store.engine) == "0002"
        with store.engine.connect() as conn:
            assert "track" not in sa.inspect(conn).get_table_names()
    with open_store(db_url) as store:
        assert load_result(store, set_id=saved.set_id) == result
        assert load_track(store, set_id=saved.set_id) is None
