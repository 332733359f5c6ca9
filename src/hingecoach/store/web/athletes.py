"""Athlete profiles: a coach's athletes and an athlete's own profile."""

from __future__ import annotations

import sqlalchemy as sa

from hingecoach.store.db import Store
from hingecoach.store.web.access import visible_athlete_ids
from hingecoach.store.web.records import AthleteRecord
from hingecoach.store.web.tables import CoachAthlete, WebAthlete
from hingecoach.store.web.users import store_athlete_name


def _record(row: WebAthlete, user_id: int) -> AthleteRecord:
    return AthleteRecord(
        id=row.id, name=row.name, store_name=row.store_name, is_self=row.user_id == user_id
    )


def create_athlete(store: Store, *, coach_id: int, name: str) -> AthleteRecord:
    """A new athlete profile coached by ``coach_id``."""
    with store.write() as session:
        row = WebAthlete(name=name, store_name=f"~new {coach_id} {name}")
        session.add(row)
        session.flush()
        row.store_name = store_athlete_name(name, row.id)
        session.add(CoachAthlete(coach_id=coach_id, athlete_id=row.id))
        session.flush()
        return _record(row, coach_id)


def athletes_for_user(store: Store, *, user_id: int) -> list[AthleteRecord]:
    """Every athlete the user may see: their own profile first, then by name."""
    with store.read() as session:
        rows = session.scalars(
            sa.select(WebAthlete)
            .where(WebAthlete.id.in_(visible_athlete_ids(user_id)))
            .order_by(
                sa.case((WebAthlete.user_id == user_id, 0), else_=1),
                WebAthlete.name,
                WebAthlete.id,
            )
        ).all()
        return [_record(r, user_id) for r in rows]


def athlete_for_user(store: Store, *, user_id: int, athlete_id: int) -> AthleteRecord | None:
    """One athlete, or None when it does not exist or the user may not see it."""
    with store.read() as session:
        row = session.execute(
            sa.select(WebAthlete).where(
                WebAthlete.id == athlete_id, WebAthlete.id.in_(visible_athlete_ids(user_id))
            )
        ).scalar_one_or_none()
        return None if row is None else _record(row, user_id)
