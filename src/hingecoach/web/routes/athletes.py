"""Athletes: a coach adds them; everyone sees the ones they may (their own, or coached)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from hingecoach.errors import InputError
from hingecoach.pipeline import stored_plan
from hingecoach.report.progress import next_session, score_vs_load_svg, timeline_svg
from hingecoach.store import History, athlete_history
from hingecoach.store.history import CLEAN_SCORE
from hingecoach.store.web import athletes, jobs
from hingecoach.store.web.records import AthleteRecord
from hingecoach.web.deps import CsrfChecked, CurrentUser, StoreDep
from hingecoach.web.pages import render
from hingecoach.web.schemas import AthleteCreate, AthletePublic, DbId

router = APIRouter(tags=["athletes"])


def _visible(store: StoreDep, user_id: int, athlete_id: int) -> AthleteRecord:
    found = athletes.athlete_for_user(store, user_id=user_id, athlete_id=athlete_id)
    if found is None:
        raise HTTPException(404, "no such athlete")
    return found


def _history(store: StoreDep, athlete: AthleteRecord) -> History:
    try:
        return athlete_history(store, athlete=athlete.store_name)
    except InputError:  # nothing saved yet
        return History(athlete=athlete.store_name, sessions=[], faults=[], form_limits=[])


@router.post("/athletes", dependencies=[CsrfChecked])
def add_athlete(user: CurrentUser, store: StoreDep, name: Annotated[str, Form()] = "") -> Response:
    """A coach adds an athlete (athlete accounts have exactly one: their own)."""
    if user.role != "coach":
        raise HTTPException(403, "only a coach account can add athletes")
    try:
        form = AthleteCreate(name=name)
    except ValidationError as e:
        problem = "; ".join(err["msg"] for err in e.errors())
        raise HTTPException(
            422, f"give the athlete's name (at most 100 characters): {problem}"
        ) from None
    created = athletes.create_athlete(store, coach_id=user.id, name=form.name)
    return RedirectResponse(f"/athletes/{created.id}", status_code=303)


@router.get("/athletes/{athlete_id}", response_class=HTMLResponse)
def athlete_page(
    request: Request, athlete_id: DbId, user: CurrentUser, store: StoreDep
) -> HTMLResponse:
    """Next session, sessions over time, score against load, recurring faults, form limits."""
    athlete = _visible(store, user.id, athlete_id)
    history = _history(store, athlete)
    limits = {f.exercise: f for f in history.form_limits}
    exercises = sorted({s.exercise for s in history.sets})
    charts = [
        (ex, score_vs_load_svg([s for s in history.sets if s.exercise == ex], limits.get(ex)))
        for ex in exercises
    ]
    return render(
        request,
        "athlete.html",
        {
            "athlete": athlete,
            "history": history,
            "charts": charts,
            "timeline": timeline_svg(history.sets),
            "clean_score": CLEAN_SCORE,
            "next_session": next_session(stored_plan(store, history)),
            "jobs": [
                j
                for j in jobs.jobs_for_user(store, user_id=user.id, athlete_id=athlete.id)
                if j.status != "done"
            ],
        },
    )


@router.get("/api/athletes", response_model=list[AthletePublic])
def list_athletes(user: CurrentUser, store: StoreDep) -> list[AthletePublic]:
    """The athletes the signed-in user may see."""
    return [
        AthletePublic(id=a.id, name=a.name, is_self=a.is_self)
        for a in athletes.athletes_for_user(store, user_id=user.id)
    ]


@router.get("/api/athletes/{athlete_id}/history", response_model=History)
def athlete_history_json(athlete_id: DbId, user: CurrentUser, store: StoreDep) -> History:
    """The athlete's stored history (the same records as the CLI's ``history --json``)."""
    return _history(store, _visible(store, user.id, athlete_id))
