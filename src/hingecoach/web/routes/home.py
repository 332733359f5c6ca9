"""The home page: athletes, recent uploads with live progress, and the upload form."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from hingecoach.checks.profiles import EXERCISES
from hingecoach.selftest.request import HEIGHT_RANGE_M, REPS_RANGE, TITLES, WALL_RANGE_CM
from hingecoach.store.web import athletes, jobs
from hingecoach.web.deps import CurrentUser, SettingsDep, StoreDep
from hingecoach.web.pages import render
from hingecoach.web.schemas import EARLIEST_FILMED, MAX_NOTE_CHARS
from hingecoach.web.settings import MAX_FILES_PER_UPLOAD

router = APIRouter(tags=["home"])


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request, user: CurrentUser, store: StoreDep, settings: SettingsDep
) -> HTMLResponse:
    """Dashboard of the signed-in user."""
    return render(
        request,
        "home.html",
        {
            "athletes": athletes.athletes_for_user(store, user_id=user.id),
            "jobs": jobs.jobs_for_user(store, user_id=user.id),
            "exercises": EXERCISES,
            "max_upload_bytes": settings.max_upload_bytes,
            "max_files": MAX_FILES_PER_UPLOAD,
            "max_note": MAX_NOTE_CHARS,
            "earliest_filmed": EARLIEST_FILMED.isoformat(),
            "latest_filmed": (dt.date.today() + dt.timedelta(days=1)).isoformat(),
            "selftest_titles": TITLES,
            "selftest_limits": {
                "height_m": HEIGHT_RANGE_M,
                "wall_cm": WALL_RANGE_CM,
                "reps": REPS_RANGE,
            },
        },
    )
