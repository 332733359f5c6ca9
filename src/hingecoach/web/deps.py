"""Dependencies: settings, the store, the job runner, the current user and the CSRF check."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from hingecoach.store import Store
from hingecoach.store.web import users
from hingecoach.store.web.records import UserRecord
from hingecoach.web.jobs.runner import JobRunner
from hingecoach.web.security import (
    ANON_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    HashSlots,
    LoginThrottle,
    csrf_ok,
    token_sha256,
)
from hingecoach.web.settings import Settings


class NotAuthenticated(Exception):
    """No valid login: pages redirect to the log-in form, the API answers 401."""


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings  # type: ignore[no-any-return]


def get_store(request: Request) -> Store:
    """The open store (one engine for the app; sessions are opened per data-access call)."""
    return request.app.state.store  # type: ignore[no-any-return]


def get_runner(request: Request) -> JobRunner:
    """The job runner owned by the app's lifespan."""
    return request.app.state.runner  # type: ignore[no-any-return]


def get_throttle(request: Request) -> LoginThrottle:
    """The app's failed-log-in counter."""
    return request.app.state.throttle  # type: ignore[no-any-return]


def get_hash_slots(request: Request) -> HashSlots:
    """The app's bound on concurrent password hashing."""
    return request.app.state.hash_slots  # type: ignore[no-any-return]


def client_address(request: Request) -> str:
    """The client's address (Uvicorn sets it from a trusted local proxy's forwarded header)."""
    return request.client.host if request.client else "unknown"


SettingsDep = Annotated[Settings, Depends(get_settings)]
HashSlotsDep = Annotated[HashSlots, Depends(get_hash_slots)]
ClientAddress = Annotated[str, Depends(client_address)]
ThrottleDep = Annotated[LoginThrottle, Depends(get_throttle)]
StoreDep = Annotated[Store, Depends(get_store)]
RunnerDep = Annotated[JobRunner, Depends(get_runner)]


def optional_user(request: Request, store: StoreDep) -> UserRecord | None:
    """The signed-in user, or None (also remembered on ``request.state`` for the templates)."""
    if hasattr(request.state, "user"):
        return request.state.user  # type: ignore[no-any-return]
    token = request.cookies.get(SESSION_COOKIE)
    user = users.user_for_login(store, token_sha256=token_sha256(token)) if token else None
    request.state.user = user
    request.state.login_token = token if user else None
    return user


OptionalUser = Annotated[UserRecord | None, Depends(optional_user)]


def current_user(user: OptionalUser) -> UserRecord:
    """The signed-in user; raises :class:`NotAuthenticated` without one."""
    if user is None:
        raise NotAuthenticated()
    return user


CurrentUser = Annotated[UserRecord, Depends(current_user)]


def csrf_key(request: Request) -> str | None:
    """What this browser's CSRF token is derived from: its login, else its anonymous cookie."""
    return getattr(request.state, "login_token", None) or request.cookies.get(ANON_COOKIE)


async def require_csrf(request: Request, settings: SettingsDep, _user: OptionalUser) -> None:
    """Refuse a form post without this browser's CSRF token (field or header)."""
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not csrf_ok(settings.secret, csrf_key(request), given):
        raise HTTPException(403, "missing or invalid CSRF token: reload the page and try again")


CsrfChecked = Depends(require_csrf)
