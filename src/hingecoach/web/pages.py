"""Rendering pages: Jinja2 templates (autoescaped) with the user, the CSRF token and cookies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from hingecoach.feedback.words import check_title
from hingecoach.report.html import exercise_name
from hingecoach.store.loads import format_kg
from hingecoach.templates import TEMPLATE_DIR
from hingecoach.web.deps import csrf_key, optional_user
from hingecoach.web.security import ANON_COOKIE, csrf_token, new_token
from hingecoach.web.settings import Settings

HERE = Path(__file__).resolve().parent
# The app's own pages, then the partials it shares with the report files (hingecoach.templates).
templates = Jinja2Templates(directory=[str(HERE / "templates"), str(TEMPLATE_DIR)])
templates.env.filters["exercise"] = lambda e: exercise_name(e) if e else "recognised from motion"
templates.env.filters["kg"] = format_kg
templates.env.filters["pct"] = lambda x: f"{round(100 * float(x or 0))}%"


def check_name(check_id: str) -> str:
    """What a check looks at, in words (``Hips back first``); the id if no check has it."""
    try:
        return check_title(check_id)
    except KeyError:  # a check retired since the set was saved
        return check_id.replace("_", " ")


templates.env.filters["check"] = check_name


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """A page, with ``user`` and ``csrf_token`` in its context; sets the anonymous cookie."""
    settings: Settings = request.app.state.settings
    if not hasattr(request.state, "user"):  # a page that did not ask who is signed in
        optional_user(request, request.app.state.store)
    key = csrf_key(request)
    fresh = None
    if key is None:
        fresh = key = new_token()
    ctx = {
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(settings.secret, key),
        **(context or {}),
    }
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    if fresh is not None:
        response.set_cookie(
            ANON_COOKIE,
            fresh,
            httponly=True,
            secure=settings.secure_cookies,
            samesite="strict",
            path="/",
        )
    return response


def wants_html(request: Request) -> bool:
    """Whether the client reads pages (a browser) rather than JSON."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith("/api/")
