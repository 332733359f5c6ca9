"""An athlete's history: sessions, sets, recurring faults and the form-limited load.

Every number comes from each set's *current* analysis, so re-analysing a set after a threshold
change changes its history, while the older verdicts stay in the database.

Definitions (the coach's questions, in numbers):

* A **clean** set was judged (it has a score), scored at least ``CLEAN_SCORE`` and form did not
  break (``broke_at_rep`` is null). 90 means the reps lost at most 10 points on average: an
  occasional minor fault (a short lowering, 10 points, on one rep of five costs 2), never a
  persistent one (a fault on every rep costs at least its weight, 10–35). Requiring zero faults
  instead would let a single noisy keypoint frame disqualify an otherwise good set.
* A judged set that is not clean is a set where **form broke**.
* The **form-limited load**, per exercise (an RDL load says nothing about a deadlift): the
  heaviest load lifted with a clean set, and the lightest load at which form broke. When the
  second is below the first, form is inconsistent rather than load-limited — the page says so.
* A fault is **recurring** when it shows up in counted reps of at least ``RECURRING_MIN_SETS``
  different sets. Partial (uncounted) reps and "cannot judge" findings never count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import sqlalchemy as sa

from hingecoach.errors import InputError
from hingecoach.store.db import Store
from hingecoach.store.records import (
    FaultCount,
    FormLimit,
    History,
    SessionSummary,
    SetSummary,
)
from hingecoach.store.schema import (
    Analysis,
    Athlete,
    FindingRow,
    LiftSet,
    SetTrack,
    TrainingSession,
)

#: Lowest set score (0–100) that still counts as a clean set; see the module docstring.
CLEAN_SCORE = 90
#: A fault seen in at least this many different sets is recurring.
RECURRING_MIN_SETS = 2


def is_clean(score: int | None, broke_at_rep: int | None) -> bool:
    """Whether a set counts as clean (judged, score ≥ CLEAN_SCORE, form never broke)."""
    return score is not None and score >= CLEAN_SCORE and broke_at_rep is None


def athlete_history(store: Store, *, athlete: str) -> History:
    """Everything stored about one athlete.

    Raises:
        InputError: no athlete of that name (the message lists the known ones).
    """
    name = " ".join(athlete.split())
    with store.read() as session:
        athlete_id = session.execute(
            sa.select(Athlete.id).where(Athlete.name == name)
        ).scalar_one_or_none()
        if athlete_id is None:
            known = ", ".join(session.scalars(sa.select(Athlete.name).order_by(Athlete.name)))
            raise InputError(
                f"no history for {name!r}" + (f"; known athletes: {known}" if known else "")
            )
        rows = session.execute(
            sa.select(LiftSet, TrainingSession.date)
            .join(TrainingSession, LiftSet.session_id == TrainingSession.id)
            .where(TrainingSession.athlete_id == athlete_id)
            .order_by(TrainingSession.date, LiftSet.performed_at, LiftSet.set_number, LiftSet.id)
        ).all()
        set_ids = [lift.id for lift, _ in rows]
        faults_by_set = _faults_by_set(session, set_ids)
        analyses = dict(
            session.execute(
                sa.select(Analysis.set_id, sa.func.count())
                .where(Analysis.set_id.in_(set_ids))
                .group_by(Analysis.set_id)
            ).all()
        )
        with_track = set(
            session.scalars(sa.select(SetTrack.set_id).where(SetTrack.set_id.in_(set_ids)))
        )
        summaries = [
            _summary(
                lift,
                day,
                faults_by_set.get(lift.id, Counter()),
                analyses.get(lift.id, 0),
                has_track=lift.id in with_track,
            )
            for lift, day in rows
        ]
    return History(
        athlete=name,
        sessions=_sessions(summaries),
        faults=_fault_counts(summaries, faults_by_set),
        form_limits=form_limits(summaries),
    )


def _faults_by_set(session: sa.orm.Session, set_ids: list[int]) -> dict[int, Counter[str]]:
    """Per set, how many counted reps showed each fault, in its current analysis."""
    query = (
        sa.select(Analysis.set_id, FindingRow.check, sa.func.count(sa.distinct(FindingRow.rep)))
        .join(FindingRow, FindingRow.analysis_id == Analysis.id)
        .where(
            Analysis.set_id.in_(set_ids),
            Analysis.is_current,
            FindingRow.counted,
            FindingRow.severity == "fault",
        )
        .group_by(Analysis.set_id, FindingRow.check)
    )
    out: dict[int, Counter[str]] = defaultdict(Counter)
    for set_id, check, reps in session.execute(query).all():
        out[set_id][check] = reps
    return out


def _summary(
    lift: LiftSet, day: dt.date, faults: Counter[str], analyses: int, *, has_track: bool
) -> SetSummary:
    return SetSummary(
        set_id=lift.id,
        session_date=day,
        set_number=lift.set_number,
        exercise=lift.exercise,
        load_kg=lift.load_kg,
        load_text=lift.load_text,
        note=lift.note,
        source=lift.source,
        performed_at=lift.performed_at,
        score=lift.score,
        rep_count=lift.rep_count,
        broke_at_rep=lift.broke_at_rep,
        faults=[c for c, _ in faults.most_common()],
        clean=is_clean(lift.score, lift.broke_at_rep),
        analyses=analyses,
        has_track=has_track,
    )


def _sessions(sets: list[SetSummary]) -> list[SessionSummary]:
    by_day: dict[dt.date, list[SetSummary]] = defaultdict(list)
    for s in sets:
        by_day[s.session_date].append(s)
    return [SessionSummary(date=day, sets=group) for day, group in by_day.items()]


def _fault_counts(
    sets: list[SetSummary], faults_by_set: dict[int, Counter[str]]
) -> list[FaultCount]:
    reps: Counter[str] = Counter()
    in_sets: Counter[str] = Counter()
    last = {}
    for s in sets:  # oldest first, so the last assignment is the latest date
        for check, n in faults_by_set.get(s.set_id, Counter()).items():
            reps[check] += n
            in_sets[check] += 1
            last[check] = s.session_date
    order = sorted(in_sets, key=lambda c: (-in_sets[c], -reps[c], c))
    return [
        FaultCount(
            check=c,
            reps=reps[c],
            sets=in_sets[c],
            last_seen=last[c],
            recurring=in_sets[c] >= RECURRING_MIN_SETS,
        )
        for c in order
    ]


def form_limits(sets: list[SetSummary]) -> list[FormLimit]:
    """Per exercise, the heaviest clean load and the lightest load where form broke.

    Sets without a load (bodyweight, not given) and sets that could not be judged (no score)
    say nothing about load and are left out. Ties go to the earliest set.
    """
    by_exercise: dict[str, list[SetSummary]] = defaultdict(list)
    for s in sets:
        if s.load_kg is not None and s.score is not None:
            by_exercise[s.exercise].append(s)
    limits = []
    for exercise in sorted(by_exercise):
        group = by_exercise[exercise]
        clean = [s for s in group if s.clean]
        broke = [s for s in group if not s.clean]
        best = max(clean, key=lambda s: s.load_kg or 0.0, default=None)
        worst = min(broke, key=lambda s: s.load_kg or 0.0, default=None)
        limits.append(
            FormLimit(
                exercise=exercise,
                clean_max_kg=best.load_kg if best else None,
                clean_max_set_id=best.set_id if best else None,
                breaks_from_kg=worst.load_kg if worst else None,
                breaks_from_set_id=worst.set_id if worst else None,
            )
        )
    return limits
