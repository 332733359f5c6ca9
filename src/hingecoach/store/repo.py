"""Saving results: one transaction per saved set, so a crash never leaves half a set behind.

Every function takes the store first and everything else by keyword, and returns plain records
(``records.py``), never ORM objects, so no caller ever holds a live database session.

Concurrency: athletes and sessions are created with ``INSERT ... ON CONFLICT DO NOTHING`` and
then read back, so two processes saving the first set of the day for the same athlete both
succeed (whichever inserts second simply finds the row). Automatic set numbers are taken under
a row lock on the session (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``
already serialises writers), so concurrent saves do not both become "set 3".
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hingecoach.errors import InputError
from hingecoach.models import PoseTrack, SetResult
from hingecoach.store.db import Store
from hingecoach.store.loads import parse_load
from hingecoach.store.records import AnalysisRef, SavedSet
from hingecoach.store.schema import (
    TRACK_ENCODING,
    Analysis,
    Athlete,
    Base,
    FindingRow,
    LiftSet,
    SetTrack,
    TrainingSession,
    utcnow,
)
from hingecoach.store.tracks import decode_track, encode_track


def _insert_ignore(
    session: Session, entity: type[Base], values: dict[str, Any], *, key: list[str]
) -> None:
    """INSERT that does nothing when a row with the same ``key`` exists (both back ends).

    The conflict target is explicit so that only that key is ignored; any other violation
    (a primary key, a foreign key) still fails loudly.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(entity).values(**values).on_conflict_do_nothing(index_elements=key))


def _athlete_id(session: Session, name: str) -> int:
    _insert_ignore(session, Athlete, {"name": name, "created_at": utcnow()}, key=["name"])
    return session.execute(sa.select(Athlete.id).where(Athlete.name == name)).scalar_one()


def _session_id(session: Session, athlete_id: int, day: dt.date) -> int:
    values = {"athlete_id": athlete_id, "date": day}
    _insert_ignore(session, TrainingSession, values, key=["athlete_id", "date"])
    query = sa.select(TrainingSession.id).where(
        TrainingSession.athlete_id == athlete_id, TrainingSession.date == day
    )
    return session.execute(query.with_for_update()).scalar_one()


def _next_set_number(session: Session, session_id: int) -> int:
    query = sa.select(sa.func.max(LiftSet.set_number)).where(LiftSet.session_id == session_id)
    return (session.execute(query).scalar_one() or 0) + 1


def _add_analysis(session: Session, set_id: int, result: SetResult) -> Analysis:
    """Insert an analysis (current) and its finding rows; the caller retires the old one first."""
    row = Analysis(
        set_id=set_id,
        created_at=utcnow(),
        limits=result.limits,
        # Through the JSON text, so NaN/inf become null as in --json output (JSONB refuses NaN).
        result=json.loads(result.model_dump_json()),
        is_current=True,
    )
    session.add(row)
    session.flush()
    findings = [
        FindingRow(
            analysis_id=row.id,
            rep=f.rep,
            counted=rep.counted,
            check=f.check,
            severity=f.severity,
            value=f.value,
            limit_value=f.limit,
            unit=f.unit,
        )
        for rep in result.reps
        for f in rep.findings
    ]
    session.add_all(findings)
    session.flush()
    return row


def _clean_name(athlete: str) -> str:
    name = " ".join(athlete.split())
    if not name:
        raise InputError("give the athlete's name, e.g. --athlete Sam")
    if len(name) > 200:
        raise InputError("athlete name too long (at most 200 characters)")
    return name


@dataclass(frozen=True)
class PreparedSet:
    """A set checked and encoded outside any transaction, ready for :func:`write_set`."""

    name: str
    result: SetResult
    load_kg: float | None
    load_text: str | None
    set_number: int | None
    note: str | None
    when: dt.datetime
    track: tuple[bytes, int] | None


