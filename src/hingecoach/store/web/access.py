"""The one access rule: who may see an athlete (and so their uploads, jobs and sets)."""

from __future__ import annotations

import sqlalchemy as sa

from hingecoach.store.web.tables import CoachAthlete, WebAthlete


def visible_athlete_ids(user_id: int) -> sa.Select[tuple[int]]:
    """Ids of the athletes ``user_id`` may see: their own profile and the ones they coach."""
    own = sa.select(WebAthlete.id).where(WebAthlete.user_id == user_id)
    coached = sa.select(CoachAthlete.athlete_id).where(CoachAthlete.coach_id == user_id)
    return sa.union(own, coached).subquery().select()  # type: ignore[return-value]
