"""What the store's functions return: frozen pydantic models, safe to print and serialise.

They are plain data, detached from the database session, so the CLI, the progress page
(:mod:`hingecoach.report.progress`) and the web app can use them without touching SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SavedSet(_Frozen):
    """A set just saved, with where it landed."""

    set_id: int
    analysis_id: int
    athlete: str
    session_date: dt.date
    set_number: int
    exercise: str
    load_kg: float | None
    load_text: str | None
    score: int | None


class AnalysisRef(_Frozen):
    """One analysis of a set; ``is_current`` marks the one history and scores use."""

    analysis_id: int
    set_id: int
    created_at: dt.datetime
    is_current: bool
    score: int | None
    limits: dict[str, dict[str, float | bool]] = Field(default_factory=dict)


class SetSummary(_Frozen):
    """One set as history shows it, judged by its current analysis."""

    set_id: int
    session_date: dt.date
    set_number: int
    exercise: str
    load_kg: float | None
    load_text: str | None
    note: str | None
    source: str
    performed_at: dt.datetime
    score: int | None
    rep_count: int
    broke_at_rep: int | None
    faults: list[str] = Field(description="checks faulted in counted reps, most frequent first")
    clean: bool = Field(description="see history.CLEAN_SCORE")
    analyses: int = Field(description="how many times the set was analysed")
    has_track: bool = Field(
        default=False, description="its landmarks are stored, so it can be re-analysed"
    )


class SessionSummary(_Frozen):
    """One training day."""

    date: dt.date
    sets: list[SetSummary]


class FaultCount(_Frozen):
    """A fault across the athlete's history (current analyses, counted reps only)."""

    check: str
    reps: int = Field(description="counted reps that showed it")
    sets: int = Field(description="sets that showed it at least once")
    last_seen: dt.date
    recurring: bool = Field(description="seen in at least history.RECURRING_MIN_SETS sets")


class FormLimit(_Frozen):
    """Where load meets form, for one exercise (loads of different lifts do not compare)."""

    exercise: str
    clean_max_kg: float | None = Field(description="heaviest load lifted with a clean set")
    clean_max_set_id: int | None = None
    breaks_from_kg: float | None = Field(description="lightest load at which form broke")
    breaks_from_set_id: int | None = None


class History(_Frozen):
    """Everything stored about one athlete, oldest session first."""

    athlete: str
    sessions: list[SessionSummary]
    faults: list[FaultCount]
    form_limits: list[FormLimit]

    @property
    def sets(self) -> list[SetSummary]:
        """Every set, oldest first."""
        return [s for sess in self.sessions for s in sess.sets]