def prepare_set(
    *,
    athlete: str,
    result: SetResult,
    load: str | None,
    set_number: int | None,
    note: str | None,
    performed_at: dt.datetime | None = None,
    track: PoseTrack | None = None,
) -> PreparedSet:
    """Check a set's fields and compress its track, before taking any write lock.

    Raises:
        InputError: bad athlete name, load or set number, or a track that cannot be written.
    """
    name = _clean_name(athlete)
    load_kg, load_text = parse_load(load)
    if set_number is not None and set_number < 1:
        raise InputError(f"set number must be 1 or more, got {set_number}")
    when = (performed_at or utcnow()).astimezone()
    stored = None if track is None else (encode_track(track), track.n_frames)
    return PreparedSet(name, result, load_kg, load_text, set_number, note, when, stored)


def write_set(session: Session, prepared: PreparedSet) -> SavedSet:
    """Insert a prepared set (athlete, day's session, set, track, analysis) in ``session``.

    The caller owns the transaction, so a set can be saved together with other rows (a web
    job's "done", see ``store.web.jobs.save_job_result``) or not at all.
    """
    p, result = prepared, prepared.result
    athlete_id = _athlete_id(session, p.name)
    session_id = _session_id(session, athlete_id, p.when.date())
    number = p.set_number or _next_set_number(session, session_id)
    lift = LiftSet(
        session_id=session_id,
        set_number=number,
        exercise=result.exercise,
        load_kg=p.load_kg,
        load_text=p.load_text,
        note=p.note or None,
        source=result.source,
        performed_at=p.when,
        created_at=utcnow(),
        score=result.score,
        rep_count=result.rep_count,
        broke_at_rep=result.broke_at_rep,
    )
    session.add(lift)
    session.flush()
    if p.track is not None:
        data, n_frames = p.track
        session.add(
            SetTrack(
                set_id=lift.id,
                encoding=TRACK_ENCODING,
                n_frames=n_frames,
                data=data,
                created_at=utcnow(),
            )
        )
    analysis = _add_analysis(session, lift.id, result)
    return SavedSet(
        set_id=lift.id,
        analysis_id=analysis.id,
        athlete=p.name,
        session_date=p.when.date(),
        set_number=number,
        exercise=result.exercise,
        load_kg=p.load_kg,
        load_text=p.load_text,
        score=result.score,
    )


def save_result(
    store: Store,
    *,
    athlete: str,
    result: SetResult,
    load: str | None,
    set_number: int | None,
    note: str | None,
    performed_at: dt.datetime | None = None,
    track: PoseTrack | None = None,
) -> SavedSet:
    """Save one analysed set, creating the athlete and the day's session as needed.

    Args:
        store: an open store.
        athlete: the lifter's name (whitespace collapsed; names are case-sensitive).
        result: the engine's verdict; stored whole as JSON and as finding rows.
        load: e.g. ``"100kg"``, ``"225lb"``, ``"bodyweight"`` or None.
        set_number: the set's number within the day; None means the next free one.
        note: free text.
        performed_at: when the set was lifted (default now); its local date picks the session.
        track: the landmarks ``result`` was computed from, stored (gzipped hingecoach JSON) in
            the same transaction so the set can be re-analysed later (``load_stored_track``,
            then :func:`reanalyse`); None saves the verdict only.

    Raises:
        InputError: bad athlete name, load or set number, or a track that cannot be written
            as JSON (nothing is written).
    """
    # Compressed before the transaction: no CPU work while holding the write lock.
    prepared = prepare_set(
        athlete=athlete,
        result=result,
        load=load,
        set_number=set_number,
        note=note,
        performed_at=performed_at,
        track=track,
    )
    with store.write() as session:
        return write_set(session, prepared)


def reanalyse(store: Store, *, set_id: int, result: SetResult) -> AnalysisRef:
    """Store a new verdict on a saved set (e.g. after changing a limit); the old one is kept.

    The new analysis becomes current and the set's score, rep count, breakdown rep and exercise
    follow it; earlier analyses stay, marked not current, so nothing is lost and the change can
    be compared or undone. Retiring the old analysis and adding the new one happen in one
    transaction, under the set's row lock.

    Args:
        store: an open store.
        set_id: the set judged again.
        result: the new verdict (``pipeline.reanalyse_set`` computes it from the stored track).

    Returns:
        The new, current analysis.

    Raises:
        InputError: no set with that id.
    """
    with store.write() as session:
        lift = session.get(LiftSet, set_id, with_for_update=True)
        if lift is None:
            raise InputError(f"no saved set with id {set_id}")
        session.execute(
            sa.update(Analysis)
            .where(Analysis.set_id == set_id, Analysis.is_current)
            .values(is_current=False)
        )
        row = _add_analysis(session, set_id, result)
        lift.exercise = result.exercise
        lift.score = result.score
        lift.rep_count = result.rep_count
        lift.broke_at_rep = result.broke_at_rep
        return _ref(row)


@dataclass(frozen=True)
class StoredTrack:
    """A saved set's landmarks and the exercise it is saved as.

    Attributes:
        set_id: the set.
        exercise: the exercise of the set's current analysis (e.g. ``"rdl"``, or ``"squat"``
            when it was not a hinge).
        track: the landmarks saved with the set; None when it was saved without them.
    """

    set_id: int
    exercise: str
    track: PoseTrack | None


def load_stored_track(store: Store, *, set_id: int) -> StoredTrack:
    """The landmarks stored with a set and its saved exercise: what re-analysis starts from.

    The engine is not run here: the caller judges the track (``pipeline.reanalyse_set``) and
    stores the new verdict with :func:`reanalyse`.

    Raises:
        InputError: no set with that id, or stored data this version cannot read.
    """
    exercise, track = _stored_track(store, set_id)
    return StoredTrack(set_id=set_id, exercise=exercise, track=track)


def load_track(store: Store, *, set_id: int) -> PoseTrack | None:
    """The landmarks stored with a set, or None when it was saved without them.

    Raises:
        InputError: no set with that id, or stored data this version cannot read.
    """
    return _stored_track(store, set_id)[1]


def _stored_track(store: Store, set_id: int) -> tuple[str, PoseTrack | None]:
    """The set's exercise and its stored track (None: saved without landmarks)."""
    with store.read() as session:
        row = session.execute(
            sa.select(LiftSet.exercise, SetTrack.encoding, SetTrack.data)
            .outerjoin(SetTrack, SetTrack.set_id == LiftSet.id)
            .where(LiftSet.id == set_id)
        ).one_or_none()
    if row is None:
        raise InputError(f"no saved set with id {set_id} (`hingecoach history NAME` lists them)")
    if row.data is None:
        return row.exercise, None
    return row.exercise, decode_track(row.data, encoding=row.encoding, set_id=set_id)


def _ref(row: Analysis) -> AnalysisRef:
    return AnalysisRef(
        analysis_id=row.id,
        set_id=row.set_id,
        created_at=row.created_at,
        is_current=row.is_current,
        score=row.result.get("score"),
        limits=row.limits,
    )


def set_analyses(store: Store, *, set_id: int) -> list[AnalysisRef]:
    """Every analysis of a set, oldest first."""
    with store.read() as session:
        rows = session.scalars(
            sa.select(Analysis).where(Analysis.set_id == set_id).order_by(Analysis.id)
        )
        return [_ref(r) for r in rows]


def load_result(store: Store, *, set_id: int, analysis_id: int | None = None) -> SetResult:
    """The stored SetResult of a set's current analysis (or of ``analysis_id``).

    Raises:
        InputError: no such set or analysis.
    """
    query = sa.select(Analysis.result).where(Analysis.set_id == set_id)
    query = query.where(Analysis.id == analysis_id if analysis_id else Analysis.is_current)
    with store.read() as session:
        data = session.execute(query).scalar_one_or_none()
    if data is None:
        raise InputError(f"no stored analysis for set {set_id}")
    return SetResult.model_validate(data)


def list_athletes(store: Store) -> list[str]:
    """Every athlete's name, alphabetically."""
    with store.read() as session:
        return list(session.scalars(sa.select(Athlete.name).order_by(Athlete.name)))
